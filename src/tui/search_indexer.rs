//! Builds the search index off the event loop: titles first (a fraction of a second, so `/`
//! works at once), then titles and bodies on all cores with progress the status bar shows.

use std::sync::atomic::AtomicUsize;
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use crate::model::Article;
use crate::search::SearchIndex;

pub enum SearchIndexMessage {
    /// Titles only: search works, on titles.
    Titles(SearchIndex),
    Done(SearchIndex),
}

pub struct SearchIndexer {
    pub messages: Receiver<SearchIndexMessage>,
    /// Articles whose bodies are indexed so far.
    pub progress: Arc<AtomicUsize>,
}

pub fn start(articles: Arc<Vec<Article>>) -> Option<SearchIndexer> {
    let (tx, rx) = mpsc::channel();
    let progress = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&progress);
    std::thread::Builder::new()
        .name("presscut-search-index".into())
        .spawn(move || {
            if tx
                .send(SearchIndexMessage::Titles(SearchIndex::build_titles(
                    &articles,
                )))
                .is_err()
            {
                return; // the app has quit
            }
            let full = SearchIndex::build(&articles, &counter);
            let _ = tx.send(SearchIndexMessage::Done(full));
        })
        .ok()?;
    Some(SearchIndexer {
        messages: rx,
        progress,
    })
}
