//! The [`Facts`] the filters read, from the store (tags, notes, read state) and the entity
//! index. Shared by the TUI and `presscut search` so both filter the same way.

use super::Facts;
use crate::entity_index::EntityIndex;
use crate::model::Article;
use crate::store::StoreData;

pub struct StoreFacts<'a> {
    pub articles: &'a [Article],
    pub store: &'a StoreData,
    /// `None` while the entity index is being built.
    pub entities: Option<&'a EntityIndex>,
    /// Every quote, built with the entity index (`None` until then).
    pub quotes: Option<&'a crate::quote_index::QuoteIndex>,
}

impl StoreFacts<'_> {
    fn id(&self, doc: usize) -> &str {
        self.articles.get(doc).map_or("", |a| a.id.as_str())
    }
}

impl Facts for StoreFacts<'_> {
    fn has_tag(&self, doc: usize, tag: &str) -> bool {
        self.store
            .tags_of(self.id(doc))
            .iter()
            .any(|t| crate::store::same_tag(t, tag))
    }

    fn tag_count(&self, doc: usize) -> usize {
        self.store.tags_of(self.id(doc)).len()
    }

    fn is_read(&self, doc: usize) -> bool {
        self.store.is_read(self.id(doc))
    }

    fn has_note(&self, doc: usize) -> bool {
        !self.store.note_of(self.id(doc)).trim().is_empty()
    }

    fn naming(&self, name: &str) -> Option<Vec<usize>> {
        self.entities.map(|index| index.articles_naming(name))
    }

    fn quoting(&self, name: &str) -> Option<Vec<usize>> {
        self.entities.map(|index| index.articles_quoting(name))
    }

    fn quotes_ready(&self) -> bool {
        self.quotes.is_some()
    }

    fn quotes_word(&self, doc: usize, word: &str) -> Option<bool> {
        let body = self.articles.get(doc).map_or("", |a| a.body.as_str());
        self.quotes.map(|index| index.quotes_word(doc, body, word))
    }

    fn has_code(&self, doc: usize, code: &str) -> bool {
        self.store
            .passages_of(self.id(doc))
            .iter()
            .any(|p| crate::store::same_tag(&p.code, code))
    }
}
