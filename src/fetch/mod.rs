//! `presscut fetch`: RSS, Atom and JSON feeds fetched into a folder of plain files, one JSON
//! file per new item, so the corpus stays a folder the loader reads like any other. Polite by
//! construction (see `http.rs`); remembers per feed what it has seen (`state.rs`); optionally
//! fetches each new item's page and keeps its main text (`--full-text`). A feed that fails is
//! one line saying what to do; the others still fetch.

pub mod http;
mod items;
pub mod opml;
pub mod state;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::corpus::{charset, feed, html, Draft};
use crate::text::{self, Decoded};
use http::{Client, Got, Limits, Validators};
use state::State;

/// Feeds fetched at once (each host still sees one request at a time).
const WORKERS: usize = 4;

const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                           application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";
const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

#[derive(Clone, Debug)]
pub struct Options {
    pub into: PathBuf,
    pub full_text: bool,
    pub limits: Limits,
}

/// What happened to one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    NotModified,
    Fetched {
        new: usize,
        known: usize,
    },
    /// What went wrong and what to do.
    Failed(String),
}

#[derive(Debug, Default)]
pub struct Report {
    /// One per feed, in the order given.
    pub feeds: Vec<(String, Outcome)>,
    /// Problems that did not stop a feed: an empty item, a page whose text was not found.
    pub notes: Vec<String>,
}

impl Report {
    /// Feeds that answered (new items, nothing new, or not modified).
    pub fn succeeded(&self) -> usize {
        self.feeds
            .iter()
            .filter(|(_, o)| !matches!(o, Outcome::Failed(_)))
            .count()
    }

    pub fn written(&self) -> usize {
        self.feeds
            .iter()
            .map(|(_, o)| match o {
                Outcome::Fetched { new, .. } => *new,
                _ => 0,
            })
            .sum()
    }
}

/// Turns command-line sources into feed addresses: an `http(s)://` argument is a feed, anything
/// else an OPML file to import. Problems name the file and what is wrong.
pub fn expand_sources(args: &[String]) -> (Vec<String>, Vec<String>) {
    let mut urls: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    let add = |url: String, urls: &mut Vec<String>| {
        if !urls.contains(&url) {
            urls.push(url);
        }
    };
    for arg in args {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            add(arg.clone(), &mut urls);
            continue;
        }
        let path = Path::new(arg);
        let text = match std::fs::read(path) {
            Ok(bytes) => match text::decode(&bytes) {
                Decoded::Utf8(s) | Decoded::Latin1(s) => s,
                Decoded::Binary => {
                    problems.push(format!("{arg}: a binary file, not OPML; skipped"));
                    continue;
                }
            },
            Err(e) => {
                problems.push(format!(
                    "{arg}: cannot read ({e}); give a feed address (https://…) or an OPML file"
                ));
                continue;
            }
        };
        match opml::parse(&text) {
            Ok(feeds) if feeds.is_empty() => {
                problems.push(format!("{arg}: an OPML file without feeds (no xmlUrl)"))
            }
            Ok(feeds) => feeds.into_iter().for_each(|f| add(f.url, &mut urls)),
            Err(e) => problems.push(format!(
                "{arg}: {e}; give a feed address (https://…) or an OPML file"
            )),
        }
    }
    (urls, problems)
}

/// Fetches every feed into `options.into`, reporting each one to `progress` as it finishes.
/// Errors only when the folder cannot be used at all.
pub fn run(
    urls: &[String],
    options: &Options,
    progress: &(dyn Fn(&str, &Outcome) + Sync),
) -> Result<Report, String> {
    std::fs::create_dir_all(&options.into).map_err(|e| {
        format!(
            "cannot create {} ({e}); choose another folder with --into",
            options.into.display()
        )
    })?;
    let (state, warning) = state::load(&options.into);
    let mut report = Report::default();
    report.notes.extend(warning);
    let shared = Shared {
        client: Client::new(options.limits.clone()),
        state: Mutex::new(state),
        notes: Mutex::new(Vec::new()),
        options,
    };
    let outcomes: Vec<Mutex<Option<Outcome>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(urls.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let outcome = shared.fetch_feed(url);
                progress(url, &outcome);
                *outcomes[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
            });
        }
    });
    for (url, outcome) in urls.iter().zip(outcomes) {
        let outcome = outcome
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .unwrap_or_else(|| Outcome::Failed("not fetched (internal error)".into()));
        report.feeds.push((url.clone(), outcome));
    }
    report.notes.extend(
        shared
            .notes
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner),
    );
    Ok(report)
}

struct Shared<'a> {
    client: Client,
    state: Mutex<State>,
    notes: Mutex<Vec<String>>,
    options: &'a Options,
}

impl Shared<'_> {
    fn note(&self, note: String) {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(note);
    }

    fn fetch_feed(&self, url: &str) -> Outcome {
        let validators = self
            .lock_state()
            .feeds
            .get(url)
            .map(state::FeedState::validators)
            .unwrap_or_default();
        let (bytes, final_url, validators) = match self.client.get(url, &validators, FEED_ACCEPT) {
            Ok(Got::NotModified) => {
                self.record(url, |f| f.last_fetched = Some(now()));
                return Outcome::NotModified;
            }
            Ok(Got::Body {
                bytes,
                final_url,
                validators,
                ..
            }) => (bytes, final_url, validators),
            Err(why) => return Outcome::Failed(why),
        };
        let parsed = match feed::parse_feed(&bytes, Some(&final_url)) {
            Ok(parsed) => parsed,
            Err(why) => return Outcome::Failed(not_a_feed(&bytes, &why)),
        };
        for problem in &parsed.problems {
            self.note(format!("{url}: {}", problem.message));
        }
        let seen = self
            .lock_state()
            .feeds
            .get(url)
            .map(|f| f.seen.clone())
            .unwrap_or_default();
        let fetched = now();
        let (mut new, mut known) = (0, 0);
        let mut written = Vec::new();
        for item in parsed.items {
            let stem = items::stem(url, &item.key);
            if seen.contains(&stem) || self.options.into.join(format!("{stem}.json")).exists() {
                known += 1;
                written.push(stem);
                continue;
            }
            let mut draft = item.draft;
            if self.options.full_text {
                self.add_full_text(&mut draft);
            }
            let json = items::to_json(&draft, url, &fetched);
            match items::write(&self.options.into, &stem, &json) {
                Ok(true) => new += 1,
                Ok(false) => known += 1,
                Err(e) => {
                    return Outcome::Failed(format!(
                        "cannot write into {} ({e}); check the folder",
                        self.options.into.display()
                    ))
                }
            }
            written.push(stem);
        }
        let title = parsed.title;
        self.record(url, |f| {
            f.etag = validators.etag.clone();
            f.last_modified = validators.last_modified.clone();
            f.last_fetched = Some(fetched.clone());
            f.title = title.clone().or(f.title.take());
            f.seen.extend(written.iter().cloned());
        });
        Outcome::Fetched { new, known }
    }

    /// Replaces a feed's excerpt by the linked page's main text when that is longer, and fills
    /// metadata the feed left out. A page that fails keeps the feed's text, with a note.
    fn add_full_text(&self, draft: &mut Draft) {
        let Some(link) = draft.url.clone() else {
            return;
        };
        let page = match self.client.get(&link, &Validators::default(), PAGE_ACCEPT) {
            Ok(Got::Body {
                bytes,
                final_url,
                content_type,
                ..
            }) => {
                let declared = content_type
                    .as_deref()
                    .and_then(charset::content_type_charset);
                match charset::decode_page(&bytes, declared) {
                    Some((page, _)) => html::extract(&page, Some(&final_url))
                        .map_err(|p| p.to_string().replace("; skipped", "")),
                    None => Err("not a web page (binary)".to_string()),
                }
            }
            Ok(Got::NotModified) => Err("answered 304 to a plain GET".to_string()),
            Err(why) => Err(why),
        };
        match page {
            Ok(page) => {
                if page.body.len() > draft.body.len() {
                    draft.body = page.body;
                }
                if draft.authors.is_empty() {
                    draft.authors = page.authors;
                }
                draft.date = draft.date.take().or(page.date);
                draft.outlet = draft.outlet.take().or(page.outlet);
            }
            Err(why) => self.note(format!("{link}: {why}; kept the feed's text")),
        }
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes one feed's state and saves the state file (after every feed, so an interrupted
    /// run keeps what it did).
    fn record(&self, url: &str, change: impl FnOnce(&mut state::FeedState)) {
        let mut state = self.lock_state();
        change(state.feeds.entry(url.to_string()).or_default());
        if let Err(e) = state::save(&self.options.into, &state) {
            self.note(format!(
                "{}: cannot save ({e}); the next fetch downloads every feed in full",
                state::path_in(&self.options.into).display()
            ));
        }
    }
}

/// Why a body is not a feed, and what to do (a web page is the usual mistake).
fn not_a_feed(bytes: &[u8], why: &str) -> String {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    if start.contains("<html") || start.contains("<!doctype html") {
        "a web page, not a feed; find the feed's address on the page (an RSS or Atom link)".into()
    } else {
        format!("{why}; check that the address is the feed's")
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
