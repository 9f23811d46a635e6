//! Shared helpers for the integration tests: corpora built in memory or from the fixtures.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use presscut::app::{Action, App, Keymap};
use presscut::corpus::{Corpus, LoadOptions, Source};

pub fn manifest_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub fn seed_corpus() -> Corpus {
    Corpus::load(
        &[Source::Path(manifest_path("seeds"))],
        &LoadOptions::default(),
    )
}

pub fn wikinews_corpus() -> Corpus {
    Corpus::load(
        &[Source::Path(manifest_path("tests/fixtures/wikinews"))],
        &LoadOptions::default(),
    )
}

pub fn app_with(corpus: Corpus, width: u16, height: u16) -> App {
    let mut app = App::new(corpus, Keymap::default_keymap());
    // What the shell's background indexer delivers.
    let index = presscut::search::SearchIndex::build(&app.corpus().articles, &Default::default());
    app.set_search_index(std::sync::Arc::new(index));
    app.update(Action::Resize(width, height));
    app
}

/// Presses keys given as the keymap spells them, separated by spaces (`"g g"`, `"ctrl-s"`),
/// and gathers the effects.
pub fn keys(app: &mut App, keys: &str) -> Vec<presscut::app::Effect> {
    let mut effects = Vec::new();
    for key in keys.split_whitespace() {
        effects.extend(app.on_key(presscut::app::KeyPress::parse(key).expect("a valid key")));
    }
    effects
}

/// Types text into whatever has the keyboard, one character at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.on_key(presscut::app::KeyPress::parse(&c.to_string()).expect("a character"));
    }
}

#[cfg(unix)]
pub mod pty;

/// The app drawn on ratatui's test backend at its own size.
pub fn render(app: &App) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let backend = ratatui::backend::TestBackend::new(app.screen().width, app.screen().height);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
    terminal
        .draw(|frame| presscut::ui::draw(app, frame))
        .expect("drawn");
    terminal
}

/// The screen as text, one string per row.
pub fn screen(app: &App) -> Vec<String> {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

/// A named pipe at `path` (for tests of files that are not plain files).
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The binary with no corpus from the environment and `data_dir` as its data folder. The
/// config is looked for under `data_dir` too, so a developer's own config cannot change results.
pub fn presscut_in(data_dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("presscut").unwrap();
    cmd.env_remove("PRESSCUT_CORPUS")
        .env_remove("PRESSCUT_CONFIG")
        .env("XDG_CONFIG_HOME", data_dir)
        .env("PRESSCUT_DATA_DIR", data_dir);
    cmd
}

/// Runs a command that must succeed and returns its standard output.
pub fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs presscut with `args`, reads one byte of its output and closes the pipe, as
/// `presscut … | head -c 1` does: it must exit 0 without a word on stderr.
pub fn assert_quiet_on_closed_pipe(args: &[&std::ffi::OsStr]) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("presscut"))
        .args(args)
        .env_remove("PRESSCUT_CORPUS")
        .env_remove("PRESSCUT_CONFIG")
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("presscut-tests-no-config"),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The corpus-wide indexes of `app`'s corpus with its store's corrections, made the way the
/// reader's background indexer makes them (without a cache).
pub fn indexes(app: &App) -> presscut::digest::Indexes {
    let articles = &app.corpus().articles;
    let (digests, _) = presscut::cache::digests::digest_all(
        articles,
        &app.store().corrections,
        None,
        &Default::default(),
    );
    presscut::digest::Indexes::build(articles, &digests)
}
