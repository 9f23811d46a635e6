//! Which articles mention which entity, across the whole corpus: the data behind "show me every
//! article that names Maria Zakharova". Built off the input path (it analyses every article),
//! in chunks so progress can be shown.

use std::collections::HashMap;

use crate::analysis::{Analysis, Label};
use crate::model::Article;

/// An entity as the index knows it: its label and its name as written (whitespace folded).
/// Names compare case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKey {
    pub label: Label,
    pub name: String,
}

impl EntityKey {
    pub fn new(label: Label, text: &str) -> EntityKey {
        EntityKey {
            label,
            name: text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    fn folded(&self) -> (Label, String) {
        (self.label, self.name.to_lowercase())
    }
}

#[derive(Clone, Debug, Default)]
pub struct EntityIndex {
    /// (label, lower-cased name) → corpus indices of the articles mentioning it, ascending.
    mentions: HashMap<(Label, String), Vec<usize>>,
}

impl EntityIndex {
    /// Records the entities of article `index` (its analysis of `body`).
    pub fn add(&mut self, index: usize, body: &str, analysis: &Analysis) {
        for entity in &analysis.entities {
            let key = EntityKey::new(entity.label, &body[entity.range.clone()]).folded();
            let list = self.mentions.entry(key).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }

    /// Indexes `articles[range]`, for building in chunks.
    pub fn add_range(&mut self, articles: &[Article], range: std::ops::Range<usize>) {
        for index in range {
            if let Some(article) = articles.get(index) {
                self.add(
                    index,
                    &article.body,
                    &crate::analysis::analyze(&article.body),
                );
            }
        }
    }

    /// Articles naming an entity of any label whose name contains every word of `name`
    /// (case ignored, whole words: "zakharova" finds "Maria Zakharova"), ascending.
    pub fn articles_naming(&self, name: &str) -> Vec<usize> {
        let wanted: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<usize> = self
            .mentions
            .iter()
            .filter(|((_, entity), _)| {
                let words: Vec<&str> = entity.split_whitespace().collect();
                wanted.iter().all(|w| words.contains(&w.as_str()))
            })
            .flat_map(|(_, docs)| docs.iter().copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Corpus indices of the articles that mention `key`, ascending.
    pub fn articles_mentioning(&self, key: &EntityKey) -> &[usize] {
        self.mentions.get(&key.folded()).map_or(&[], Vec::as_slice)
    }
}

/// The entities of one article grouped by label, each with its mention count, most mentioned
/// first: the side panel's content.
pub fn summarize(body: &str, analysis: &Analysis) -> Vec<(EntityKey, usize)> {
    let mut counts: HashMap<(Label, String), (EntityKey, usize)> = HashMap::new();
    for entity in &analysis.entities {
        let key = EntityKey::new(entity.label, &body[entity.range.clone()]);
        counts.entry(key.folded()).or_insert((key, 0)).1 += 1;
    }
    let mut rows: Vec<(EntityKey, usize)> = counts.into_values().collect();
    rows.sort_by(|(a, n), (b, m)| {
        a.label
            .cmp(&b.label)
            .then(m.cmp(n))
            .then(a.name.cmp(&b.name))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_counted_per_article_and_names_fold_case_and_spaces() {
        let text = "Maria  Zakharova spoke in Moscow. Later MARIA ZAKHAROVA left Moscow for Kyiv.";
        let analysis = crate::analysis::analyze(text);
        let mut index = EntityIndex::default();
        index.add(3, text, &analysis);
        index.add(3, text, &analysis);
        let moscow = EntityKey::new(Label::Place, "moscow");
        assert_eq!(index.articles_mentioning(&moscow), &[3]);
        let rows = summarize(text, &analysis);
        assert!(
            rows.iter().any(|(k, n)| k.name == "Moscow" && *n == 2),
            "{rows:?}"
        );
    }
}
