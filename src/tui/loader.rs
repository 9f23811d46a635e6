//! Loads the corpus on a background thread, so the first frame (a progress screen) comes at
//! once and `q` quits even in the middle of a 100,000-file load. The loading itself is
//! `corpus::Corpus::load_with_progress`; this only runs it and carries the result back.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use crate::app::Loading;
use crate::corpus::{Corpus, LoadOptions, LoadProgress, Source};

pub struct Loader {
    progress: Arc<LoadProgress>,
    done: Receiver<Corpus>,
}

pub enum Poll {
    Loading(Loading),
    Loaded(Box<Corpus>),
}

impl Loader {
    pub fn start(sources: Vec<Source>, options: LoadOptions) -> std::io::Result<Loader> {
        let progress = Arc::new(LoadProgress::default());
        let (tx, done) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::Builder::new()
            .name("presscut-loader".into())
            .spawn(move || {
                let corpus = Corpus::load_with_progress(&sources, &options, &shared);
                let _ = tx.send(corpus); // the app may have quit meanwhile
            })?;
        Ok(Loader { progress, done })
    }

    pub fn poll(&self) -> Poll {
        match self.done.try_recv() {
            Ok(corpus) => Poll::Loaded(Box::new(corpus)),
            // A loader thread that died (it never should: loading turns every problem into a
            // warning) leaves an empty corpus rather than an app stuck on the loading screen.
            Err(TryRecvError::Disconnected) => Poll::Loaded(Box::default()),
            Err(TryRecvError::Empty) => Poll::Loading(Loading {
                found: self.progress.found(),
                read: self.progress.read(),
                walked: self.progress.walked(),
            }),
        }
    }
}
