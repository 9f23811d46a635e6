//! The parts the app's state is kept in. The UI reads them through `App`'s accessors (`screen()`,
//! `list()`, `reader()`, `indexes()`); only `app` writes them.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use super::{ActiveSearch, Focus, Loading, ReaderLine, SpanCursor, TagFilter};
use crate::entity_index::{EntityIndex, EntityKey};

/// Behaviour the config chooses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The tag picker stays open after Enter (for tagging one article with several tags in a
    /// row); by default Enter toggles the tag and closes it, as lazygit and newsboat do.
    pub picker_stays_open: bool,
    /// Blind coding: others' codings of an article stay hidden until I finish it.
    pub blind: bool,
}

/// The terminal and what the status bar says.
#[derive(Clone, Debug)]
pub struct Screen {
    pub width: u16,
    pub height: u16,
    pub focus: Focus,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
    /// Draw with colours; false honours `NO_COLOR` (styles by bold/italic/underline only).
    pub color: bool,
    /// `Some` while the corpus loads in the background: only quitting and resizing work.
    pub loading: Option<Loading>,
    /// The list pane's share of the width, in percent (side by side).
    pub split: u16,
    /// Only the focused pane is shown.
    pub zoom: bool,
}

/// The article list: which articles, in which order, which one is highlighted.
#[derive(Clone, Debug, Default)]
pub struct ListState {
    /// Corpus indices of the articles the list shows (all, or those passing the filters).
    pub visible: Vec<usize>,
    /// Position of the highlighted article in `visible`.
    pub selected: usize,
    /// First list row on screen.
    pub offset: usize,
    pub filter: TagFilter,
    /// Show only articles that mention this entity.
    pub entity_filter: Option<EntityKey>,
    /// The query ranking and filtering the list.
    pub search: Option<ActiveSearch>,
    /// Ids of articles marked for bulk changes.
    pub marked: BTreeSet<String>,
    /// Unread articles in the list, kept up to date whenever the list or the store changes.
    pub unread: usize,
    /// Width of the list's outlet column: the widest outlet (at most 14), measured once.
    pub outlet_column: usize,
    /// Same-story groups (numbers into `Indexes::stories`) unfolded with `=`: their copies are
    /// listed under the story's first row. Other stories show that row alone, with `×N`.
    pub unfolded_stories: std::collections::HashSet<usize>,
    /// While the reader types a query, only the screenful at the top of `visible` is in the
    /// search's order; the other hits follow in corpus order until `App::rank_rest` runs
    /// (when typing pauses, or before anything else reads the list).
    pub rest_unranked: bool,
}

/// The open article laid out for the current reader width, and what is marked in it.
#[derive(Clone, Debug)]
pub struct ReaderView {
    /// Index into the corpus articles of the article shown.
    pub article: Option<usize>,
    pub width: usize,
    pub lines: Vec<ReaderLine>,
    pub scroll: usize,
    /// Entity and quote highlighting (`H`).
    pub highlights: bool,
    /// The entity, quote or match `]e`/`]q`/`n` moved to.
    pub span_cursor: Option<SpanCursor>,
    /// Where the search matched in the open article's body (highlighted; `n`/`N`).
    pub matches: Vec<Range<usize>>,
    /// Where the selection started (`v`, `s`, `p`, `o`): it runs from here to the span cursor.
    pub anchor: Option<Range<usize>>,
    /// The word a mouse press landed on: a drag selects from it.
    pub drag_from: Option<Range<usize>>,
    /// The open article's sentences (byte ranges), for the sentence motions.
    pub sentences: Vec<Range<usize>>,
    /// The open article's coded passages, by start, as byte ranges with their codes.
    pub coded: Vec<super::passages::CodedSpan>,
    /// The article and query `matches` were computed for.
    pub(super) matches_key: Option<(usize, String)>,
    /// Must be laid out again (its article's tags or note changed).
    pub(super) stale: bool,
}

impl Default for ReaderView {
    fn default() -> ReaderView {
        ReaderView {
            article: None,
            width: 0,
            lines: Vec::new(),
            scroll: 0,
            highlights: true,
            span_cursor: None,
            matches: Vec::new(),
            anchor: None,
            drag_from: None,
            sentences: Vec::new(),
            coded: Vec::new(),
            matches_key: None,
            stale: true,
        }
    }
}

/// What is built in the background over the whole corpus.
#[derive(Default)]
pub struct Indexes {
    /// Which articles mention which entity.
    pub entity: Option<EntityIndex>,
    /// Every quote with a speaker, by speaker (built with the entity index).
    pub quotes: Option<crate::quote_index::QuoteIndex>,
    /// Same-story groups of two or more articles (built with the entity index), and by corpus
    /// index each article's group (dense: the list folds stories on every search keystroke).
    pub stories: Vec<Vec<usize>>,
    pub story_of: Vec<Option<u32>>,
    /// Articles indexed for entities so far, and in all.
    pub entity_progress: (usize, usize),
    pub(super) search: Option<Arc<crate::search::SearchIndex>>,
    pub(super) searcher: crate::search::Searcher,
    /// The buffer of the list before the current one, for the next search's hits.
    pub(super) spare_list: Vec<usize>,
    /// Articles indexed for search so far, and in all (titles are indexed at once).
    pub search_progress: (usize, usize),
}
