//! Builds the corpus-wide entity index, quote index and same-story groups on a background
//! thread, analysing on every core only what the cache does not already hold, so the list and
//! the reader are usable from the first frame whatever the corpus size.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use crate::app::App;
use crate::cache::digests::Stats;
use crate::cache::Cache;
use crate::digest::Indexes;
use crate::model::Article;
use crate::store::Correction;

/// What the indexer made, and how (analysed or from the cache).
pub struct Built {
    pub indexes: Indexes,
    pub stats: Stats,
}

pub enum Message {
    /// The finished indexes, once.
    Built(Box<Built>),
    /// The cache could not be kept, in one line for the user.
    Warning(String),
}

pub struct Indexer {
    pub done: Receiver<Message>,
    /// Articles digested so far (analysed or taken from the cache).
    pub progress: Arc<AtomicUsize>,
    /// Set when the indexer is dropped (the corpus was reloaded, or the app quits): the thread
    /// stops analysing instead of spending minutes of both cores on indexes nobody will read.
    stop: Arc<AtomicBool>,
}

impl Indexer {
    /// Asks the thread to stop and waits for it, at most `limit`: a first open given up
    /// half-way then keeps what it analysed (`cache::digests`), and indexes being written are
    /// finished, instead of being cut off when the process exits.
    pub fn stop_and_wait(self, limit: std::time::Duration) {
        self.stop.store(true, Ordering::Relaxed);
        let deadline = std::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.done.recv_timeout(left) {
                // A message it sent before stopping: nobody needs it now.
                Ok(_) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected | mpsc::RecvTimeoutError::Timeout) => {
                    return
                }
            }
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts indexing. `corrections`: the store's corrections by article id when indexing starts
/// (one made later reaches the index through the app, see `App::analysis_of`).
pub fn start(
    articles: Arc<Vec<Article>>,
    corrections: BTreeMap<String, Vec<Correction>>,
    cache: Option<Cache>,
    pending: Option<crate::cache::indexes::Pending>,
) -> Indexer {
    let (tx, done) = mpsc::channel();
    let progress = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&progress);
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let spawned = std::thread::Builder::new()
        .name("presscut-indexer".into())
        .spawn(move || {
            let (indexes, to_keep, stats) = crate::cache::indexes::open_prefetched(
                &articles,
                &corrections,
                cache.as_ref(),
                &counter,
                pending,
                &stopped,
            );
            if stats.stopped {
                return;
            }
            if tx
                .send(Message::Built(Box::new(Built { indexes, stats })))
                .is_err()
            {
                return; // the app has quit
            }
            // The indexes reach the user first; the cache is written after.
            if let (Some(cache), Some(bytes)) = (&cache, to_keep) {
                if let Err(why) = crate::cache::indexes::keep(cache, &bytes) {
                    let _ = tx.send(Message::Warning(why));
                }
            }
        });
    if spawned.is_err() {
        // No thread: the app keeps working without the corpus-wide entity filter.
        let (_, empty) = mpsc::channel();
        return Indexer {
            done: empty,
            progress,
            stop,
        };
    }
    Indexer {
        done,
        progress,
        stop,
    }
}

impl super::Shell {
    /// Progress and the finished entity index; `true` if the screen changed.
    pub(super) fn take_index_messages(&mut self, app: &mut App) -> bool {
        let Some(indexer) = &self.index else {
            return false;
        };
        let total = app.corpus().articles.len();
        let done = indexer.progress.load(std::sync::atomic::Ordering::Relaxed);
        let mut changed = app.indexes().entity_progress != (done.min(total), total);
        loop {
            match indexer.done.try_recv() {
                Ok(Message::Built(built)) => {
                    let Built { indexes, stats } = *built;
                    app.set_quote_index(indexes.quotes);
                    app.set_stories(indexes.stories);
                    app.set_entity_index(indexes.entities);
                    for warning in stats.warnings {
                        app.notify(warning);
                    }
                    changed = true;
                }
                Ok(Message::Warning(warning)) => {
                    app.notify(warning);
                    changed = true;
                }
                Err(TryRecvError::Empty) => {
                    if app.indexes().entity.is_none() {
                        app.set_index_progress(done.min(total), total);
                    }
                    return changed;
                }
                Err(TryRecvError::Disconnected) => {
                    self.index = None;
                    return true;
                }
            }
        }
    }
}
