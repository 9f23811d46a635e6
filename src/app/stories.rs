//! Same-story groups in the reader: copies of one story (wire copies, republished versions,
//! found by `crate::clusters` in the background indexer's pass) carry `×N` in the list, and
//! `+` marks the whole story so a tag or read mark applies to every copy at once.

use super::App;

impl App {
    /// The story corpus article `index` belongs to, if it has copies.
    fn story(&self, index: usize) -> Option<usize> {
        self.indexes
            .story_of
            .get(index)
            .copied()
            .flatten()
            .map(|g| g as usize)
    }

    /// The same-story groups from the background indexer (see `crate::clusters`).
    pub fn set_stories(&mut self, stories: Vec<Vec<usize>>) {
        let mut story_of = vec![None; self.corpus.articles.len()];
        for (g, members) in stories.iter().enumerate() {
            for &i in members {
                if let Some(slot) = story_of.get_mut(i) {
                    *slot = Some(g as u32);
                }
            }
        }
        self.indexes.story_of = story_of;
        self.indexes.stories = stories;
        self.list.unfolded_stories.clear();
        self.refilter();
        self.relayout();
    }

    /// The list as filtered, one row per story: a story's first article in list order stands
    /// for it, and its other copies follow that row when the story is unfolded (`=`) or are
    /// left out. Runs inside `refilter`.
    pub(super) fn fold_stories(&mut self) {
        if self.indexes.stories.is_empty() {
            return;
        }
        // Runs on every search keystroke over every hit: in place, one pass, and one flag per
        // story rather than a map of member lists (only unfolded stories need theirs).
        let story_of = &self.indexes.story_of;
        let story = |i: usize| story_of.get(i).copied().flatten().map(|g| g as usize);
        let unfolded = &self.list.unfolded_stories;
        let mut members: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        if !unfolded.is_empty() {
            for &i in &self.list.visible {
                if let Some(g) = story(i).filter(|g| unfolded.contains(g)) {
                    members.entry(g).or_default().push(i);
                }
            }
        }
        let mut listed = vec![false; self.indexes.stories.len()];
        if members.is_empty() {
            self.list.visible.retain(|&i| match story(i) {
                None => true,
                Some(g) => !std::mem::replace(&mut listed[g], true),
            });
            return;
        }
        let mut folded = Vec::with_capacity(self.list.visible.len());
        for &i in &self.list.visible {
            match story(i) {
                None => folded.push(i),
                Some(g) if std::mem::replace(&mut listed[g], true) => {} // listed already
                Some(g) => match members.get(&g) {
                    Some(copies) => folded.extend_from_slice(copies),
                    None => folded.push(i),
                },
            }
        }
        self.list.visible = folded;
    }

    /// True when the list row at `position` is a copy listed under its story's first row.
    pub fn is_listed_copy(&self, position: usize) -> bool {
        let visible = &self.list.visible;
        let (Some(index), Some(previous)) = (
            visible.get(position),
            position.checked_sub(1).and_then(|p| visible.get(p)),
        ) else {
            return false;
        };
        let story = self.story(*index);
        story.is_some() && story == self.story(*previous)
    }

    /// `=`: unfolds the highlighted article's story (its copies listed under it) or folds it.
    pub(super) fn toggle_story(&mut self) {
        let Some(index) = self.list.visible.get(self.list.selected).copied() else {
            return;
        };
        let Some(story) = self.story(index) else {
            self.screen.message = Some("this article has no copy in the corpus".into());
            return;
        };
        if !self.list.unfolded_stories.remove(&story) {
            self.list.unfolded_stories.insert(story);
        }
        // Folding from a copy keeps the story's row highlighted.
        let first = self
            .list
            .visible
            .iter()
            .copied()
            .find(|&i| self.story(i) == Some(story));
        let keep = first
            .and_then(|i| self.corpus.articles.get(i))
            .map(|a| a.id.to_string());
        self.refilter_keeping(keep.as_deref());
        self.relayout();
    }

    /// How many articles tell the story article `index` tells (1 when it stands alone).
    pub fn story_size(&self, index: usize) -> usize {
        self.story(index)
            .and_then(|g| self.indexes.stories.get(g))
            .map_or(1, Vec::len)
    }

    /// `+`: marks every article of the highlighted article's story, so `t`, `1`–`9` and `r`
    /// apply to all its copies at once.
    pub(super) fn mark_story(&mut self) {
        let Some(index) = self.list.visible.get(self.list.selected).copied() else {
            return;
        };
        let Some(members) = self.story(index).and_then(|g| self.indexes.stories.get(g)) else {
            self.screen.message = Some("this article has no copy in the corpus".into());
            return;
        };
        let ids: Vec<String> = members
            .iter()
            .filter_map(|&i| self.corpus.articles.get(i))
            .map(|a| a.id.to_string())
            .collect();
        let n = ids.len();
        self.list.marked.extend(ids);
        self.screen.message = Some(format!(
            "the {n} articles of this story marked: t, 1–9 and r now apply to all"
        ));
    }
}
