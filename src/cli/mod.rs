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
use clap::Parser;

mod args;
mod codebook;
mod coding;
mod commands;
mod correct;
mod fetch;
mod output;
mod overview;
mod search;
mod session;
mod team;

pub use args::Cli;
use args::Command;
pub(crate) use session::Session;

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

/// An article whose text changed since it was annotated has a new id: `list`, `export`,
/// `search`, `timeline`, `quotes` and `codes` show its annotations under it, as the reader
/// does, without saving anything (`check` reports the move and saves it).
fn reattach_in_memory(session: &mut Session) {
    let _ = store::reattach(&mut session.store, &session.corpus.articles);
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
    // Feeds need neither the corpus nor the store.
    match &cli.command {
        Some(Command::Fetch(args)) => return fetch::fetch(args, &settings, cli.global.max_file_mb),
        Some(Command::Feeds { opml }) => return fetch::feeds(*opml, &settings),
        _ => {}
    }
    let sources = corpus_sources(&cli, &settings)?;
    let mut options = LoadOptions {
        max_file_bytes: cli.global.max_file_mb.saturating_mul(1024 * 1024),
        cache: None,
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
        // The store only adds corrections: a damaged or missing one must not stop analysis.
        let global = &cli.global;
        let coder_setting = settings.coder.clone();
        return crate::analysis::jsonl::run(input_jsonl.as_deref(), || {
            let articles = Arc::unwrap_or_clone(Corpus::load(&sources, &options).articles);
            let mut store = corrections_store(global, coder_setting.as_deref());
            // Corrections of an article whose text was edited follow it (in memory only).
            store::reattach(&mut store, &articles);
            (articles, store)
        })
        .map_err(Failure::Runtime);
    }
    let data_dir = store::data_dir(cli.global.data_dir.as_deref()).map_err(Failure::Runtime)?;
    crate::crash::install(data_dir.clone());
    options.cache =
        (!cli.global.no_cache).then(|| crate::cache::Cache::for_corpus(&data_dir, &sources));
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
        cache: options.cache.clone(),
        corpus: Corpus::load(&sources, &options),
        store_file,
        store,
    };
    if matches!(
        cli.command,
        Some(
            Command::List { .. }
                | Command::Export { .. }
                | Command::Search { .. }
                | Command::Timeline { .. }
                | Command::Quotes { .. }
                | Command::Codes { .. }
        )
    ) {
        reattach_in_memory(&mut session);
    }
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
            | Command::Config { .. }
            | Command::Fetch(_)
            | Command::Feeds { .. },
        ) => Ok(()),
        Some(Command::Export {
            format,
            output,
            force,
            tag,
            all,
            long,
            with_text,
            with_entities,
            bom,
            no_formula_guard,
            only_coder,
            adjudicated,
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
                    with_entities,
                    bom,
                    no_formula_guard,
                },
                only_coder,
                adjudicated,
            };
            commands::export(&session, &request)
        }
        Some(Command::Import { file, as_coder }) => match as_coder {
            Some(coder) => commands::import_as(&mut session, &file, &coder),
            None => commands::import(&mut session, &file),
        },
        Some(Command::Code {
            article,
            start,
            end,
            codes,
            memo,
        }) => coding::code(
            &mut session,
            &article,
            (start, end),
            &codes,
            memo.as_deref(),
        ),
        Some(Command::Correct {
            article,
            start,
            end,
            label,
            reject,
            speaker,
            no_speaker,
            restore,
        }) => {
            let (fix, value) = match (label, speaker, restore.as_deref()) {
                (Some(label), _, _) => (store::Fix::Label, Some(label)),
                (_, Some(name), _) => (store::Fix::Speaker, Some(name)),
                (_, _, Some("entity")) => (store::Fix::RestoreEntity, None),
                (_, _, Some(_)) => (store::Fix::RestoreSpeaker, None),
                _ if reject => (store::Fix::Reject, None),
                _ => {
                    debug_assert!(no_speaker, "clap requires one of the fixes");
                    (store::Fix::NoSpeaker, None)
                }
            };
            correct::correct(&mut session, &article, (start, end), fix, value.as_deref())
        }
        Some(Command::Uncode {
            article,
            start,
            end,
            codes,
        }) => coding::uncode(&mut session, &article, (start, end), &codes),
        Some(Command::Codes {
            matrix: Some(columns),
            json,
            csv,
            ..
        }) => coding::code_table(&session, &columns, json, csv),
        Some(Command::Codes {
            code, json, csv, ..
        }) => coding::codes(&session, code.as_deref(), json, csv),
        Some(Command::Codebook { action, json }) => codebook::codebook(&mut session, action, json),
        Some(Command::Agree { files, json }) => team::agree(&session, &files, json),
        Some(Command::Adjudicate {
            article,
            item,
            accept,
            applies,
            not_applies,
            undo,
        }) => {
            let decision = match (accept, applies, not_applies || undo) {
                (Some(coder), _, _) => team::Decision::Accept(coder),
                (None, true, _) => team::Decision::Value(true),
                (None, false, _) if not_applies => team::Decision::Value(false),
                _ => team::Decision::Undo,
            };
            team::adjudicate(&mut session, &article, &item, decision)
        }
        Some(Command::Log {
            by,
            article,
            since,
            json,
        }) => team::log(
            &session,
            by.as_deref(),
            article.as_deref(),
            since.as_deref(),
            json,
        ),
        Some(Command::Quotes {
            speaker,
            speakers,
            json,
        }) => overview::quotes(&session, speaker.as_deref(), speakers, json),
        Some(Command::Clusters { json }) => overview::clusters(&session, json),
        Some(Command::Timeline { query, by, json }) => {
            overview::timeline(&session, query.as_deref(), by.as_deref(), json)
        }
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
        blind: cli.blind || settings.blind.unwrap_or(false),
    });
    app.set_store(store);
    app.set_feeds(settings.feeds.clone(), settings.feeds_dir.clone());
    app.set_coder(store_file.coder());
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
            format!("{first} (+{more} more: W)")
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
        cache: options.cache.clone(),
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
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .or_else(account_name);
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

/// The name of the account this process runs as, from the password database (for when no
/// `USER` is set: cron, containers, `env -i`).
fn account_name() -> Option<String> {
    #[cfg(unix)]
    {
        let mut buffer = vec![0 as libc::c_char; 4096];
        // SAFETY: getpwuid_r writes into our buffer and `entry`, and sets `result` to point at
        // `entry` or null; the name is read before either goes out of scope.
        unsafe {
            let mut entry: libc::passwd = std::mem::zeroed();
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            let status = libc::getpwuid_r(
                libc::getuid(),
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            );
            if status != 0 || result.is_null() || entry.pw_name.is_null() {
                return None;
            }
            let name = std::ffi::CStr::from_ptr(entry.pw_name)
                .to_string_lossy()
                .into_owned();
            (!name.is_empty()).then_some(name)
        }
    }
    #[cfg(not(unix))]
    {
        None
    }
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
/// The store, for its corrections, when there is one to read; otherwise (no data folder yet, or
/// a store that cannot be read) an empty one, with a warning for the damaged case.
fn corrections_store(global: &args::GlobalArgs, coder_setting: Option<&str>) -> StoreData {
    let Ok(dir) = store::data_dir(global.data_dir.as_deref()) else {
        return StoreData::default();
    };
    if !dir.join(store::STORE_FILE).exists() && !store::log::log_dir(&dir).exists() {
        return StoreData::default();
    }
    let coder = coder_name(global.coder.as_deref(), coder_setting).unwrap_or_default();
    match StoreFile::open(&dir, &coder) {
        Ok((_, data)) => data,
        Err(e) => {
            eprintln!(
                "presscut: {}; analysing without corrections",
                sanitize(&e.to_string())
            );
            StoreData::default()
        }
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
