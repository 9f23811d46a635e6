//! Correcting the machine from the reader (`x`): relabel or reject the entity under the cursor,
//! set or clear the speaker of the quote under it. A wrong speaker shown as fact is worse than
//! none, so the reader that shows the analysis is where a person fixes it, as they read; the
//! fix is stored like a coding (coder, time, undo) and every view shows it at once.

use super::editor::TextEditor;
use super::passages::PassageTarget;
use super::popup::{Input, Outcome, Overlay};
use super::{Action, App, Effect, SpanKind};
use crate::analysis::Label;
use crate::store::Fix;

/// One choice of the correction picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectRow {
    pub text: String,
    pub fix: Fix,
    pub value: Option<String>,
    /// What the span shows now (the current label or speaker).
    pub current: bool,
}

/// The correction picker: a filterable list of labels (for an entity) or of the article's
/// people (for a quote's speaker); a typed name that is nobody in the list is offered as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectPicker {
    pub target: PassageTarget,
    /// Setting a quote's speaker (else what the span is as an entity).
    pub quote: bool,
    /// The span's words, for the title.
    pub words: String,
    pub query: TextEditor,
    pub rows: Vec<CorrectRow>,
    pub selected: usize,
}

impl CorrectPicker {
    fn query_changed(&mut self, app: &App) {
        self.rows = app.correct_rows(&self.target, self.quote, &self.query.text);
        self.selected = 0;
    }

    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        match input {
            Input::Action(Action::Cancel) => return Outcome::close(),
            Input::Action(Action::Confirm) => {
                let Some(row) = self.rows.get(self.selected).cloned() else {
                    return Outcome::stay();
                };
                return Outcome::Close(app.apply_correction(&self.target, &row));
            }
            Input::Action(Action::MoveDown) => {
                self.selected = (self.selected + 1).min(self.rows.len().saturating_sub(1))
            }
            Input::Action(Action::MoveUp) => self.selected = self.selected.saturating_sub(1),
            other => {
                if self.query.query_input(&other) {
                    self.query_changed(app);
                }
            }
        }
        Outcome::stay()
    }
}

impl App {
    /// `x`: the picker for the entity or quote under the cursor (or the selection).
    pub(super) fn open_correct_picker(&mut self) -> Vec<Effect> {
        let Some(index) = self.reader.article else {
            return Vec::new();
        };
        let Some(target) = self.passage_target() else {
            self.screen.message = Some(
                "move to an entity (]e) or a quote (]q) first, or select words (v, o), then x corrects it"
                    .into(),
            );
            return Vec::new();
        };
        let analysis = self.analysis_of(index);
        let on_quote = self
            .reader
            .span_cursor
            .as_ref()
            .is_some_and(|c| c.kind == SpanKind::Quote && self.reader.anchor.is_none());
        let quote = on_quote || analysis.quotes.iter().any(|q| q.range == target.range);
        let words = self
            .corpus
            .articles
            .get(index)
            .and_then(|a| a.body.get(target.range.clone()))
            .unwrap_or("")
            .to_string();
        let rows = self.correct_rows(&target, quote, "");
        self.popups.push(Overlay::Correct(CorrectPicker {
            target,
            quote,
            words,
            query: TextEditor::default(),
            rows,
            selected: 0,
        }));
        Vec::new()
    }

    /// The choices for a span, filtered by `query` (case-insensitive, any part of the text).
    pub(super) fn correct_rows(
        &self,
        target: &PassageTarget,
        quote: bool,
        query: &str,
    ) -> Vec<CorrectRow> {
        let Some(&index) = self.positions.get(&target.id) else {
            return Vec::new();
        };
        let analysis = self.analyses.get(&index).map(|(a, _)| a.clone());
        let mine = self.store.corrections_of(&target.id).iter().any(|c| {
            (c.start, c.end) == target.chars && c.coder == self.coder && c.fix.is_entity() != quote
        });
        let mut rows = Vec::new();
        let wanted = query.trim().to_lowercase();
        if quote {
            let quote_now = analysis
                .as_ref()
                .and_then(|a| a.quotes.iter().find(|q| q.range == target.range).cloned());
            let speaker_now = quote_now.as_ref().and_then(|q| q.speaker.clone());
            let body = self.corpus.articles[index].body.as_str();
            let mut people: Vec<String> = analysis
                .as_ref()
                .map(|a| {
                    crate::entity_index::summarize(body, a)
                        .into_iter()
                        .filter(|(k, _)| k.label == Label::Person)
                        .map(|(k, _)| k.name)
                        .collect()
                })
                .unwrap_or_default();
            if let Some(s) = &speaker_now {
                if !people.iter().any(|p| p.eq_ignore_ascii_case(s)) {
                    people.insert(0, s.clone());
                }
            }
            // People whose name holds what was typed come first (Enter picks the first), then
            // the typed name as it is when it is nobody's.
            for person in people.iter().filter(|p| p.to_lowercase().contains(&wanted)) {
                rows.push(CorrectRow {
                    current: speaker_now.as_deref() == Some(person.as_str()),
                    text: format!("said by {person}"),
                    fix: Fix::Speaker,
                    value: Some(person.clone()),
                });
            }
            let typed = query.split_whitespace().collect::<Vec<_>>().join(" ");
            if !typed.is_empty() && !people.iter().any(|p| p.eq_ignore_ascii_case(&typed)) {
                rows.push(CorrectRow {
                    text: format!("said by {typed}"),
                    fix: Fix::Speaker,
                    value: Some(typed),
                    current: false,
                });
            }
            rows.push(CorrectRow {
                text: "no speaker (the text does not say who)".into(),
                fix: Fix::NoSpeaker,
                value: None,
                current: quote_now.is_some() && speaker_now.is_none(),
            });
        } else {
            let label_now = analysis.as_ref().and_then(|a| {
                a.entities
                    .iter()
                    .find(|e| e.range == target.range)
                    .map(|e| e.label)
            });
            for label in Label::ALL {
                rows.push(CorrectRow {
                    text: format!("label {}", label.as_str()),
                    fix: Fix::Label,
                    value: Some(label.as_str().to_string()),
                    current: label_now == Some(label),
                });
            }
            rows.push(CorrectRow {
                text: "not an entity (reject)".into(),
                fix: Fix::Reject,
                value: None,
                current: false,
            });
        }
        if mine {
            rows.push(CorrectRow {
                text: "restore the machine's analysis (take back my correction)".into(),
                fix: if quote {
                    Fix::RestoreSpeaker
                } else {
                    Fix::RestoreEntity
                },
                value: None,
                current: false,
            });
        }
        if !quote && !wanted.is_empty() {
            rows.retain(|r| r.text.to_lowercase().contains(&wanted));
        }
        rows
    }

    /// Stores the chosen correction; the reader, the entity panel and `who:` show it at once.
    pub(super) fn apply_correction(
        &mut self,
        target: &PassageTarget,
        row: &CorrectRow,
    ) -> Vec<Effect> {
        let Some(&index) = self.positions.get(&target.id) else {
            return Vec::new();
        };
        let Some(selector) = self.selector_for(target) else {
            return Vec::new();
        };
        let words = crate::text::sanitize(&selector.exact).into_owned();
        let label = match row.fix {
            Fix::Label => format!(
                "{words}: {} (corrected)",
                row.value.as_deref().unwrap_or("")
            ),
            Fix::Reject => format!("{words}: not an entity (corrected)"),
            Fix::Speaker => format!(
                "quote said by {} (corrected)",
                row.value.as_deref().unwrap_or("")
            ),
            Fix::NoSpeaker => "quote: no speaker (corrected)".to_string(),
            Fix::RestoreEntity | Fix::RestoreSpeaker => {
                format!("{words}: the machine's analysis again")
            }
        };
        let effects = self.record_change(label, Some(vec![target.id.clone()]), |store, app| {
            store.correct(
                &target.id,
                target.chars,
                row.fix,
                row.value.as_deref(),
                &selector,
                &app.coder,
            );
        });
        if effects.is_empty() {
            self.screen.message = Some("already so: nothing changed".into());
        }
        // The analysis (and with it the index behind `who:` and the entity panel) follows now.
        self.analysis_of(index);
        self.refresh_entity_panel(Some(index));
        self.reader.anchor = None;
        effects
    }
}
