//! How an operation changes the state: the fold's one step, for every kind of operation. Apart
//! from `op.rs` (what an operation is and how it is written) because this grows with every
//! feature that adds an operation, and reads best as one match.

use super::data::{clean_tag, StoreData, TagRecord};
use super::op::{conflict_header, fingerprint, Applied, Change};

impl StoreData {
    /// Applies one operation of a log (no journal: replaying is not editing). `at` stamps the
    /// record of the article it is about, whether or not it changed anything (so a writer
    /// stamping its own operations and a fold of the logs agree); `None` while the operation is
    /// not written yet.
    pub fn apply(&mut self, change: &Change, coder: &str, at: Option<&str>) -> Applied {
        let applied = self.apply_unstamped(change, coder, at);
        if let (Some(at), Some(id)) = (at, change.stamped_article()) {
            if let Some(record) = self.articles.get_mut(id) {
                record.updated = Some(seconds(at));
            }
        }
        applied
    }

    pub(super) fn apply_unstamped(
        &mut self,
        change: &Change,
        coder: &str,
        at: Option<&str>,
    ) -> Applied {
        match change {
            Change::Tag { id, tag } => {
                if let Some(tag) = self.ensure_tag(tag) {
                    self.edit_raw(id, |r| {
                        if !r.has_tag(&tag) {
                            r.tags.push(tag);
                        }
                    });
                }
            }
            Change::Untag { id, tag } => self.edit_raw(id, |r| {
                r.tags.retain(|t| !super::same_tag(t, tag));
            }),
            Change::Read { id, read } => self.edit_raw(id, |r| {
                r.read = *read;
            }),
            Change::Note { id, note, was } => {
                let current = self.note_of(id);
                if current == note {
                    return Applied::Done;
                }
                if current.is_empty() || fingerprint(current) == *was {
                    self.edit_raw(id, |r| r.note.clone_from(note));
                    return Applied::Done;
                }
                // Somebody else changed the note since this writer read it. Nothing is thrown
                // away: an emptied note loses to the text, two texts are both kept.
                if !note.is_empty() {
                    let merged = format!(
                        "{current}\n\n{}\n{note}",
                        conflict_header(coder, at.unwrap_or(""))
                    );
                    self.edit_raw(id, |r| r.note = merged);
                }
                return Applied::NoteConflict { id: id.clone() };
            }
            Change::Hint {
                id,
                path,
                title,
                sketch,
                updated,
            } => {
                if let Some(record) = self.articles.get_mut(id) {
                    for (field, value) in [
                        (&mut record.path, path),
                        (&mut record.title, title),
                        (&mut record.sketch, sketch),
                        (&mut record.updated, updated),
                    ] {
                        if value.is_some() {
                            field.clone_from(value);
                        }
                    }
                }
            }
            Change::Move { from, to } => {
                move_entry(&mut self.articles, from, to);
                move_entry(&mut self.passages, from, to);
                move_entry(&mut self.corrections, from, to);
                move_entry(&mut self.finished, from, to);
                move_entry(&mut self.adjudications, from, to);
            }
            Change::Code {
                id,
                start,
                end,
                code,
                exact,
                prefix,
                suffix,
                memo,
                path,
            } => {
                let created = created_at(at);
                self.apply_code(
                    id,
                    super::passage::Passage {
                        code: code.clone(),
                        coder: coder.to_string(),
                        created,
                        end: *end,
                        exact: exact.clone(),
                        memo: memo.clone(),
                        prefix: prefix.clone(),
                        path: path.clone(),
                        start: *start,
                        suffix: suffix.clone(),
                    },
                );
            }
            Change::Uncode {
                id,
                start,
                end,
                code,
            } => self.apply_uncode(id, (*start, *end), code, coder),
            Change::Memo {
                id,
                start,
                end,
                code,
                memo,
            } => self.apply_memo(id, (*start, *end), code, memo, coder),
            Change::Finish { id, done } => {
                let coders = self.finished.entry(id.clone()).or_default();
                if *done {
                    coders.insert(coder.to_string());
                } else {
                    coders.remove(coder);
                }
                if coders.is_empty() {
                    self.finished.remove(id);
                }
            }
            Change::Adjudicate {
                id,
                item,
                settled,
                from,
            } => {
                let decisions = self.adjudications.entry(id.clone()).or_default();
                match settled {
                    Some(value) => {
                        decisions.insert(
                            item.clone(),
                            super::coders::Adjudication {
                                adjudicator: coder.to_string(),
                                from: from.clone(),
                                value: *value,
                            },
                        );
                    }
                    None => {
                        decisions.remove(item);
                    }
                }
                if decisions.is_empty() {
                    self.adjudications.remove(id);
                }
            }
            Change::CodeRename { from, to } => self.apply_code_rename(from, to),
            Change::CodeDelete { code } => self.apply_code_delete(code),
            Change::CodeRestore {
                code,
                parent,
                definition,
                color,
                key,
                guid,
                passages,
            } => self.apply_code_restore(
                code,
                super::passage::CodeRecord {
                    parent: parent.clone(),
                    definition: definition.clone(),
                    color: color.clone(),
                    key: key.clone(),
                    guid: guid.clone(),
                },
                passages,
            ),
            Change::Correct {
                id,
                start,
                end,
                fix,
                value,
                exact,
                prefix,
                suffix,
                path,
            } => {
                let created = created_at(at);
                self.apply_correct(
                    id,
                    super::correction::Correction {
                        coder: coder.to_string(),
                        created,
                        end: *end,
                        exact: exact.clone(),
                        fix: *fix,
                        path: path.clone(),
                        prefix: prefix.clone(),
                        start: *start,
                        suffix: suffix.clone(),
                        value: value.clone(),
                    },
                );
            }
            Change::CodeDefine {
                code,
                parent,
                definition,
                color,
                key,
                guid,
            } => self.apply_define(
                code,
                &super::passage::CodeRecord {
                    parent: parent.clone(),
                    definition: definition.clone(),
                    color: color.clone(),
                    key: key.clone(),
                    guid: guid.clone(),
                },
            ),
            Change::TagCreate { tag, key, color } => {
                if self.existing_tag(tag).is_none() {
                    if let Some(name) = clean_tag(tag) {
                        let key_taken = key.as_deref().is_some_and(|k| {
                            self.tags.values().any(|t| t.key.as_deref() == Some(k))
                        });
                        self.tags.insert(
                            name,
                            TagRecord {
                                key: key.clone().filter(|_| !key_taken),
                                color: color.clone(),
                                ..TagRecord::default()
                            },
                        );
                    }
                }
            }
            Change::TagForget { tag } => {
                if let Some(name) = self.existing_tag(tag).map(str::to_string) {
                    if !self.articles.values().any(|r| r.has_tag(&name)) {
                        self.tags.remove(&name);
                    }
                }
            }
            Change::TagRename { from, to } => {
                self.rename_tag_raw(from, to);
            }
            Change::TagDelete { tag } => {
                self.delete_tag_raw(tag);
            }
            Change::SearchSave { name, query } => {
                self.searches.insert(name.clone(), query.clone());
            }
            Change::SearchDelete { name } => {
                self.searches.remove(name);
            }
            Change::Keep { id, tag, fields } => {
                let target = match (id, tag) {
                    (Some(id), _) => Some(&mut self.articles.entry(id.clone()).or_default().extra),
                    (None, Some(tag)) => self.tags.get_mut(tag).map(|t| &mut t.extra),
                    (None, None) => Some(&mut self.extra),
                };
                if let Some(extra) = target {
                    extra.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
        }
        Applied::Done
    }
}

/// What an article's old id holds moves to its new id, unless the new id has its own already
/// (then both stay, and `check` reports the old one).
fn move_entry<V>(map: &mut std::collections::BTreeMap<String, V>, from: &str, to: &str) {
    if !map.contains_key(to) {
        if let Some(value) = map.remove(from) {
            map.insert(to.to_string(), value);
        }
    }
}

/// When a coding or correction was made: its operation's time, or now while it is not written
/// yet.
fn created_at(at: Option<&str>) -> String {
    at.map_or_else(
        || humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        seconds,
    )
}

/// "2026-12-03T08:02:19.123456789Z" → "2026-12-03T08:02:19Z": records keep the store's
/// second-precision `updated`.
pub(super) fn seconds(at: &str) -> String {
    match (at.get(..19), at.ends_with('Z')) {
        (Some(head), true) => format!("{head}Z"),
        _ => at.to_string(),
    }
}
