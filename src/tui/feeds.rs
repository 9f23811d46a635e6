//! Runs `R`'s fetch on a thread (`crate::fetch`, as `presscut fetch` does), so the reader stays
//! fluid while feeds answer, and carries progress and the outcome back to the event loop.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Mutex;
use std::time::Duration;

use crate::fetch::{self, http::Limits, Outcome};

pub enum FeedMessage {
    /// Feeds answered so far, and in all.
    Progress(usize, usize),
    /// What came of it in one line, and how many new items were written.
    Done { summary: String, written: usize },
}

/// The reader's limits are `presscut fetch`'s defaults.
const TIMEOUT: Duration = Duration::from_secs(30);
const MAX_REDIRECTS: u32 = 5;

pub fn start(
    urls: Vec<String>,
    into: PathBuf,
    max_body_bytes: u64,
) -> std::io::Result<Receiver<FeedMessage>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("presscut-fetch".into())
        .spawn(move || {
            let (addresses, mut problems) = fetch::expand_sources(&urls);
            let total = addresses.len();
            let answered = AtomicUsize::new(0);
            let failures = Mutex::new(Vec::new());
            let progress = |url: &str, outcome: &Outcome| {
                let done = answered.fetch_add(1, Ordering::Relaxed) + 1;
                let _ = tx.send(FeedMessage::Progress(done, total));
                if let Outcome::Failed(why) = outcome {
                    if let Ok(mut failures) = failures.lock() {
                        failures.push(format!("{url}: {why}"));
                    }
                }
            };
            let options = fetch::Options {
                into: into.clone(),
                full_text: false,
                limits: Limits {
                    timeout: TIMEOUT,
                    max_body_bytes,
                    max_redirects: MAX_REDIRECTS,
                },
            };
            let (summary, written) = match fetch::run(&addresses, &options, &progress) {
                Ok(report) => {
                    problems.extend(failures.into_inner().unwrap_or_default());
                    let mut summary = format!(
                        "{} new item(s) in {} from {} of {} feed(s)",
                        report.written(),
                        into.display(),
                        report.succeeded(),
                        report.feeds.len()
                    );
                    if let Some(first) = problems.first() {
                        summary.push_str(&format!(
                            "; {} problem(s), first: {first} (presscut fetch shows all)",
                            problems.len()
                        ));
                    }
                    (summary, report.written())
                }
                Err(why) => (why, 0),
            };
            let _ = tx.send(FeedMessage::Done { summary, written });
        })?;
    Ok(rx)
}

impl super::Shell {
    /// Starts `R`'s fetch (the effect the app asked for).
    pub(super) fn start_fetch(&mut self, app: &mut App, urls: Vec<String>, into: PathBuf) {
        let max_body = self
            .sources
            .as_ref()
            .map_or(crate::corpus::DEFAULT_MAX_FILE_BYTES, |(_, o)| {
                o.max_file_bytes
            });
        match start(urls, into, max_body) {
            Ok(rx) => self.feeds = Some(rx),
            Err(e) => app.feeds_fetched(format!("cannot start fetching ({e})")),
        }
    }

    /// Progress and the outcome of `R`; new items reload the corpus when they are part of it.
    /// `true` if the screen changed.
    pub(super) fn take_feed_messages(&mut self, app: &mut App) -> bool {
        let Some(rx) = &self.feeds else {
            return false;
        };
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok(FeedMessage::Progress(done, total)) => {
                    app.feeds_progress(done, total);
                    changed = true;
                }
                Ok(FeedMessage::Done { summary, written }) => {
                    self.feeds = None;
                    let into = app.feeds_dir();
                    let reload = written > 0 && self.corpus_holds(into.as_deref());
                    let summary = match (written, reload) {
                        (0, _) => summary,
                        (_, true) => format!("{summary}; they join the list"),
                        (_, false) => format!(
                            "{summary}; not part of this corpus: open it with --corpus {}",
                            into.map(|d| d.display().to_string()).unwrap_or_default()
                        ),
                    };
                    app.feeds_fetched(summary);
                    if reload {
                        self.reload(app);
                    }
                    return true;
                }
                Err(mpsc::TryRecvError::Empty) => return changed,
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.feeds = None;
                    app.feeds_fetched("fetching stopped unexpectedly".into());
                    return true;
                }
            }
        }
    }

    /// True when `dir` is one of the corpus's folders or inside one.
    fn corpus_holds(&self, dir: Option<&std::path::Path>) -> bool {
        let (Some(dir), Some((sources, _))) = (dir, &self.sources) else {
            return false;
        };
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        sources.iter().any(|s| match s {
            crate::corpus::Source::Path(p) => {
                std::fs::canonicalize(p).is_ok_and(|p| dir.starts_with(p))
            }
            crate::corpus::Source::BuiltinSeeds => false,
        })
    }

    /// Loads the corpus again behind the current list, which stays until the new one is in.
    fn reload(&mut self, app: &mut App) {
        // A reload (or the check of a snapshot) under way is overtaken: the new load sees
        // everything it would have. The first load is not: it shows the loading screen.
        if self.loader.is_some() && !self.reloading {
            return;
        }
        if let Some((sources, options)) = self.sources.clone() {
            match super::Loader::start(sources, options, false) {
                Ok(loader) => {
                    self.loader = Some(loader);
                    self.reloading = true;
                }
                Err(e) => app.notify(format!("cannot reload the corpus ({e})")),
            }
        }
    }
}

use crate::app::App;
