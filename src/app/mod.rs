//! All state and behaviour of the interactive app, with no terminal and no I/O: keys go through
//! the [`Keymap`] to [`Action`]s, [`App::update`] applies them and returns the [`Effect`]s the
//! shell (`tui`) must perform (save the store, run `$EDITOR`, quit). Every behaviour is
//! therefore testable by feeding keys and actions.

mod action;
mod analysis_view;
mod browser;
mod edit;
pub mod editor;
mod export_dialog;
pub mod keymap;
pub mod layout;
mod loading;
mod mouse;
mod navigation;
mod popup;
pub mod reader;
mod search;
mod view;

pub use action::Action;
pub use analysis_view::{EntityPanel, SpanCursor, SpanKind};
pub use edit::{Change, History, TagFilter};
pub use keymap::{KeyPress, Keymap, Resolution};
pub use layout::{Area, ScreenLayout};
pub use loading::Loading;
pub use mouse::{MouseInput, MouseKind};
pub use popup::{
    BrowserMode, ExportDialog, ExportScope, NoteEditor, Overlay, PickerRow, TagBrowser, TagPicker,
};
pub use reader::ReaderLine;
pub use search::{match_count, ActiveSearch, SavedRow, SavedSearches, SearchLine, HISTORY_LIMIT};

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::analysis::Analysis;
use crate::corpus::Corpus;
use crate::entity_index::{EntityIndex, EntityKey};
use crate::model::Article;
use crate::store::StoreData;

/// Lines the help overlay shows above the key list (the highlight legend).
pub const HELP_LEGEND_LINES: usize = 3;

/// Side effects only the shell can perform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// The store changed: save it (the shell debounces, and always saves before quitting).
    Save,
    /// Open this note text in `$EDITOR`, then hand the result to [`App::note_edited_externally`].
    EditExternally {
        id: String,
        text: String,
    },
    /// Write an export file, then report with [`App::export_finished`].
    Export(ExportRequest),
    /// The search history changed: write it to the data folder.
    SearchHistory(Vec<String>),
}

/// What the export dialog asks the shell to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    pub format: crate::export::Format,
    /// `None`: every annotated article; else exactly these ids.
    pub ids: Option<Vec<String>>,
    pub path: String,
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
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
    /// Corpus indices of the articles the list shows (all, or those passing the tag filter).
    pub visible: Vec<usize>,
    /// Position of the highlighted article in `visible`.
    pub selected: usize,
    /// First list row on screen.
    pub list_offset: usize,
    pub reader: ReaderView,
    pub overlay: Option<Overlay>,
    /// Scroll position inside the help and warnings overlays.
    pub overlay_scroll: usize,
    pub width: u16,
    pub height: u16,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
    pub store: StoreData,
    pub filter: TagFilter,
    /// Ids of articles marked for bulk changes.
    pub marked: BTreeSet<String>,
    pub history: History,
    /// Entity and quote highlighting in the reader (`H`).
    pub highlights: bool,
    /// Draw with colours; false honours `NO_COLOR` (styles by bold/italic/underline only).
    pub color: bool,
    /// Width of the list's outlet column: the widest outlet (at most 14), measured once at
    /// start instead of over the whole corpus on every frame.
    pub outlet_column: usize,
    /// Unread articles in the list, kept up to date whenever the list or the store changes
    /// (not recounted on every frame).
    pub unread: usize,
    /// Analyses of the articles shown so far, by corpus index (analysed on demand).
    analyses: HashMap<usize, Arc<Analysis>>,
    /// The entity or quote `]e`/`]q` moved to, marked in the reader.
    pub span_cursor: Option<SpanCursor>,
    /// The entity panel (shown in place of the list): its rows and the highlighted one.
    pub entity_panel: Option<EntityPanel>,
    /// Show only articles that mention this entity.
    pub entity_filter: Option<EntityKey>,
    /// Which articles mention which entity; built in the background.
    pub entity_index: Option<EntityIndex>,
    /// Articles indexed so far, and in all.
    pub index_progress: (usize, usize),
    /// The reader must be laid out again (its article's tags or note changed).
    reader_stale: bool,
    /// The search line while `/` is being typed.
    pub search_line: Option<SearchLine>,
    /// The query ranking and filtering the list.
    pub search: Option<ActiveSearch>,
    search_index: Option<Arc<crate::search::SearchIndex>>,
    searcher: crate::search::Searcher,
    /// Earlier queries, oldest first (Up/Down in the search line).
    pub search_history: Vec<String>,
    /// Articles indexed for search so far, and in all (bodies; titles are indexed at once).
    pub search_progress: (usize, usize),
    /// Where the search matched in the open article's body (highlighted; `n`/`N`).
    pub reader_matches: Vec<std::ops::Range<usize>>,
    /// The article and query `reader_matches` were computed for.
    matches_key: Option<(usize, String)>,
    /// Read state by corpus index (see `refresh_read_flags`).
    read_flags: Vec<bool>,
    /// `Some` while the corpus loads in the background: only quitting and resizing work.
    pub loading: Option<Loading>,
}

impl App {
    pub fn new(corpus: Corpus, keymap: Keymap) -> App {
        let visible = (0..corpus.articles.len()).collect();
        let outlet_column = loading::outlet_column(&corpus);
        let mut app = App {
            corpus,
            keymap,
            focus: Focus::List,
            visible,
            selected: 0,
            list_offset: 0,
            reader: ReaderView::default(),
            overlay: None,
            overlay_scroll: 0,
            width: 80,
            height: 24,
            message: None,
            store: StoreData::default(),
            filter: TagFilter::default(),
            marked: BTreeSet::new(),
            history: History::default(),
            highlights: true,
            color: true,
            outlet_column,
            unread: 0,
            analyses: HashMap::new(),
            span_cursor: None,
            entity_panel: None,
            entity_filter: None,
            entity_index: None,
            index_progress: (0, 0),
            reader_stale: true,
            search_line: None,
            search: None,
            search_index: None,
            searcher: crate::search::Searcher::default(),
            search_history: Vec::new(),
            search_progress: (0, 0),
            reader_matches: Vec::new(),
            matches_key: None,
            read_flags: Vec::new(),
            loading: None,
        };
        app.refilter();
        app.relayout();
        app
    }

    /// Adopts a store (at start, after a save merged other writers' changes, or after another
    /// process changed the file).
    pub fn set_store(&mut self, store: StoreData) {
        if store != self.store {
            self.store = store;
            self.refresh_read_flags();
            self.refilter();
            self.reader_stale = true;
            self.relayout();
        }
    }

    pub fn layout(&self) -> ScreenLayout {
        layout::compute(self.width, self.height, self.focus)
    }

    /// The highlighted article, if the list is not empty.
    pub fn current(&self) -> Option<&Article> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.corpus.articles.get(i))
    }

    /// Articles of the list that fit on screen.
    pub fn list_rows(&self) -> usize {
        let layout = self.layout();
        layout.list.map_or(0, |a| {
            (a.inner().height / layout.list_item_height()) as usize
        })
    }

    fn reader_area(&self) -> Option<Area> {
        self.layout()
            .reader
            .or_else(|| layout::compute(self.width, self.height, Focus::Reader).reader)
    }

    /// Lines of article text that fit in the reader (in narrow mode the reader has the screen).
    pub fn reader_rows(&self) -> usize {
        self.reader_area().map_or(0, |a| a.inner().height as usize)
    }

    fn reader_width(&self) -> usize {
        // One column of padding on each side inside the border reads better.
        self.reader_area()
            .map_or(1, |a| (a.inner().width as usize).saturating_sub(2).max(1))
    }

    pub fn max_reader_scroll(&self) -> usize {
        self.reader.lines.len().saturating_sub(self.reader_rows())
    }

    /// Handles a key press from the terminal (the shell filters out releases and repeats).
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let press = KeyPress::from(key);
        if self.loading.is_some() {
            // Quit at once; every other key waits for the corpus (and says nothing).
            let ctrl_c = KeyPress::new(
                crossterm::event::KeyCode::Char('c'),
                crossterm::event::KeyModifiers::CONTROL,
            );
            return match self.keymap.resolve(press) {
                _ if press == ctrl_c => vec![Effect::Quit],
                Resolution::Action(Action::Quit | Action::Back) => vec![Effect::Quit],
                _ => Vec::new(),
            };
        }
        self.message = None;
        if self.search_line.is_some() {
            let effects = self.search_line_key(press);
            self.relayout();
            return effects;
        }
        if let Some(Overlay::SavedSearches(popup)) = &self.overlay {
            let popup = popup.clone();
            self.overlay = None;
            let effects = self.saved_searches_key(popup, press);
            self.relayout();
            return effects;
        }
        if self.overlay.as_ref().is_some_and(Overlay::takes_text) {
            return self.popup_key(press);
        }
        if matches!(self.overlay, Some(Overlay::TagBrowser(_))) {
            if let Some(effects) = self.browser_key(press) {
                return effects;
            }
        }
        match self.keymap.resolve(press) {
            Resolution::Action(action) => self.update(action),
            Resolution::Pending => Vec::new(),
            Resolution::Unbound => {
                if let Some(help) = self.keymap.key_for(Action::Help) {
                    self.message = Some(format!("{press} is not bound — press {help} for keys"));
                }
                Vec::new()
            }
        }
    }

    /// Text pasted into the terminal (bracketed paste): goes to the open text field, if any.
    pub fn paste(&mut self, text: &str) {
        let one_line = text.replace(['\n', '\r'], " ");
        if let Some(line) = &mut self.search_line {
            line.input.insert(&one_line);
            let typed = line.input.text.clone();
            self.apply_search_text(&typed);
            self.relayout();
            return;
        }
        match &mut self.overlay {
            Some(Overlay::SavedSearches(popup)) => {
                popup.input.insert(&one_line);
                popup.selected = 0;
            }
            Some(Overlay::NoteEditor(note)) => note.editor.insert(text),
            Some(Overlay::TagPicker(picker)) => {
                picker.query.insert(&text.replace(['\n', '\r'], " "));
                picker.selected = 0;
                let default = self.picker_default();
                if let Some(Overlay::TagPicker(picker)) = &mut self.overlay {
                    picker.selected = default;
                }
            }
            _ => {}
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if let Action::Resize(width, height) = action {
            self.width = width;
            self.height = height;
            self.relayout();
            return Vec::new();
        }
        if self.loading.is_some() {
            return match action {
                Action::Quit | Action::Back => vec![Effect::Quit],
                _ => Vec::new(),
            };
        }
        if let Action::Mouse(input) = action {
            return self.mouse(input);
        }
        if let Some(overlay) = &self.overlay {
            let overlay = overlay.clone();
            return self.update_overlay(&overlay, action);
        }
        if self.entity_panel.is_some() {
            if let Some(effects) = self.panel_action(action) {
                self.relayout();
                return effects;
            }
        }
        let effects = match action {
            Action::Quit => vec![Effect::Quit],
            Action::Back => match self.focus {
                Focus::Reader => {
                    self.focus = Focus::List;
                    Vec::new()
                }
                Focus::List => vec![Effect::Quit],
            },
            Action::Cancel => {
                let filtered = !self.filter.is_empty()
                    || self.entity_filter.is_some()
                    || self.search.is_some();
                if self.focus == Focus::List && filtered {
                    self.filter = TagFilter::default();
                    self.entity_filter = None;
                    self.search = None;
                    self.refilter();
                    self.message = Some("filter cleared".into());
                }
                self.focus = Focus::List;
                Vec::new()
            }
            Action::Help | Action::Warnings => {
                self.overlay = Some(if action == Action::Help {
                    Overlay::Help
                } else {
                    Overlay::Warnings
                });
                self.overlay_scroll = 0;
                Vec::new()
            }
            Action::Open | Action::FocusReader => {
                if self.current().is_some() {
                    self.focus = Focus::Reader;
                }
                Vec::new()
            }
            Action::FocusList => {
                self.focus = Focus::List;
                Vec::new()
            }
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::List if self.current().is_some() => Focus::Reader,
                    _ => Focus::List,
                };
                Vec::new()
            }
            Action::NextUnread | Action::PrevUnread => {
                self.jump_unread(action == Action::NextUnread);
                Vec::new()
            }
            Action::MoveDown
            | Action::MoveUp
            | Action::Top
            | Action::Bottom
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp => {
                match self.focus {
                    Focus::List => self.move_selection(action),
                    Focus::Reader => self.scroll_reader(action),
                }
                Vec::new()
            }
            Action::Resize(..) | Action::Mouse(..) => Vec::new(),
            Action::NextEntity | Action::PrevEntity | Action::NextQuote | Action::PrevQuote => {
                self.jump_span(action);
                Vec::new()
            }
            Action::Search => {
                self.open_search_line();
                Vec::new()
            }
            Action::NextMatch | Action::PrevMatch => {
                self.jump_match(action == Action::NextMatch);
                Vec::new()
            }
            Action::SavedSearches => {
                self.open_saved_searches();
                Vec::new()
            }
            Action::ToggleHighlights | Action::EntityPanel => {
                self.analysis_action(action);
                Vec::new()
            }
            edit => self.edit_action(edit),
        };
        self.relayout();
        effects
    }
}
