//! `R`: fetch the configured feeds into their folder, as newsboat's reload does, without
//! leaving the reader. The fetching itself (`crate::fetch`) runs in the shell; the app only
//! asks for it, shows its progress, and says what came of it.

use std::path::PathBuf;

use super::{App, Effect};

/// The feeds of the config, and a fetch in progress.
#[derive(Clone, Debug, Default)]
pub struct Feeds {
    /// Feed addresses and OPML files (`feeds` in the config).
    pub urls: Vec<String>,
    /// Where new items are written (`feeds_dir`).
    pub into: Option<PathBuf>,
    /// Feeds answered so far and in all, while a fetch runs.
    pub(super) running: Option<(usize, usize)>,
}

impl App {
    /// The feeds `R` fetches (from the config).
    pub fn set_feeds(&mut self, urls: Vec<String>, into: Option<PathBuf>) {
        self.feeds.urls = urls;
        self.feeds.into = into;
    }

    pub(super) fn fetch_feeds(&mut self) -> Vec<Effect> {
        let message = if self.feeds.running.is_some() {
            "already fetching the feeds".to_string()
        } else if self.feeds.urls.is_empty() {
            // Short enough for an 80-column status bar.
            "no feeds: set feeds and feeds_dir in the config (presscut config --path)".to_string()
        } else if let Some(into) = self.feeds.into.clone() {
            let total = self.feeds.urls.len();
            self.feeds.running = Some((0, total));
            self.screen.message = Some(format!("fetching {total} feed(s)…"));
            return vec![Effect::FetchFeeds {
                urls: self.feeds.urls.clone(),
                into,
            }];
        } else {
            "set feeds_dir in the config: the folder new items are written to".to_string()
        };
        self.screen.message = Some(message);
        Vec::new()
    }

    /// One more feed answered.
    pub fn feeds_progress(&mut self, done: usize, total: usize) {
        self.feeds.running = Some((done, total));
        self.screen.message = Some(format!("fetching feeds {done}/{total}…"));
    }

    /// The fetch is over: `summary` says what came of it, in one line.
    pub fn feeds_fetched(&mut self, summary: String) {
        self.feeds.running = None;
        self.screen.message = Some(summary);
    }

    /// Where `R` writes new items.
    pub fn feeds_dir(&self) -> Option<PathBuf> {
        self.feeds.into.clone()
    }

    /// Feeds answered so far and in all, while `R` runs.
    pub fn feeds_running(&self) -> Option<(usize, usize)> {
        self.feeds.running
    }
}
