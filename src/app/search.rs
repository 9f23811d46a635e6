//! The search line (`/`): every keystroke re-ranks the list; Enter keeps the result as the
//! list's filter, Esc puts back the view from before `/`; Up/Down walk the history. `n`/`N`
//! move between the matches inside the open article. Saved searches (`S`) live in the store so
//! they travel with the tags.
//!
//! Queries run synchronously on every keystroke: at 100k articles the index answers within a
//! frame (BENCHMARKS.md), which keeps the behaviour deterministic and testable without threads.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use super::analysis_view::{SpanCursor, SpanKind};
use super::editor::{EditOutcome, TextEditor};
use super::popup::{Input, Outcome};
use super::{Action, App, Effect, Focus, Overlay};
use crate::search::{match_ranges, Query, SearchIndex, StoreFacts};

/// Queries remembered for Up/Down (oldest dropped first).
pub const HISTORY_LIMIT: usize = 500;

/// A query applied to the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActiveSearch {
    pub text: String,
    /// Vocabulary words and phrases to highlight.
    pub terms: BTreeSet<String>,
    pub phrases: Vec<String>,
    /// Unusable filters, "titles only while indexing", …
    pub messages: Vec<String>,
}

/// The search line while it is being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchLine {
    pub input: TextEditor,
    /// Position in the history while walking it with Up/Down (`None`: the line being typed).
    history_pos: Option<usize>,
    /// What was typed before walking the history.
    draft: String,
    /// The view to restore on Esc.
    before: Option<ActiveSearch>,
    before_selected: Option<String>,
}

/// The saved-searches popup: a filter/name field over the saved list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedSearches {
    pub input: TextEditor,
    pub selected: usize,
}

/// One row of the saved-searches popup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavedRow {
    Saved {
        name: String,
        query: String,
    },
    /// Save the active query under the typed name.
    SaveAs {
        name: String,
        query: String,
    },
}

/// At least this many of a query's best hits are ranked on each keystroke: a screenful on any
/// terminal, and the first page-downs.
const HEAD_ROWS: usize = 128;

/// "1 match", "12 matches": for the search line and the status bar.
pub fn match_count(count: usize) -> String {
    format!("{count} match{}", if count == 1 { "" } else { "es" })
}

impl App {
    /// Hands the app a (new) search index: titles-only first, the full one when built.
    pub fn set_search_index(&mut self, index: Arc<SearchIndex>) {
        self.indexes.search = Some(index);
        self.reader.matches_key = None;
        if self.list.search.is_some() {
            self.refilter();
            self.relayout();
        }
    }

    pub fn search_index(&self) -> Option<&SearchIndex> {
        self.indexes.search.as_deref()
    }

    /// Runs `text` against the index with the store and entity facts of now: the search, and
    /// its hits best first (in the buffer of the list before, so that a keystroke allocates no
    /// list of a million); with a `head`, only that many are in order (see
    /// [`Searcher::run_ranked`](crate::search::Searcher::run_ranked)).
    pub(super) fn run_search(
        &mut self,
        text: &str,
        head: Option<usize>,
    ) -> (ActiveSearch, Vec<usize>) {
        if self.indexes.search.is_none() {
            // Nothing from the shell yet (tests, or the first instant): titles are quick.
            let titles = SearchIndex::build_titles(&self.corpus.articles);
            self.indexes.search = Some(Arc::new(titles));
        }
        let query = Query::parse(text);
        let facts = StoreFacts {
            articles: &self.corpus.articles,
            store: &self.store,
            entities: self.indexes.entity.as_ref(),
            quotes: self.indexes.quotes.as_ref(),
        };
        let index = self.indexes.search.as_deref().expect("set above");
        let mut ranked = std::mem::take(&mut self.indexes.spare_list);
        let outcome = self.indexes.searcher.run_ranked(
            index,
            &self.corpus.articles,
            &query,
            &facts,
            &mut ranked,
            head,
        );
        let search = ActiveSearch {
            text: text.to_string(),
            terms: outcome.terms,
            phrases: outcome.phrases,
            messages: outcome.messages,
        };
        (search, ranked)
    }

    /// Runs the active query again (the store, entity index or search index changed); its
    /// hits, best first, if there is a query.
    pub(super) fn rerun_search(&mut self, head: Option<usize>) -> Option<Vec<usize>> {
        let text = self.list.search.as_ref().map(|s| s.text.clone())?;
        let (fresh, ranked) = self.run_search(&text, head);
        self.list.search = Some(fresh);
        Some(ranked)
    }

    pub(super) fn open_search_line(&mut self) {
        let text = self
            .list
            .search
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        self.popups.push(Overlay::SearchLine(SearchLine {
            input: TextEditor::new(&text),
            history_pos: None,
            draft: String::new(),
            before: self.list.search.clone(),
            before_selected: self.current().map(|a| a.id.to_string()),
        }));
        self.screen.focus = Focus::List;
    }

    pub(super) fn update_list(&mut self, action: Action) {
        self.screen.focus = Focus::List;
        self.move_selection(action);
    }

    /// Re-ranks the list for the text in the search line (typed or pasted); the best match
    /// is highlighted.
    pub(super) fn apply_search_text(&mut self, text: &str) {
        // A keystroke that leaves the query as it was (the space between two words) leaves the
        // list as it was: at a million articles that is a whole search saved.
        if let Some(search) = &mut self.list.search {
            if !text.trim().is_empty() && Query::parse(&search.text) == Query::parse(text) {
                search.text = text.to_string();
                self.list.selected = 0;
                self.list.offset = 0;
                return;
            }
        }
        // `refilter` runs the query; while the reader types, only the rows on screen are ranked
        // (and a few more), the rest when typing pauses.
        self.list.search = (!text.trim().is_empty()).then(|| ActiveSearch {
            text: text.to_string(),
            ..ActiveSearch::default()
        });
        self.refilter_ranking(Some((2 * self.list_rows()).max(HEAD_ROWS)));
        self.list.selected = 0;
        self.list.offset = 0;
    }

    /// Refilters, then highlights the article with this id if it is listed.
    pub(super) fn refilter_keeping(&mut self, id: Option<&str>) {
        self.refilter();
        if let Some(pos) = id.and_then(|id| {
            self.list
                .visible
                .iter()
                .position(|&i| self.corpus.articles[i].id.as_str() == id)
        }) {
            self.list.selected = pos;
        }
    }

    /// Byte ranges of the search's matches in the body of corpus article `index`.
    pub(super) fn matches_in_body(&self, index: usize) -> Vec<Range<usize>> {
        match (&self.list.search, self.corpus.articles.get(index)) {
            (Some(search), Some(article)) => {
                match_ranges(&article.body, &search.terms, &search.phrases)
            }
            _ => Vec::new(),
        }
    }

    /// `n`/`N`: the next or previous match in the open article, shown in the reader.
    pub(super) fn jump_match(&mut self, forward: bool) {
        if self.list.search.is_none() {
            self.screen.message = Some("no search — press / to search".into());
            return;
        }
        if self.current().is_none() {
            return;
        }
        self.screen.focus = Focus::Reader;
        self.relayout();
        let matches = self.reader.matches.clone();
        let found = self.next_span(&matches, SpanKind::Match, forward);
        match found {
            Some(range) => {
                let n = matches
                    .iter()
                    .position(|m| *m == range)
                    .map_or(0, |p| p + 1);
                self.reader.span_cursor = Some(SpanCursor {
                    kind: SpanKind::Match,
                    range,
                });
                self.scroll_to_cursor();
                self.screen.message = Some(format!("match {n} of {}", matches.len()));
            }
            None if matches.is_empty() => {
                self.screen.message =
                    Some("no match in this article's text (title or metadata only)".into())
            }
            None => {
                self.screen.message = Some(format!(
                    "no match {} — {} in this article",
                    if forward { "below" } else { "above" },
                    matches.len()
                ))
            }
        }
    }

    /// The saved-searches popup's rows for what is typed: saved searches whose name or query
    /// contains it, then "save the active query as …" when a name is typed that is not taken.
    pub fn saved_rows(&self, popup: &SavedSearches) -> Vec<SavedRow> {
        let typed = popup.input.text.trim();
        let mut rows: Vec<SavedRow> = self
            .store
            .searches
            .iter()
            .filter(|(name, query)| {
                typed.is_empty()
                    || crate::search::fuzzy_score(name, typed).is_some()
                    || crate::search::fuzzy_score(query, typed).is_some()
            })
            .map(|(name, query)| SavedRow::Saved {
                name: name.clone(),
                query: query.clone(),
            })
            .collect();
        if let Some(active) = &self.list.search {
            if !typed.is_empty() && !self.store.searches.contains_key(typed) {
                rows.push(SavedRow::SaveAs {
                    name: typed.to_string(),
                    query: active.text.clone(),
                });
            }
        }
        rows
    }
}

impl SearchLine {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        match input {
            Input::Action(Action::Cancel) => {
                app.list.search = self.before.take();
                app.refilter_keeping(self.before_selected.as_deref());
                return Outcome::close();
            }
            Input::Action(Action::Confirm) => {
                let text = self.input.text.trim().to_string();
                if text.is_empty() {
                    app.list.search = None;
                    app.refilter_keeping(self.before_selected.as_deref());
                    return Outcome::close();
                }
                app.search_history.retain(|h| *h != text);
                app.search_history.push(text.clone());
                let excess = app.search_history.len().saturating_sub(HISTORY_LIMIT);
                app.search_history.drain(..excess);
                app.screen.message = Some(format!(
                    "{} — Esc clears the search",
                    match_count(app.list.visible.len())
                ));
                return Outcome::Close(vec![Effect::SearchHistory(app.search_history.clone())]);
            }
            Input::Action(step @ (Action::HistoryPrev | Action::HistoryNext)) => {
                let len = app.search_history.len();
                let pos = match (step, self.history_pos) {
                    (Action::HistoryPrev, None) if len > 0 => {
                        self.draft = self.input.text.clone();
                        Some(len - 1)
                    }
                    (Action::HistoryPrev, Some(p)) => Some(p.saturating_sub(1)),
                    (Action::HistoryNext, Some(p)) if p + 1 < len => Some(p + 1),
                    (Action::HistoryNext, Some(_)) => None,
                    (_, pos) => pos,
                };
                if pos != self.history_pos {
                    let text = match pos {
                        Some(p) => app.search_history[p].clone(),
                        None => self.draft.clone(),
                    };
                    self.history_pos = pos;
                    self.input = TextEditor::new(&text);
                    app.apply_search_text(&text);
                }
            }
            Input::Action(step @ (Action::MoveDown | Action::MoveUp)) => app.update_list(step),
            Input::Paste(text) => {
                self.input.insert(&text.replace(['\n', '\r'], " "));
                self.history_pos = None;
                let typed = self.input.text.clone();
                app.apply_search_text(&typed);
            }
            other => {
                if self.input.apply(&other) == EditOutcome::Edited {
                    self.history_pos = None;
                    let text = self.input.text.clone();
                    app.apply_search_text(&text);
                }
            }
        }
        Outcome::stay()
    }
}

impl SavedSearches {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let rows = app.saved_rows(self);
        let last = rows.len().saturating_sub(1);
        match input {
            Input::Action(Action::Cancel) => return Outcome::close(),
            Input::Action(Action::MoveDown) => self.selected = (self.selected + 1).min(last),
            Input::Action(Action::MoveUp) => self.selected = self.selected.saturating_sub(1),
            Input::Action(Action::Confirm) => {
                return match rows.into_iter().nth(self.selected) {
                    Some(SavedRow::Saved { query, .. }) => {
                        app.apply_search_text(&query);
                        app.screen.message = Some(format!(
                            "{} for {query}",
                            match_count(app.list.visible.len())
                        ));
                        Outcome::close()
                    }
                    Some(SavedRow::SaveAs { name, query }) => {
                        app.screen.message = Some(format!("saved search {name}: {query}"));
                        app.store.save_search(&name, &query);
                        Outcome::Close(vec![Effect::Save])
                    }
                    None => Outcome::stay(),
                };
            }
            Input::Action(Action::Delete) => {
                if let Some(SavedRow::Saved { name, .. }) = rows.into_iter().nth(self.selected) {
                    self.selected = self.selected.saturating_sub(1);
                    app.store.delete_search(&name);
                    app.screen.message = Some(format!("saved search {name} deleted"));
                    return Outcome::Consumed(vec![Effect::Save]);
                }
            }
            Input::Paste(text) => {
                self.input.insert(&text.replace(['\n', '\r'], " "));
                self.selected = 0;
            }
            other => {
                if self.input.apply(&other) == EditOutcome::Edited {
                    self.selected = 0;
                }
            }
        }
        Outcome::stay()
    }
}
