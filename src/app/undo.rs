//! Undo and redo. Each change is recorded as the records (coded passages, corrections) it touched and
//! the tag registry, before and after; undo takes back, field by field, only what the change
//! itself did, so an edit another process or coder made in between is never undone.

use super::{App, Effect};
use std::collections::BTreeMap;

use crate::store::{ArticleRecord, Correction, Passage, StoreData, TagRecord};

/// One undoable change: the records it touched and the tag registry, before and after.
#[derive(Clone, Debug)]
pub struct Change {
    pub label: String,
    records: Vec<(String, Option<ArticleRecord>, Option<ArticleRecord>)>,
    /// The coded passages of the articles it touched, before and after.
    passages: Vec<(String, Vec<Passage>, Vec<Passage>)>,
    /// The corrections of the analysis of the articles it touched, before and after.
    corrections: Vec<(String, Vec<Correction>, Vec<Correction>)>,
    tags_before: std::collections::BTreeMap<String, TagRecord>,
    tags_after: std::collections::BTreeMap<String, TagRecord>,
    /// A rename or delete in the codebook: it touches every coder's passages, so it is taken
    /// back by its own inverse operation, not passage by passage as this coder's.
    codebook: Option<CodebookChange>,
}

/// What a codebook edit did, enough to do the opposite.
#[derive(Clone, Debug)]
pub enum CodebookChange {
    Renamed {
        from: String,
        to: String,
    },
    /// The store as it was before: the restore takes the entry and the passages from it.
    Deleted {
        code: String,
        before: Box<StoreData>,
    },
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
    let passages = changed_lists(&before.passages, &after.passages);
    let corrections = changed_lists(&before.corrections, &after.corrections);
    if records.is_empty()
        && passages.is_empty()
        && corrections.is_empty()
        && before.tags == after.tags
    {
        return None;
    }
    Some(Change {
        codebook: None,
        label,
        records,
        passages,
        corrections,
        tags_before: before.tags.clone(),
        tags_after: after.tags.clone(),
    })
}

/// The per-article lists (passages, corrections) that differ between two stores.
fn changed_lists<T: Clone + PartialEq>(
    before: &BTreeMap<String, Vec<T>>,
    after: &BTreeMap<String, Vec<T>>,
) -> Vec<(String, Vec<T>, Vec<T>)> {
    let ids: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    ids.into_iter()
        .filter(|id| before.get(*id) != after.get(*id))
        .map(|id| {
            let list = |m: &BTreeMap<String, Vec<T>>| m.get(id).cloned().unwrap_or_default();
            (id.clone(), list(before), list(after))
        })
        .collect()
}

/// The lists of `ids` that `change` altered, with what they were before.
fn altered<T: Clone + PartialEq>(
    ids: &[String],
    before: Vec<Vec<T>>,
    now: impl Fn(&str) -> Vec<T>,
) -> Vec<(String, Vec<T>, Vec<T>)> {
    ids.iter()
        .zip(before)
        .filter_map(|(id, before)| {
            let after = now(id);
            (after != before).then(|| (id.clone(), before, after))
        })
        .collect()
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
                let corrections_before: Vec<Vec<Correction>> = ids
                    .iter()
                    .map(|id| self.store.corrections_of(id).to_vec())
                    .collect();
                let tags_before = self.store.tags.clone();
                let mut store = std::mem::take(&mut self.store);
                change(&mut store, self);
                self.store = store;
                let passages = altered(&ids, passages_before, |id| {
                    self.store.passages_of(id).to_vec()
                });
                let corrections = altered(&ids, corrections_before, |id| {
                    self.store.corrections_of(id).to_vec()
                });
                let records: Vec<_> = ids
                    .into_iter()
                    .zip(before)
                    .filter_map(|(id, before)| {
                        let after = self.store.record(&id).cloned();
                        (after != before).then_some((id, before, after))
                    })
                    .collect();
                let tags_after = self.store.tags.clone();
                let touched =
                    !records.is_empty() || !passages.is_empty() || !corrections.is_empty();
                (touched || tags_before != tags_after).then(|| Change {
                    codebook: None,
                    label: label.clone(),
                    records,
                    passages,
                    corrections,
                    tags_before,
                    tags_after,
                })
            }
        };
        let Some(entry) = entry else {
            return Vec::new();
        };
        self.push_history(entry)
    }

    /// Records a codebook edit already made on the store (see [`CodebookChange`]).
    pub(super) fn record_codebook_change(
        &mut self,
        label: String,
        change: CodebookChange,
    ) -> Vec<Effect> {
        self.push_history(Change {
            label,
            records: Vec::new(),
            passages: Vec::new(),
            corrections: Vec::new(),
            tags_before: Default::default(),
            tags_after: Default::default(),
            codebook: Some(change),
        })
    }

    fn push_history(&mut self, entry: Change) -> Vec<Effect> {
        let label = entry.label.clone();
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
        if let Some(codebook) = &change.codebook {
            match (codebook, undo) {
                (CodebookChange::Renamed { from, to }, true) => {
                    self.store.rename_code(to, from);
                }
                (CodebookChange::Renamed { from, to }, false) => {
                    self.store.rename_code(from, to);
                }
                (CodebookChange::Deleted { code, before }, true) => {
                    self.store.restore_code(code, before)
                }
                (CodebookChange::Deleted { code, .. }, false) => {
                    self.store.delete_code(code);
                }
            }
        }
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
        for (id, before, after) in &change.corrections {
            let (done, target) = if undo {
                (after, before)
            } else {
                (before, after)
            };
            self.store
                .take_back_corrections(id, done, target, &self.coder);
        }
        self.store.take_back_registry(done, target, false);
        self.screen.message = Some(format!(
            "{}: {}",
            if undo { "undone" } else { "redone" },
            change.label
        ));
        to.push(change);
        self.after_store_edit();
        self.refresh_codebook_view();
        vec![Effect::Save]
    }
}
