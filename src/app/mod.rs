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
mod popup;
pub mod reader;
mod search;

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
pub use search::{ActiveSearch, SavedRow, SavedSearches, SearchLine, HISTORY_LIMIT};

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
        match &mut self.overlay {
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

    fn update_overlay(&mut self, overlay: &Overlay, action: Action) -> Vec<Effect> {
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

    fn page_step(&self, rows: usize, action: Action) -> usize {
        match action {
            Action::HalfPageDown | Action::HalfPageUp => (rows / 2).max(1),
            Action::PageDown | Action::PageUp => rows.saturating_sub(1).max(1),
            _ => 1,
        }
    }

    fn move_selection(&mut self, action: Action) {
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

    fn jump_unread(&mut self, forward: bool) {
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

    /// Applies the search, tag and entity filters to the corpus (in the search's ranking when
    /// there is one), keeping the highlighted article when it still shows.
    pub(crate) fn refilter(&mut self) {
        let current = self.current().map(|a| a.id.clone());
        self.rerun_search();
        let order: Vec<usize> = match &self.search {
            Some(search) => search.ranked.clone(),
            None => (0..self.corpus.articles.len()).collect(),
        };
        self.visible = order
            .into_iter()
            .filter(|&i| {
                self.filter
                    .matches(self.store.tags_of(self.corpus.articles[i].id.as_str()))
            })
            .filter(|i| self.mentions_filtered_entity(*i))
            .collect();
        self.selected = current
            .and_then(|id| {
                self.visible
                    .iter()
                    .position(|&i| self.corpus.articles[i].id == id)
            })
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
        self.unread = self
            .visible
            .iter()
            .filter(|&&i| !self.store.is_read(self.corpus.articles[i].id.as_str()))
            .count();
    }

    /// The unread article the user is reading now (reader focused), for the mark-as-read timer.
    pub fn reading(&self) -> Option<&str> {
        if self.focus != Focus::Reader || self.overlay.is_some() {
            return None;
        }
        self.current()
            .map(|a| a.id.as_str())
            .filter(|id| !self.store.is_read(id))
    }

    /// Re-derives everything that depends on the selection, the store or the terminal size: the
    /// reader lines (laid out again only when something they show changed), scroll clamps, list
    /// offset.
    fn relayout(&mut self) {
        let article = self.visible.get(self.selected).copied();
        let width = self.reader_width();
        if self.reader_stale || article != self.reader.article || width != self.reader.width {
            let same_article = article == self.reader.article;
            let analysis = article
                .filter(|_| self.highlights)
                .map(|i| self.analysis_of(i));
            let lines = article
                .and_then(|i| self.corpus.articles.get(i))
                .map(|a| {
                    let id = a.id.as_str();
                    let (tags, note) = (self.store.tags_of(id), self.store.note_of(id));
                    reader::layout_article(a, tags, note, analysis.as_deref(), width)
                })
                .unwrap_or_default();
            let scroll = if same_article { self.reader.scroll } else { 0 };
            if !same_article {
                self.span_cursor = None;
                self.refresh_entity_panel(article);
            }
            self.reader = ReaderView {
                article,
                width,
                lines,
                scroll,
            };
            self.reader_stale = false;
        }
        let key = article.zip(self.search.as_ref().map(|s| s.text.clone()));
        if key != self.matches_key {
            self.reader_matches = article.map_or_else(Vec::new, |i| self.matches_in_body(i));
            self.matches_key = key;
            if self
                .span_cursor
                .as_ref()
                .is_some_and(|c| c.kind == SpanKind::Match)
            {
                self.span_cursor = None;
            }
        }
        self.reader.scroll = self.reader.scroll.min(self.max_reader_scroll());
        if self.visible.is_empty() && self.focus == Focus::Reader {
            self.focus = Focus::List;
        }
        let rows = self.list_rows().max(1);
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        self.list_offset = self
            .list_offset
            .min(self.visible.len().saturating_sub(rows));
    }
}
