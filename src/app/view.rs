//! Re-deriving what the screen shows after anything changed: the filtered and ranked list, the
//! reader's lines, search matches in the open article, scroll clamps and the list offset.

use super::{read_flags, reader, App, Focus, SpanKind};

impl App {
    /// Applies the search, tag and entity filters to the corpus (in the search's ranking when
    /// there is one), keeping the highlighted article when it still shows.
    pub(crate) fn refilter(&mut self) {
        self.refilter_ranking(None);
    }

    /// [`App::refilter`], ranking only the best `head` hits of a search when it has many (the
    /// list is then shown from its top: a keystroke in the search line).
    pub(super) fn refilter_ranking(&mut self, head: Option<usize>) {
        // The selected article by corpus position: ids are unique in a corpus, so finding the
        // position again compares numbers, not 700,000 ids behind as many pointers. A
        // keystroke's list is shown from its top, so there is nothing to find.
        let current = match head {
            Some(_) => None,
            None => self.list.visible.get(self.list.selected).copied(),
        };
        // Runs on every search keystroke over up to the whole corpus: the search's hits become
        // the list, whose old buffer the next search fills (a fresh one faulted in megabytes
        // of pages each time), and there are no per-article store or entity lookups unless a
        // filter asks for them.
        let before = std::mem::take(&mut self.list.visible);
        let mut ranked_head = Vec::new();
        let visible = match self.rerun_search(head) {
            Some(ranked) => {
                self.indexes.spare_list = before;
                if let Some(head) = head.filter(|_| self.indexes.searcher.has_unranked_rest()) {
                    ranked_head.extend_from_slice(&ranked[..head.min(ranked.len())]);
                }
                ranked
            }
            None => {
                let mut all = before;
                all.clear();
                all.extend(0..self.corpus.articles.len());
                all
            }
        };
        self.list.rest_unranked = !ranked_head.is_empty();
        self.show_list(visible, current);
        if self.list.rest_unranked && !self.screenful_ranked(&ranked_head) {
            // Filters or folded stories left too few of the ranked hits for a screen.
            self.rank_rest();
        }
    }

    /// Whether the list's first screenful (and one more row) are all from `ranked_head`, the
    /// hits ranked so far: filters and story folding keep the order of what they keep, so the
    /// rows from the head come first, until a row from the unranked rest.
    fn screenful_ranked(&self, ranked_head: &[usize]) -> bool {
        let head: std::collections::HashSet<usize> = ranked_head.iter().copied().collect();
        self.list
            .visible
            .iter()
            .take(self.list_rows() + 1)
            .all(|i| head.contains(i))
    }

    /// Finishes the ranking a search keystroke left for later (see
    /// [`ListState::rest_unranked`](super::ListState::rest_unranked)): the screen stays the
    /// same, the rows below it come in the search's order.
    pub fn rank_rest(&mut self) {
        if !std::mem::take(&mut self.list.rest_unranked) {
            return;
        }
        let current = self.list.visible.get(self.list.selected).copied();
        let mut ranked = std::mem::take(&mut self.indexes.spare_list);
        if self.indexes.searcher.rank_rest(&mut ranked) {
            self.indexes.spare_list = std::mem::take(&mut self.list.visible);
            self.show_list(ranked, current);
        } else {
            // The searcher has answered another query since: ask again.
            self.indexes.spare_list = ranked;
            self.refilter();
        }
    }

    /// True while the list's rows below the top screenful wait for [`App::rank_rest`].
    pub fn rest_unranked(&self) -> bool {
        self.list.rest_unranked
    }

    /// The list becomes `visible` (all articles or a search's hits), narrowed by the tag and
    /// entity filters and with same-story copies folded, the highlight kept on `current`.
    fn show_list(&mut self, mut visible: Vec<usize>, current: Option<usize>) {
        let mentioning = match (&self.list.entity_filter, &self.indexes.entity) {
            (Some(key), Some(index)) => Some(index.articles_mentioning(key)),
            _ => None,
        };
        let tag_filter = (!self.list.filter.is_empty()).then_some(&self.list.filter);
        if tag_filter.is_some() || mentioning.is_some() {
            visible.retain(|&i| {
                tag_filter.is_none_or(|f| {
                    f.matches(self.store.tags_of(self.corpus.articles[i].id.as_str()))
                }) && mentioning
                    .as_ref()
                    .is_none_or(|m| m.binary_search(&i).is_ok())
            });
        }
        self.list.visible = visible;
        self.fold_stories();
        self.list.selected = current
            .and_then(|current| self.list.visible.iter().position(|&i| i == current))
            .unwrap_or(0)
            .min(self.list.visible.len().saturating_sub(1));
        if self.read_flags.len() != self.corpus.articles.len() {
            self.refresh_read_flags();
        }
        self.count_unread();
    }

    pub(super) fn count_unread(&mut self) {
        self.list.unread = self
            .list
            .visible
            .iter()
            .filter(|&&i| !self.read_flags.get(i))
            .count();
    }

    /// Which articles are read, by corpus index: derived once per store change instead of
    /// looked up in the store on every search keystroke.
    pub(super) fn refresh_read_flags(&mut self) {
        self.read_flags = read_flags::ReadFlags::from_flags(
            self.corpus
                .articles
                .iter()
                .map(|a| self.store.is_read(a.id.as_str())),
        );
    }

    /// The unread article the user is reading now (reader focused), for the mark-as-read timer.
    pub fn reading(&self) -> Option<&str> {
        if self.screen.focus != Focus::Reader || self.modal_open() {
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
        let article = self.list.visible.get(self.list.selected).copied();
        let width = self.reader_width();
        if self.reader.stale || article != self.reader.article || width != self.reader.width {
            let same_article = article == self.reader.article;
            let analysis = article
                .filter(|_| self.reader.highlights)
                .map(|i| self.analysis_of(i));
            let lines = article
                .and_then(|i| self.corpus.articles.get(i))
                .map(|a| {
                    let id = a.id.as_str();
                    let (tags, note) = (self.shown_tags(id), self.store.note_of(id));
                    reader::layout_article(a, tags, note, analysis.as_deref(), width)
                })
                .unwrap_or_default();
            let scroll = if same_article { self.reader.scroll } else { 0 };
            if !same_article {
                self.reader.span_cursor = None;
                self.reader.anchor = None;
                self.reader.sentences = article
                    .and_then(|i| self.corpus.articles.get(i))
                    .map_or_else(Vec::new, |a| crate::analysis::sentences(&a.body));
                self.refresh_entity_panel(article);
            }
            self.reader.coded = article.map_or_else(Vec::new, |i| self.coded_spans(i));
            self.reader.article = article;
            self.reader.width = width;
            self.reader.lines = lines;
            self.reader.scroll = scroll;
            self.reader.stale = false;
        }
        let key = article.zip(self.list.search.as_ref().map(|s| s.text.clone()));
        if key != self.reader.matches_key {
            self.reader.matches = article.map_or_else(Vec::new, |i| self.matches_in_body(i));
            self.reader.matches_key = key;
            if self
                .reader
                .span_cursor
                .as_ref()
                .is_some_and(|c| c.kind == SpanKind::Match)
            {
                self.reader.span_cursor = None;
            }
        }
        self.reader.scroll = self.reader.scroll.min(self.max_reader_scroll());
        if self.list.visible.is_empty() && self.screen.focus == Focus::Reader {
            self.screen.focus = Focus::List;
        }
        let rows = self.list_rows().max(1);
        if self.list.selected < self.list.offset {
            self.list.offset = self.list.selected;
        } else if self.list.selected >= self.list.offset + rows {
            self.list.offset = self.list.selected + 1 - rows;
        }
        self.list.offset = self
            .list
            .offset
            .min(self.list.visible.len().saturating_sub(rows));
    }
}
