//! Builds the search index off the event loop: from the cache when it holds the index of
//! exactly these articles; otherwise titles first (a fraction of a second, so `/` works at
//! once), then titles and bodies on all cores with progress the status bar shows, kept in the
//! cache for the next run once the app has it.

use std::sync::atomic::AtomicUsize;
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use crate::cache::Cache;
use crate::model::Article;
use crate::search::SearchIndex;

pub enum SearchIndexMessage {
    /// Titles only: search works, on titles.
    Titles(SearchIndex),
    Done(Arc<SearchIndex>),
    /// A cache that could not be used or kept, in one line for the user.
    Warning(String),
}

pub struct SearchIndexer {
    pub messages: Receiver<SearchIndexMessage>,
    /// Articles whose bodies are indexed so far.
    pub progress: Arc<AtomicUsize>,
}

pub fn start(articles: Arc<Vec<Article>>, cache: Option<Cache>) -> Option<SearchIndexer> {
    let (tx, rx) = mpsc::channel();
    let progress = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&progress);
    std::thread::Builder::new()
        .name("presscut-search-index".into())
        .spawn(move || {
            if let Some(cache) = &cache {
                match crate::cache::search::load(cache, &articles) {
                    Ok(index) => {
                        counter.store(articles.len(), std::sync::atomic::Ordering::Relaxed);
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
            let full = Arc::new(SearchIndex::build(&articles, &counter));
            // Shared with the app, so keeping it costs no copy.
            if tx
                .send(SearchIndexMessage::Done(Arc::clone(&full)))
                .is_err()
            {
                return;
            }
            if let Some(cache) = &cache {
                if let Err(why) = crate::cache::search::save(cache, &articles, &full) {
                    let _ = tx.send(SearchIndexMessage::Warning(why));
                }
            }
        })
        .ok()?;
    Some(SearchIndexer {
        messages: rx,
        progress,
    })
}
