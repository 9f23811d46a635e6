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

use crossterm::event::{KeyCode, KeyModifiers};

use super::analysis_view::{SpanCursor, SpanKind};
use super::editor::{EditOutcome, TextEditor};
use super::{Action, App, Effect, Focus, KeyPress, Overlay};
use crate::search::{match_ranges, Query, SearchIndex, StoreFacts};

/// Queries remembered for Up/Down (oldest dropped first).
pub const HISTORY_LIMIT: usize = 500;

/// A query applied to the list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActiveSearch {
    pub text: String,
    /// Corpus indices, best first.
    pub ranked: Vec<usize>,
    /// Vocabulary words and phrases to highlight.
    pub terms: BTreeSet<String>,
    pub phrases: Vec<String>,
    /// Unusable filters, "titles only while indexing", …
    pub messages: Vec<String>,
}

/// The search line while it is being edited.
#[derive(Clone, Debug, Default, PartialEq)]
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

/// "1 match", "12 matches": for the search line and the status bar.
pub fn match_count(count: usize) -> String {
    format!("{count} match{}", if count == 1 { "" } else { "es" })
}

/// Esc or Ctrl-c: leave a search field.
fn is_cancel(key: KeyPress) -> bool {
    key.code == KeyCode::Esc
        || (key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c'))
}

impl App {
    /// Hands the app a (new) search index: titles-only first, the full one when built.
    pub fn set_search_index(&mut self, index: Arc<SearchIndex>) {
        self.search_index = Some(index);
        self.matches_key = None;
        if self.search.is_some() {
            self.refilter();
            self.relayout();
        }
    }

    pub fn search_index(&self) -> Option<&SearchIndex> {
        self.search_index.as_deref()
    }

    /// Runs `text` against the index with the store and entity facts of now.
    pub(super) fn run_search(&mut self, text: &str) -> ActiveSearch {
        if self.search_index.is_none() {
            // Nothing from the shell yet (tests, or the first instant): titles are quick.
            let titles = SearchIndex::build_titles(&self.corpus.articles);
            self.search_index = Some(Arc::new(titles));
        }
        let query = Query::parse(text);
        let facts = StoreFacts {
            articles: &self.corpus.articles,
            store: &self.store,
            entities: self.entity_index.as_ref(),
        };
        let index = self.search_index.as_deref().expect("set above");
        let outcome = self
            .searcher
            .run(index, &self.corpus.articles, &query, &facts);
        ActiveSearch {
            text: text.to_string(),
            ranked: outcome.hits.into_iter().map(|(doc, _)| doc).collect(),
            terms: outcome.terms,
            phrases: outcome.phrases,
            messages: outcome.messages,
        }
    }

    /// Runs the active query again (the store, entity index or search index changed).
    pub(super) fn rerun_search(&mut self) {
        if let Some(text) = self.search.as_ref().map(|s| s.text.clone()) {
            let fresh = self.run_search(&text);
            self.search = Some(fresh);
        }
    }

    pub(super) fn open_search_line(&mut self) {
        let text = self
            .search
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        self.search_line = Some(SearchLine {
            input: TextEditor::new(&text),
            history_pos: None,
            draft: String::new(),
            before: self.search.clone(),
            before_selected: self.current().map(|a| a.id.to_string()),
        });
        self.focus = Focus::List;
    }

    /// A key while the search line is open.
    pub(super) fn search_line_key(&mut self, key: KeyPress) -> Vec<Effect> {
        let Some(mut line) = self.search_line.take() else {
            return Vec::new();
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            _ if is_cancel(key) => {
                self.search = line.before.take();
                self.refilter_keeping(line.before_selected.as_deref());
                return Vec::new();
            }
            KeyCode::Enter => {
                let text = line.input.text.trim().to_string();
                if text.is_empty() {
                    self.search = None;
                    self.refilter_keeping(line.before_selected.as_deref());
                    return Vec::new();
                }
                self.search_history.retain(|h| *h != text);
                self.search_history.push(text.clone());
                let excess = self.search_history.len().saturating_sub(HISTORY_LIMIT);
                self.search_history.drain(..excess);
                self.message = Some(format!(
                    "{} — Esc clears the search",
                    match_count(self.visible.len())
                ));
                return vec![Effect::SearchHistory(self.search_history.clone())];
            }
            KeyCode::Up | KeyCode::Down => {
                let len = self.search_history.len();
                let pos = match (key.code, line.history_pos) {
                    (KeyCode::Up, None) if len > 0 => {
                        line.draft = line.input.text.clone();
                        Some(len - 1)
                    }
                    (KeyCode::Up, Some(p)) => Some(p.saturating_sub(1)),
                    (KeyCode::Down, Some(p)) if p + 1 < len => Some(p + 1),
                    (KeyCode::Down, Some(_)) => None,
                    (_, pos) => pos,
                };
                if pos != line.history_pos {
                    let text = match pos {
                        Some(p) => self.search_history[p].clone(),
                        None => line.draft.clone(),
                    };
                    line.history_pos = pos;
                    line.input = TextEditor::new(&text);
                    self.apply_search_text(&text);
                }
            }
            KeyCode::Char('n') if ctrl => self.update_list(Action::MoveDown),
            KeyCode::Char('p') if ctrl => self.update_list(Action::MoveUp),
            _ => {
                if line.input.handle(key) == EditOutcome::Edited {
                    line.history_pos = None;
                    let text = line.input.text.clone();
                    self.apply_search_text(&text);
                }
            }
        }
        self.search_line = Some(line);
        Vec::new()
    }

    fn update_list(&mut self, action: Action) {
        self.focus = Focus::List;
        self.move_selection(action);
    }

    /// Re-ranks the list for the text in the search line (typed or pasted); the best match
    /// is highlighted.
    pub(super) fn apply_search_text(&mut self, text: &str) {
        // `refilter` runs the query.
        self.search = (!text.trim().is_empty()).then(|| ActiveSearch {
            text: text.to_string(),
            ..ActiveSearch::default()
        });
        self.refilter();
        self.selected = 0;
        self.list_offset = 0;
    }

    /// Refilters, then highlights the article with this id if it is listed.
    fn refilter_keeping(&mut self, id: Option<&str>) {
        self.refilter();
        if let Some(pos) = id.and_then(|id| {
            self.visible
                .iter()
                .position(|&i| self.corpus.articles[i].id.as_str() == id)
        }) {
            self.selected = pos;
        }
    }

    /// Byte ranges of the search's matches in the body of corpus article `index`.
    pub(super) fn matches_in_body(&self, index: usize) -> Vec<Range<usize>> {
        match (&self.search, self.corpus.articles.get(index)) {
            (Some(search), Some(article)) => {
                match_ranges(&article.body, &search.terms, &search.phrases)
            }
            _ => Vec::new(),
        }
    }

    /// `n`/`N`: the next or previous match in the open article, shown in the reader.
    pub(super) fn jump_match(&mut self, forward: bool) {
        if self.search.is_none() {
            self.message = Some("no search — press / to search".into());
            return;
        }
        if self.current().is_none() {
            return;
        }
        self.focus = Focus::Reader;
        self.relayout();
        let matches = self.reader_matches.clone();
        let found = self.next_span(&matches, SpanKind::Match, forward);
        match found {
            Some(range) => {
                let n = matches
                    .iter()
                    .position(|m| *m == range)
                    .map_or(0, |p| p + 1);
                self.span_cursor = Some(SpanCursor {
                    kind: SpanKind::Match,
                    range,
                });
                self.scroll_to_cursor();
                self.message = Some(format!("match {n} of {}", matches.len()));
            }
            None if matches.is_empty() => {
                self.message =
                    Some("no match in this article's text (title or metadata only)".into())
            }
            None => {
                self.message = Some(format!(
                    "no match {} — {} in this article",
                    if forward { "below" } else { "above" },
                    matches.len()
                ))
            }
        }
    }

    pub(super) fn open_saved_searches(&mut self) {
        self.overlay = Some(Overlay::SavedSearches(SavedSearches::default()));
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
        if let Some(active) = &self.search {
            if !typed.is_empty() && !self.store.searches.contains_key(typed) {
                rows.push(SavedRow::SaveAs {
                    name: typed.to_string(),
                    query: active.text.clone(),
                });
            }
        }
        rows
    }

    pub(super) fn saved_searches_key(
        &mut self,
        mut popup: SavedSearches,
        key: KeyPress,
    ) -> Vec<Effect> {
        let rows = self.saved_rows(&popup);
        let last = rows.len().saturating_sub(1);
        match key.code {
            _ if is_cancel(key) => return Vec::new(),
            KeyCode::Down => popup.selected = (popup.selected + 1).min(last),
            KeyCode::Up => popup.selected = popup.selected.saturating_sub(1),
            KeyCode::Enter => {
                return match rows.into_iter().nth(popup.selected) {
                    Some(SavedRow::Saved { query, .. }) => {
                        self.apply_search_text(&query);
                        self.message =
                            Some(format!("{} for {query}", match_count(self.visible.len())));
                        Vec::new()
                    }
                    Some(SavedRow::SaveAs { name, query }) => {
                        self.message = Some(format!("saved search {name}: {query}"));
                        self.store.searches.insert(name, query);
                        vec![Effect::Save]
                    }
                    None => {
                        self.overlay = Some(Overlay::SavedSearches(popup));
                        Vec::new()
                    }
                };
            }
            KeyCode::Delete => {
                if let Some(SavedRow::Saved { name, .. }) = rows.into_iter().nth(popup.selected) {
                    popup.selected = popup.selected.saturating_sub(1);
                    self.overlay = Some(Overlay::SavedSearches(popup));
                    self.store.searches.remove(&name);
                    self.message = Some(format!("saved search {name} deleted"));
                    return vec![Effect::Save];
                }
            }
            _ => {
                if popup.input.handle(key) == EditOutcome::Edited {
                    popup.selected = 0;
                }
            }
        }
        self.overlay = Some(Overlay::SavedSearches(popup));
        Vec::new()
    }
}
