//! Undo and redo. Each change is recorded as the records (and coded passages) it touched and
//! the tag registry, before and after; undo takes back, field by field, only what the change
//! itself did, so an edit another process or coder made in between is never undone.

use super::{App, Effect};
use crate::store::{ArticleRecord, Passage, StoreData, TagRecord};

/// One undoable change: the records it touched and the tag registry, before and after.
#[derive(Clone, Debug)]
pub struct Change {
    pub label: String,
    records: Vec<(String, Option<ArticleRecord>, Option<ArticleRecord>)>,
    /// The coded passages of the articles it touched, before and after.
    passages: Vec<(String, Vec<Passage>, Vec<Passage>)>,
    tags_before: std::collections::BTreeMap<String, TagRecord>,
    tags_after: std::collections::BTreeMap<String, TagRecord>,
}

/// Undo and redo stacks. Bounded so a day of tagging cannot grow memory without limit.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
}

const HISTORY_LIMIT: usize = 1000;

fn diff(label: String, before: &StoreData, after: &StoreData) -> Option<Change> {
    let ids: std::collections::BTreeSet<&String> = before
        .articles
        .keys()
        .chain(after.articles.keys())
        .collect();
    let records: Vec<_> = ids
        .into_iter()
        .filter(|id| before.articles.get(*id) != after.articles.get(*id))
        .map(|id| {
            (
                id.clone(),
                before.articles.get(id).cloned(),
                after.articles.get(id).cloned(),
            )
        })
        .collect();
    let passage_ids: std::collections::BTreeSet<&String> = before
        .passages
        .keys()
        .chain(after.passages.keys())
        .collect();
    let passages: Vec<_> = passage_ids
        .into_iter()
        .filter(|id| before.passages.get(*id) != after.passages.get(*id))
        .map(|id| {
            (
                id.clone(),
                before.passages_of(id).to_vec(),
                after.passages_of(id).to_vec(),
            )
        })
        .collect();
    if records.is_empty() && passages.is_empty() && before.tags == after.tags {
        return None;
    }
    Some(Change {
        label,
        records,
        passages,
        tags_before: before.tags.clone(),
        tags_after: after.tags.clone(),
    })
}

impl App {
    /// Runs `change` on the store and records it for undo. Returns the save effect if anything
    /// changed.
    /// `scope`: the only articles the change can touch, so that only their records are copied
    /// for undo (a tag toggle must not copy a store of 20,000 annotated articles); `None` for
    /// changes that may touch any article (renaming or deleting a tag).
    pub(super) fn record_change(
        &mut self,
        label: String,
        scope: Option<Vec<String>>,
        change: impl FnOnce(&mut StoreData, &App),
    ) -> Vec<Effect> {
        let entry = match scope {
            None => {
                let before = self.store.clone();
                let mut store = std::mem::take(&mut self.store);
                change(&mut store, self);
                self.store = store;
                diff(label.clone(), &before, &self.store)
            }
            Some(ids) => {
                let before: Vec<Option<ArticleRecord>> = ids
                    .iter()
                    .map(|id| self.store.record(id).cloned())
                    .collect();
                let passages_before: Vec<Vec<Passage>> = ids
                    .iter()
                    .map(|id| self.store.passages_of(id).to_vec())
                    .collect();
                let tags_before = self.store.tags.clone();
                let mut store = std::mem::take(&mut self.store);
                change(&mut store, self);
                self.store = store;
                let passages: Vec<_> = ids
                    .iter()
                    .zip(passages_before)
                    .filter_map(|(id, before)| {
                        let after = self.store.passages_of(id);
                        (after != before.as_slice()).then(|| (id.clone(), before, after.to_vec()))
                    })
                    .collect();
                let records: Vec<_> = ids
                    .into_iter()
                    .zip(before)
                    .filter_map(|(id, before)| {
                        let after = self.store.record(&id).cloned();
                        (after != before).then_some((id, before, after))
                    })
                    .collect();
                let tags_after = self.store.tags.clone();
                let touched = !records.is_empty() || !passages.is_empty();
                (touched || tags_before != tags_after).then(|| Change {
                    label: label.clone(),
                    records,
                    passages,
                    tags_before,
                    tags_after,
                })
            }
        };
        let Some(entry) = entry else {
            return Vec::new();
        };
        self.history.undo.push(entry);
        if self.history.undo.len() > HISTORY_LIMIT {
            self.history.undo.remove(0);
        }
        self.history.redo.clear();
        self.after_store_edit();
        self.screen.message = Some(label);
        vec![Effect::Save]
    }

    pub(super) fn undo_redo(&mut self, undo: bool) -> Vec<Effect> {
        let (from, to) = if undo {
            (&mut self.history.undo, &mut self.history.redo)
        } else {
            (&mut self.history.redo, &mut self.history.undo)
        };
        let Some(change) = from.pop() else {
            self.screen.message =
                Some(format!("nothing to {}", if undo { "undo" } else { "redo" }));
            return Vec::new();
        };
        // Field by field, and only what this change did: another process's edits since stay.
        let (done, target) = if undo {
            (&change.tags_after, &change.tags_before)
        } else {
            (&change.tags_before, &change.tags_after)
        };
        self.store.take_back_registry(done, target, true);
        for (id, before, after) in &change.records {
            let (done, target) = if undo {
                (after.as_ref(), before.as_ref())
            } else {
                (before.as_ref(), after.as_ref())
            };
            self.store.take_back(id, done, target);
        }
        for (id, before, after) in &change.passages {
            let (done, target) = if undo {
                (after, before)
            } else {
                (before, after)
            };
            self.store.take_back_passages(id, done, target, &self.coder);
        }
        self.store.take_back_registry(done, target, false);
        self.screen.message = Some(format!(
            "{}: {}",
            if undo { "undone" } else { "redone" },
            change.label
        ));
        to.push(change);
        self.after_store_edit();
        vec![Effect::Save]
    }
}
