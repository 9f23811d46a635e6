//! `presscut fetch` and `presscut feeds`: feeds into a folder of files, and the list of feeds
//! (as OPML for other readers).

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::Failure;
use crate::config::Config;
use crate::fetch::{self, http::Limits, opml, Outcome};
use crate::text::sanitize;

#[derive(Args, Debug)]
pub(super) struct FetchArgs {
    /// Feed addresses (https://…) and OPML files of feeds [default: `feeds` in the config]
    #[arg(value_name = "URL|OPML")]
    sources: Vec<String>,
    /// The folder the items are written to, one JSON file each [default: `feeds_dir` in the
    /// config]
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// Also fetch each new item's page and keep its main text when the feed gives less
    #[arg(long)]
    full_text: bool,
    /// Give up on a request after this many seconds (the whole exchange, redirects included)
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    timeout_secs: f64,
    /// Follow at most this many redirects
    #[arg(long, value_name = "N", default_value_t = 5)]
    max_redirects: u32,
}

/// Fetches every feed; exit 1 only when none could be fetched.
pub(super) fn fetch(args: &FetchArgs, settings: &Config, max_file_mb: u64) -> Result<(), Failure> {
    let sources = if args.sources.is_empty() {
        settings.feeds.clone()
    } else {
        args.sources.clone()
    };
    if sources.is_empty() {
        return Err(Failure::Usage(
            "no feeds: name feed addresses or OPML files (presscut fetch URL --into DIR), or set feeds = [...] in the config".into(),
        ));
    }
    let into = args
        .into
        .clone()
        .or_else(|| settings.feeds_dir.clone())
        .ok_or_else(|| {
            Failure::Usage(
                "name the folder for the items with --into DIR (or set feeds_dir in the config)"
                    .into(),
            )
        })?;
    if !(args.timeout_secs.is_finite() && args.timeout_secs > 0.0 && args.timeout_secs < 86_400.0) {
        return Err(Failure::Usage(
            "--timeout-secs: give a number of seconds above 0 (30)".into(),
        ));
    }
    let (urls, problems) = fetch::expand_sources(&sources);
    for problem in &problems {
        eprintln!("presscut: {}", sanitize(problem));
    }
    if urls.is_empty() {
        return Err(Failure::Runtime(
            "nothing to fetch: no feed addresses among the sources".into(),
        ));
    }
    let options = fetch::Options {
        into: into.clone(),
        full_text: args.full_text,
        limits: Limits {
            timeout: Duration::from_secs_f64(args.timeout_secs),
            max_body_bytes: max_file_mb.saturating_mul(1024 * 1024),
            max_redirects: args.max_redirects,
        },
    };
    let progress = |url: &str, outcome: &Outcome| {
        let url = sanitize(url);
        // Lines from several threads: each printed whole.
        match outcome {
            Outcome::NotModified => println!("{url}: not modified"),
            Outcome::Fetched { new, known } => {
                println!("{url}: {new} new, {known} already fetched")
            }
            Outcome::Failed(why) => eprintln!("presscut: {url}: {}", sanitize(why)),
        }
    };
    let report = fetch::run(&urls, &options, &progress).map_err(Failure::Runtime)?;
    for note in &report.notes {
        eprintln!("presscut: {}", sanitize(note));
    }
    let failed = report.feeds.len() - report.succeeded();
    println!(
        "{} of {} feed(s) fetched, {} failed; {} new item(s) in {}",
        report.succeeded(),
        report.feeds.len(),
        failed,
        report.written(),
        sanitize(&into.display().to_string())
    );
    if report.succeeded() == 0 {
        return Err(Failure::Runtime(format!(
            "nothing could be fetched ({failed} feed(s) failed; each is named above with what to do)"
        )));
    }
    Ok(())
}

/// The configured feeds, one address per line, or as OPML (titles from the fetch state when
/// `feeds_dir` has one).
pub(super) fn feeds(as_opml: bool, settings: &Config) -> Result<(), Failure> {
    let (urls, problems) = fetch::expand_sources(&settings.feeds);
    for problem in &problems {
        eprintln!("presscut: {}", sanitize(problem));
    }
    let titles = settings
        .feeds_dir
        .as_deref()
        .map(|dir| fetch::state::load(dir).0)
        .unwrap_or_default();
    let outlines: Vec<opml::Outline> = urls
        .into_iter()
        .map(|url| opml::Outline {
            title: titles.feeds.get(&url).and_then(|f| f.title.clone()),
            url,
        })
        .collect();
    let mut out = io::stdout().lock();
    if as_opml {
        out.write_all(opml::write(&outlines).as_bytes())?;
    } else {
        if outlines.is_empty() {
            eprintln!("presscut: no feeds configured; add feeds = [\"https://…\"] to the config");
        }
        for outline in &outlines {
            match &outline.title {
                Some(title) => writeln!(out, "{}\t{}", sanitize(&outline.url), sanitize(title))?,
                None => writeln!(out, "{}", sanitize(&outline.url))?,
            }
        }
    }
    Ok(())
}
