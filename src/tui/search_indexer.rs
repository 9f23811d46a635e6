//! Builds the search index off the event loop: from the cache when it holds the index of
//! exactly these articles; otherwise titles first (a fraction of a second, so `/` works at
//! once), then titles and bodies on all cores with progress the status bar shows, kept in the
//! cache for the next run and handed over as read back from there (`cache::search::keep`).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use crate::app::App;
use crate::cache::Cache;
use crate::model::Article;
use crate::search::SearchIndex;

pub enum SearchIndexMessage {
    /// Titles only: search works, on titles.
    Titles(SearchIndex),
    /// The full index (read back from the cache file when it could be kept there).
    Done(Arc<SearchIndex>),
    /// A cache that could not be used or kept, in one line for the user.
    Warning(String),
}

pub struct SearchIndexer {
    pub messages: Receiver<SearchIndexMessage>,
    /// Articles whose bodies are indexed so far.
    pub progress: Arc<AtomicUsize>,
    /// Set when the indexer is dropped (a reload, or quitting): the thread stops building an
    /// index nobody will use (at a million articles, 40 s of both cores and 1.4 GB).
    stop: Arc<AtomicBool>,
}

impl Drop for SearchIndexer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

pub fn start(
    articles: Arc<Vec<Article>>,
    cache: Option<Cache>,
    pending: Option<crate::cache::search::Pending>,
) -> Option<SearchIndexer> {
    let (tx, rx) = mpsc::channel();
    let progress = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&progress);
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("presscut-search-index".into())
        .spawn(move || {
            if let Some(cache) = &cache {
                match crate::cache::search::load_prefetched(cache, &articles, pending) {
                    Ok(index) => {
                        counter.store(articles.len(), Ordering::Relaxed);
                        let _ = tx.send(SearchIndexMessage::Done(Arc::new(index)));
                        return;
                    }
                    Err(why) => {
                        if let Some(warning) = cache.warning(crate::cache::Kind::Search, &why) {
                            let _ = tx.send(SearchIndexMessage::Warning(warning));
                        }
                    }
                }
            }
            if tx
                .send(SearchIndexMessage::Titles(SearchIndex::build_titles(
                    &articles,
                )))
                .is_err()
            {
                return; // the app has quit
            }
            let Some(full) = SearchIndex::build_unless_stopped(&articles, &counter, &stopped)
            else {
                return; // reloaded or quit: nobody wants it
            };
            // Sent once kept: the app never holds the built index beside the one read back.
            let full = match &cache {
                Some(cache) => {
                    let (kept, warning) = crate::cache::search::keep(cache, &articles, full);
                    if let Some(warning) = warning {
                        let _ = tx.send(SearchIndexMessage::Warning(warning));
                    }
                    kept
                }
                None => full,
            };
            let _ = tx.send(SearchIndexMessage::Done(Arc::new(full)));
        })
        .ok()?;
    Some(SearchIndexer {
        messages: rx,
        progress,
        stop,
    })
}

impl super::Shell {
    /// Progress and the index itself from the search indexer; `true` if the screen changed.
    pub(super) fn take_search_index(&mut self, app: &mut App) -> bool {
        let Some(indexer) = &self.search_index else {
            return false;
        };
        let total = app.corpus().articles.len();
        let done = indexer.progress.load(Ordering::Relaxed);
        let progress = (done.min(total), total);
        let mut changed = app.indexes().search_progress != progress;
        app.set_search_progress(progress.0, progress.1);
        loop {
            match indexer.messages.try_recv() {
                Ok(SearchIndexMessage::Titles(index)) => {
                    app.set_search_index(Arc::new(index));
                    changed = true;
                }
                Ok(SearchIndexMessage::Done(index)) => {
                    app.set_search_progress(total, total);
                    app.set_search_index(index);
                    changed = true;
                }
                Ok(SearchIndexMessage::Warning(warning)) => {
                    app.notify(warning);
                    changed = true;
                }
                Err(TryRecvError::Empty) => return changed,
                Err(TryRecvError::Disconnected) => {
                    self.search_index = None;
                    return true;
                }
            }
        }
    }
}
