//! One edit of the store as a line of the operation log (how it changes the state: `apply.rs`).
//!
//! Why operations and not snapshots: an edit appended as one line never rewrites what another
//! process or coder wrote, undo becomes "append the opposite of my own edit", and the logs are
//! the audit trail coding research asks for. The state is the fold of every coder's log in one
//! deterministic order (`at`, then coder), so every process and every machine that holds the
//! same lines computes the same store.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreData;

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
}
