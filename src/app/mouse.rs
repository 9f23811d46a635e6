//! Mouse input (opt-in): the wheel scrolls the pane under the pointer, a click on a list row
//! selects that article, a click on a tag (`#tag` in a list row, a badge in the reader header)
//! filters the list by it, a click on a word of the reader puts the cursor there and a drag
//! selects from there (then `c` codes the selection, as with `v`). Hit-testing uses the same geometry the UI draws with
//! (`layout::compute`, `layout::RowColumns`), so it needs no terminal to test.

use unicode_width::UnicodeWidthStr;

use super::layout::{Area, RowColumns, GUTTER};
use super::{Action, App, Effect, Focus, Overlay, ReaderLine, TagFilter};
use crate::store::same_tag;
use crate::text::sanitize;

/// Lines or rows one wheel notch moves.
pub const WHEEL_STEP: usize = 3;

/// A mouse event in screen cells (0-based), as the shell reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MouseInput {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MouseKind {
    /// A press of the left button.
    Click,
    /// The pointer moved with the left button held.
    Drag,
    ScrollUp,
    ScrollDown,
}

impl App {
    pub(super) fn mouse(&mut self, input: MouseInput) -> Vec<Effect> {
        let MouseInput { kind, column, row } = input;
        if self.modal_open() {
            // Help and warnings scroll under the wheel; other popups keep the keyboard's focus.
            if matches!(
                self.overlay(),
                Some(Overlay::Help { .. } | Overlay::Warnings { .. })
            ) {
                let step = match kind {
                    MouseKind::ScrollDown => Action::MoveDown,
                    MouseKind::ScrollUp => Action::MoveUp,
                    MouseKind::Click | MouseKind::Drag => return Vec::new(),
                };
                for _ in 0..WHEEL_STEP {
                    self.update(step);
                }
            }
            return Vec::new();
        }
        let layout = self.layout();
        if kind == MouseKind::Drag {
            // A drag belongs to the reader it started in, wherever the pointer wanders.
            if let Some(reader) = layout.reader {
                self.drag_in_reader(reader, column, row);
            }
            return Vec::new();
        }
        if let Some(list) = layout.list.filter(|a| a.contains(column, row)) {
            self.mouse_in_list(kind, list, column, row);
        } else if let Some(reader) = layout.reader.filter(|a| a.contains(column, row)) {
            self.mouse_in_reader(kind, reader, column, row);
        }
        self.relayout();
        Vec::new()
    }

    fn mouse_in_list(&mut self, kind: MouseKind, list: Area, column: u16, row: u16) {
        let step = match kind {
            MouseKind::ScrollDown => Action::MoveDown,
            MouseKind::ScrollUp => Action::MoveUp,
            MouseKind::Click => {
                if self.entity_panel().is_none() {
                    self.click_list(list.inner(), column, row);
                }
                return;
            }
            MouseKind::Drag => return,
        };
        for _ in 0..WHEEL_STEP {
            if self.entity_panel().is_some() {
                self.update(step);
            } else {
                self.move_selection(step);
            }
        }
    }

    fn click_list(&mut self, inner: Area, column: u16, row: u16) {
        if !inner.contains(column, row) {
            return;
        }
        let item_height = self.layout().list_item_height();
        let line = row - inner.y;
        let pos = self.list.offset + usize::from(line / item_height);
        let Some(&index) = self.list.visible.get(pos) else {
            return;
        };
        self.list.selected = pos;
        self.screen.focus = Focus::List;
        let article = &self.corpus.articles[index];
        let tags = self.shown_tags(article.id.as_str()).to_vec();
        if tags.is_empty() {
            return;
        }
        let width = usize::from(inner.width);
        let x = usize::from(column - inner.x);
        let badges = badges_text(&tags);
        let hit = if item_height == 2 {
            // Second line: "  date · outlet #tags".
            if line.is_multiple_of(2) {
                return;
            }
            let meta: Vec<String> = [article.date.as_deref(), article.outlet.as_deref()]
                .into_iter()
                .flatten()
                .map(|s| sanitize(s).into_owned())
                .collect();
            let inner_width = width.saturating_sub(GUTTER);
            let meta_width = meta.join(" · ").width().min(inner_width);
            let room = inner_width.saturating_sub(meta_width + 1);
            if room < 3 {
                return;
            }
            tag_at(&tags, GUTTER + meta_width + 1, room, x)
        } else {
            let columns = RowColumns::new(width, self.list.outlet_column, badges.width());
            // The column is " #a #b": the tags start one cell in.
            tag_at(
                &tags,
                columns.badges_start() + 1,
                columns.badges.saturating_sub(1),
                x,
            )
        };
        if let Some(tag) = hit {
            self.filter_by_tag(&tag);
        }
    }

    fn mouse_in_reader(&mut self, kind: MouseKind, reader: Area, column: u16, row: u16) {
        let max = self.max_reader_scroll();
        match kind {
            MouseKind::ScrollDown => {
                self.reader.scroll = (self.reader.scroll + WHEEL_STEP).min(max);
            }
            MouseKind::ScrollUp => {
                self.reader.scroll = self.reader.scroll.saturating_sub(WHEEL_STEP);
            }
            MouseKind::Drag => {}
            MouseKind::Click => {
                if self.current().is_none() {
                    return;
                }
                self.screen.focus = Focus::Reader;
                let inner = reader.inner();
                if !inner.contains(column, row) {
                    return;
                }
                self.reader.drag_from = None;
                if let Some(word) = self.word_under(inner, column, row) {
                    // A click puts the cursor on the word (and drops a selection); a drag from
                    // here selects.
                    self.reader.anchor = None;
                    self.reader.drag_from = Some(word.clone());
                    self.set_cursor(super::SpanKind::Word, word);
                    return;
                }
                let index = self.reader.scroll + usize::from(row - inner.y);
                let Some(ReaderLine::Tags(shown)) = self.reader.lines.get(index) else {
                    return;
                };
                // Drawn from one cell inside the border, each tag as " tag " then a space.
                let x = usize::from(column - inner.x);
                let mut start = 1;
                let mut hit = None;
                for (i, tag) in shown.iter().enumerate() {
                    let end = start + tag.width() + 2;
                    if (start..end).contains(&x) {
                        hit = Some(i);
                        break;
                    }
                    start = end + 1;
                }
                let id = self.current().map(|a| a.id.as_str().to_string());
                let tag = hit
                    .zip(id)
                    .and_then(|(i, id)| self.shown_tags(&id).get(i).cloned());
                if let Some(tag) = tag {
                    self.filter_by_tag(&tag);
                }
            }
        }
    }

    /// The word drawn at a cell of the reader's inner area: lines are laid out as the UI draws
    /// them (one cell of margin, then pieces separated by one space).
    fn word_under(&self, inner: Area, column: u16, row: u16) -> Option<std::ops::Range<usize>> {
        let index = self.reader.scroll + usize::from(row.checked_sub(inner.y)?);
        let Some(ReaderLine::Body(pieces)) = self.reader.lines.get(index) else {
            return None;
        };
        let body = self.current()?.body.as_str();
        let x = usize::from(column.checked_sub(inner.x)?);
        let mut start = 1;
        let mut nearest = None;
        for piece in pieces {
            let (width, word) = match piece {
                super::reader::Piece::Word(r) => {
                    (super::reader::display_width(body.get(r.clone())?), Some(r))
                }
                super::reader::Piece::Speaker(label) => (super::reader::display_width(label), None),
            };
            if let Some(word) = word {
                if x < start + width + 1 {
                    return Some(word.clone());
                }
                nearest = Some(word.clone());
            }
            start += width + 1;
        }
        // Right of the line's last word: that word (a drag past a line end still extends).
        nearest
    }

    /// The pointer moved with the button held: select from the word the press was on to the
    /// word under the pointer (outside the text: the nearest line's end).
    fn drag_in_reader(&mut self, reader: Area, column: u16, row: u16) {
        let Some(from) = self.reader.drag_from.clone() else {
            return;
        };
        let inner = reader.inner();
        let row = row.clamp(inner.y, inner.y + inner.height.saturating_sub(1));
        let column = column.clamp(inner.x, inner.x + inner.width.saturating_sub(1));
        let Some(word) = self.word_under(inner, column, row) else {
            return;
        };
        if word != from || self.reader.anchor.is_some() {
            self.reader.anchor = Some(from);
            self.set_cursor(super::SpanKind::Word, word);
            self.screen.message = Some("selected: c codes it, x corrects it, Esc drops it".into());
        }
    }

    /// Shows only articles with `tag` (added to the tag filter, as `Enter` in the tag browser
    /// does), back in the list.
    fn filter_by_tag(&mut self, tag: &str) {
        if !self.list.filter.include.iter().any(|t| same_tag(t, tag)) {
            TagFilter::toggle(
                &mut self.list.filter.include,
                &mut self.list.filter.exclude,
                tag,
            );
        }
        self.screen.focus = Focus::List;
        self.refilter();
        self.screen.message = Some(format!(
            "filter {} — Esc clears",
            sanitize(&self.list.filter.describe())
        ));
    }
}

/// A list row's tags as drawn: `#a #b`.
pub(crate) fn badges_text(tags: &[String]) -> String {
    tags.iter()
        .map(|t| format!("#{}", sanitize(t)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tag drawn under column `x`, when `#a #b` starts at `start` and has `room` cells.
fn tag_at(tags: &[String], start: usize, room: usize, x: usize) -> Option<String> {
    let end_of_room = start + room;
    let mut pos = start;
    for tag in tags {
        let end = pos + format!("#{}", sanitize(tag)).width();
        if pos >= end_of_room {
            return None;
        }
        if (pos..end.min(end_of_room)).contains(&x) {
            return Some(tag.clone());
        }
        pos = end + 1;
    }
    None
}
