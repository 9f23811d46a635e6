//! What the app does with the analysis: highlights on/off, jumping between entities and quotes,
//! the entity panel, and filtering the list to the articles that mention an entity. Articles
//! are analysed on demand (one is a millisecond's work) and cached; the corpus-wide entity
//! index arrives from the shell, built in the background.

use std::ops::Range;
use std::sync::Arc;

use super::{Action, App, Effect, Focus, ReaderLine};
use crate::analysis::Analysis;
use crate::app::reader::Piece;
use crate::entity_index::{summarize, EntityIndex, EntityKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    Entity,
    Quote,
    /// A search match (`n`/`N`).
    Match,
}

/// The span `]e`/`]q` moved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanCursor {
    pub kind: SpanKind,
    /// Byte range in the article body.
    pub range: Range<usize>,
}

/// The entities of the open article with mention counts, shown in place of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityPanel {
    pub rows: Vec<(EntityKey, usize)>,
    pub selected: usize,
}

impl App {
    /// The analysis of article `index`, computed once and cached.
    pub(super) fn analysis_of(&mut self, index: usize) -> Arc<Analysis> {
        if let Some(a) = self.analyses.get(&index) {
            return Arc::clone(a);
        }
        let body = self
            .corpus
            .articles
            .get(index)
            .map_or("", |a| a.body.as_str());
        let analysis = Arc::new(crate::analysis::analyze(body));
        self.analyses.insert(index, Arc::clone(&analysis));
        analysis
    }

    /// The analysis of the article in the reader, when highlights are on.
    pub fn reader_analysis(&self) -> Option<&Analysis> {
        let index = self.reader.article.filter(|_| self.highlights)?;
        self.analyses.get(&index).map(|a| a.as_ref())
    }

    pub(super) fn analysis_action(&mut self, action: Action) {
        match action {
            Action::ToggleHighlights => {
                self.highlights = !self.highlights;
                self.reader_stale = true;
                self.message = Some(format!(
                    "highlights {}",
                    if self.highlights { "on" } else { "off" }
                ));
            }
            // Closing the panel is `panel_action`'s: with the panel open, keys go there first.
            Action::EntityPanel => {
                if let Some(index) = self.visible.get(self.selected).copied() {
                    self.entity_panel = Some(EntityPanel::default());
                    self.refresh_entity_panel(Some(index));
                    self.focus = Focus::List;
                }
            }
            _ => {}
        }
    }

    pub(super) fn refresh_entity_panel(&mut self, article: Option<usize>) {
        if self.entity_panel.is_none() {
            return;
        }
        let rows = match article {
            Some(index) => {
                let analysis = self.analysis_of(index);
                summarize(&self.corpus.articles[index].body, &analysis)
            }
            None => Vec::new(),
        };
        self.entity_panel = Some(EntityPanel { rows, selected: 0 });
    }

    /// Keys while the entity panel is open. `None`: not the panel's business.
    pub(super) fn panel_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        let panel = self.entity_panel.as_mut()?;
        let last = panel.rows.len().saturating_sub(1);
        match action {
            Action::MoveDown => panel.selected = (panel.selected + 1).min(last),
            Action::MoveUp => panel.selected = panel.selected.saturating_sub(1),
            Action::Top => panel.selected = 0,
            Action::Bottom => panel.selected = last,
            Action::PageDown | Action::HalfPageDown => {
                panel.selected = (panel.selected + 10).min(last)
            }
            Action::PageUp | Action::HalfPageUp => {
                panel.selected = panel.selected.saturating_sub(10)
            }
            Action::Open => {
                let key = panel.rows.get(panel.selected).map(|(k, _)| k.clone());
                if let Some(key) = key {
                    self.filter_by_entity(key);
                }
            }
            Action::Back | Action::Cancel | Action::EntityPanel => self.entity_panel = None,
            Action::Quit => return Some(vec![Effect::Quit]),
            _ => return None,
        }
        Some(Vec::new())
    }

    fn filter_by_entity(&mut self, key: EntityKey) {
        let (done, total) = self.index_progress;
        if self.entity_index.is_none() {
            self.message = Some(format!(
                "still indexing entities ({done}/{total}); try again in a moment"
            ));
            return;
        }
        self.message = Some(format!("articles naming {} — Esc clears", key.name));
        self.entity_filter = Some(key);
        self.entity_panel = None;
        self.focus = Focus::List;
        self.refilter();
    }

    /// Progress of the background entity index.
    pub fn set_index_progress(&mut self, done: usize, total: usize) {
        self.index_progress = (done, total);
    }

    /// The finished corpus-wide entity index.
    pub fn set_entity_index(&mut self, index: EntityIndex) {
        self.index_progress = (self.corpus.articles.len(), self.corpus.articles.len());
        self.entity_index = Some(index);
        self.refilter();
        self.relayout();
    }

    /// Moves the span cursor to the next/previous entity or quote and scrolls it into view.
    pub(super) fn jump_span(&mut self, action: Action) {
        let Some(index) = self.visible.get(self.selected).copied() else {
            return;
        };
        let analysis = self.analysis_of(index);
        let (kind, forward) = match action {
            Action::NextEntity => (SpanKind::Entity, true),
            Action::PrevEntity => (SpanKind::Entity, false),
            Action::NextQuote => (SpanKind::Quote, true),
            _ => (SpanKind::Quote, false),
        };
        let spans: Vec<Range<usize>> = match kind {
            SpanKind::Entity => analysis.entities.iter().map(|e| e.range.clone()).collect(),
            _ => analysis.quotes.iter().map(|q| q.range.clone()).collect(),
        };
        let found = self.next_span(&spans, kind, forward);
        let noun = if kind == SpanKind::Entity {
            "entity"
        } else {
            "quote"
        };
        match found {
            Some(range) => {
                self.span_cursor = Some(SpanCursor { kind, range });
                self.focus = Focus::Reader;
                self.scroll_to_cursor();
            }
            None => {
                self.message = Some(format!(
                    "no {noun} {}",
                    if forward { "below" } else { "above" }
                ))
            }
        }
    }

    /// The span after (or before) the cursor if it is of this kind, else after the top of
    /// the screen.
    pub(super) fn next_span(
        &self,
        spans: &[Range<usize>],
        kind: SpanKind,
        forward: bool,
    ) -> Option<Range<usize>> {
        let cursor = self
            .span_cursor
            .as_ref()
            .filter(|c| c.kind == kind)
            .map(|c| c.range.start);
        let here = cursor.or_else(|| self.first_visible_byte());
        let found = if forward {
            let after = |r: &&Range<usize>| match (cursor, here) {
                (Some(c), _) => r.start > c,
                (None, Some(top)) => r.start >= top,
                (None, None) => true,
            };
            spans.iter().find(after)
        } else {
            spans
                .iter()
                .rev()
                .find(|r| here.is_none_or(|h| r.start < h))
        };
        found.cloned()
    }

    /// Scrolls the span cursor into view.
    pub(super) fn scroll_to_cursor(&mut self) {
        if let Some(start) = self.span_cursor.as_ref().map(|c| c.range.start) {
            self.scroll_to_byte(start);
        }
    }

    /// Body byte offset of the first word on screen, if the screen shows body text.
    fn first_visible_byte(&self) -> Option<usize> {
        self.reader
            .lines
            .iter()
            .skip(self.reader.scroll)
            .find_map(|line| match line {
                ReaderLine::Body(pieces) => pieces.iter().find_map(|p| match p {
                    Piece::Word(r) => Some(r.start),
                    Piece::Speaker(_) => None,
                }),
                _ => None,
            })
    }

    /// Scrolls so the line holding body byte `pos` is on screen (a third from the top when it
    /// was not).
    fn scroll_to_byte(&mut self, pos: usize) {
        let line = self.reader.lines.iter().position(|line| match line {
            ReaderLine::Body(pieces) => pieces
                .iter()
                .any(|p| matches!(p, Piece::Word(r) if r.end > pos)),
            _ => false,
        });
        let Some(line) = line else { return };
        let rows = self.reader_rows().max(1);
        if line < self.reader.scroll || line >= self.reader.scroll + rows {
            self.reader.scroll = line.saturating_sub(rows / 3).min(self.max_reader_scroll());
        }
    }
}
