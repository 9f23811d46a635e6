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
    app.update(Action::Resize(width, height));
    app
}

#[cfg(unix)]
pub mod pty;
