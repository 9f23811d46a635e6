//! Loads the corpus on a background thread, so the first frame (a progress screen) comes at
//! once and `q` quits even in the middle of a 100,000-file load. The loading itself is
//! `corpus::Corpus::load_with_progress`; this only runs it and carries the result back.
//!
//! At start, a corpus the cache holds a snapshot of is shown from it at once; the folders are
//! then checked on this thread, at low priority, and the corpus is loaded again only when a
//! file changed (`Poll::Changed`). At a million files the check takes seconds the reader
//! need not wait for. The shell's side — handing each corpus to the app and starting the
//! indexes that need it — is here too.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use crate::app::{App, Loading};
use crate::corpus::{Corpus, LoadOptions, LoadProgress, Source};

pub struct Loader {
    progress: Arc<LoadProgress>,
    done: Receiver<Message>,
    /// A corpus was handed over; the one to come, if any, replaces it.
    delivered: bool,
}

enum Message {
    /// The corpus; `checking`: it is the snapshot, and the folders are being checked.
    Loaded { corpus: Corpus, checking: bool },
    /// The folders hold what the snapshot shows.
    Unchanged,
    /// They do not: the corpus as it now is.
    Changed(Corpus),
}

pub enum Poll {
    Loading(Loading),
    /// The corpus; `checking`: more may come (`Changed` or `Unchanged`).
    Loaded {
        corpus: Box<Corpus>,
        checking: bool,
    },
    /// Nothing to do: the loader is done.
    Unchanged,
    /// The corpus shown is out of date; this one replaces it, and the loader is done.
    Changed(Box<Corpus>),
}

impl Loader {
    /// Loads the corpus; with `snapshot`, shows the cache's snapshot of it first when there is
    /// one (at start; not after `R`, which knows the folders changed).
    pub fn start(
        sources: Vec<Source>,
        options: LoadOptions,
        snapshot: bool,
    ) -> std::io::Result<Loader> {
        let progress = Arc::new(LoadProgress::default());
        let (tx, done) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::Builder::new()
            .name("presscut-loader".into())
            .spawn(move || {
                // The app may have quit meanwhile: sends that fail are ignored.
                let shown = snapshot.then(|| Corpus::open_snapshot(&sources, &options));
                match shown {
                    Some(Ok((corpus, unverified))) => {
                        let _ = tx.send(Message::Loaded {
                            corpus,
                            checking: true,
                        });
                        crate::cache::yield_to_everything();
                        let message = if unverified.still_current() {
                            Message::Unchanged
                        } else {
                            Message::Changed(Corpus::load_with_progress(
                                &sources, &options, &shared,
                            ))
                        };
                        let _ = tx.send(message);
                    }
                    other => {
                        let mut corpus = Corpus::load_with_progress(&sources, &options, &shared);
                        if let Some(Err(Some(damaged))) = other {
                            corpus.warnings.push(damaged);
                        }
                        let _ = tx.send(Message::Loaded {
                            corpus,
                            checking: false,
                        });
                    }
                }
            })?;
        Ok(Loader {
            progress,
            done,
            delivered: false,
        })
    }

    pub fn poll(&mut self) -> Poll {
        match self.done.try_recv() {
            Ok(Message::Loaded { corpus, checking }) => {
                self.delivered = true;
                Poll::Loaded {
                    corpus: Box::new(corpus),
                    checking,
                }
            }
            Ok(Message::Unchanged) => Poll::Unchanged,
            Ok(Message::Changed(corpus)) => Poll::Changed(Box::new(corpus)),
            // A thread that died after showing the snapshot leaves it shown.
            Err(TryRecvError::Disconnected) if self.delivered => Poll::Unchanged,
            // A loader thread that died (it never should: loading turns every problem into a
            // warning) leaves an empty corpus rather than an app stuck on the loading screen.
            Err(TryRecvError::Disconnected) => Poll::Loaded {
                corpus: Box::default(),
                checking: false,
            },
            Err(TryRecvError::Empty) => Poll::Loading(Loading {
                found: self.progress.found(),
                read: self.progress.read(),
                walked: self.progress.walked(),
            }),
        }
    }
}

/// The shell's side: the loaded corpus handed to the app, and the work that needs it started.
impl super::Shell {
    /// Progress of the background load; when it is done, the one place where the corpus reaches
    /// the app (and the store is re-attached to it).
    pub(super) fn take_loader_messages(&mut self, app: &mut App) -> bool {
        let Some(loader) = &mut self.loader else {
            return false;
        };
        match loader.poll() {
            Poll::Loading(_) if self.reloading => false,
            Poll::Loading(progress) => {
                let changed = app.screen().loading != Some(progress);
                app.set_load_progress(progress);
                changed
            }
            Poll::Loaded { corpus, checking } => {
                if checking {
                    // The snapshot is shown; what the check finds comes behind it.
                    self.reloading = true;
                } else {
                    self.loader = None;
                    self.reloading = false;
                }
                self.corpus_loaded(app, *corpus);
                true
            }
            Poll::Unchanged => {
                self.loader = None;
                self.reloading = false;
                false
            }
            Poll::Changed(corpus) => {
                self.loader = None;
                self.reloading = false;
                self.corpus_loaded(app, *corpus);
                app.notify("files changed since the last start: the list is up to date now");
                true
            }
        }
    }

    /// The corpus is loaded: re-attach notes of edited articles, hand it to the app, and start
    /// the background work that needs the whole corpus.
    pub(super) fn corpus_loaded(&mut self, app: &mut App, corpus: Corpus) {
        let reattached = app.reattach_store(&corpus.articles);
        app.corpus_loaded(corpus);
        if !reattached.is_empty() {
            app.notify(format!(
                "{} note(s) re-attached to edited articles; see `presscut check`",
                reattached.len()
            ));
        }
        self.start_background_work(app);
    }

    /// Work that starts once the corpus is in the app: the entity index and the search index.
    pub(super) fn start_background_work(&mut self, app: &mut App) {
        app.set_index_progress(0, app.corpus().articles.len());
        let (search_pending, indexes_pending) = match self.prefetched.take() {
            Some((search, indexes)) => (Some(search), Some(indexes)),
            None => (None, None),
        };
        self.index = Some(super::indexer::start(
            Arc::clone(&app.corpus().articles),
            app.store().corrections.clone(),
            self.cache.clone(),
            indexes_pending,
        ));
        self.search_index = super::search_indexer::start(
            Arc::clone(&app.corpus().articles),
            self.cache.clone(),
            search_pending,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cache;

    fn poll_until_done(loader: &mut Loader) -> Vec<String> {
        let mut seen = Vec::new();
        for _ in 0..2000 {
            match loader.poll() {
                Poll::Loading(_) => {}
                Poll::Loaded { corpus, checking } => {
                    seen.push(format!(
                        "loaded {} checking={checking}",
                        corpus.articles.len()
                    ));
                    if !checking {
                        return seen;
                    }
                }
                Poll::Unchanged => {
                    seen.push("unchanged".into());
                    return seen;
                }
                Poll::Changed(corpus) => {
                    seen.push(format!("changed {}", corpus.articles.len()));
                    return seen;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the loader never finished: {seen:?}");
    }

    fn write_old(path: &std::path::Path, text: &str) {
        std::fs::write(path, text).unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(hour_ago).unwrap();
    }

    #[test]
    fn a_start_shows_the_snapshot_then_reloads_only_when_a_file_changed() {
        let corpus = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        write_old(
            &corpus.path().join("a.txt"),
            "Grüße aus Köln\n\nEin Text über Köln.",
        );
        write_old(
            &corpus.path().join("b.txt"),
            "Zweiter\n\nEin Text über Bonn.",
        );
        let sources = vec![Source::Path(corpus.path().to_path_buf())];
        let options = LoadOptions {
            cache: Some(Cache::at(cache_dir.path())),
            ..LoadOptions::default()
        };
        let start = |snapshot| Loader::start(sources.clone(), options.clone(), snapshot).unwrap();
        // No snapshot yet: a load, and nothing after it.
        assert_eq!(
            poll_until_done(&mut start(true)),
            ["loaded 2 checking=false"]
        );
        // Now one: shown, checked, nothing else to do.
        assert_eq!(
            poll_until_done(&mut start(true)),
            ["loaded 2 checking=true", "unchanged"]
        );
        // A file added since: shown as it was, then the corpus as it is.
        write_old(
            &corpus.path().join("c.txt"),
            "Dritter\n\nEin Text über Aachen.",
        );
        assert_eq!(
            poll_until_done(&mut start(true)),
            ["loaded 2 checking=true", "changed 3"]
        );
        // After `R` (no snapshot wanted): a plain load.
        assert_eq!(
            poll_until_done(&mut start(false)),
            ["loaded 3 checking=false"]
        );
    }
}
