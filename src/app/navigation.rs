//! Moving around: the list selection, reader scrolling, paging, unread jumps, and scrolling
//! inside the help and warnings overlays.

use super::{Action, App, Effect, Overlay, HELP_LEGEND_LINES};

impl App {
    pub(super) fn update_overlay(&mut self, overlay: &Overlay, action: Action) -> Vec<Effect> {
        let len = self.overlay_len(overlay);
        let page = self.height.saturating_sub(6).max(1) as usize;
        let max = len.saturating_sub(page);
        self.overlay_scroll = match action {
            Action::MoveDown => self.overlay_scroll + 1,
            Action::MoveUp => self.overlay_scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => self.overlay_scroll + page,
            Action::PageUp | Action::HalfPageUp => self.overlay_scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => max,
            Action::Quit => return vec![Effect::Quit],
            Action::Help if *overlay == Overlay::Warnings => {
                self.overlay = Some(Overlay::Help);
                0
            }
            Action::Warnings if *overlay == Overlay::Help => {
                self.overlay = Some(Overlay::Warnings);
                0
            }
            _ => {
                self.overlay = None;
                0
            }
        }
        .min(max);
        Vec::new()
    }

    /// Lines in a scrolling overlay's content.
    pub fn overlay_len(&self, overlay: &Overlay) -> usize {
        match overlay {
            Overlay::Help => self.keymap.help_rows().len() + HELP_LEGEND_LINES,
            Overlay::Warnings => self.corpus.warnings.len().max(1),
            _ => 0,
        }
    }

    pub(super) fn page_step(&self, rows: usize, action: Action) -> usize {
        match action {
            Action::HalfPageDown | Action::HalfPageUp => (rows / 2).max(1),
            Action::PageDown | Action::PageUp => rows.saturating_sub(1).max(1),
            _ => 1,
        }
    }

    pub(super) fn move_selection(&mut self, action: Action) {
        let count = self.visible.len();
        if count == 0 {
            return;
        }
        let step = self.page_step(self.list_rows(), action);
        self.selected = match action {
            Action::MoveDown | Action::HalfPageDown | Action::PageDown => {
                (self.selected + step).min(count - 1)
            }
            Action::MoveUp | Action::HalfPageUp | Action::PageUp => {
                self.selected.saturating_sub(step)
            }
            Action::Top => 0,
            Action::Bottom => count - 1,
            _ => self.selected,
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
            app.visible
                .get(pos)
                .and_then(|&i| app.corpus.articles.get(i))
                .is_some_and(|a| !app.store.is_read(a.id.as_str()))
        };
        let found = if forward {
            (self.selected + 1..self.visible.len()).find(|&p| is_unread(self, p))
        } else {
            (0..self.selected).rev().find(|&p| is_unread(self, p))
        };
        match found {
            Some(p) => self.selected = p,
            None => {
                self.message = Some(format!(
                    "no unread article {}",
                    if forward { "below" } else { "above" }
                ))
            }
        }
    }
}
