//! Builds the search index off the event loop: from the cache when it holds the index of
//! exactly these articles; otherwise titles first (a fraction of a second, so `/` works at
//! once), then titles and bodies on all cores with progress the status bar shows, kept in the
//! cache for the next run and handed over as read back from there (`cache::search::build_and_keep`).

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
                let loaded = crate::cache::search::load_unverified(cache, &articles, pending)
                    .and_then(|(index, checksum)| {
                        counter.store(articles.len(), Ordering::Relaxed);
                        let _ = tx.send(SearchIndexMessage::Done(Arc::new(index)));
                        // Verified behind the index in use, only when no other work wants a
                        // core; if it fails, built again (on all cores: the work runs on
                        // rayon's threads, not this one).
                        crate::cache::yield_to_everything();
                        checksum.verify()
                    });
                match loaded {
                    Ok(()) => return,
                    Err(why) => {
                        counter.store(0, Ordering::Relaxed);
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
            // Sent once kept: the app never holds the built index beside the one read back.
            let full = match &cache {
                Some(cache) => {
                    let Some((kept, warning)) =
                        crate::cache::search::build_and_keep(cache, &articles, &counter, &stopped)
                    else {
                        return; // reloaded or quit: nobody wants it
                    };
                    if let Some(warning) = warning {
                        let _ = tx.send(SearchIndexMessage::Warning(warning));
                    }
                    kept
                }
                None => match SearchIndex::build_unless_stopped(&articles, &counter, &stopped) {
                    Some(full) => full,
                    None => return,
                },
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    use super::*;
    use crate::corpus::{parse_bytes, Format};
    use crate::search::{NoFacts, Query, Searcher};

    fn articles() -> Arc<Vec<Article>> {
        let texts = [
            "Zakharova in Kyiv\n\nMaria Zakharova said the talks in Kyiv were over.",
            "Zürich votes\n\nVoters in Zürich said yes to the new tram line.",
        ];
        let path = std::path::Path::new("a.txt");
        Arc::new(
            texts
                .iter()
                .flat_map(|t| parse_bytes(path, Format::Text, t.as_bytes()).0)
                .collect(),
        )
    }

    /// Every message until the indexer's thread ends.
    fn messages(indexer: SearchIndexer) -> Vec<SearchIndexMessage> {
        let mut all = Vec::new();
        while let Ok(message) = indexer.messages.recv_timeout(Duration::from_secs(60)) {
            all.push(message);
        }
        all
    }

    fn finds(index: &SearchIndex, articles: &[Article], typed: &str) -> usize {
        let outcome = Searcher::default().run(index, articles, &Query::parse(typed), &NoFacts);
        outcome.hits.len()
    }

    #[test]
    fn a_cached_index_whose_checksum_fails_is_used_then_replaced_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        let articles = articles();
        assert_eq!(articles.len(), 2);
        let built = SearchIndex::build(&articles, &AtomicUsize::new(0));
        crate::cache::search::save(&cache, &articles, &built).unwrap();

        // An intact file: handed over once, nothing to say.
        let intact = messages(start(articles.clone(), Some(cache.clone()), None).unwrap());
        assert!(
            matches!(intact.as_slice(), [SearchIndexMessage::Done(_)]),
            "{} messages",
            intact.len()
        );

        // The checksum in the header no longer fits the payload (which still decodes).
        let path = cache.path(crate::cache::Kind::Search);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[crate::cache::HEADER - 1] ^= 0x55;
        std::fs::write(&path, &bytes).unwrap();
        let all = messages(start(articles.clone(), Some(cache.clone()), None).unwrap());
        let warnings: Vec<&String> = all
            .iter()
            .filter_map(|m| match m {
                SearchIndexMessage::Warning(w) => Some(w),
                _ => None,
            })
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("checksum mismatch"), "{}", warnings[0]);
        assert!(warnings[0].contains(&path.display().to_string()));
        // The index read first was in use until then; the last one handed over is built
        // afresh, answers, and was kept: the next start reads it without a word.
        let Some(SearchIndexMessage::Done(last)) = all.last() else {
            panic!("the index was not built again");
        };
        assert!(matches!(all.first(), Some(SearchIndexMessage::Done(_))));
        assert_eq!(finds(last, &articles, "zürich"), 1);
        let next = messages(start(articles.clone(), Some(cache), None).unwrap());
        assert!(matches!(next.as_slice(), [SearchIndexMessage::Done(_)]));
    }
}
