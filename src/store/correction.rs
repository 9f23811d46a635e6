//! Corrections of the machine's analysis: an entity relabelled or rejected, a quote's speaker
//! set or cleared (DESIGN.md §7, `presscut correct`).
//!
//! Why in the store and not in the analyser: a correction is a judgement by a person, kept with
//! who made it and when, in the same operation log as codings, so it syncs, is audited and is
//! undone the same way. The analyser stays a pure function of the text; whoever shows an
//! analysis lays the corrections over it (`crate::corrected`).
//!
//! Each coder holds at most one entity fix (label or reject) and one speaker fix (speaker or
//! no speaker) per span; a newer one replaces their older one, and a `restore-…` takes theirs
//! away. Between coders the latest in fold order wins, so every machine shows the same thing.

use serde::{Deserialize, Serialize};

use super::data::StoreData;
use super::op::Change;
use super::passage::{anchor_span, Selector};

/// What a correction does, as written in the log (`"fix": "label"`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fix {
    /// The span is an entity with the label in `value` (relabelled, or one the machine missed).
    Label,
    /// The span is not an entity.
    Reject,
    /// The quote at the span was said by `value`.
    Speaker,
    /// The quote at the span has no speaker the text supports.
    NoSpeaker,
    /// Takes back this coder's `label` or `reject` on the span.
    RestoreEntity,
    /// Takes back this coder's `speaker` or `no-speaker` on the span.
    RestoreSpeaker,
}

impl Fix {
    /// Whether the fix is about what an entity is (else about who said a quote).
    pub fn is_entity(self) -> bool {
        matches!(self, Fix::Label | Fix::Reject | Fix::RestoreEntity)
    }

    fn is_restore(self) -> bool {
        matches!(self, Fix::RestoreEntity | Fix::RestoreSpeaker)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Fix::Label => "label",
            Fix::Reject => "reject",
            Fix::Speaker => "speaker",
            Fix::NoSpeaker => "no-speaker",
            Fix::RestoreEntity => "restore-entity",
            Fix::RestoreSpeaker => "restore-speaker",
        }
    }
}

/// One coder's standing correction of a span (offsets in code points, like passages).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    // Fields in alphabetical order: serialised as declared, the file stays sorted.
    pub coder: String,
    /// RFC 3339, when it was made.
    pub created: String,
    pub end: usize,
    pub exact: String,
    pub fix: Fix,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    pub start: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// The label of `label`, the name of `speaker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Correction {
    /// Where the corrected span is in `text` now (see [`anchor_span`]).
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

impl StoreData {
    /// Every standing correction of an article, oldest first (the last one of a span wins).
    pub fn corrections_of(&self, id: &str) -> &[Correction] {
        self.corrections.get(id).map_or(&[], Vec::as_slice)
    }

    /// Records a correction (the selector comes from `check_span`). Returns false when it
    /// changes nothing: the same fix already stands by this coder, or there is nothing of
    /// theirs to restore.
    pub fn correct(
        &mut self,
        id: &str,
        (start, end): (usize, usize),
        fix: Fix,
        value: Option<&str>,
        selector: &Selector,
        coder: &str,
    ) -> bool {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        let mine = self.corrections_of(id).iter().find(|c| {
            c.start == start
                && c.end == end
                && c.coder == coder
                && c.fix.is_entity() == fix.is_entity()
        });
        let unchanged = match mine {
            None => fix.is_restore(),
            Some(c) => c.fix == fix && c.value.as_deref() == value,
        };
        if unchanged {
            return false;
        }
        self.record_change_as(
            Change::Correct {
                id: id.to_string(),
                start,
                end,
                fix,
                value: value.map(str::to_string),
                exact: selector.exact.clone(),
                prefix: selector.prefix.clone(),
                suffix: selector.suffix.clone(),
                path: selector.path.clone(),
            },
            coder,
        );
        true
    }

    /// Undo of this coder's corrections on an article: brings them back to `target` (what
    /// they were before), touching nobody else's.
    pub fn take_back_corrections(
        &mut self,
        id: &str,
        done: &[Correction],
        target: &[Correction],
        coder: &str,
    ) {
        let group = |c: &Correction| (c.start, c.end, c.fix.is_entity());
        for c in done.iter().filter(|c| c.coder == coder) {
            if !target
                .iter()
                .any(|t| t.coder == coder && group(t) == group(c))
            {
                let restore = if c.fix.is_entity() {
                    Fix::RestoreEntity
                } else {
                    Fix::RestoreSpeaker
                };
                self.correct(id, (c.start, c.end), restore, None, &selector(c), coder);
            }
        }
        for t in target.iter().filter(|t| t.coder == coder) {
            self.correct(
                id,
                (t.start, t.end),
                t.fix,
                t.value.as_deref(),
                &selector(t),
                coder,
            );
        }
    }

    pub(super) fn apply_correct(&mut self, id: &str, correction: Correction) {
        let list = self.corrections.entry(id.to_string()).or_default();
        list.retain(|c| {
            !(c.start == correction.start
                && c.end == correction.end
                && c.coder == correction.coder
                && c.fix.is_entity() == correction.fix.is_entity())
        });
        if !correction.fix.is_restore() {
            list.push(correction);
        }
        if list.is_empty() {
            self.corrections.remove(id);
        }
    }
}

fn selector(c: &Correction) -> Selector {
    Selector {
        path: c.path.clone(),
        exact: c.exact.clone(),
        prefix: c.prefix.clone(),
        suffix: c.suffix.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::check_span;

    const TEXT: &str = "„Wir schaffen das“, sagte Merkel in Zürich.";

    fn fix(
        store: &mut StoreData,
        span: (usize, usize),
        fix: Fix,
        value: Option<&str>,
        coder: &str,
    ) -> bool {
        let selector = check_span(TEXT, span.0, span.1).expect("a valid span");
        store.correct("a", span, fix, value, &selector, coder)
    }

    #[test]
    fn a_newer_fix_replaces_the_coders_older_one_and_restore_takes_it_back() {
        let mut store = StoreData::default();
        assert!(fix(&mut store, (26, 32), Fix::Label, Some("PLACE"), "ana"));
        assert!(fix(&mut store, (26, 32), Fix::Label, Some("PERSON"), "ana"));
        assert!(!fix(
            &mut store,
            (26, 32),
            Fix::Label,
            Some("PERSON"),
            "ana"
        ));
        assert!(fix(
            &mut store,
            (0, 19),
            Fix::Speaker,
            Some("Angela Merkel"),
            "ana"
        ));
        let standing = store.corrections_of("a");
        assert_eq!(standing.len(), 2, "{standing:?}");
        assert_eq!(standing[0].value.as_deref(), Some("PERSON"));
        assert_eq!(standing[0].exact, "Merkel");
        assert!(fix(&mut store, (26, 32), Fix::RestoreEntity, None, "ana"));
        assert!(!fix(&mut store, (26, 32), Fix::RestoreEntity, None, "ana"));
        assert_eq!(store.corrections_of("a").len(), 1);
        assert_eq!(store.corrections_of("a")[0].fix, Fix::Speaker);
    }

    #[test]
    fn a_restore_touches_only_the_coders_own_fix_and_undo_brings_back_what_was() {
        let mut store = StoreData::default();
        fix(&mut store, (26, 32), Fix::Reject, None, "ana");
        let before = store.corrections_of("a").to_vec();
        fix(&mut store, (26, 32), Fix::Label, Some("PERSON"), "ben");
        assert!(!fix(&mut store, (26, 32), Fix::RestoreEntity, None, "carl"));
        let after_ben = store.corrections_of("a").to_vec();
        assert_eq!(after_ben.len(), 2);
        store.take_back_corrections("a", &after_ben, &before, "ben");
        assert_eq!(store.corrections_of("a"), before.as_slice());
    }

    #[test]
    fn a_correction_finds_its_words_again_after_the_text_changed() {
        let mut store = StoreData::default();
        fix(&mut store, (26, 32), Fix::Label, Some("PERSON"), "ana");
        let edited = format!("Berlin. {TEXT}");
        let at = store.corrections_of("a")[0].anchor(&edited);
        assert_eq!(at, Some((34, 40)));
        assert_eq!(store.corrections_of("a")[0].anchor("Scholz spoke."), None);
    }
}
