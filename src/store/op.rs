//! One edit of the store as a line of the operation log, and how an operation changes the state.
//!
//! Why operations and not snapshots: an edit appended as one line never rewrites what another
//! process or coder wrote, undo becomes "append the opposite of my own edit", and the logs are
//! the audit trail coding research asks for. The state is the fold of every coder's log in one
//! deterministic order (`at`, then coder), so every process and every machine that holds the
//! same lines computes the same store.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::data::{clean_tag, ArticleRecord, StoreData, TagRecord};

/// What one operation does. Serialised with `"op"` naming the variant, e.g.
/// `{"op":"tag","id":"…","tag":"Crimea","coder":"ana","at":"…"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Change {
    Tag {
        id: String,
        tag: String,
    },
    Untag {
        id: String,
        tag: String,
    },
    Read {
        id: String,
        read: bool,
    },
    /// `was` fingerprints the note this edit replaced (see [`fingerprint`]): when the note in
    /// the fold is no longer that one, two writers edited it at once and both texts are kept.
    Note {
        id: String,
        note: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        was: String,
    },
    /// Where the article is and what it looks like: for re-attaching after its text changes.
    Hint {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sketch: Option<String>,
        /// Only from a migrated store: when the record last changed before the log.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        updated: Option<String>,
    },
    /// A record moves to the article's new id (its text was edited).
    Move {
        from: String,
        to: String,
    },
    TagCreate {
        tag: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        color: Option<String>,
    },
    /// Takes a tag out of the registry if no article carries it (undo of a creation).
    TagForget {
        tag: String,
    },
    TagRename {
        from: String,
        to: String,
    },
    TagDelete {
        tag: String,
    },
    SearchSave {
        name: String,
        query: String,
    },
    SearchDelete {
        name: String,
    },
    /// A passage coded: offsets in code points of the article's text, and the words it covered
    /// with some context (the W3C TextQuoteSelector) to find it again if the text changes.
    Code {
        id: String,
        start: usize,
        end: usize,
        code: String,
        exact: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        suffix: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        memo: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
    },
    /// The coder's code taken off a passage.
    Uncode {
        id: String,
        start: usize,
        end: usize,
        code: String,
    },
    /// The memo of the coder's coded passage.
    Memo {
        id: String,
        start: usize,
        end: usize,
        code: String,
        memo: String,
    },
    /// A code created, or the fields given changed (the others keep their value).
    CodeDefine {
        code: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        definition: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        color: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        guid: Option<String>,
    },
    /// The coder finished (or reopened) an article: in blind coding, the others' codings of it
    /// are shown to them from then on.
    Finish {
        id: String,
        done: bool,
    },
    /// A disagreement between coders settled: on article `id`, `item` (`tag:X` or `code:Y`)
    /// applies (`settled: true`) or not, as coder `from` had it; without `settled`, the
    /// decision is taken back.
    Adjudicate {
        id: String,
        item: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settled: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// A code renamed everywhere (merged into `to` when that code exists).
    CodeRename {
        from: String,
        to: String,
    },
    /// A code and every passage coded so, by every coder, removed.
    CodeDelete {
        code: String,
    },
    /// Undo of a delete: the entry and exactly the passages it removed.
    CodeRestore {
        code: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        definition: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        color: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        guid: Option<String>,
        passages: Vec<super::recode::PlacedPassage>,
    },
    /// The machine's analysis corrected on a span (see `store::correction`): `value` is the
    /// label of `label`, the name of `speaker`.
    Correct {
        id: String,
        start: usize,
        end: usize,
        fix: super::correction::Fix,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        exact: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        suffix: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
    },
    /// Fields written by a newer presscut into a store this one migrated: kept, not understood.
    /// `id` names an article, `tag` a registry entry, neither the store itself.
    Keep {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
        fields: Map<String, Value>,
    },
}

impl Change {
    /// The article an operation is about, if it is about one.
    pub fn article(&self) -> Option<&str> {
        match self {
            Change::Tag { id, .. }
            | Change::Untag { id, .. }
            | Change::Read { id, .. }
            | Change::Note { id, .. }
            | Change::Hint { id, .. }
            | Change::Code { id, .. }
            | Change::Uncode { id, .. }
            | Change::Memo { id, .. }
            | Change::Correct { id, .. }
            | Change::Finish { id, .. }
            | Change::Adjudicate { id, .. } => Some(id),
            Change::Move { to, .. } => Some(to),
            Change::Keep { id, .. } => id.as_deref(),
            _ => None,
        }
    }

    /// The article whose record's `updated` an operation sets.
    pub fn stamped_article(&self) -> Option<&str> {
        match self {
            Change::Tag { id, .. }
            | Change::Untag { id, .. }
            | Change::Read { id, .. }
            | Change::Note { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// A change as written in a log: who made it and when (RFC 3339, UTC, nanoseconds, so that
/// comparing the strings compares the times).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Op {
    #[serde(flatten)]
    pub change: Change,
    pub coder: String,
    pub at: String,
}

/// What applying one operation did that the user should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// Two writers edited the same note at once; both texts are now in the note.
    NoteConflict {
        id: String,
    },
}

/// When a coding or correction was made: its operation's time, or now while it is not written
/// yet.
fn created_at(at: Option<&str>) -> String {
    at.map_or_else(
        || humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        seconds,
    )
}

/// A short, stable fingerprint of a note's text ("" for no note).
pub fn fingerprint(note: &str) -> String {
    if note.is_empty() {
        return String::new();
    }
    blake3::hash(note.as_bytes()).to_hex()[..16].to_string()
}

/// The line that opens the second version of a note two writers saved at once. The reader
/// shows the note as it is, so the user sees both texts and keeps what they want.
pub fn conflict_header(coder: &str, at: &str) -> String {
    let when = at.get(..16).unwrap_or(at).replace('T', " ");
    format!(
        "── note conflict: {coder} saved this version at {when} UTC while the one above was saved elsewhere; keep what you want and delete the rest ──"
    )
}

/// Whether a note still holds a conflict nobody resolved.
pub fn has_conflict(note: &str) -> bool {
    note.lines().any(|l| l.starts_with("── note conflict: "))
}

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
                if !self.articles.contains_key(to) {
                    if let Some(record) = self.articles.remove(from) {
                        self.articles.insert(to.clone(), record);
                    }
                }
                if !self.passages.contains_key(to) {
                    if let Some(passages) = self.passages.remove(from) {
                        self.passages.insert(to.clone(), passages);
                    }
                }
                if !self.corrections.contains_key(to) {
                    if let Some(corrections) = self.corrections.remove(from) {
                        self.corrections.insert(to.clone(), corrections);
                    }
                }
                if !self.finished.contains_key(to) {
                    if let Some(coders) = self.finished.remove(from) {
                        self.finished.insert(to.clone(), coders);
                    }
                }
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

    /// The changes that turn `from` into `to`: how a store from before the log (or written by
    /// an older presscut) enters it without losing anything.
    pub fn changes_between(from: &StoreData, to: &StoreData) -> Vec<Change> {
        let mut changes = Vec::new();
        for (name, record) in &to.tags {
            if from.existing_tag(name).is_none() {
                changes.push(Change::TagCreate {
                    tag: name.clone(),
                    key: record.key.clone(),
                    color: record.color.clone(),
                });
            }
            if !record.extra.is_empty() {
                changes.push(Change::Keep {
                    id: None,
                    tag: Some(name.clone()),
                    fields: record.extra.clone(),
                });
            }
        }
        let empty = ArticleRecord::default();
        let ids = from.articles.keys().chain(to.articles.keys());
        let mut seen = std::collections::BTreeSet::new();
        for id in ids.filter(|id| seen.insert(id.as_str())) {
            let before = from.articles.get(id).unwrap_or(&empty);
            let after = to.articles.get(id).unwrap_or(&empty);
            for tag in after.tags.iter().filter(|t| !before.has_tag(t)) {
                changes.push(Change::Tag {
                    id: id.clone(),
                    tag: tag.clone(),
                });
            }
            for tag in before.tags.iter().filter(|t| !after.has_tag(t)) {
                changes.push(Change::Untag {
                    id: id.clone(),
                    tag: tag.clone(),
                });
            }
            if before.note != after.note {
                changes.push(Change::Note {
                    id: id.clone(),
                    note: after.note.clone(),
                    was: fingerprint(&before.note),
                });
            }
            if before.read != after.read {
                changes.push(Change::Read {
                    id: id.clone(),
                    read: after.read,
                });
            }
            if !after.extra.is_empty() && before.extra != after.extra {
                changes.push(Change::Keep {
                    id: Some(id.clone()),
                    tag: None,
                    fields: after.extra.clone(),
                });
            }
            let hint_changed = before.path != after.path
                || before.title != after.title
                || before.sketch != after.sketch
                || before.updated != after.updated;
            if hint_changed && !after.carries_nothing() {
                changes.push(Change::Hint {
                    id: id.clone(),
                    path: after.path.clone(),
                    title: after.title.clone(),
                    sketch: after.sketch.clone(),
                    updated: after.updated.clone(),
                });
            }
        }
        for name in from.tags.keys().filter(|n| to.existing_tag(n).is_none()) {
            changes.push(Change::TagDelete { tag: name.clone() });
        }
        for (name, query) in &to.searches {
            if from.searches.get(name) != Some(query) {
                changes.push(Change::SearchSave {
                    name: name.clone(),
                    query: query.clone(),
                });
            }
        }
        for name in from
            .searches
            .keys()
            .filter(|n| !to.searches.contains_key(*n))
        {
            changes.push(Change::SearchDelete { name: name.clone() });
        }
        // Names this version knows (an older presscut keeps them as unknown fields).
        let known = [
            "adjudications",
            "codes",
            "corrections",
            "finished",
            "folded",
            "passages",
        ];
        let top_extra: Map<String, Value> = to
            .extra
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .filter(|(k, v)| from.extra.get(*k) != Some(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !top_extra.is_empty() {
            changes.push(Change::Keep {
                id: None,
                tag: None,
                fields: top_extra,
            });
        }
        changes
    }
}

/// "2026-12-03T08:02:19.123456789Z" → "2026-12-03T08:02:19Z": records keep the store's
/// second-precision `updated`.
pub(super) fn seconds(at: &str) -> String {
    match (at.get(..19), at.ends_with('Z')) {
        (Some(head), true) => format!("{head}Z"),
        _ => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(change: Change) -> String {
        serde_json::to_string(&Op {
            change,
            coder: "ana".into(),
            at: "2026-12-03T08:00:00.000000001Z".into(),
        })
        .unwrap()
    }

    #[test]
    fn an_operation_is_one_readable_json_line() {
        let line = op(Change::Tag {
            id: "abc".into(),
            tag: "Krim".into(),
        });
        assert_eq!(
            line,
            r#"{"op":"tag","id":"abc","tag":"Krim","coder":"ana","at":"2026-12-03T08:00:00.000000001Z"}"#
        );
        let back: Op = serde_json::from_str(&line).unwrap();
        assert_eq!(
            back.change,
            Change::Tag {
                id: "abc".into(),
                tag: "Krim".into()
            }
        );
    }

    #[test]
    fn two_notes_written_at_once_are_both_kept() {
        let mut s = StoreData::default();
        let first = Change::Note {
            id: "a".into(),
            note: "Zitat prüfen".into(),
            was: String::new(),
        };
        assert_eq!(
            s.apply(&first, "ana", Some("2026-12-03T08:00:00.0Z")),
            Applied::Done
        );
        // Both writers started from the empty note.
        let second = Change::Note {
            id: "a".into(),
            note: "Quelle: Reuters".into(),
            was: String::new(),
        };
        assert_eq!(
            s.apply(&second, "ben", Some("2026-12-03T08:00:01.0Z")),
            Applied::NoteConflict { id: "a".into() }
        );
        let note = s.note_of("a");
        assert!(note.starts_with("Zitat prüfen\n"), "{note}");
        assert!(note.ends_with("\nQuelle: Reuters"), "{note}");
        assert!(note.contains("ben saved this version") && has_conflict(note));
        // An edit made on top of the merged text (the user resolved it) replaces it.
        let resolved = Change::Note {
            id: "a".into(),
            note: "Quelle: Reuters, Zitat geprüft".into(),
            was: fingerprint(note),
        };
        assert_eq!(s.apply(&resolved, "ana", None), Applied::Done);
        assert_eq!(s.note_of("a"), "Quelle: Reuters, Zitat geprüft");
        // Clearing a note someone else has changed meanwhile keeps their text.
        let stale_clear = Change::Note {
            id: "a".into(),
            note: String::new(),
            was: fingerprint("Zitat prüfen"),
        };
        assert!(matches!(
            s.apply(&stale_clear, "ben", None),
            Applied::NoteConflict { .. }
        ));
        assert_eq!(s.note_of("a"), "Quelle: Reuters, Zitat geprüft");
    }

    #[test]
    fn the_difference_of_two_stores_rebuilds_the_second_from_the_first() {
        let text = r#"{"format":"presscut-store","future":{"x":1},
            "articles":{"a":{"tags":["Krim","ZZ"],"note":"n","read":true,"path":"a.txt","colour":"red"},
                        "b":{"tags":[],"read":true}},
            "tags":{"Krim":{"key":"3","icon":"★"},"ZZ":{"key":"1"},"unused":{}},
            "searches":{"q":"crimea tag:Krim"},"version":2}"#;
        let target: StoreData = serde_json::from_str(text).unwrap();
        let mut rebuilt = StoreData::default();
        for change in StoreData::changes_between(&StoreData::default(), &target) {
            rebuilt.apply(&change, "ana", None);
        }
        assert_eq!(
            serde_json::to_value(&rebuilt).unwrap(),
            serde_json::to_value(&target).unwrap()
        );
        // And back to no annotations (fields of a newer version are kept, never dropped).
        for change in StoreData::changes_between(&target, &StoreData::default()) {
            rebuilt.apply(&change, "ana", None);
        }
        assert!(rebuilt
            .articles
            .values()
            .all(|r| r.tags.is_empty() && r.note.is_empty() && !r.read));
        assert!(rebuilt.tags.is_empty() && rebuilt.searches.is_empty());
    }
}
