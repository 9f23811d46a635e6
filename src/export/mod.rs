//! Tags, notes and coded passages out to files that other tools open without an edit: JSON,
//! JSONL (Prodigy/doccano shaped, optionally with the text, the coded passages as spans and, when
//! asked, the machine's entities), CSV (RFC 4180), Markdown, and a REFI-QDA project (`.qdpx`)
//! that the qualitative analysis tools open with every coding in place. Writers take any
//! `impl Write`; [`write_file`] adds the safety rules for files.

mod attribution;
mod formats;
mod import;
pub mod qdc;
pub mod qdpx;

pub use attribution::Attribution;
pub use formats::{guard_cell, join_tags, split_tags, unguard_cell};
pub use import::{import, ImportReport};

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::Article;
use crate::store::{Passage, StoreData};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Md,
    /// A REFI-QDA project: a zip archive, so only ever written to a file.
    Qdpx,
}

impl Format {
    /// Every format, in the order the reader's export dialog cycles through them.
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Md,
        Format::Qdpx,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Qdpx => "qdpx",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name.to_ascii_lowercase())
    }

    /// Bytes no terminal should be sent (a zip archive).
    pub fn is_binary(self) -> bool {
        self == Format::Qdpx
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// CSV: one row per (article, tag).
    pub long: bool,
    /// JSONL: add the text, the coded passages as spans and the quotes (Unicode code-point
    /// offsets).
    pub with_text: bool,
    /// JSONL: the text as with `with_text`, and the machine's entities among the spans too,
    /// marked `"source": "machine"`.
    pub with_entities: bool,
    /// CSV: start with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// CSV: leave cells that a spreadsheet would run as a formula as they are (by default they
    /// get a leading `'`, as OWASP recommends against CSV injection).
    pub no_formula_guard: bool,
}

/// Which articles to export: by default those with tags, a note, read state or a coded passage;
/// `all` adds the rest; `tag` keeps those with that tag; `ids` keeps those listed (the TUI's filtered list or
/// marks). The corpus order is kept.
pub fn select<'a>(
    articles: &'a [Article],
    store: &StoreData,
    all: bool,
    tag: Option<&str>,
    ids: Option<&HashSet<String>>,
) -> Vec<&'a Article> {
    articles
        .iter()
        .filter(|a| {
            let record = store.record(a.id.as_str());
            let annotated = record.is_some() || !store.passages_of(a.id.as_str()).is_empty();
            let tagged = tag.is_none_or(|t| record.is_some_and(|r| r.has_tag(t)));
            let listed = ids.is_none_or(|ids| ids.contains(a.id.as_str()));
            (all || annotated || ids.is_some()) && tagged && listed
        })
        .collect()
}

/// Writes `articles` with their store records in `format`.
pub fn write(
    out: &mut impl Write,
    format: Format,
    articles: &[&Article],
    store: &StoreData,
    options: Options,
) -> io::Result<()> {
    write_attributed(out, format, articles, store, options, None)
}

/// The same, saying who applied each tag and code and whose each note is (JSON, JSONL and
/// Markdown; CSV keeps its fixed columns) when `attribution` is given: an export of everyone's
/// work.
pub fn write_attributed(
    out: &mut impl Write,
    format: Format,
    articles: &[&Article],
    store: &StoreData,
    options: Options,
    attribution: Option<&Attribution>,
) -> io::Result<()> {
    match format {
        Format::Json => formats::json(out, articles, store, attribution),
        Format::Jsonl => formats::jsonl(out, articles, store, options, attribution),
        Format::Csv => formats::csv(out, articles, store, options),
        Format::Md => formats::markdown(out, articles, store, attribution),
        Format::Qdpx => qdpx::write(out, articles, store),
    }
}

/// A coded passage where it is in its article's text now, in code points.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a> {
    pub passage: &'a Passage,
    pub start: usize,
    pub end: usize,
}

/// An article's coded passages where they are in its text now (re-anchored by their words when
/// the text changed), in text order, and apart those whose words are gone from it: an export
/// must neither point at the wrong words nor drop a coding without saying so.
pub fn place<'a>(article: &Article, store: &'a StoreData) -> (Vec<Placed<'a>>, Vec<&'a Passage>) {
    let mut placed = Vec::new();
    let mut lost = Vec::new();
    for passage in store.passages_of(article.id.as_str()) {
        match passage.anchor(&article.body) {
            Some((start, end)) => placed.push(Placed {
                passage,
                start,
                end,
            }),
            None => lost.push(passage),
        }
    }
    placed.sort_by(|a, b| {
        (a.start, a.end, &a.passage.code, &a.passage.coder).cmp(&(
            b.start,
            b.end,
            &b.passage.code,
            &b.passage.coder,
        ))
    });
    (placed, lost)
}

/// How many coded passages of these articles cannot be placed in their text any more.
pub fn unplaced_passages(articles: &[&Article], store: &StoreData) -> usize {
    articles.iter().map(|a| place(a, store).1.len()).sum()
}

#[derive(Debug)]
pub enum ExportError {
    /// The file exists and overwriting was not allowed.
    Exists(PathBuf),
    /// The path is the store, a file in the data folder or a corpus file (loaded, failed,
    /// duplicate or ignored): never overwritten by an export.
    Protected(PathBuf, &'static str),
    /// Something that is not a plain file (a link, a device, a FIFO, a folder) is in the way:
    /// never replaced, not even with --force.
    NotRegular(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Exists(p) => {
                write!(f, "{} exists; pass --force to replace it", p.display())
            }
            ExportError::Protected(p, what) => {
                write!(f, "{} is {what}; choose another output file", p.display())
            }
            ExportError::NotRegular(p) => write!(
                f,
                "{} is not a plain file (a link, device, FIFO or folder); choose another output file",
                p.display()
            ),
            ExportError::Io(p, e) => write!(f, "{}: cannot write the export: {e}", p.display()),
        }
    }
}

/// What an export must never replace: the data folder (store, backups, logs, history) and every
/// file the corpus consists of, including those that failed to load, duplicates and ignored ones.
pub fn protected_paths(
    corpus: &crate::corpus::Corpus,
    data_dir: &Path,
) -> Vec<(PathBuf, &'static str)> {
    let mut protected = vec![(data_dir.to_path_buf(), "in the presscut data folder")];
    protected.extend(
        corpus
            .articles
            .iter()
            .map(|a| (a.origin.path.clone(), "a corpus file")),
    );
    protected.extend(
        corpus
            .warnings
            .iter()
            .map(|w| (w.origin.path.clone(), "a corpus file (it did not load)")),
    );
    protected.extend(
        corpus
            .ignored
            .iter()
            .map(|p| (p.clone(), "a file in the corpus folder")),
    );
    protected
}

/// Writes an export to `path` atomically (temp file in the same folder, fsync, rename), never
/// over a protected path or into a protected folder (see [`protected_paths`]), never over
/// anything but a plain file, and over an existing file only with `force` (keeping its mode).
pub fn write_file(
    path: &Path,
    force: bool,
    protected: &[(PathBuf, &'static str)],
    contents: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
) -> Result<(), ExportError> {
    let target = absolute(path);
    let name = target.file_name();
    let existing = std::fs::symlink_metadata(path).ok();
    for (p, what) in protected {
        // Cheap test first: only paths with the same file name (or folders) can be the target.
        let candidate = p.file_name() == name || p.is_dir();
        if !candidate {
            continue;
        }
        let p = absolute(p);
        // A new file may go into a protected folder; an existing one there is never replaced.
        let inside = existing.is_some() && target.starts_with(&p) && p.is_dir();
        if p == target || inside {
            return Err(ExportError::Protected(path.to_path_buf(), what));
        }
    }
    if let Some(meta) = &existing {
        if !meta.file_type().is_file() {
            return Err(ExportError::NotRegular(path.to_path_buf()));
        }
        if !force {
            return Err(ExportError::Exists(path.to_path_buf()));
        }
    }
    let io_err = |e| ExportError::Io(path.to_path_buf(), e);
    let mut bytes = Vec::new();
    contents(&mut bytes).map_err(io_err)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        file.write_all(&bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(io_err)
}

/// The absolute, symlink-resolved form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests;
