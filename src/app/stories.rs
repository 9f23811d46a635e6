//! Same-story groups in the reader: copies of one story (wire copies, republished versions,
//! found by `crate::clusters` in the background indexer's pass) carry `×N` in the list, and
//! `+` marks the whole story so a tag or read mark applies to every copy at once.

use super::App;

impl App {
    /// The same-story groups from the background indexer (see `crate::clusters`).
    pub fn set_stories(&mut self, stories: Vec<Vec<usize>>) {
        self.indexes.story_of = stories
            .iter()
            .enumerate()
            .flat_map(|(g, members)| members.iter().map(move |&i| (i, g)))
            .collect();
        self.indexes.stories = stories;
    }

    /// How many articles tell the story article `index` tells (1 when it stands alone).
    pub fn story_size(&self, index: usize) -> usize {
        self.indexes
            .story_of
            .get(&index)
            .and_then(|&g| self.indexes.stories.get(g))
            .map_or(1, Vec::len)
    }

    /// `+`: marks every article of the highlighted article's story, so `t`, `1`–`9` and `r`
    /// apply to all its copies at once.
    pub(super) fn mark_story(&mut self) {
        let Some(index) = self.list.visible.get(self.list.selected).copied() else {
            return;
        };
        let Some(members) = self
            .indexes
            .story_of
            .get(&index)
            .and_then(|&g| self.indexes.stories.get(g))
        else {
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
