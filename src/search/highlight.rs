//! Where a search matched inside a text, for highlighting in the list and the reader and for
//! `n`/`N`. Cut and folded exactly as the index was built, so the highlighted words are the
//! ones that made the article match.

use std::collections::BTreeSet;
use std::ops::Range;

use aho_corasick::AhoCorasick;

use super::tokens::{apostrophe_variants, fold, words};

/// Byte ranges in `text` of the words whose folded form is in `terms`, and of every literal
/// (ASCII-case-insensitive, any apostrophe) occurrence of `phrases`; sorted, overlaps merged.
pub fn match_ranges(text: &str, terms: &BTreeSet<String>, phrases: &[String]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    if !terms.is_empty() {
        ranges.extend(
            words(text)
                .filter(|(_, w)| terms.contains(fold(w).as_ref()))
                .map(|(r, _)| r),
        );
    }
    if !phrases.is_empty() {
        if let Ok(finder) = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(phrases.iter().flat_map(|p| apostrophe_variants(p)))
        {
            ranges.extend(finder.find_iter(text).map(|m| m.range()));
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}
