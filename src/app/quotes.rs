//! The quotes view (`Q`): every speaker in the corpus with their quotes, articles and outlets,
//! most quoted first; typing filters the speakers (fuzzy); `Enter` lists a speaker's quotes,
//! newest first, where typing searches inside the quotes; `Enter` on a quote opens the article
//! with the cursor on it. Built from the quote index the background indexer makes with the
//! entity index.

use super::editor::TextEditor;
use super::popup::{Input, Outcome, Overlay};
use super::{Action, App, Focus, SpanKind};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuotesView {
    /// What was typed: filters speakers, or the open speaker's quotes.
    pub query: TextEditor,
    /// Speaker indices shown, best match first.
    pub speakers: Vec<usize>,
    pub selected: usize,
    /// The speaker whose quotes are listed, the quotes shown (indices into the index's
    /// `quotes`), the row selected, and the speaker filter to go back to.
    pub open: Option<OpenSpeaker>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenSpeaker {
    pub speaker: usize,
    pub quotes: Vec<usize>,
    pub selected: usize,
    pub speaker_query: TextEditor,
}

impl App {
    pub fn set_quote_index(&mut self, index: crate::quote_index::QuoteIndex) {
        self.indexes.quotes = Some(index);
    }

    /// `Q`: the speakers, once the index is built.
    pub(super) fn open_quotes(&mut self) {
        let Some(index) = &self.indexes.quotes else {
            let (done, total) = self.indexes.entity_progress;
            self.screen.message = Some(format!(
                "still finding who said what ({done}/{total}); try again in a moment"
            ));
            return;
        };
        if index.speakers.is_empty() {
            self.screen.message = Some("no quote in this corpus has a speaker".into());
            return;
        }
        let mut view = QuotesView::default();
        view.refresh(self);
        self.popups.push(Overlay::Quotes(view));
    }
}

impl QuotesView {
    /// The rows for what is typed.
    fn refresh(&mut self, app: &App) {
        let Some(index) = &app.indexes.quotes else {
            return;
        };
        let query = self.query.text.trim().to_lowercase();
        match &mut self.open {
            None => {
                let mut scored: Vec<(i64, usize)> = index
                    .speakers
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| Some((crate::search::fuzzy_score(&s.name, &query)?, i)))
                    .collect();
                // Best match first; with nothing typed, the index's ranking (most quoted).
                scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                self.speakers = scored.into_iter().map(|(_, i)| i).collect();
                self.selected = self.selected.min(self.speakers.len().saturating_sub(1));
            }
            Some(open) => {
                let articles = &app.corpus.articles;
                // Words as the search line takes them: each a prefix of a word of the quote.
                let wanted: Vec<String> = crate::search::words(&query)
                    .map(|(_, w)| crate::search::fold(w).into_owned())
                    .collect();
                open.quotes = index
                    .quote_ids_of(open.speaker, articles)
                    .into_iter()
                    .filter(|&i| {
                        let q = &index.quotes[i];
                        let text = articles[q.article].body.get(q.range.clone()).unwrap_or("");
                        let have: Vec<String> = crate::search::words(text)
                            .map(|(_, w)| crate::search::fold(w).into_owned())
                            .collect();
                        wanted
                            .iter()
                            .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
                    })
                    .collect();
                open.selected = open.selected.min(open.quotes.len().saturating_sub(1));
            }
        }
    }

    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        match input {
            Input::Action(Action::Cancel) => {
                if let Some(open) = self.open.take() {
                    self.query = open.speaker_query;
                    self.refresh(app);
                    return Outcome::stay();
                }
                return Outcome::close();
            }
            Input::Action(Action::MoveDown | Action::MoveUp) => {
                let down = input == Input::Action(Action::MoveDown);
                let (selected, len) = match &mut self.open {
                    Some(open) => (&mut open.selected, open.quotes.len()),
                    None => (&mut self.selected, self.speakers.len()),
                };
                *selected = if down {
                    (*selected + 1).min(len.saturating_sub(1))
                } else {
                    selected.saturating_sub(1)
                };
            }
            Input::Action(Action::Confirm) => match &self.open {
                None => {
                    let Some(&speaker) = self.speakers.get(self.selected) else {
                        return Outcome::stay();
                    };
                    self.open = Some(OpenSpeaker {
                        speaker,
                        speaker_query: std::mem::take(&mut self.query),
                        ..OpenSpeaker::default()
                    });
                    self.refresh(app);
                }
                Some(open) => {
                    let row = open
                        .quotes
                        .get(open.selected)
                        .and_then(|&i| app.indexes.quotes.as_ref()?.quotes.get(i).cloned());
                    if let Some(row) = row {
                        if app.open_at_quote(row.article, row.range) {
                            return Outcome::close();
                        }
                    }
                }
            },
            other => {
                if self.query.query_input(&other) {
                    self.refresh(app);
                }
            }
        }
        Outcome::stay()
    }
}

impl App {
    /// Opens article `index` in the reader with the cursor on the quote at `range`; false (and
    /// says why) when the list's filter hides it.
    fn open_at_quote(&mut self, index: usize, range: std::ops::Range<usize>) -> bool {
        let Some(id) = self
            .corpus
            .articles
            .get(index)
            .map(|a| a.id.as_str().to_string())
        else {
            return false;
        };
        if !self.open_article_by_id(&id) {
            return false;
        }
        self.screen.focus = Focus::Reader;
        self.relayout();
        self.set_cursor(SpanKind::Quote, range);
        true
    }
}
