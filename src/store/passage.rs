//! Coded passages and the codebook: what qualitative researchers do in QualCoder or ATLAS.ti,
//! kept in the same operation log as tags and notes (DESIGN.md §7).
//!
//! A passage is a span of an article's text in Unicode code points (the offsets `analyze`
//! reports), one code, and who coded it when. It also keeps the text it covered with a little
//! context before and after (the W3C Web Annotation TextQuoteSelector), so that when the
//! article's text is corrected the passage is found again by its words, not its old offsets;
//! one that cannot be found is reported and kept, never dropped.

use serde::{Deserialize, Serialize};

use super::data::{clean_tag, same_tag, StoreData};
use super::op::Change;

/// How many characters of context a selector keeps on each side.
const CONTEXT: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    // Fields in alphabetical order: serialised as declared, the file stays sorted.
    pub code: String,
    pub coder: String,
    /// RFC 3339, when it was coded.
    pub created: String,
    pub end: usize,
    /// The text the passage covered when it was coded.
    pub exact: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// Where the article was when coded: to find it again after its text (and id) changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    pub start: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// A code of the codebook.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// Kept from an imported REFI-QDA codebook, so a round trip keeps the code's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// The words a passage covers and around it, taken from the text when it is coded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    /// The article's path (see [`Passage::path`]).
    pub path: Option<String>,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Why a span cannot be coded.
pub fn check_span(text: &str, start: usize, end: usize) -> Result<Selector, String> {
    let length = text.chars().count();
    if start >= end {
        return Err(format!(
            "the passage {start}–{end} is empty; END must be greater than START"
        ));
    }
    if end > length {
        return Err(format!(
            "the passage {start}–{end} ends beyond the text ({length} characters)"
        ));
    }
    let chars: Vec<char> = text.chars().collect();
    let slice = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    Ok(Selector {
        path: None,
        exact: slice(start, end),
        prefix: slice(start.saturating_sub(CONTEXT), start),
        suffix: slice(end, (end + CONTEXT).min(length)),
    })
}

impl Passage {
    /// This coder's coding of exactly this span with this code (codes compare case-folded):
    /// the identity of a coding, which coding, uncoding and memos all go by.
    pub fn is(&self, (start, end): (usize, usize), code: &str, coder: &str) -> bool {
        self.start == start && self.end == end && same_tag(&self.code, code) && self.coder == coder
    }

    /// Where the passage is in `text` now: where it was, if its words are still there;
    /// otherwise the occurrence of its words whose context matches best (nearest the old place
    /// on a tie). `None` when its words are gone.
    pub fn anchor(&self, text: &str) -> Option<(usize, usize)> {
        anchor_span(
            text,
            (self.start, self.end),
            &self.exact,
            &self.prefix,
            &self.suffix,
        )
    }
}

/// Where a span whose words were `exact` (with `prefix` and `suffix` around them) is in `text`
/// now: where it was, if its words are still there; otherwise the occurrence of its words whose
/// context matches best (nearest the old place on a tie). `None` when its words are gone.
/// Passages and corrections re-anchor the same way.
pub fn anchor_span(
    text: &str,
    (start, end): (usize, usize),
    exact: &str,
    prefix: &str,
    suffix: &str,
) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let exact: Vec<char> = exact.chars().collect();
    if exact.is_empty() || exact.len() > chars.len() {
        return None;
    }
    if chars.get(start..end) == Some(exact.as_slice()) {
        return Some((start, end));
    }
    let prefix: Vec<char> = prefix.chars().collect();
    let suffix: Vec<char> = suffix.chars().collect();
    let score = |at: usize| {
        let before = prefix
            .iter()
            .rev()
            .zip(chars[..at].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let end = at + exact.len();
        let after = suffix
            .iter()
            .zip(chars[end..].iter())
            .take_while(|(a, b)| a == b)
            .count();
        before + after
    };
    (0..=chars.len().saturating_sub(exact.len()))
        .filter(|&at| chars[at..at + exact.len()] == exact[..])
        .max_by_key(|&at| (score(at), std::cmp::Reverse(at.abs_diff(start))))
        .map(|at| (at, at + exact.len()))
}

impl StoreData {
    /// The codebook entry of a code, matched case-insensitively.
    pub fn existing_code(&self, name: &str) -> Option<&str> {
        self.codes
            .keys()
            .find(|c| same_tag(c, name))
            .map(String::as_str)
    }

    /// Every passage of an article.
    pub fn passages_of(&self, id: &str) -> &[Passage] {
        self.passages.get(id).map_or(&[], Vec::as_slice)
    }

    /// Codes a passage (the selector comes from [`check_span`]). Returns false when this coder
    /// had coded it so already.
    pub fn code_passage(
        &mut self,
        id: &str,
        (start, end): (usize, usize),
        code: &str,
        selector: &Selector,
        memo: &str,
        coder: &str,
    ) -> bool {
        let Some(code) = clean_tag(code) else {
            return false;
        };
        let code = self.existing_code(&code).map_or(code, str::to_string);
        let existing = self
            .passages_of(id)
            .iter()
            .find(|p| p.is((start, end), &code, coder));
        if existing.is_some() {
            // Coded so already: only a new memo is news.
            return !memo.is_empty() && self.set_passage_memo(id, (start, end), &code, memo, coder);
        }
        self.record_change_as(
            Change::Code {
                id: id.to_string(),
                start,
                end,
                code,
                exact: selector.exact.clone(),
                prefix: selector.prefix.clone(),
                suffix: selector.suffix.clone(),
                memo: memo.to_string(),
                path: selector.path.clone(),
            },
            coder,
        );
        true
    }

    /// Takes this coder's codes off a passage (all of them when `code` is `None`). Returns how
    /// many went.
    pub fn uncode_passage(
        &mut self,
        id: &str,
        (start, end): (usize, usize),
        code: Option<&str>,
        coder: &str,
    ) -> usize {
        let codes: Vec<String> = self
            .passages_of(id)
            .iter()
            .filter(|p| p.start == start && p.end == end && p.coder == coder)
            .filter(|p| code.is_none_or(|c| same_tag(&p.code, c)))
            .map(|p| p.code.clone())
            .collect();
        for code in &codes {
            self.record_change_as(
                Change::Uncode {
                    id: id.to_string(),
                    start,
                    end,
                    code: code.clone(),
                },
                coder,
            );
        }
        codes.len()
    }

    /// Sets the memo of this coder's coded passage. Returns whether it changed.
    pub fn set_passage_memo(
        &mut self,
        id: &str,
        (start, end): (usize, usize),
        code: &str,
        memo: &str,
        coder: &str,
    ) -> bool {
        let Some(existing) = self
            .passages_of(id)
            .iter()
            .find(|p| p.is((start, end), code, coder))
        else {
            return false;
        };
        if existing.memo == memo {
            return false;
        }
        let change = Change::Memo {
            id: id.to_string(),
            start,
            end,
            code: existing.code.clone(),
            memo: memo.to_string(),
        };
        self.record_change_as(change, coder);
        true
    }

    /// Undo of this coder's codings on an article: what `done` has and `target` has not is
    /// uncoded, what `target` has and `done` has not is coded again (memo and selector as they
    /// were), a memo that differs is set back. Other coders' passages are never touched.
    pub fn take_back_passages(
        &mut self,
        id: &str,
        done: &[Passage],
        target: &[Passage],
        coder: &str,
    ) {
        let same = |a: &Passage, b: &Passage| a.is((b.start, b.end), &b.code, &b.coder);
        for p in done.iter().filter(|p| p.coder == coder) {
            if !target.iter().any(|t| same(t, p)) {
                self.uncode_passage(id, (p.start, p.end), Some(&p.code), coder);
            }
        }
        for p in target.iter().filter(|p| p.coder == coder) {
            match done.iter().find(|d| same(d, p)) {
                None => {
                    let selector = Selector {
                        path: p.path.clone(),
                        exact: p.exact.clone(),
                        prefix: p.prefix.clone(),
                        suffix: p.suffix.clone(),
                    };
                    self.code_passage(id, (p.start, p.end), &p.code, &selector, &p.memo, coder);
                }
                Some(d) if d.memo != p.memo => {
                    self.set_passage_memo(id, (p.start, p.end), &p.code, &p.memo, coder);
                }
                Some(_) => {}
            }
        }
    }

    /// Creates a code or changes the fields given.
    pub fn define_code(&mut self, name: &str, record: &CodeRecord) -> bool {
        let Some(name) = clean_tag(name) else {
            return false;
        };
        let name = self.existing_code(&name).map_or(name, str::to_string);
        let current = self.codes.get(&name);
        let merged = merge_definition(current, record);
        if current == Some(&merged) {
            return false;
        }
        self.record_change(Change::CodeDefine {
            code: name,
            parent: record.parent.clone(),
            definition: record.definition.clone(),
            color: record.color.clone(),
            key: record.key.clone(),
            guid: record.guid.clone(),
        });
        true
    }

    pub(super) fn apply_code(&mut self, id: &str, passage: Passage) {
        let code = self.ensure_code(&passage.code);
        let list = self.passages.entry(id.to_string()).or_default();
        let duplicate = list
            .iter()
            .any(|p| p.is((passage.start, passage.end), &code, &passage.coder));
        if !duplicate {
            list.push(Passage { code, ..passage });
            list.sort_by(|a, b| {
                (a.start, a.end, &a.code, &a.coder).cmp(&(b.start, b.end, &b.code, &b.coder))
            });
        }
    }

    pub(super) fn apply_memo(
        &mut self,
        id: &str,
        (start, end): (usize, usize),
        code: &str,
        memo: &str,
        coder: &str,
    ) {
        if let Some(list) = self.passages.get_mut(id) {
            for p in list.iter_mut().filter(|p| p.is((start, end), code, coder)) {
                p.memo = memo.to_string();
            }
        }
    }

    pub(super) fn apply_uncode(
        &mut self,
        id: &str,
        (start, end): (usize, usize),
        code: &str,
        coder: &str,
    ) {
        if let Some(list) = self.passages.get_mut(id) {
            list.retain(|p| !p.is((start, end), code, coder));
            if list.is_empty() {
                self.passages.remove(id);
            }
        }
    }

    pub(super) fn apply_define(&mut self, name: &str, record: &CodeRecord) {
        let Some(name) = clean_tag(name) else { return };
        let name = self.existing_code(&name).map_or(name, str::to_string);
        let merged = merge_definition(self.codes.get(&name), record);
        self.codes.insert(name, merged);
    }

    /// Registers a code met in a coding (no definition yet) and returns its spelling.
    fn ensure_code(&mut self, name: &str) -> String {
        if let Some(existing) = self.existing_code(name) {
            return existing.to_string();
        }
        self.codes.insert(name.to_string(), CodeRecord::default());
        name.to_string()
    }

    /// How many passages carry each code, in codebook order.
    pub fn code_counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = self
            .codes
            .keys()
            .map(|code| {
                let n = self
                    .passages
                    .values()
                    .flatten()
                    .filter(|p| same_tag(&p.code, code))
                    .count();
                (code.clone(), n)
            })
            .collect();
        counts.sort_by_key(|(c, _)| c.to_lowercase());
        counts
    }
}

/// `record`'s fields over `current`'s: a field left out keeps its value.
fn merge_definition(current: Option<&CodeRecord>, record: &CodeRecord) -> CodeRecord {
    let mut merged = current.cloned().unwrap_or_default();
    for (field, value) in [
        (&mut merged.parent, &record.parent),
        (&mut merged.definition, &record.definition),
        (&mut merged.color, &record.color),
        (&mut merged.key, &record.key),
        (&mut merged.guid, &record.guid),
    ] {
        if value.is_some() {
            field.clone_from(value);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Zakharova sagte: „Das ist ein Terroranschlag.“ Moskau schweigt.";

    #[test]
    fn a_span_is_checked_and_remembers_its_words_and_context() {
        assert!(check_span(TEXT, 5, 5).unwrap_err().contains("empty"));
        assert!(check_span(TEXT, 0, 500)
            .unwrap_err()
            .contains("beyond the text"));
        let s = check_span(TEXT, 18, 45).unwrap();
        assert_eq!(s.exact, "Das ist ein Terroranschlag.");
        assert_eq!(s.prefix, "Zakharova sagte: „");
        assert_eq!(s.suffix, "“ Moskau schweigt.");
    }

    #[test]
    fn a_passage_is_found_again_after_the_text_changes_or_reported_lost() {
        let selector = check_span(TEXT, 18, 45).unwrap();
        let passage = Passage {
            code: "Framing".into(),
            coder: "ana".into(),
            created: String::new(),
            start: 18,
            end: 45,
            exact: selector.exact,
            prefix: selector.prefix,
            suffix: selector.suffix,
            memo: String::new(),
            path: None,
        };
        assert_eq!(passage.anchor(TEXT), Some((18, 45)));
        let edited = format!("MOSKAU (dpa) – {TEXT}");
        assert_eq!(passage.anchor(&edited), Some((33, 60)));
        // Two occurrences: the one in the same context wins.
        let twice = "Das ist ein Terroranschlag. Zakharova sagte: „Das ist ein Terroranschlag.“";
        assert_eq!(passage.anchor(twice), Some((46, 73)));
        assert_eq!(passage.anchor("Ganz andere Nachricht."), None);
    }

    #[test]
    fn coding_is_per_coder_and_uncoding_takes_only_ones_own() {
        let mut s = StoreData::default();
        let selector = check_span(TEXT, 0, 9).unwrap();
        assert!(s.code_passage("a", (0, 9), "Akteur", &selector, "", "ana"));
        assert!(!s.code_passage("a", (0, 9), "akteur", &selector, "", "ana"));
        assert!(s.code_passage("a", (0, 9), "AKTEUR", &selector, "zweite Meinung", "ben"));
        assert_eq!(s.passages_of("a").len(), 2);
        assert_eq!(
            s.passages_of("a")[1].code,
            "Akteur",
            "one spelling per code"
        );
        assert_eq!(s.uncode_passage("a", (0, 9), None, "ana"), 1);
        assert_eq!(s.passages_of("a")[0].coder, "ben");
        assert_eq!(s.code_counts(), vec![("Akteur".to_string(), 1)]);
    }
}
