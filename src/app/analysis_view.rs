//! What the app does with the analysis: highlights on/off, jumping between entities and quotes,
//! the entity panel, and filtering the list to the articles that mention an entity. Articles
//! are analysed on demand (one is a millisecond's work) and cached; the corpus-wide entity
//! index arrives from the shell, built in the background.

use std::ops::Range;
use std::sync::Arc;

use super::{Action, App, Focus, Input, Outcome, Overlay, ReaderLine};
use crate::analysis::Analysis;
use crate::app::reader::Piece;
use crate::entity_index::{summarize, EntityIndex, EntityKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    Entity,
    Quote,
    /// A search match (`n`/`N`).
    Match,
    /// The reader's word cursor (`w`, `b`, `)`, `}` …).
    Word,
    /// A coded passage (`]c`/`[c`).
    Coded,
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

impl EntityPanel {
    /// Keys while the panel is open: its own motions, Enter to filter, close; the rest (`/`,
    /// `t`, …) pass to the list and reader.
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        if super::popup::move_in_list(&mut self.selected, self.rows.len(), action, 10) {
            return Outcome::stay();
        }
        match action {
            Action::Confirm | Action::Open => {
                let key = self.rows.get(self.selected).map(|(k, _)| k.clone());
                if key.is_some_and(|key| app.filter_by_entity(key)) {
                    return Outcome::close();
                }
            }
            Action::Back | Action::Cancel | Action::EntityPanel => return Outcome::close(),
            _ => return Outcome::Pass,
        }
        Outcome::stay()
    }
}

impl App {
    /// The analysis of article `index` with the store's corrections over it, computed once and
    /// cached until its corrections change (a correction made here, undone, or synced in).
    pub(super) fn analysis_of(&mut self, index: usize) -> Arc<Analysis> {
        let Some(article) = self.corpus.articles.get(index) else {
            return Arc::default();
        };
        let corrections = self.store.corrections_of(article.id.as_str());
        let cached = self.analyses.get(&index);
        if let Some((a, made_with)) = cached {
            if made_with.as_slice() == corrections {
                return Arc::clone(a);
            }
        }
        let analysis = Arc::new(crate::corrected::analysis(&article.body, corrections));
        if let (Some((old, _)), Some(entities)) = (cached, self.indexes.entity.as_mut()) {
            entities.replace(index, &article.body, old, &analysis);
        }
        self.analyses
            .insert(index, (Arc::clone(&analysis), corrections.to_vec()));
        analysis
    }

    /// The analysis of the article in the reader, when highlights are on.
    pub fn reader_analysis(&self) -> Option<&Analysis> {
        let index = self.reader.article.filter(|_| self.reader.highlights)?;
        self.analyses.get(&index).map(|(a, _)| a.as_ref())
    }

    pub(super) fn analysis_action(&mut self, action: Action) {
        match action {
            Action::ToggleHighlights => {
                self.reader.highlights = !self.reader.highlights;
                self.reader.stale = true;
                self.screen.message = Some(format!(
                    "highlights {}",
                    if self.reader.highlights { "on" } else { "off" }
                ));
            }
            // Closing the panel is the panel's own: with it open, keys go there first.
            Action::EntityPanel => {
                if let Some(index) = self.list.visible.get(self.list.selected).copied() {
                    self.popups
                        .push(Overlay::EntityPanel(EntityPanel::default()));
                    self.refresh_entity_panel(Some(index));
                    self.screen.focus = Focus::List;
                }
            }
            _ => {}
        }
    }

    /// The open article changed: the panel (if open) lists its entities.
    pub(super) fn refresh_entity_panel(&mut self, article: Option<usize>) {
        if self.entity_panel().is_none() {
            return;
        }
        let rows = match article {
            Some(index) => {
                let analysis = self.analysis_of(index);
                summarize(&self.corpus.articles[index].body, &analysis)
            }
            None => Vec::new(),
        };
        for popup in &mut self.popups {
            if let Overlay::EntityPanel(panel) = popup {
                *panel = EntityPanel { rows, selected: 0 };
                break;
            }
        }
    }

    /// Lists the articles naming `key`; `false` while the entity index is still being built.
    fn filter_by_entity(&mut self, key: EntityKey) -> bool {
        let (done, total) = self.indexes.entity_progress;
        if self.indexes.entity.is_none() {
            self.screen.message = Some(format!(
                "still indexing entities ({done}/{total}); try again in a moment"
            ));
            return false;
        }
        self.screen.message = Some(format!("articles naming {} — Esc clears", key.name));
        self.list.entity_filter = Some(key);
        self.screen.focus = Focus::List;
        self.refilter();
        true
    }

    /// Progress of the background entity index.
    pub fn set_index_progress(&mut self, done: usize, total: usize) {
        self.indexes.entity_progress = (done, total);
    }

    /// The finished corpus-wide entity index.
    pub fn set_entity_index(&mut self, index: EntityIndex) {
        self.indexes.entity_progress = (self.corpus.articles.len(), self.corpus.articles.len());
        self.indexes.entity = Some(index);
        self.refilter();
        self.relayout();
    }

    /// Moves the span cursor to the next/previous entity or quote and scrolls it into view.
    pub(super) fn jump_span(&mut self, action: Action) {
        let Some(index) = self.list.visible.get(self.list.selected).copied() else {
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
                let n = spans.iter().position(|s| *s == range).map_or(0, |p| p + 1);
                self.screen.message = Some(format!("{noun} {n} of {}", spans.len()));
                self.reader.span_cursor = Some(SpanCursor { kind, range });
                self.screen.focus = Focus::Reader;
                self.scroll_to_cursor();
            }
            None => {
                self.screen.message = Some(format!(
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
            .reader
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
        if let Some(start) = self.reader.span_cursor.as_ref().map(|c| c.range.start) {
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
