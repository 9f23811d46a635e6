//! The command-line contract (DESIGN.md §4): argument parsing, corpus selection, and the
//! non-interactive commands. Errors end here as one line on stderr and an exit code
//! (0 ok, 1 runtime error, 2 usage error).

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::App;
use crate::config::{self, Config};
use crate::corpus::{Corpus, LoadOptions, Source};
use crate::store::{self, StoreData, StoreFile};
use crate::text::sanitize;
use clap::{Args, Parser, Subcommand};

mod commands;
mod output;
mod search;

/// "0.1.0 (git 1a2b3c4d5e6f)": the release and the exact source it was built from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (git ",
    env!("PRESSCUT_GIT_REV"),
    ")"
);

#[derive(Parser, Debug)]
#[command(
    name = "presscut",
    version = VERSION,
    about = "Read a corpus of news articles in the terminal: entities, quotes, tags, notes, export.",
    long_about = "Read a corpus of news articles in the terminal.\n\nWith no PATH and no --corpus, \
                  opens the bundled seed articles. Run without a command for the full-screen \
                  reader (press ? inside for keys)."
)]
pub struct Cli {
    /// Corpus files or folders to open in the reader (shorthand for --corpus)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Mouse support in the reader: wheel scrolling, click to select, click a tag to filter
    /// (also `mouse = true` in the config file)
    #[arg(long)]
    mouse: bool,
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
    /// Folder of the tag/note store [env: PRESSCUT_DATA_DIR; default: the platform data dir,
    /// e.g. ~/.local/share/presscut]
    #[arg(long, value_name = "DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// If store.json cannot be read: move it to store.json.corrupt-<time> and start from
    /// store.json.bak
    #[arg(long, global = true)]
    recover: bool,
    /// Mark an opened article read after this many milliseconds in the reader (0: never;
    /// default: the config file's mark_read_after_ms, else 1500)
    #[arg(
        long,
        value_name = "MS",
        env = "PRESSCUT_MARK_READ_AFTER_MS",
        global = true
    )]
    mark_read_after_ms: Option<u64>,
    /// Record edits as NAME (each coder has their own log in the data folder) [env:
    /// PRESSCUT_CODER; default: the config file's coder, else your user name]
    #[arg(long, value_name = "NAME", global = true)]
    coder: Option<String>,
    /// Read settings, keys and colours from FILE [env: PRESSCUT_CONFIG; default: config.toml
    /// in the platform config dir, e.g. ~/.config/presscut/config.toml]
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print one line per article: id, date, outlet, title, tags (tab-separated)
    List {
        /// Print one JSON array of {id, path, title, date, author, outlet, tags, read}
        #[arg(long)]
        json: bool,
    },
    /// Ranked articles matching QUERY (words fuzzy and ANDed, -word, "phrase", tag: by: from:
    /// date: who: is: has:): id, score, title, matched terms (tab-separated)
    Search {
        /// The query, as typed in the search line (quote it for the shell)
        #[arg(required_unless_present = "stdin", conflicts_with = "stdin")]
        query: Option<String>,
        /// Print a JSON array of {id, title, score, terms}, best first (with --stdin: one per line)
        #[arg(long)]
        json: bool,
        /// Print at most N matches per query
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        /// Load and index once, then answer one query per line of stdin (a blank line ends
        /// each answer)
        #[arg(long)]
        stdin: bool,
        /// With --stdin: print `timing<TAB>query<TAB>microseconds` to stderr per query
        #[arg(long, requires = "stdin")]
        timings: bool,
    },
    /// Load the corpus and store; print warnings (file and line), re-attached and orphaned
    /// notes, ignored files and counts. Exit 1 if the store is unreadable
    Check,
    /// Add tags to an article (ARTICLE: id, unique id prefix, or file path)
    Tag {
        article: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from an article
    Untag {
        article: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Set an article's note (TEXT, or - to read it from stdin; an empty note clears it)
    Note { article: String, text: String },
    /// Export tags and notes (default: JSON to stdout; articles with tags, a note or read state)
    Export {
        #[arg(long, value_name = "FORMAT", default_value = "json", value_parser = ["json", "jsonl", "csv", "md"])]
        format: String,
        /// Write to FILE (atomically) instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
        /// Only articles with this tag (repeatable: all of them)
        #[arg(long, value_name = "TAG")]
        tag: Vec<String>,
        /// Include articles with no tags, note or read state
        #[arg(long)]
        all: bool,
        /// CSV: one row per article and tag
        #[arg(long)]
        long: bool,
        /// JSONL: add the text with entity spans and quotes (Prodigy/doccano; code-point offsets)
        #[arg(long)]
        with_text: bool,
        /// CSV: start with a byte-order mark so Excel reads UTF-8
        #[arg(long)]
        bom: bool,
        /// CSV: write cells that start with = + - @ (or a tab or CR) as they are. By default
        /// they get a leading ' so a spreadsheet shows them instead of running them as formulas
        #[arg(long)]
        no_formula_guard: bool,
    },
    /// Merge tags and notes from a json, jsonl or csv export into the store
    Import { file: PathBuf },
    /// Print a shell completion script (e.g. `presscut completions bash > ~/.local/share/bash-completion/completions/presscut`)
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), e.g. `presscut man > ~/.local/share/man/man1/presscut.1`
    Man,
    /// Check the config file (print its problems, exit 1 if any), or print the defaults or its path
    Config {
        /// Print the full default config file, with comments (a starting point for your own)
        #[arg(long, conflicts_with = "path")]
        default: bool,
        /// Print the path the config is read from (first line), then whether it exists
        #[arg(long)]
        path: bool,
    },
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

pub(crate) enum Failure {
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
    let location = config::locate(cli.global.config.as_deref());
    if let Some(Command::Config { default, path }) = &cli.command {
        return config_command(location.as_ref(), *default, *path);
    }
    let mut settings = match &cli.command {
        // These print what the binary knows; a config cannot change them.
        Some(Command::Completions { .. } | Command::Man) => Config::default(),
        _ => config::load(location.as_ref()),
    };
    // The reader shows config problems in its status bar; every other command on stderr.
    if cli.command.is_some() {
        for warning in std::mem::take(&mut settings.warnings) {
            eprintln!("presscut: {}", sanitize(&warning.to_string()));
        }
    }
    let sources = corpus_sources(&cli, &settings)?;
    let options = LoadOptions {
        max_file_bytes: cli.global.max_file_mb.saturating_mul(1024 * 1024),
    };
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "presscut", &mut io::stdout());
            return Ok(());
        }
        Some(Command::Man) => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut io::stdout())?;
            return Ok(());
        }
        _ => {}
    }
    if let Some(Command::Analyze { input_jsonl }) = &cli.command {
        // Analysis reads no store: a damaged store must not stop it.
        return crate::analysis::jsonl::run(input_jsonl.as_deref(), || {
            Arc::unwrap_or_clone(Corpus::load(&sources, &options).articles)
        })
        .map_err(Failure::Runtime);
    }
    let data_dir = store::data_dir(cli.global.data_dir.as_deref()).map_err(Failure::Runtime)?;
    crate::crash::install(data_dir.clone());
    ignore_file_size_signal();
    if cli.global.recover {
        let message = store::recover(&data_dir).map_err(|e| Failure::Runtime(e.to_string()))?;
        eprintln!("presscut: {}", sanitize(&message));
    }
    let coder = coder_name(cli.global.coder.as_deref(), settings.coder.as_deref())?;
    let (mut store_file, store) =
        StoreFile::open(&data_dir, &coder).map_err(|e| Failure::Runtime(e.to_string()))?;
    let store_warnings = store_file.take_warnings();
    if cli.command.is_none() {
        if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
            return Err(Failure::Usage(
                "the reader needs a terminal (stdin and stdout); for scripts use `presscut list` or `presscut check`".into(),
            ));
        }
        return reader(
            &cli,
            settings,
            sources,
            options,
            (store_file, store, store_warnings),
            &data_dir,
        );
    }
    for warning in &store_warnings {
        eprintln!("presscut: {}", sanitize(warning));
    }
    let mut session = Session {
        corpus: Corpus::load(&sources, &options),
        store_file,
        store,
    };
    match cli.command {
        // The reader was started above.
        None => Ok(()),
        Some(Command::List { json }) => commands::list(&session, json),
        Some(Command::Check) => commands::check(&mut session),
        Some(Command::Tag { article, tags }) => commands::tag(&mut session, &article, &tags, true),
        Some(Command::Untag { article, tags }) => {
            commands::tag(&mut session, &article, &tags, false)
        }
        Some(Command::Note { article, text }) => commands::note(&mut session, &article, &text),
        // Answered above, before the store was opened.
        Some(
            Command::Analyze { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Config { .. },
        ) => Ok(()),
        Some(Command::Export {
            format,
            output,
            force,
            tag,
            all,
            long,
            with_text,
            bom,
            no_formula_guard,
        }) => {
            let request = commands::ExportRequest {
                format: crate::export::Format::from_name(&format)
                    .unwrap_or(crate::export::Format::Json),
                output,
                force,
                tags: tag,
                all,
                options: crate::export::Options {
                    long,
                    with_text,
                    bom,
                    no_formula_guard,
                },
            };
            commands::export(&session, &request)
        }
        Some(Command::Import { file }) => commands::import(&mut session, &file),
        Some(Command::Search {
            query,
            json,
            limit,
            stdin,
            timings,
        }) => search::search(
            &session,
            &search::SearchRequest {
                query,
                json,
                limit,
                stdin,
                timings,
            },
        ),
    }
}

/// The full-screen reader: starts at once on a loading screen while the corpus loads in the
/// background. Settings: flag > environment > config file > default.
fn reader(
    cli: &Cli,
    settings: Config,
    sources: Vec<Source>,
    options: LoadOptions,
    (store_file, store, store_warnings): (StoreFile, StoreData, Vec<String>),
    data_dir: &Path,
) -> Result<(), Failure> {
    let mut app = App::loading(crate::corpus::corpus_name(&sources), settings.keymap);
    // https://no-color.org: present and not empty means no colour.
    app.set_color(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
    app.set_settings(crate::app::Settings {
        picker_stays_open: settings.tag_picker_stays_open.unwrap_or(false),
    });
    app.set_store(store);
    app.set_search_history(store::load_history(data_dir));
    let mut warnings = settings.warnings;
    warnings.extend(
        store_warnings
            .into_iter()
            .map(|message| crate::model::Warning {
                origin: crate::model::Origin {
                    path: data_dir.to_path_buf(),
                    line: None,
                },
                message,
            }),
    );
    if let Some(first) = warnings.first() {
        let more = warnings.len() - 1;
        app.notify(if more == 0 {
            first.to_string()
        } else {
            format!("{first} (+{more} more: w)")
        });
    }
    app.add_warnings(warnings);
    let after = cli
        .global
        .mark_read_after_ms
        .or(settings.mark_read_after_ms)
        .unwrap_or(DEFAULT_MARK_READ_AFTER_MS);
    let tui_options = crate::tui::Options {
        mark_read_after: (after > 0).then(|| std::time::Duration::from_millis(after)),
        mouse: cli.mouse || settings.mouse.unwrap_or(false),
        theme: settings.theme,
        load: Some((sources, options)),
    };
    crate::tui::run(app, store_file, tui_options)
        .map_err(|e| Failure::Runtime(format!("terminal error: {e}")))
}

const DEFAULT_MARK_READ_AFTER_MS: u64 = 1500;

/// `presscut config`: check the file; `--default`: print the defaults; `--path`: where it is.
fn config_command(
    location: Option<&config::Location>,
    default: bool,
    path: bool,
) -> Result<(), Failure> {
    use io::Write;
    let mut out = output::stdout(output::Kind::Text);
    if default {
        out.write_all(config::default_text().as_bytes())?;
        return Ok(());
    }
    let Some(location) = location else {
        return Err(Failure::Runtime(
            "no home folder found, so no default config location; name a file with --config FILE or $PRESSCUT_CONFIG".into(),
        ));
    };
    let shown = sanitize(&location.path.display().to_string()).into_owned();
    let exists = location.path.is_file();
    if path {
        writeln!(out, "{shown}")?;
        if exists {
            writeln!(out, "# exists ({})", location.from.describe())?;
        } else {
            writeln!(
                out,
                "# does not exist ({}); the defaults apply. Start one with: presscut config --default > {shown}",
                location.from.describe()
            )?;
        }
        return Ok(());
    }
    if !exists && location.from == config::From::Platform {
        writeln!(
            out,
            "{shown}: no config file; the defaults apply (see `presscut config --default`)"
        )?;
        return Ok(());
    }
    let settings = config::load(Some(location));
    if settings.warnings.is_empty() {
        writeln!(out, "{shown}: ok")?;
        return Ok(());
    }
    for warning in &settings.warnings {
        writeln!(out, "{}", sanitize(&warning.to_string()))?;
    }
    Err(Failure::Runtime(format!(
        "{shown}: {} problem(s); presscut uses the defaults for those entries",
        settings.warnings.len()
    )))
}

/// Who records the edits: `--coder`, else `$PRESSCUT_CODER`, else the config file's `coder`,
/// else the user name of this account.
fn coder_name(flag: Option<&str>, config: Option<&str>) -> Result<String, Failure> {
    let env = std::env::var("PRESSCUT_CODER").ok();
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()));
    let name = flag
        .map(str::to_string)
        .or(env.filter(|v| !v.is_empty()))
        .or(config.map(str::to_string))
        .or(user)
        .unwrap_or_else(|| "anonymous".to_string());
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(Failure::Usage(format!(
            "coder {:?}: a coder name is 1 to 64 characters without control characters",
            sanitize(name)
        )));
    }
    Ok(name.to_string())
}

/// With a file-size limit (`ulimit -f`), a write past it raises SIGXFSZ, which by default kills
/// the process mid-save. Ignored, the write fails with EFBIG instead: a clear error, exit 1, and
/// the old store intact (the save never touches it until the new file is complete).
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal to SIG_IGN has no handler to race with and no memory effects.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// What every command works on: the loaded corpus and the open store.
pub(crate) struct Session {
    pub corpus: Corpus,
    pub store_file: StoreFile,
    pub store: StoreData,
}

impl Session {
    /// Writes the command's edits to the coder's log (and the snapshot); warnings to stderr.
    pub fn commit(&mut self) -> Result<(), store::StoreError> {
        let result = self.store_file.commit(&mut self.store);
        for warning in self.store_file.take_warnings() {
            eprintln!("presscut: {}", sanitize(&warning));
        }
        result
    }
}

/// The corpus to open: --corpus and PATHs, else $PRESSCUT_CORPUS, else the config file's
/// `corpus`, else the seeds folder of the source tree this binary was built from, else the seed
/// compiled into the binary.
fn corpus_sources(cli: &Cli, settings: &Config) -> Result<Vec<Source>, Failure> {
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
        named = settings.corpus.clone();
    }
    if named.is_empty() {
        let source_tree = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bundled = source_tree.join("seeds");
        // Only a binary inside its source tree (cargo run, cargo test) reads the folder: an
        // installed copy uses the seed compiled into it even while the source tree exists.
        let in_tree = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.canonicalize().ok())
            .zip(source_tree.canonicalize().ok())
            .is_some_and(|(exe, tree)| exe.starts_with(tree));
        return Ok(vec![if in_tree && bundled.is_dir() {
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
