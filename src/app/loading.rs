//! The loading state: the app exists (and draws a progress screen, follows resizes, quits on `q`)
//! before its corpus does; [`App::corpus_loaded`] hands the corpus over when the background
//! load is done.

use super::{reader, App, Corpus, Keymap, ReaderView};
use crate::model::Warning;

/// How far loading the corpus has got (the app shows a progress screen until it is loaded).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loading {
    /// Files found so far; the total once `walked`.
    pub found: usize,
    pub read: usize,
    /// Every folder has been walked.
    pub walked: bool,
}

impl App {
    /// An app waiting for its corpus (named `name`), which [`App::corpus_loaded`] hands over.
    pub fn loading(name: String, keymap: Keymap) -> App {
        let mut app = App::new(
            Corpus {
                name,
                ..Corpus::default()
            },
            keymap,
        );
        app.screen.loading = Some(Loading::default());
        app
    }

    pub fn set_load_progress(&mut self, progress: Loading) {
        if self.screen.loading.is_some() {
            self.screen.loading = Some(progress);
        }
    }

    /// Warnings that are not about the corpus (the config file's): listed first under `w`.
    pub fn add_warnings(&mut self, warnings: Vec<Warning>) {
        self.early_warnings += warnings.len();
        self.corpus.warnings.splice(0..0, warnings);
    }

    /// The corpus is loaded: the list, reader and status bar show it from the next frame. Warnings
    /// added before (the config's) stay first. The shell starts background work on the new
    /// corpus (the entity index) right after this.
    pub fn corpus_loaded(&mut self, mut corpus: Corpus) {
        // A reload (new items fetched with `R`) keeps the article the user is on; everything
        // built over the old corpus numbers its articles differently and goes.
        let current = self.current().map(|a| a.id.to_string());
        self.indexes = Default::default();
        self.list.unfolded_stories.clear();
        // The warnings added before the corpus stay; the old corpus's own go with it.
        let early = self.early_warnings.min(self.corpus.warnings.len());
        let earlier: Vec<Warning> = self.corpus.warnings.drain(..early).collect();
        corpus.warnings.splice(0..0, earlier);
        self.list.outlet_column = outlet_column(&corpus);
        self.indexes.entity_progress = (0, corpus.articles.len());
        self.corpus = corpus;
        self.analyses.clear();
        self.screen.loading = None;
        self.list.selected = 0;
        self.list.offset = 0;
        self.reader = ReaderView {
            highlights: self.reader.highlights,
            ..ReaderView::default()
        };
        self.index_positions();
        self.tag_counts = self.store.tag_counts();
        self.journal_seen = self.store.journal_len();
        self.refilter_keeping(current.as_deref());
        self.relayout();
    }
}

/// Width of the list's outlet column: the widest outlet, at most 14.
pub(super) fn outlet_column(corpus: &Corpus) -> usize {
    corpus
        .articles
        .iter()
        .map(|a| a.outlet.as_deref().map_or(0, reader::display_width))
        .max()
        .unwrap_or(0)
        .min(14)
}
