//! Re-deriving what the screen shows after anything changed: the filtered and ranked list, the
//! reader's lines, search matches in the open article, scroll clamps and the list offset.

use super::{reader, App, Focus, ReaderView, SpanKind};

impl App {
    /// Applies the search, tag and entity filters to the corpus (in the search's ranking when
    /// there is one), keeping the highlighted article when it still shows.
    pub(crate) fn refilter(&mut self) {
        let current = self.current().map(|a| a.id.clone());
        self.rerun_search();
        let order: Vec<usize> = match &self.search {
            Some(search) => search.ranked.clone(),
            None => (0..self.corpus.articles.len()).collect(),
        };
        // Runs on every search keystroke over up to the whole corpus: no per-article store or
        // entity lookups unless a filter asks for them.
        let mentioning = match (&self.entity_filter, &self.entity_index) {
            (Some(key), Some(index)) => Some(index.articles_mentioning(key)),
            _ => None,
        };
        let tag_filter = (!self.filter.is_empty()).then_some(&self.filter);
        self.visible = order
            .into_iter()
            .filter(|&i| {
                tag_filter.is_none_or(|f| {
                    f.matches(self.store.tags_of(self.corpus.articles[i].id.as_str()))
                })
            })
            .filter(|i| mentioning.is_none_or(|m| m.binary_search(i).is_ok()))
            .collect();
        self.selected = current
            .and_then(|id| {
                self.visible
                    .iter()
                    .position(|&i| self.corpus.articles[i].id == id)
            })
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
        if self.read_flags.len() != self.corpus.articles.len() {
            self.refresh_read_flags();
        }
        self.unread = self
            .visible
            .iter()
            .filter(|&&i| !self.read_flags.get(i).copied().unwrap_or(false))
            .count();
    }

    /// Which articles are read, by corpus index: derived once per store change instead of
    /// looked up in the store on every search keystroke.
    pub(super) fn refresh_read_flags(&mut self) {
        self.read_flags = self
            .corpus
            .articles
            .iter()
            .map(|a| self.store.is_read(a.id.as_str()))
            .collect();
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
    pub(super) fn relayout(&mut self) {
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
