//! All state and behaviour of the interactive app, with no terminal and no I/O: keys go through
//! the [`Keymap`] to [`Action`]s, [`App::update`] applies them and returns the [`Effect`]s the
//! shell (`tui`) must perform. Every behaviour is therefore testable by feeding actions.

mod action;
pub mod keymap;
pub mod layout;
pub mod reader;

pub use action::Action;
pub use keymap::{KeyPress, Keymap, Resolution};
pub use layout::{Area, ScreenLayout};
pub use reader::ReaderLine;

use crossterm::event::KeyEvent;

use crate::corpus::Corpus;

/// Side effects only the shell can perform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Warnings,
}

/// The open article laid out for the current reader width.
#[derive(Clone, Debug, Default)]
pub struct ReaderView {
    /// Index into the corpus articles of the article shown.
    pub article: Option<usize>,
    pub width: usize,
    pub lines: Vec<ReaderLine>,
    pub scroll: usize,
}

pub struct App {
    pub corpus: Corpus,
    pub keymap: Keymap,
    pub focus: Focus,
    /// Index of the highlighted article in the list.
    pub selected: usize,
    /// First list row on screen.
    pub list_offset: usize,
    pub reader: ReaderView,
    pub overlay: Option<Overlay>,
    /// Scroll position inside the overlay.
    pub overlay_scroll: usize,
    pub width: u16,
    pub height: u16,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
}

impl App {
    pub fn new(corpus: Corpus, keymap: Keymap) -> App {
        let mut app = App {
            corpus,
            keymap,
            focus: Focus::List,
            selected: 0,
            list_offset: 0,
            reader: ReaderView::default(),
            overlay: None,
            overlay_scroll: 0,
            width: 80,
            height: 24,
            message: None,
        };
        app.relayout();
        app
    }

    pub fn layout(&self) -> ScreenLayout {
        layout::compute(self.width, self.height, self.focus)
    }

    /// Articles of the list that fit on screen.
    pub fn list_rows(&self) -> usize {
        let layout = self.layout();
        layout.list.map_or(0, |a| {
            (a.inner().height / layout.list_item_height()) as usize
        })
    }

    /// Lines of article text that fit in the reader (in narrow mode the reader has the screen).
    pub fn reader_rows(&self) -> usize {
        let area = self
            .layout()
            .reader
            .or_else(|| layout::compute(self.width, self.height, Focus::Reader).reader);
        area.map_or(0, |a| a.inner().height as usize)
    }

    fn reader_width(&self) -> usize {
        let area = self
            .layout()
            .reader
            .or_else(|| layout::compute(self.width, self.height, Focus::Reader).reader);
        // One column of padding on each side inside the border reads better.
        area.map_or(1, |a| (a.inner().width as usize).saturating_sub(2).max(1))
    }

    pub fn max_reader_scroll(&self) -> usize {
        self.reader.lines.len().saturating_sub(self.reader_rows())
    }

    /// Handles a key press from the terminal (the shell filters out releases and repeats).
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        self.message = None;
        match self.keymap.resolve(KeyPress::from(key)) {
            Resolution::Action(action) => self.update(action),
            Resolution::Pending => Vec::new(),
            Resolution::Unbound => {
                if let Some(help) = self.keymap.key_for(Action::Help) {
                    self.message = Some(format!(
                        "{} is not bound — press {help} for keys",
                        KeyPress::from(key)
                    ));
                }
                Vec::new()
            }
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if let Some(overlay) = self.overlay {
            return self.update_overlay(overlay, action);
        }
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Resize(width, height) => {
                self.width = width;
                self.height = height;
                self.relayout();
            }
            Action::Back => match self.focus {
                Focus::Reader => self.focus = Focus::List,
                Focus::List => return vec![Effect::Quit],
            },
            Action::Cancel => self.focus = Focus::List,
            Action::Help | Action::Warnings => {
                self.overlay = Some(if action == Action::Help {
                    Overlay::Help
                } else {
                    Overlay::Warnings
                });
                self.overlay_scroll = 0;
            }
            Action::Open | Action::FocusReader => {
                if !self.corpus.articles.is_empty() {
                    self.focus = Focus::Reader;
                }
            }
            Action::FocusList => self.focus = Focus::List,
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::List if !self.corpus.articles.is_empty() => Focus::Reader,
                    _ => Focus::List,
                }
            }
            motion => match self.focus {
                Focus::List => self.move_selection(motion),
                Focus::Reader => self.scroll_reader(motion),
            },
        }
        self.relayout();
        Vec::new()
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Vec<Effect> {
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
            Action::Resize(width, height) => {
                self.width = width;
                self.height = height;
                self.relayout();
                self.overlay_scroll
            }
            Action::Help if overlay == Overlay::Warnings => {
                self.overlay = Some(Overlay::Help);
                0
            }
            Action::Warnings if overlay == Overlay::Help => {
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

    /// Lines in an overlay's content.
    pub fn overlay_len(&self, overlay: Overlay) -> usize {
        match overlay {
            Overlay::Help => self.keymap.help_rows().len(),
            Overlay::Warnings => self.corpus.warnings.len().max(1),
        }
    }

    fn page_step(&self, rows: usize, action: Action) -> usize {
        match action {
            Action::HalfPageDown | Action::HalfPageUp => (rows / 2).max(1),
            Action::PageDown | Action::PageUp => rows.saturating_sub(1).max(1),
            _ => 1,
        }
    }

    fn move_selection(&mut self, action: Action) {
        let count = self.corpus.articles.len();
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

    fn scroll_reader(&mut self, action: Action) {
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

    /// Re-derives everything that depends on the selection or the terminal size: the reader
    /// lines (re-wrapped only when the article or width changed), scroll clamps, list offset.
    fn relayout(&mut self) {
        let article = (!self.corpus.articles.is_empty()).then_some(self.selected);
        let width = self.reader_width();
        if article != self.reader.article || width != self.reader.width {
            let same_article = article == self.reader.article;
            let lines = article
                .and_then(|i| self.corpus.articles.get(i))
                .map(|a| reader::layout_article(a, width))
                .unwrap_or_default();
            let scroll = if same_article { self.reader.scroll } else { 0 };
            self.reader = ReaderView {
                article,
                width,
                lines,
                scroll,
            };
        }
        self.reader.scroll = self.reader.scroll.min(self.max_reader_scroll());
        let rows = self.list_rows().max(1);
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let count = self.corpus.articles.len();
        self.list_offset = self.list_offset.min(count.saturating_sub(rows));
    }
}
