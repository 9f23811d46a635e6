//! The analysis as people corrected it: the machine's entities and quotes with the store's
//! corrections laid over them (DESIGN.md §7, `presscut correct`).
//!
//! Why a layer and not a change to the analyser: the analyser stays a pure function of the text
//! (cacheable, testable, the same on every machine), and every place that shows an analysis —
//! the reader, the entity panel, `who:`, `analyze`, exports — asks here, so a correction made
//! in one is seen in all of them at once.
//!
//! Corrections apply oldest first, so the latest one on a span wins. One whose words are no
//! longer in the text is skipped here (and reported by `presscut check`), never dropped.

use std::ops::Range;

use crate::analysis::{analyze, Analysis, Entity, Label, Quote, QuoteKind, Source};
use crate::store::{Correction, Fix};

/// The analysis of `text` with `corrections` applied.
pub fn analysis(text: &str, corrections: &[Correction]) -> Analysis {
    let mut analysis = analyze(text);
    apply(text, &mut analysis, corrections);
    analysis
}

/// Lays `corrections` over `analysis` (of `text`). Returns how many could not be placed
/// (their words are gone, or a label no version of presscut knows).
pub fn apply(text: &str, analysis: &mut Analysis, corrections: &[Correction]) -> usize {
    let mut unplaced = 0;
    for correction in corrections {
        let Some(range) = correction
            .anchor(text)
            .and_then(|(start, end)| byte_range(text, start, end))
        else {
            unplaced += 1;
            continue;
        };
        let placed = match correction.fix {
            Fix::Label => match correction.value.as_deref().and_then(Label::from_name) {
                Some(label) => {
                    label_span(analysis, range, label);
                    true
                }
                None => false,
            },
            Fix::Reject => {
                analysis
                    .entities
                    .retain(|e| !(range.start <= e.range.start && e.range.end <= range.end));
                true
            }
            Fix::Speaker => {
                set_speaker(analysis, range, correction.value.clone());
                true
            }
            Fix::NoSpeaker => {
                set_speaker(analysis, range, None);
                true
            }
            // Never stored: a restore takes the coder's fix out of the store.
            Fix::RestoreEntity | Fix::RestoreSpeaker => true,
        };
        if !placed {
            unplaced += 1;
        }
    }
    unplaced
}

/// Code-point offsets → byte range of `text`.
pub fn byte_range(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let byte = |cp: usize| {
        text.char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .nth(cp)
    };
    let (start, end) = (byte(start)?, byte(end)?);
    (start < end).then_some(start..end)
}

/// The span becomes one entity with `label`; machine entities overlapping it give way.
fn label_span(analysis: &mut Analysis, range: Range<usize>, label: Label) {
    let entities = &mut analysis.entities;
    entities.retain(|e| e.range.end <= range.start || range.end <= e.range.start);
    let at = entities.partition_point(|e| e.range.start < range.start);
    entities.insert(
        at,
        Entity {
            range,
            label,
            source: Source::User,
        },
    );
}

/// The quote at the span (exactly there, else the smallest one around it) gets `speaker`; with
/// no quote there, the span becomes a quote the machine missed.
fn set_speaker(analysis: &mut Analysis, range: Range<usize>, speaker: Option<String>) {
    let quotes = &mut analysis.quotes;
    let target = quotes.iter().position(|q| q.range == range).or_else(|| {
        quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| q.range.start <= range.start && range.end <= q.range.end)
            .min_by_key(|(_, q)| q.range.len())
            .map(|(i, _)| i)
    });
    let evidence = speaker
        .as_ref()
        .map(|_| crate::analysis::SpeakerEvidence::Named);
    match target {
        Some(i) => {
            let quote = &mut quotes[i];
            quote.speaker = speaker;
            quote.evidence = evidence;
            quote.source = Source::User;
            if quote.kind == QuoteKind::Other && quote.speaker.is_some() {
                quote.kind = QuoteKind::Direct;
            }
        }
        None if speaker.is_some() => {
            let at = quotes.partition_point(|q| q.range.start <= range.start);
            quotes.insert(
                at,
                Quote {
                    range,
                    speaker,
                    cue: None,
                    kind: QuoteKind::Direct,
                    evidence,
                    attribution: None,
                    source: Source::User,
                },
            );
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{check_span, StoreData};

    const TEXT: &str = "“Wir schaffen das,” sagte sie. Senator Marco Rubio sprach in Zürich.";

    fn store_with(fixes: &[(usize, usize, Fix, Option<&str>)]) -> StoreData {
        let mut store = StoreData::default();
        for &(start, end, fix, value) in fixes {
            let selector = check_span(TEXT, start, end).expect("a valid span");
            store.correct("a", (start, end), fix, value, &selector, "ana");
        }
        store
    }

    fn cp(text: &str, needle: &str) -> (usize, usize) {
        let byte = text.find(needle).expect("the needle is in the text");
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    #[test]
    fn a_relabelled_name_replaces_the_machines_spans_and_says_it_is_the_users() {
        let (s, e) = cp(TEXT, "Marco Rubio");
        let store = store_with(&[(s, e, Fix::Label, Some("person"))]);
        let a = analysis(TEXT, store.corrections_of("a"));
        let rubio = a
            .entities
            .iter()
            .find(|x| &TEXT[x.range.clone()] == "Marco Rubio")
            .expect("the corrected entity");
        assert_eq!((rubio.label, rubio.source), (Label::Person, Source::User));
        assert!(a
            .entities
            .windows(2)
            .all(|w| w[0].range.end <= w[1].range.start));
        assert!(!a.entities.iter().any(|x| x.source == Source::Machine
            && x.range.start < rubio.range.end
            && rubio.range.start < x.range.end));
    }

    #[test]
    fn a_rejected_entity_is_gone_and_a_set_speaker_is_stated() {
        let machine = analyze(TEXT);
        let zurich = machine
            .entities
            .iter()
            .find(|x| &TEXT[x.range.clone()] == "Zürich")
            .expect("the machine finds Zürich");
        let (zs, ze) = cp(TEXT, &TEXT[zurich.range.clone()]);
        let (qs, qe) = cp(TEXT, "“Wir schaffen das,”");
        let store = store_with(&[
            (zs, ze, Fix::Reject, None),
            (qs, qe, Fix::Speaker, Some("Angela Merkel")),
        ]);
        let a = analysis(TEXT, store.corrections_of("a"));
        assert!(!a
            .entities
            .iter()
            .any(|x| &TEXT[x.range.clone()] == "Zürich"));
        let quote = &a.quotes[0];
        assert_eq!(quote.speaker.as_deref(), Some("Angela Merkel"));
        assert_eq!(quote.source, Source::User);
        let cleared = store_with(&[(qs, qe, Fix::NoSpeaker, None)]);
        let a = analysis(TEXT, cleared.corrections_of("a"));
        assert_eq!(a.quotes[0].speaker, None);
        assert_eq!(a.quotes[0].evidence, None);
    }

    #[test]
    fn a_correction_whose_words_are_gone_is_counted_not_applied() {
        let (s, e) = cp(TEXT, "Marco Rubio");
        let store = store_with(&[(s, e, Fix::Label, Some("ORG"))]);
        let other = "Nothing of the kind here.";
        let mut a = analyze(other);
        let before = a.clone();
        assert_eq!(apply(other, &mut a, store.corrections_of("a")), 1);
        assert_eq!(a, before);
    }

    #[test]
    fn code_points_become_bytes_in_non_ascii_text() {
        assert_eq!(byte_range("Zürich 東京", 7, 9), Some(8..14));
        assert_eq!(byte_range("abc", 2, 9), None);
        assert_eq!(byte_range("abc", 2, 2), None);
    }
}
