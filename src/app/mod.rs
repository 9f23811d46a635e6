//! All state and behaviour of the interactive app, with no terminal and no I/O. One route for
//! input: a key is resolved through the [`Keymap`] section of whatever has the keyboard (the top
//! popup, else the list and reader) to an [`Input`], and [`App::update`]/[`App::on_key`] hand it
//! down the popup stack until a component consumes it; what nobody consumes is a list or reader
//! action. Each step returns the [`Effect`]s the shell (`tui`) must perform (save the store, run
//! `$EDITOR`, quit), so every behaviour is testable by feeding keys and actions.
//!
//! The state is kept in parts ([`Screen`], [`ListState`], [`ReaderView`], [`Indexes`]) that the
//! UI reads through accessors; only this module writes them.

mod action;
mod agreement;
mod analysis_view;
mod browser;
mod code_table;
mod codebook;
mod coders;
mod correct;
mod cursor;
mod edit;
pub mod editor;
mod export_dialog;
mod feeds;
pub mod help;
pub mod key;
pub mod keymap;
pub mod layout;
mod loading;
mod main_action;
mod mouse;
mod navigation;
mod passages;
mod popup;
mod quotes;
mod read_flags;
pub mod reader;
mod recode;
mod retrieve;
mod search;
mod state;
mod stories;
mod timeline_view;
mod undo;
mod view;

pub use action::Action;
pub use agreement::AgreementView;
pub use analysis_view::{EntityPanel, SpanCursor, SpanKind};
pub use code_table::CodeTableView;
pub use codebook::{CodebookRow, CodebookView};
pub use coders::{CoderView, TagLayers};
pub use correct::{CorrectPicker, CorrectRow};
pub use edit::TagFilter;
pub use help::HelpLine;
pub use key::{KeyCode, Modifiers};
pub use keymap::{KeyPress, Keymap, Mode, Resolution};
pub use layout::{Area, ScreenLayout};
pub use loading::Loading;
pub use mouse::{MouseInput, MouseKind};
pub use passages::{CodedSpan, PassageTarget};
pub use popup::{
    Confirm, ExportDialog, ExportScope, Input, NoteEditor, OnYes, Outcome, Overlay, PickerRow,
    Prompt, PromptFor, TagBrowser, TagPicker,
};
pub use quotes::{OpenSpeaker, QuotesView};
pub use reader::ReaderLine;
pub use retrieve::{PassageList, PassageRow};
pub use search::{match_count, ActiveSearch, SavedRow, SavedSearches, SearchLine, HISTORY_LIMIT};
pub use state::{Indexes, ListState, ReaderView, Screen, Settings};
pub use timeline_view::TimelineView;
pub use undo::{Change, History};

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::corpus::Corpus;
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
    /// Measure agreement from the coders' logs, then hand it to [`App::show_agreement`].
    Agreement,
    /// Read each coder's tags from the logs, then hand them to [`App::set_tag_layers`].
    CoderLayers,
    /// Fetch these feeds (addresses or OPML files) into `into`, reporting with
    /// [`App::feeds_progress`] and [`App::feeds_fetched`].
    FetchFeeds {
        urls: Vec<String>,
        into: std::path::PathBuf,
    },
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

pub struct App {
    corpus: Corpus,
    store: StoreData,
    keymap: Keymap,
    settings: Settings,
    /// Open popups, the top one last.
    popups: Vec<Overlay>,
    screen: Screen,
    list: ListState,
    reader: ReaderView,
    indexes: Indexes,
    history: History,
    /// Earlier queries, oldest first (Up/Down in the search line).
    search_history: Vec<String>,
    /// Analyses of the articles shown so far, by corpus index (analysed on demand), with the
    /// corrections they were made with (see `analysis_of`).
    analyses: HashMap<usize, (Arc<Analysis>, Vec<crate::store::Correction>)>,
    /// Read state by corpus index (see `refresh_read_flags`).
    read_flags: read_flags::ReadFlags,
    /// Every tag with its count, derived once per store change.
    tag_counts: Vec<(String, usize)>,
    /// How many of the store journal's edits the derived state (read flags, tag counts)
    /// already reflects.
    journal_seen: usize,
    /// Corpus index by article id.
    positions: HashMap<String, usize>,
    /// Why the last save failed, while edits are unsaved (quitting asks first then).
    save_problem: Option<String>,
    /// Who codes passages in this session (the store's coder).
    coder: String,
    /// Whose codings the reader shows (`L`).
    coder_view: CoderView,
    /// Each coder's tags, once read from the logs (see `coders.rs`).
    tag_layers: Option<coders::TagLayers>,
    /// `I` asked for the layers: describe once they arrive.
    describe_after_layers: bool,
    /// The feeds `R` fetches, and whether a fetch is running (see `feeds.rs`).
    feeds: feeds::Feeds,
    /// How many of the corpus warnings came before it (the config's, the store's): they are
    /// the ones a reloaded corpus keeps.
    early_warnings: usize,
}

impl App {
    pub fn new(corpus: Corpus, keymap: Keymap) -> App {
        let outlet_column = loading::outlet_column(&corpus);
        let mut app = App {
            corpus,
            store: StoreData::default(),
            keymap,
            settings: Settings::default(),
            popups: Vec::new(),
            screen: Screen {
                width: 80,
                height: 24,
                focus: Focus::List,
                message: None,
                color: true,
                loading: None,
                split: layout::DEFAULT_SPLIT,
                zoom: false,
            },
            list: ListState {
                outlet_column,
                ..ListState::default()
            },
            reader: ReaderView::default(),
            indexes: Indexes::default(),
            history: History::default(),
            search_history: Vec::new(),
            analyses: HashMap::new(),
            read_flags: Default::default(),
            tag_counts: Vec::new(),
            journal_seen: 0,
            positions: HashMap::new(),
            save_problem: None,
            coder: String::new(),
            coder_view: CoderView::default(),
            tag_layers: None,
            describe_after_layers: false,
            feeds: feeds::Feeds::default(),
            early_warnings: 0,
        };
        app.index_positions();
        app.refilter();
        app.relayout();
        app
    }

    // Read access for the UI, the shell and tests.

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn store(&self) -> &StoreData {
        &self.store
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn list(&self) -> &ListState {
        &self.list
    }

    pub fn reader(&self) -> &ReaderView {
        &self.reader
    }

    pub fn indexes(&self) -> &Indexes {
        &self.indexes
    }

    pub fn focus(&self) -> Focus {
        self.screen.focus
    }

    pub fn message(&self) -> Option<&str> {
        self.screen.message.as_deref()
    }

    pub fn search_history(&self) -> &[String] {
        &self.search_history
    }

    /// Every tag with the number of articles carrying it, most used first.
    pub fn tag_counts(&self) -> &[(String, usize)] {
        &self.tag_counts
    }

    /// The open popups, bottom first.
    pub fn popups(&self) -> &[Overlay] {
        &self.popups
    }

    /// The popup that has the keyboard, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.popups.last()
    }

    /// A modal popup is open (the entity panel and search line are not modal).
    pub fn modal_open(&self) -> bool {
        self.popups.iter().any(Overlay::is_modal)
    }

    pub fn entity_panel(&self) -> Option<&EntityPanel> {
        self.popups.iter().find_map(|p| match p {
            Overlay::EntityPanel(panel) => Some(panel),
            _ => None,
        })
    }

    pub fn search_line(&self) -> Option<&SearchLine> {
        self.popups.iter().find_map(|p| match p {
            Overlay::SearchLine(line) => Some(line),
            _ => None,
        })
    }

    // What the shell and the CLI tell the app.

    /// A one-line message for the status bar.
    pub fn notify(&mut self, message: impl Into<String>) {
        self.screen.message = Some(message.into());
    }

    pub fn clear_message(&mut self) {
        self.screen.message = None;
    }

    pub fn set_color(&mut self, color: bool) {
        self.screen.color = color;
    }

    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    pub fn settings(&self) -> Settings {
        self.settings
    }

    pub fn set_search_history(&mut self, history: Vec<String>) {
        self.search_history = history;
    }

    /// The shell could not save (`Some(why)`), or saved again (`None`).
    pub fn set_save_problem(&mut self, problem: Option<String>) {
        self.save_problem = problem;
    }

    pub fn save_problem(&self) -> Option<&str> {
        self.save_problem.as_deref()
    }

    /// The store edits made since the last call, in order, for the shell to append to the log.
    pub fn take_store_changes(&mut self) -> Vec<crate::store::Change> {
        self.journal_seen = 0;
        self.store.take_journal()
    }

    /// Moves the records of articles whose text was edited to their new ids (see
    /// `store::reattach`); returns what moved.
    pub fn reattach_store(
        &mut self,
        articles: &[crate::model::Article],
    ) -> Vec<crate::store::Reattached> {
        let moved = crate::store::reattach(&mut self.store, articles);
        if !moved.is_empty() {
            self.after_store_change();
        }
        moved
    }

    pub fn set_search_progress(&mut self, done: usize, total: usize) {
        self.indexes.search_progress = (done, total);
    }

    /// Adopts a store (at start, or when other writers' edits arrived). The shell takes the
    /// changes of the store it replaces first (`take_store_changes`).
    pub fn set_store(&mut self, store: StoreData) {
        if store != self.store {
            self.store = store;
            self.after_store_change();
        }
    }

    pub fn layout(&self) -> ScreenLayout {
        layout::compute(
            self.screen.width,
            self.screen.height,
            self.screen.focus,
            self.pane_split(),
        )
    }

    fn pane_split(&self) -> layout::Split {
        layout::Split {
            list_percent: self.screen.split,
            zoom: self.screen.zoom,
        }
    }

    /// The highlighted article, if the list is not empty.
    pub fn current(&self) -> Option<&Article> {
        self.list
            .visible
            .get(self.list.selected)
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
        self.layout().reader.or_else(|| {
            layout::compute(
                self.screen.width,
                self.screen.height,
                Focus::Reader,
                self.pane_split(),
            )
            .reader
        })
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

    /// The keymap section keys are looked up in now.
    pub fn mode(&self) -> Mode {
        self.popups.last().map_or(Mode::Main, Overlay::mode)
    }

    /// Handles a key press from the terminal (the shell filters out releases and repeats).
    pub fn on_key(&mut self, key: impl Into<KeyPress>) -> Vec<Effect> {
        let press = key.into();
        let mode = self.mode();
        let resolution = self.keymap.resolve(mode, press);
        if self.screen.loading.is_some() {
            // Quit at once; every other key waits for the corpus (and says nothing).
            return match resolution {
                Resolution::Action(Action::Quit | Action::Back) => vec![Effect::Quit],
                _ => Vec::new(),
            };
        }
        self.screen.message = None;
        let input = match resolution {
            Resolution::Action(action) => Input::Action(action),
            Resolution::Pending => return Vec::new(),
            Resolution::Unbound => match press.typed_char() {
                Some(c) if mode.takes_text() => Input::Char(c),
                // Any key but yes answers no.
                _ if mode == Mode::Confirm => Input::Action(Action::Cancel),
                _ => {
                    if let Some(help) = self.keymap.key_in(mode, Action::Help) {
                        self.screen.message =
                            Some(format!("{press} is not bound — press {help} for keys"));
                    }
                    return Vec::new();
                }
            },
        };
        self.dispatch(input)
    }

    /// Text pasted into the terminal (bracketed paste): goes to the open text field, if any.
    pub fn paste(&mut self, text: &str) {
        if self.screen.loading.is_none() && self.mode().takes_text() {
            self.dispatch(Input::Paste(text.to_string()));
        }
    }

    /// Applies an action as if its key had been pressed where the keyboard is now.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if matches!(action, Action::Resize(..) | Action::Mouse(_)) {
            self.rank_rest();
        }
        if let Action::Resize(width, height) = action {
            self.screen.width = width;
            self.screen.height = height;
            self.relayout();
            return Vec::new();
        }
        if self.screen.loading.is_some() {
            return match action {
                Action::Quit | Action::Back => vec![Effect::Quit],
                _ => Vec::new(),
            };
        }
        if let Action::Mouse(input) = action {
            return self.mouse(input);
        }
        self.dispatch(Input::Action(action))
    }

    /// Hands an input down the popup stack, top first; what every popup passes on is a list
    /// or reader action.
    fn dispatch(&mut self, input: Input) -> Vec<Effect> {
        if input == Input::Action(Action::Quit) {
            return self.quit();
        }
        // Only typing a query leaves the list ranked no further than its top screenful;
        // everything else may read all of it.
        let typing_a_query = matches!(self.popups.last(), Some(Overlay::SearchLine(_)))
            && !matches!(
                input,
                Input::Action(Action::MoveDown | Action::MoveUp | Action::Confirm)
            );
        if !typing_a_query {
            self.rank_rest();
        }
        let mut depth = self.popups.len();
        let mut effects = None;
        while depth > 0 {
            depth -= 1;
            let mut popup = self.popups.remove(depth);
            match popup.handle(input.clone(), self) {
                Outcome::Consumed(done) => {
                    self.popups.insert(depth.min(self.popups.len()), popup);
                    effects = Some(done);
                }
                Outcome::Close(done) => effects = Some(done),
                Outcome::Pass => {
                    self.popups.insert(depth.min(self.popups.len()), popup);
                    continue;
                }
            }
            break;
        }
        let effects = match (effects, input) {
            (Some(effects), _) => effects,
            (None, Input::Action(action)) => self.main_action(action),
            (None, _) => Vec::new(),
        };
        self.relayout();
        effects
    }
}
