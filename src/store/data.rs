//! The store's content as plain data and the edits on it. The merge of several writers is in
//! `merge.rs`. No I/O here: `store::file` reads and writes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::correction::Correction;
use super::op::{fingerprint, Change};
use super::passage::{CodeRecord, Passage};

pub const FORMAT: &str = "presscut-store";
/// 2: `store.json` is the snapshot of the operation logs (version 1 was the only copy).
pub const VERSION: u64 = 2;

/// What the store knows about one article. Empty records (no tags, no note, unread) are dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    // Fields in alphabetical order: serialised as declared, the file stays sorted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Where the article was last seen: used to re-attach notes when its text (id) changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default)]
    pub read: bool,
    /// A fingerprint of the article's text (see `store::sketch`): re-attaching after the text
    /// changed requires the new text to match it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sketch: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// RFC 3339 time of the last change, set when saving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Fields written by a newer presscut: kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ArticleRecord {
    pub fn carries_nothing(&self) -> bool {
        self.tags.is_empty() && self.note.is_empty() && !self.read && self.extra.is_empty()
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| same_tag(t, tag))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TagRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Quick-tag key, "1" to "9".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The whole store. Maps are ordered so the saved file is sorted and diffs stay small.
///
/// Every edit made through its methods is also noted in a journal of [`Change`]s, which the
/// owner takes (`take_journal`) and appends to the operation log: the log, not this value, is
/// what lasts.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoreData {
    // Fields in alphabetical order: serialised as declared, the file stays sorted.
    #[serde(default)]
    pub articles: BTreeMap<String, ArticleRecord>,
    /// Settled disagreements between coders: article id → item (`tag:X`, `code:Y`) → decision.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub adjudications: BTreeMap<String, BTreeMap<String, super::coders::Adjudication>>,
    /// The codebook: code name → definition, parent, colour, key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub codes: BTreeMap<String, CodeRecord>,
    /// Corrections of the machine's analysis by article id, oldest first.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub corrections: BTreeMap<String, Vec<Correction>>,
    /// The coders who finished each article (blind coding shows them the others' codings).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub finished: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// In `store.json` only: how much of each log this snapshot holds (see `store::log`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folded: Option<Folded>,
    pub format: String,
    /// Coded passages by article id, in text order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub passages: BTreeMap<String, Vec<Passage>>,
    /// Saved searches: name → query as typed in the search line.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub searches: BTreeMap<String, String>,
    #[serde(default)]
    pub tags: BTreeMap<String, TagRecord>,
    pub version: u64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    /// Edits made since the owner last took them, in order.
    #[serde(skip)]
    pub(super) journal: Vec<Change>,
}

/// The part of each log file a snapshot holds, and the last operation folded into it (in fold
/// order): a snapshot is trusted only when every log still begins with what it holds and
/// everything after sorts after `last`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folded {
    /// Log file name → bytes folded.
    pub bytes: BTreeMap<String, u64>,
    /// `at` and coder of the last operation folded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<(String, String)>,
}

/// Two stores are equal when they hold the same annotations: the journal and the snapshot's
/// bookkeeping are not content.
impl PartialEq for StoreData {
    fn eq(&self, other: &Self) -> bool {
        self.articles == other.articles
            && self.adjudications == other.adjudications
            && self.codes == other.codes
            && self.corrections == other.corrections
            && self.finished == other.finished
            && self.passages == other.passages
            && self.format == other.format
            && self.searches == other.searches
            && self.tags == other.tags
            && self.version == other.version
            && self.extra == other.extra
    }
}

impl Default for StoreData {
    fn default() -> Self {
        StoreData {
            format: FORMAT.into(),
            version: VERSION,
            articles: BTreeMap::new(),
            adjudications: BTreeMap::new(),
            codes: BTreeMap::new(),
            corrections: BTreeMap::new(),
            finished: BTreeMap::new(),
            folded: None,
            passages: BTreeMap::new(),
            searches: BTreeMap::new(),
            tags: BTreeMap::new(),
            extra: Map::new(),
            journal: Vec::new(),
        }
    }
}

/// Tags compare case-insensitively ("Crimea" and "crimea" are one tag) but keep their spelling.
pub fn same_tag(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    // Only non-ASCII names need the (allocating) Unicode case fold.
    !(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase()
}

/// Trims and collapses inner whitespace; `None` for an empty name.
pub fn clean_tag(name: &str) -> Option<String> {
    let cleaned = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Path and title remembered with a record (hints for re-attaching).
#[derive(Clone, Debug, Default)]
pub struct ArticleHint {
    pub path: Option<String>,
    pub title: Option<String>,
    pub sketch: Option<String>,
}

impl StoreData {
    /// Whether any object carries fields from a newer version (they need a slower, sorted save).
    pub fn has_unknown_fields(&self) -> bool {
        !self.extra.is_empty()
            || self.articles.values().any(|r| !r.extra.is_empty())
            || self.tags.values().any(|t| !t.extra.is_empty())
    }

    pub fn record(&self, id: &str) -> Option<&ArticleRecord> {
        self.articles.get(id)
    }

    pub fn tags_of(&self, id: &str) -> &[String] {
        self.record(id).map_or(&[], |r| r.tags.as_slice())
    }

    pub fn note_of(&self, id: &str) -> &str {
        self.record(id).map_or("", |r| r.note.as_str())
    }

    pub fn is_read(&self, id: &str) -> bool {
        self.record(id).is_some_and(|r| r.read)
    }

    /// The registered spelling of a tag, if any tag matches case-insensitively.
    pub fn existing_tag(&self, name: &str) -> Option<&str> {
        self.tags
            .keys()
            .find(|t| same_tag(t, name))
            .map(String::as_str)
    }

    /// Registers a tag (giving it the next free quick key 1–9) and returns its spelling.
    pub fn ensure_tag(&mut self, name: &str) -> Option<String> {
        // Folding a log meets the registered spelling almost every time.
        if self.tags.contains_key(name) {
            return Some(name.to_string());
        }
        let name = clean_tag(name)?;
        if let Some(existing) = self.existing_tag(&name) {
            return Some(existing.to_string());
        }
        let used: Vec<&str> = self
            .tags
            .values()
            .filter_map(|t| t.key.as_deref())
            .collect();
        let key = (1..=9)
            .map(|n| n.to_string())
            .find(|k| !used.contains(&k.as_str()));
        self.tags.insert(
            name.clone(),
            TagRecord {
                key,
                ..TagRecord::default()
            },
        );
        Some(name)
    }

    /// The tag on quick key `n` (1–9).
    pub fn quick_tag(&self, n: u8) -> Option<&str> {
        let key = n.to_string();
        self.tags
            .iter()
            .find(|(_, t)| t.key.as_deref() == Some(key.as_str()))
            .map(|(name, _)| name.as_str())
    }

    /// Every tag with the number of articles carrying it, in name order (case-insensitive).
    ///
    /// One pass over the records (the tag picker asks on every keystroke).
    pub fn tag_counts(&self) -> Vec<(String, usize)> {
        let mut by_folded: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for record in self.articles.values() {
            for tag in &record.tags {
                *by_folded.entry(tag.to_lowercase()).or_default() += 1;
            }
        }
        let mut counts: Vec<(String, usize)> = self
            .tags
            .keys()
            .map(|t| {
                (
                    t.clone(),
                    by_folded.get(&t.to_lowercase()).copied().unwrap_or(0),
                )
            })
            .collect();
        counts.sort_by_key(|(t, _)| t.to_lowercase());
        counts
    }

    /// How many edits the journal holds (not yet taken).
    pub fn journal_len(&self) -> usize {
        self.journal.len()
    }

    /// The edits not yet taken, from the `from`-th on.
    pub fn journal_since(&self, from: usize) -> &[Change] {
        self.journal.get(from..).unwrap_or(&[])
    }

    /// The articles the edits not yet taken (from the `from`-th on) touched; `None` when one
    /// of them reaches beyond single articles (a tag renamed or deleted everywhere, a record
    /// moved).
    pub fn journal_article_ids(&self, from: usize) -> Option<Vec<String>> {
        self.journal_since(from)
            .iter()
            .filter_map(|change| match change {
                Change::Move { .. }
                | Change::TagRename { .. }
                | Change::TagDelete { .. }
                | Change::Keep { .. } => Some(None),
                other => other.article().map(|id| Some(id.to_string())),
            })
            .collect()
    }

    /// The edits made since the last call, for the log.
    pub fn take_journal(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.journal)
    }

    /// Puts back edits taken with `take_journal` that are still to be appended.
    pub(super) fn restore_journal(&mut self, mut changes: Vec<Change>) {
        changes.append(&mut self.journal);
        self.journal = changes;
    }

    /// Changes one article's record; a record left carrying nothing is dropped.
    pub(super) fn edit_raw(&mut self, id: &str, change: impl FnOnce(&mut ArticleRecord)) {
        let record = match self.articles.get_mut(id) {
            Some(record) => record,
            None => self.articles.entry(id.to_string()).or_default(),
        };
        change(record);
        if record.carries_nothing() {
            self.articles.remove(id);
        }
    }

    /// After an edit: remembers where the article is, when that is news to the record.
    fn update_hint(&mut self, id: &str, hint: &ArticleHint) {
        let Some(record) = self.articles.get_mut(id) else {
            return;
        };
        let news =
            |known: &Option<String>, given: &Option<String>| given.is_some() && given != known;
        if news(&record.path, &hint.path)
            || news(&record.title, &hint.title)
            || news(&record.sketch, &hint.sketch)
        {
            let change = Change::Hint {
                id: id.to_string(),
                path: hint.path.clone(),
                title: hint.title.clone(),
                sketch: hint.sketch.clone(),
                updated: None,
            };
            self.apply(&change, "", None);
            self.journal.push(change);
        }
    }

    /// Applies a change made here and notes it in the journal.
    pub(super) fn record_change(&mut self, change: Change) {
        self.record_change_as(change, "");
    }

    /// The same, for a change whose effect depends on who makes it (codings are per coder).
    pub(super) fn record_change_as(&mut self, change: Change, coder: &str) {
        self.apply(&change, coder, None);
        self.journal.push(change);
    }

    /// Adds or removes a tag on an article. Returns whether anything changed.
    pub fn set_tag(&mut self, id: &str, hint: &ArticleHint, tag: &str, on: bool) -> bool {
        let Some(tag) = clean_tag(tag) else {
            return false;
        };
        let has = self.record(id).is_some_and(|r| r.has_tag(&tag));
        if has == on {
            return false;
        }
        let tag = self.existing_tag(&tag).map_or(tag, str::to_string);
        let id = id.to_string();
        self.record_change(if on {
            Change::Tag {
                id: id.clone(),
                tag,
            }
        } else {
            Change::Untag {
                id: id.clone(),
                tag,
            }
        });
        self.update_hint(&id, hint);
        true
    }

    /// A coder's explicit word on a tag (`presscut tag` / `untag`): recorded in the log even
    /// when the store already agrees (another coder applied the tag), because agreement between
    /// coders is measured on what each of them said. Returns whether the store changed.
    pub fn declare_tag(&mut self, id: &str, hint: &ArticleHint, tag: &str, on: bool) -> bool {
        if self.set_tag(id, hint, tag, on) {
            return true;
        }
        let Some(tag) = clean_tag(tag) else {
            return false;
        };
        let tag = self.existing_tag(&tag).map_or(tag, str::to_string);
        let id = id.to_string();
        self.record_change(if on {
            Change::Tag { id, tag }
        } else {
            Change::Untag { id, tag }
        });
        false
    }

    pub fn set_note(&mut self, id: &str, hint: &ArticleHint, note: &str) -> bool {
        let was = self.note_of(id);
        if was == note {
            return false;
        }
        let was = fingerprint(was);
        self.record_change(Change::Note {
            id: id.to_string(),
            note: note.to_string(),
            was,
        });
        self.update_hint(id, hint);
        true
    }

    pub fn set_read(&mut self, id: &str, hint: &ArticleHint, read: bool) -> bool {
        if self.is_read(id) == read {
            return false;
        }
        self.record_change(Change::Read {
            id: id.to_string(),
            read,
        });
        self.update_hint(id, hint);
        true
    }

    /// Moves a record to its article's new id (the text was edited) with the new hints.
    pub fn move_record(&mut self, from: &str, to: &str, hint: &ArticleHint) {
        self.record_change(Change::Move {
            from: from.to_string(),
            to: to.to_string(),
        });
        self.update_hint(to, hint);
    }

    pub fn save_search(&mut self, name: &str, query: &str) {
        self.record_change(Change::SearchSave {
            name: name.to_string(),
            query: query.to_string(),
        });
    }

    pub fn delete_search(&mut self, name: &str) {
        self.record_change(Change::SearchDelete {
            name: name.to_string(),
        });
    }

    /// Takes back, field by field, what one edit did to an article: `done` is the record as the
    /// edit left it, `target` as it was before (for redo, the other way round). Only what the
    /// edit itself changed is touched, and a field someone else changed since is left alone: a
    /// tag another process added, a note another process rewrote, stay. Returns whether
    /// anything changed.
    pub fn take_back(
        &mut self,
        id: &str,
        done: Option<&ArticleRecord>,
        target: Option<&ArticleRecord>,
    ) -> bool {
        let empty = ArticleRecord::default();
        let (done, target) = (done.unwrap_or(&empty), target.unwrap_or(&empty));
        let hint = ArticleHint {
            path: target.path.clone().or_else(|| done.path.clone()),
            title: target.title.clone().or_else(|| done.title.clone()),
            sketch: target.sketch.clone().or_else(|| done.sketch.clone()),
        };
        let mut changed = false;
        for tag in done.tags.iter().filter(|t| !target.has_tag(t)) {
            changed |= self.set_tag(id, &hint, tag, false);
        }
        for tag in target.tags.iter().filter(|t| !done.has_tag(t)) {
            changed |= self.set_tag(id, &hint, tag, true);
        }
        if done.note != target.note && self.note_of(id) == done.note {
            changed |= self.set_note(id, &hint, &target.note);
        }
        if done.read != target.read && self.is_read(id) == done.read {
            changed |= self.set_read(id, &hint, target.read);
        }
        changed
    }

    /// The tag registry's part of [`StoreData::take_back`]: tags the edit removed from the
    /// registry come back with their quick key (when it is still free); tags it created go
    /// only if no article carries them now.
    pub fn take_back_registry(
        &mut self,
        done: &BTreeMap<String, TagRecord>,
        target: &BTreeMap<String, TagRecord>,
        restoring: bool,
    ) {
        if restoring {
            for (name, record) in target.iter().filter(|(n, _)| !done.contains_key(*n)) {
                if self.existing_tag(name).is_none() {
                    self.record_change(Change::TagCreate {
                        tag: name.clone(),
                        key: record.key.clone(),
                        color: record.color.clone(),
                    });
                }
            }
            return;
        }
        for name in done.keys().filter(|n| !target.contains_key(*n)) {
            if self.existing_tag(name).is_some() {
                self.record_change(Change::TagForget { tag: name.clone() });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint() -> ArticleHint {
        ArticleHint {
            path: Some("a.txt".into()),
            title: Some("Título".into()),
            sketch: None,
        }
    }

    #[test]
    fn tags_are_case_insensitive_and_keep_their_first_spelling() {
        let mut s = StoreData::default();
        assert!(s.set_tag("id1", &hint(), "  Krim  Krise ", true));
        assert!(!s.set_tag("id1", &hint(), "krim krise", true));
        assert_eq!(s.tags_of("id1"), ["Krim Krise"]);
        assert_eq!(s.quick_tag(1), Some("Krim Krise"));
        assert!(s.set_tag("id1", &hint(), "KRIM KRISE", false));
        assert!(s.record("id1").is_none(), "empty records are dropped");
        assert!(!s.set_tag("id1", &hint(), "   ", true));
    }

    #[test]
    fn quick_keys_go_to_the_first_nine_tags() {
        let mut s = StoreData::default();
        for i in 0..10 {
            s.set_tag("x", &hint(), &format!("tag{i}"), true);
        }
        assert_eq!(s.quick_tag(9), Some("tag8"));
        assert!(s.tags["tag9"].key.is_none());
    }

    #[test]
    fn rename_onto_an_existing_tag_merges() {
        let mut s = StoreData::default();
        s.set_tag("a", &hint(), "russia", true);
        s.set_tag("b", &hint(), "Russia ", true);
        s.set_tag("b", &hint(), "RU", true);
        s.set_tag("c", &hint(), "RU", true);
        assert_eq!(s.rename_tag("ru", "russia"), 2);
        assert_eq!(s.tags_of("b"), ["russia"]);
        assert_eq!(s.tag_counts(), vec![("russia".to_string(), 3)]);
        assert_eq!(s.delete_tag("RUSSIA"), 3);
        assert!(s.articles.is_empty() && s.tags.is_empty());
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let text = r#"{"format":"presscut-store","version":1,"future":{"x":1},
            "articles":{"abc":{"tags":["t"],"read":false,"colour":"red"}},"tags":{"t":{"key":"1","icon":"★"}}}"#;
        let data: StoreData = serde_json::from_str(text).unwrap();
        let back = serde_json::to_value(&data).unwrap();
        assert_eq!(back["future"]["x"], 1);
        assert_eq!(back["articles"]["abc"]["colour"], "red");
        assert_eq!(back["tags"]["t"]["icon"], "★");
    }
}
