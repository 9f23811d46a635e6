//! Moving around: the list selection, reader scrolling, paging, unread jumps, and the panes'
//! split and zoom.

use super::{Action, App};

impl App {
    /// `>`/`<` move the split between list and reader; `z` zooms the focused pane.
    pub(super) fn resize_panes(&mut self, action: Action) {
        use super::layout::{MAX_SPLIT, MIN_SPLIT, SPLIT_STEP};
        let split = &mut self.screen.split;
        match action {
            Action::WidenList => *split = (*split + SPLIT_STEP).min(MAX_SPLIT),
            Action::NarrowList => *split = split.saturating_sub(SPLIT_STEP).max(MIN_SPLIT),
            _ => self.screen.zoom = !self.screen.zoom,
        }
        if action != Action::Zoom {
            self.screen.zoom = false;
        }
        let width = self.layout().list.map_or(0, |a| a.width);
        self.screen.message = Some(if self.screen.zoom {
            "zoomed: only the focused pane (z again: both)".to_string()
        } else {
            format!("list {width} columns wide")
        });
        self.reader.stale = true;
    }

    pub(super) fn page_step(&self, rows: usize, action: Action) -> usize {
        match action {
            Action::HalfPageDown | Action::HalfPageUp => (rows / 2).max(1),
            Action::PageDown | Action::PageUp => rows.saturating_sub(1).max(1),
            _ => 1,
        }
    }

    pub(super) fn move_selection(&mut self, action: Action) {
        let count = self.list.visible.len();
        if count == 0 {
            return;
        }
        let step = self.page_step(self.list_rows(), action);
        self.list.selected = match action {
            Action::MoveDown | Action::HalfPageDown | Action::PageDown => {
                (self.list.selected + step).min(count - 1)
            }
            Action::MoveUp | Action::HalfPageUp | Action::PageUp => {
                self.list.selected.saturating_sub(step)
            }
            Action::Top => 0,
            Action::Bottom => count - 1,
            _ => self.list.selected,
        };
    }

    pub(super) fn scroll_reader(&mut self, action: Action) {
        let step = self.page_step(self.reader_rows(), action);
        let max = self.max_reader_scroll();
        self.reader.scroll = match action {
            Action::MoveDown | Action::HalfPageDown | Action::PageDown => {
                (self.reader.scroll + step).min(max)
            }
            Action::MoveUp | Action::HalfPageUp | Action::PageUp => {
                self.reader.scroll.saturating_sub(step)
            }
            Action::Top => 0,
            Action::Bottom => max,
            _ => self.reader.scroll,
        };
    }

    pub(super) fn jump_unread(&mut self, forward: bool) {
        let is_unread = |app: &App, pos: usize| {
            app.list
                .visible
                .get(pos)
                .and_then(|&i| app.corpus.articles.get(i))
                .is_some_and(|a| !app.store.is_read(a.id.as_str()))
        };
        let found = if forward {
            (self.list.selected + 1..self.list.visible.len()).find(|&p| is_unread(self, p))
        } else {
            (0..self.list.selected).rev().find(|&p| is_unread(self, p))
        };
        match found {
            Some(p) => self.list.selected = p,
            None => {
                self.screen.message = Some(format!(
                    "no unread article {}",
                    if forward { "below" } else { "above" }
                ))
            }
        }
    }
}
