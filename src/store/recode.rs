//! Reshaping the codebook: renaming a code, merging it into another, deleting it — what a
//! coding team does as its codebook matures (QualCoder and ATLAS.ti offer the same), with the
//! counts shown before (`code_usage`).
//!
//! All three act on every coder's passages, as a tag rename acts on every article: the codebook
//! is the team's instrument, not one coder's. They are operations of the log like any other,
//! so the fold gives every machine the same codebook. A delete is undone by `code-restore`,
//! which puts back exactly the passages (with their coders and times) and the entry it removed
//! — the inverse of the deleting coder's own operation, never anybody's later work.

use serde::{Deserialize, Serialize};

use super::data::{clean_tag, same_tag, StoreData};
use super::op::Change;
use super::passage::{CodeRecord, Passage};

/// A passage as a `code-restore` operation carries it: the article it belongs to and itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedPassage {
    pub id: String,
    #[serde(flatten)]
    pub passage: Passage,
}

/// How much a code is used: passages, the articles and coders they belong to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeUsage {
    pub passages: usize,
    pub articles: usize,
    pub coders: usize,
}

impl StoreData {
    /// The counts a rename, merge or delete states before it is done.
    pub fn code_usage(&self, code: &str) -> CodeUsage {
        let mut coders: Vec<&str> = Vec::new();
        let mut usage = CodeUsage::default();
        for list in self.passages.values() {
            let mut here = false;
            for p in list.iter().filter(|p| same_tag(&p.code, code)) {
                usage.passages += 1;
                here = true;
                if !coders.contains(&p.coder.as_str()) {
                    coders.push(&p.coder);
                }
            }
            usage.articles += usize::from(here);
        }
        usage.coders = coders.len();
        usage
    }

    /// Renames a code everywhere, or merges it into `to` when that code exists. Returns the
    /// passages it touched, or `None` when there is no such code or `to` is no name.
    pub fn rename_code(&mut self, from: &str, to: &str) -> Option<usize> {
        let from = self.existing_code(from)?.to_string();
        let to = clean_tag(to)?;
        let change = Change::CodeRename {
            from: from.clone(),
            to: to.clone(),
        };
        let touched = self.code_usage(&from).passages;
        self.record_change(change);
        Some(touched)
    }

    /// Deletes a code: its entry and every passage coded so, by every coder. Returns the
    /// passages removed, or `None` when there is no such code.
    pub fn delete_code(&mut self, code: &str) -> Option<usize> {
        let code = self.existing_code(code)?.to_string();
        let removed = self.code_usage(&code).passages;
        self.record_change(Change::CodeDelete { code });
        Some(removed)
    }

    /// Undo of a delete: the entry and the passages as they were (from a copy of the store
    /// taken before it).
    pub fn restore_code(&mut self, code: &str, before: &StoreData) {
        let Some(name) = before.existing_code(code) else {
            return;
        };
        let passages: Vec<PlacedPassage> = before
            .passages
            .iter()
            .flat_map(|(id, list)| {
                list.iter()
                    .filter(|p| same_tag(&p.code, name))
                    .map(|p| PlacedPassage {
                        id: id.clone(),
                        passage: p.clone(),
                    })
            })
            .collect();
        let record = before.codes.get(name).cloned().unwrap_or_default();
        self.record_change(Change::CodeRestore {
            code: name.to_string(),
            parent: record.parent,
            definition: record.definition,
            color: record.color,
            key: record.key,
            guid: record.guid,
            passages,
        });
    }

    pub(super) fn apply_code_rename(&mut self, from: &str, to: &str) {
        let (Some(from), Some(to)) = (self.existing_code(from).map(str::to_string), clean_tag(to))
        else {
            return;
        };
        let target = self.existing_code(&to).map_or(to, str::to_string);
        if target == from {
            return;
        }
        let old = self.codes.remove(&from).unwrap_or_default();
        let merged = match self.codes.get(&target) {
            // A merge: the target keeps its own fields, and takes the others from the old code.
            Some(existing) => CodeRecord {
                parent: existing.parent.clone().or(old.parent),
                definition: existing.definition.clone().or(old.definition),
                color: existing.color.clone().or(old.color),
                key: existing.key.clone().or(old.key),
                guid: existing.guid.clone().or(old.guid),
            },
            None => old,
        };
        let merged = CodeRecord {
            parent: merged
                .parent
                .filter(|p| !same_tag(p, &target) && !same_tag(p, &from)),
            ..merged
        };
        self.codes.insert(target.clone(), merged);
        for record in self.codes.values_mut() {
            if record.parent.as_deref().is_some_and(|p| same_tag(p, &from)) {
                record.parent = Some(target.clone());
            }
        }
        for list in self.passages.values_mut() {
            for p in list.iter_mut().filter(|p| same_tag(&p.code, &from)) {
                p.code = target.clone();
            }
            // A passage the coder had coded with both codes is one coding now.
            list.sort_by(|a, b| {
                (a.start, a.end, &a.code, &a.coder).cmp(&(b.start, b.end, &b.code, &b.coder))
            });
            list.dedup_by(|b, a| {
                (a.start, a.end, &a.code, &a.coder) == (b.start, b.end, &b.code, &b.coder)
            });
        }
    }

    pub(super) fn apply_code_delete(&mut self, code: &str) {
        let Some(code) = self.existing_code(code).map(str::to_string) else {
            return;
        };
        let old = self.codes.remove(&code).unwrap_or_default();
        for record in self.codes.values_mut() {
            if record.parent.as_deref().is_some_and(|p| same_tag(p, &code)) {
                record.parent.clone_from(&old.parent);
            }
        }
        self.passages.retain(|_, list| {
            list.retain(|p| !same_tag(&p.code, &code));
            !list.is_empty()
        });
    }

    pub(super) fn apply_code_restore(
        &mut self,
        code: &str,
        record: CodeRecord,
        passages: &[PlacedPassage],
    ) {
        let Some(name) = clean_tag(code) else { return };
        let name = self.existing_code(&name).map_or(name, str::to_string);
        self.codes.entry(name.clone()).or_insert(record);
        for placed in passages {
            self.apply_code(
                &placed.id,
                Passage {
                    code: name.clone(),
                    ..placed.passage.clone()
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::check_span;

    const TEXT: &str = "Die Stadt baut. „Wir bauen für alle“, sagte Åsa Berg.";

    fn coded(store: &mut StoreData, span: (usize, usize), code: &str, coder: &str) {
        let selector = check_span(TEXT, span.0, span.1).expect("a valid span");
        store.code_passage("a", span, code, &selector, "", coder);
    }

    fn codes_of(store: &StoreData) -> Vec<(usize, String, String)> {
        store
            .passages_of("a")
            .iter()
            .map(|p| (p.start, p.code.clone(), p.coder.clone()))
            .collect()
    }

    #[test]
    fn a_rename_reaches_every_coders_passages_and_the_children() {
        let mut store = StoreData::default();
        coded(&mut store, (0, 15), "Bau", "ana");
        coded(&mut store, (16, 36), "Bau", "ben");
        store.define_code(
            "Brücken",
            &CodeRecord {
                parent: Some("Bau".into()),
                ..CodeRecord::default()
            },
        );
        assert_eq!(
            store.code_usage("bau"),
            CodeUsage {
                passages: 2,
                articles: 1,
                coders: 2
            }
        );
        assert_eq!(store.rename_code("bau", "Infrastruktur"), Some(2));
        assert!(store.codes.contains_key("Infrastruktur") && !store.codes.contains_key("Bau"));
        assert_eq!(
            store.codes["Brücken"].parent.as_deref(),
            Some("Infrastruktur")
        );
        assert!(codes_of(&store)
            .iter()
            .all(|(_, c, _)| c == "Infrastruktur"));
        assert_eq!(store.rename_code("nichts", "x"), None);
    }

    #[test]
    fn a_merge_keeps_one_coding_per_span_and_the_targets_fields() {
        let mut store = StoreData::default();
        coded(&mut store, (0, 15), "Stadt", "ana");
        coded(&mut store, (0, 15), "Kommune", "ana");
        coded(&mut store, (16, 36), "Stadt", "ben");
        store.define_code(
            "Kommune",
            &CodeRecord {
                definition: Some("Die Gemeinde als Akteur".into()),
                ..CodeRecord::default()
            },
        );
        store.rename_code("Stadt", "kommune");
        assert_eq!(
            codes_of(&store),
            vec![
                (0, "Kommune".into(), "ana".into()),
                (16, "Kommune".into(), "ben".into())
            ]
        );
        assert_eq!(
            store.codes["Kommune"].definition.as_deref(),
            Some("Die Gemeinde als Akteur")
        );
        assert!(!store.codes.contains_key("Stadt"));
    }

    #[test]
    fn a_delete_removes_every_passage_and_restore_puts_back_exactly_those() {
        let mut store = StoreData::default();
        coded(&mut store, (0, 15), "Bau", "ana");
        coded(&mut store, (16, 36), "Bau", "ben");
        coded(&mut store, (16, 36), "Zitat", "ben");
        let before = store.clone();
        assert_eq!(store.delete_code("BAU"), Some(2));
        assert_eq!(codes_of(&store), vec![(16, "Zitat".into(), "ben".into())]);
        assert!(!store.codes.contains_key("Bau"));
        store.restore_code("Bau", &before);
        assert_eq!(store.passages, before.passages);
        assert_eq!(store.codes, before.codes);
    }

    #[test]
    fn the_operations_fold_the_same_from_the_log() {
        let mut store = StoreData::default();
        coded(&mut store, (0, 15), "Bau", "ana");
        store.rename_code("Bau", "Neubau");
        let renamed = store.clone();
        store.delete_code("Neubau");
        store.restore_code("Neubau", &renamed);
        let mut replayed = StoreData::default();
        for change in store.journal_since(0) {
            let op = crate::store::Op {
                change: change.clone(),
                coder: "ana".into(),
                at: "2026-12-03T10:00:00.000000000Z".into(),
            };
            let line = serde_json::to_string(&op).expect("serialised");
            let back = crate::store::parse::parse_op(&line).expect("read back");
            replayed.apply(&back.change, "ana", None);
        }
        assert_eq!(replayed.passages, store.passages);
        assert_eq!(replayed.codes, store.codes);
    }
}
