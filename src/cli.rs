//! The command-line contract (DESIGN.md §4): argument parsing, corpus selection, and the
//! non-interactive commands. Errors end here as one line on stderr and an exit code
//! (0 ok, 1 runtime error, 2 usage error).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::app::{App, Keymap};
use crate::corpus::{Corpus, LoadOptions, Source};
use crate::text::sanitize;

#[derive(Parser, Debug)]
#[command(
    name = "presscut",
    version,
    about = "Read a corpus of news articles in the terminal: list, read, tag, search, export.",
    long_about = "Read a corpus of news articles in the terminal.\n\nWith no PATH and no --corpus, \
                  opens the bundled seed articles. Run without a command for the full-screen \
                  reader (press ? inside for keys)."
)]
pub struct Cli {
    /// Corpus files or folders to open in the reader (shorthand for --corpus)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Debug)]
struct GlobalArgs {
    /// Corpus file or folder (repeatable; folders are read recursively, hidden entries skipped).
    /// Default: $PRESSCUT_CORPUS (paths separated by ':'), else the bundled seeds
    #[arg(long, value_name = "PATH", global = true)]
    corpus: Vec<PathBuf>,
    /// Skip corpus files larger than this many megabytes (for JSONL: lines larger than this)
    #[arg(long, value_name = "MB", default_value_t = 16, global = true)]
    max_file_mb: u64,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print one line per article: id, date, outlet, title, tags (tab-separated)
    List {
        /// Print one JSON array of {id, path, title, date, author, outlet, tags, read}
        #[arg(long)]
        json: bool,
    },
    /// Load the corpus and print every warning (file and line), ignored files and counts
    Check,
    /// Print entities and quotes (with speakers) as JSONL, one line per article
    Analyze {
        /// Analyse {"id","text"} JSON lines from FILE (- for stdin) instead of the corpus
        #[arg(long, value_name = "FILE|-")]
        input_jsonl: Option<PathBuf>,
    },
}

/// Runs the program and maps every outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("presscut: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(message)) => {
            eprintln!("presscut: {message}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Runtime(String),
    /// The reader of our output went away (`presscut list | head`): not an error.
    BrokenPipe,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Runtime(format!("cannot write output: {e}"))
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let sources = corpus_sources(&cli)?;
    let options = LoadOptions {
        max_file_bytes: cli.global.max_file_mb.saturating_mul(1024 * 1024),
    };
    match cli.command {
        None => {
            if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
                return Err(Failure::Usage(
                    "the reader needs a terminal (stdin and stdout); for scripts use `presscut list` or `presscut check`".into(),
                ));
            }
            let corpus = Corpus::load(&sources, &options);
            crate::tui::run(App::new(corpus, Keymap::default_keymap()))
                .map_err(|e| Failure::Runtime(format!("terminal error: {e}")))
        }
        Some(Command::List { json }) => list(&Corpus::load(&sources, &options), json),
        Some(Command::Check) => check(&Corpus::load(&sources, &options)),
        Some(Command::Analyze { input_jsonl }) => {
            crate::analysis::jsonl::run(input_jsonl.as_deref(), || {
                Corpus::load(&sources, &options).articles
            })
            .map_err(Failure::Runtime)
        }
    }
}

/// The corpus to open: --corpus and PATHs, else $PRESSCUT_CORPUS, else the seeds folder of the
/// source tree this binary was built from, else the seed compiled into the binary.
fn corpus_sources(cli: &Cli) -> Result<Vec<Source>, Failure> {
    let mut named: Vec<PathBuf> = cli
        .global
        .corpus
        .iter()
        .chain(&cli.paths)
        .cloned()
        .collect();
    if named.is_empty() {
        if let Some(value) = std::env::var_os("PRESSCUT_CORPUS").filter(|v| !v.is_empty()) {
            named = std::env::split_paths(&value).collect();
        }
    }
    if named.is_empty() {
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        return Ok(vec![if bundled.is_dir() {
            Source::Path(bundled)
        } else {
            Source::BuiltinSeeds
        }]);
    }
    if let Some(missing) = named
        .iter()
        .find(|p| !p.exists())
        .filter(|_| named.iter().all(|p| !p.exists()))
    {
        return Err(Failure::Runtime(format!(
            "{}: no such file or folder; name an existing corpus folder or file (or none, for the bundled seeds)",
            sanitize(&missing.display().to_string())
        )));
    }
    Ok(named.into_iter().map(Source::Path).collect())
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    date: Option<&'a str>,
    author: Option<String>,
    outlet: Option<&'a str>,
    /// Tags from the store; the store arrives with the tags/notes capability.
    tags: Vec<String>,
    read: bool,
}

fn list(corpus: &Corpus, json: bool) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if json {
        let entries: Vec<ListEntry> = corpus
            .articles
            .iter()
            .map(|a| ListEntry {
                id: a.id.as_str(),
                path: a.origin.to_string(),
                title: &a.title,
                date: a.date.as_deref(),
                author: a.byline(),
                outlet: a.outlet.as_deref(),
                tags: Vec::new(),
                read: false,
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &entries).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        for a in &corpus.articles {
            let field = |s: Option<&str>| sanitize(s.unwrap_or("-")).into_owned();
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t",
                a.id,
                field(a.date.as_deref()),
                field(a.outlet.as_deref()),
                sanitize(&a.title)
            )?;
        }
    }
    out.flush()?;
    print_warning_summary(corpus);
    Ok(())
}

/// One line on stderr so scripts see that something was skipped without parsing stdout.
fn print_warning_summary(corpus: &Corpus) {
    let n = corpus.warnings.len();
    if n > 0 {
        eprintln!("presscut: {n} warning(s) while loading; run `presscut check` for details");
    }
}

fn check(corpus: &Corpus) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for warning in &corpus.warnings {
        writeln!(out, "warning: {}", sanitize(&warning.to_string()))?;
    }
    if !corpus.ignored.is_empty() {
        let names: Vec<String> = corpus
            .ignored
            .iter()
            .take(5)
            .map(|p| sanitize(&p.display().to_string()).into_owned())
            .collect();
        let more = corpus.ignored.len().saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        writeln!(
            out,
            "ignored: {} file(s) that are not .txt/.md/.json/.jsonl: {}{more}",
            corpus.ignored.len(),
            names.join(", ")
        )?;
    }
    writeln!(
        out,
        "{}: {} article(s) from {} file(s), {} warning(s)",
        sanitize(&corpus.name),
        corpus.articles.len(),
        corpus.files_read,
        corpus.warnings.len()
    )?;
    out.flush()?;
    Ok(())
}
