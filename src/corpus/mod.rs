//! Finding and reading corpus files. Loading never fails as a whole: every file that cannot be
//! used becomes a [`Warning`] naming it, and everything else loads. Files are parsed in parallel
//! (loading is bound by per-file overhead), then merged in path order so results are
//! deterministic whatever the thread timing.

mod archive;
pub mod char_refs;
pub mod charset;
mod csv_format;
mod docx;
pub mod feed;
mod formats;
pub mod html;
mod pack;
mod read;

pub use formats::{Draft, Format, Problem};
pub use pack::Unverified;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Article, ArticleId, Origin, Warning};
use crate::text;

/// Article ids are hashes of the text, not keys chosen to collide: foldhash, not SipHash
/// (which was a twentieth of reopening a million articles).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The seed article compiled into the binary, for when it runs away from its repository.
const BUILTIN_SEED: (&str, &str) = (
    "seeds/000_6a7fc81ac7b5890a.txt",
    include_str!("../../seeds/000_6a7fc81ac7b5890a.txt"),
);

/// Default per-file size limit. Above it a file is skipped with a warning: a single article this
/// big is almost always a mistake (a dump, a log), and reading it would stall the reader pane.
/// JSONL files are exempt as a whole; the limit applies to each of their lines.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub max_file_bytes: u64,
    /// Where to keep what loading found, so the next load reads only changed files and
    /// article bodies stay out of memory (`pack`); `None`: read everything, keep it in RAM.
    pub cache: Option<crate::cache::Cache>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            cache: None,
        }
    }
}

/// Where articles come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file or folder on disk (folders are walked recursively, hidden entries skipped).
    Path(PathBuf),
    /// The seed article compiled into the binary.
    BuiltinSeeds,
}

#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// A short name for the status bar: the folder or file name.
    pub name: String,
    /// Shared, so background work (the entity index) can read the articles without a copy.
    pub articles: Arc<Vec<Article>>,
    pub warnings: Vec<Warning>,
    /// Files passed over because their extension is not a corpus format.
    pub ignored: Vec<PathBuf>,
    /// Files that were read (whether or not they yielded articles).
    pub files_read: usize,
}

/// How far a load has got, readable from another thread while it runs (the reader's loading
/// screen polls it): files found while walking folders, then files read out of the total.
#[derive(Debug, Default)]
pub struct LoadProgress {
    found: AtomicUsize,
    read: AtomicUsize,
    walked: AtomicBool,
}

impl LoadProgress {
    fn found_one(&self) {
        self.found.fetch_add(1, Ordering::Relaxed);
    }

    /// Files found so far (while walking), then the number of files to read.
    pub fn found(&self) -> usize {
        self.found.load(Ordering::Relaxed)
    }

    /// Files read so far.
    pub fn read(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }

    /// Every folder has been walked: [`LoadProgress::found`] is the final total.
    pub fn walked(&self) -> bool {
        self.walked.load(Ordering::Acquire)
    }
}

impl Corpus {
    pub fn load(sources: &[Source], options: &LoadOptions) -> Corpus {
        Corpus::load_with_progress(sources, options, &LoadProgress::default())
    }

    /// [`Corpus::load`], counting files found and read in `progress` as it goes.
    pub fn load_with_progress(
        sources: &[Source],
        options: &LoadOptions,
        progress: &LoadProgress,
    ) -> Corpus {
        Corpus::load_from(sources, options, progress, true)
    }

    /// `remake`: the articles made afresh from the snapshot the load keeps (`pack::remake`)
    /// when it parsed at least a tenth of the files; false for a load that is itself the
    /// answer to a remake that failed.
    fn load_from(
        sources: &[Source],
        options: &LoadOptions,
        progress: &LoadProgress,
        mut remake: bool,
    ) -> Corpus {
        let mut corpus = Corpus {
            name: corpus_name(sources),
            ..Corpus::default()
        };
        let previous = options.cache.as_ref().map(pack::prefetch);
        let mut files = Vec::new();
        for source in sources {
            match source {
                Source::BuiltinSeeds => {
                    files.push(Candidate::Builtin);
                    progress.found_one();
                }
                Source::Path(path) => read::collect_files(
                    path,
                    &mut files,
                    &mut corpus.warnings,
                    &mut corpus.ignored,
                    progress,
                ),
            }
        }
        corpus.files_read = files.len();
        progress.found.store(files.len(), Ordering::Relaxed);
        progress.walked.store(true, Ordering::Release);
        let walk_warnings = corpus.warnings.len();
        let mut cache_warning_count = 0;
        let mut listing = None;
        let results: Vec<FileResult> = match (&options.cache, previous) {
            (Some(cache), Some(previous)) => {
                let outcome = pack::load(&files, options, progress, cache, previous);
                cache_warning_count = outcome.warnings.len();
                corpus.warnings.extend(outcome.warnings);
                listing = outcome.listing;
                // Worth its second of CPU at a million articles when most were parsed.
                remake &= outcome.files_read_afresh * 10 >= files.len();
                outcome.results
            }
            _ => files
                .par_iter()
                .map(|c| {
                    let result = c.read(options);
                    progress.read.fetch_add(1, Ordering::Relaxed);
                    result
                })
                .collect(),
        };
        // The first article with each id, found by reference: copying 100k ids and paths
        // into a map was a fifth of reopening a cached corpus.
        let mut first_seen: FastMap<&str, (usize, usize)> = FastMap::default();
        let mut duplicate_of: FastMap<(usize, usize), (usize, usize)> = FastMap::default();
        for (f, result) in results.iter().enumerate() {
            for (a, article) in result.articles.iter().enumerate() {
                if let Some(&first) = first_seen.get(article.id.as_str()) {
                    duplicate_of.insert((f, a), first);
                } else {
                    first_seen.insert(article.id.as_str(), (f, a));
                }
            }
        }
        let mut duplicate_warnings: FastMap<(usize, usize), Warning> = duplicate_of
            .into_iter()
            .map(|(at, (f, a))| {
                let duplicate = &results[at.0].articles[at.1];
                let first = &results[f].articles[a].origin;
                let warning = Warning {
                    origin: duplicate.origin.clone(),
                    message: format!("same text as {first}; shown once (id {})", duplicate.id),
                };
                (at, warning)
            })
            .collect();
        drop(first_seen);
        let mut articles = Vec::with_capacity(results.iter().map(|r| r.articles.len()).sum());
        for (f, result) in results.into_iter().enumerate() {
            corpus.warnings.extend(result.warnings);
            for (a, article) in result.articles.into_iter().enumerate() {
                match duplicate_warnings.remove(&(f, a)) {
                    Some(warning) => corpus.warnings.push(warning),
                    None => articles.push(article),
                }
            }
        }
        corpus.articles = Arc::new(sort_newest_first(articles));
        if let (Some(cache), Some(listing)) = (&options.cache, listing) {
            let cache_warnings = walk_warnings..walk_warnings + cache_warning_count;
            let (walked, _) = corpus.warnings.split_at(walk_warnings);
            let walk = pack::Walk {
                warnings: walked,
                ignored: &corpus.ignored,
            };
            match pack::keep_snapshot(
                cache,
                &corpus,
                &listing,
                &walk,
                cache_warnings,
                options.max_file_bytes,
            ) {
                Err(why) => corpus.warnings.push(pack::cache_warning(
                    &cache.path(crate::cache::Kind::Snapshot),
                    format!("{why}; the next start checks every file before showing the list"),
                )),
                Ok(()) if remake => {
                    let made = Arc::try_unwrap(std::mem::take(&mut corpus.articles))
                        .unwrap_or_else(|shared| shared.to_vec());
                    match pack::remake(cache, made) {
                        pack::Remade::Fresh(articles) | pack::Remade::Kept(articles) => {
                            corpus.articles = Arc::new(articles)
                        }
                        pack::Remade::Lost => {
                            return Corpus::load_from(sources, options, progress, false)
                        }
                    }
                }
                Ok(()) => {}
            }
        }
        // Reading the files on every core left each thread's allocator holding what it freed
        // (the texts on their way to the packs): at a million articles a gigabyte, kept through
        // the search index build that comes next, where the first open peaks.
        crate::memory::give_back_freed();
        corpus
    }

    /// The corpus as the last load with `options.cache` left it, shown before any file is
    /// looked at; [`Unverified::still_current`] says whether it still is the corpus (if not,
    /// load it). `Err` when there is no usable snapshot: load instead, adding the warning
    /// when there is one to give (a damaged snapshot; silence when there is none, or it is
    /// out of date).
    pub fn open_snapshot(
        sources: &[Source],
        options: &LoadOptions,
    ) -> Result<(Corpus, Unverified), Option<Warning>> {
        let Some(cache) = &options.cache else {
            return Err(None);
        };
        let kind = crate::cache::Kind::Snapshot;
        pack::open_snapshot(cache, sources, options.max_file_bytes).map_err(|why| {
            let message = cache.warning(kind, &why)?;
            Some(pack::cache_warning(&cache.path(kind), message))
        })
    }
}

/// Newest first, undated last, then by title: the order a news reader expects.
fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => y.cmp(x).then_with(|| a.title.cmp(&b.title)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.title.cmp(&b.title),
    }
}

/// The first bytes of `text` as a big-endian number, zero-padded: numbers in order mean
/// texts in order (equal numbers say nothing).
fn prefix_number<const N: usize>(text: &str) -> [u8; N] {
    let mut bytes = [0; N];
    let len = text.len().min(N);
    bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
    bytes
}

/// The articles in [`newest_first`] order; equal ones keep the order they came in. Positions
/// are sorted by a compact key (date and title prefixes), the full comparison only breaking
/// its ties, and each article is then moved once: sorting the articles themselves moved
/// 260-byte structs twenty times over and followed two pointers per comparison (1.35 s of CPU
/// at a million articles).
fn sort_newest_first(articles: Vec<Article>) -> Vec<Article> {
    /// Undated last; the date's first bytes inverted (newest first); a date the prefix does
    /// not hold whole before one it does (it is the longer of two equal prefixes, so the newer)
    /// and without a title prefix (its ties go to the full comparison); the title's first bytes.
    type Key = (bool, [u8; 16], bool, [u8; 8], u32);
    let key = |(i, a): (usize, &Article)| -> Key {
        let title = prefix_number::<8>(&a.title);
        match a.date.as_deref() {
            None => (true, [0; 16], true, title, i as u32),
            Some(d) => {
                let whole = d.len() <= 16 && !d.contains('\0');
                let date = prefix_number::<16>(d).map(|b| !b);
                (
                    false,
                    date,
                    whole,
                    if whole { title } else { [0; 8] },
                    i as u32,
                )
            }
        }
    };
    let mut keys: Vec<Key> = articles.iter().enumerate().map(key).collect();
    keys.par_sort_unstable_by(|x, y| {
        (x.0, x.1, x.2, x.3)
            .cmp(&(y.0, y.1, y.2, y.3))
            .then_with(|| newest_first(&articles[x.4 as usize], &articles[y.4 as usize]))
            .then(x.4.cmp(&y.4))
    });
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|key| slots.get_mut(key.4 as usize).and_then(Option::take))
        .collect()
}

/// The short name of a corpus for the status bar (known before it is loaded).
pub fn corpus_name(sources: &[Source]) -> String {
    let name_of = |s: &Source| match s {
        Source::BuiltinSeeds => "seeds (built-in)".to_string(),
        Source::Path(p) => {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        }
    };
    match sources {
        [] => "no corpus".to_string(),
        [one] => name_of(one),
        [first, rest @ ..] => format!("{} +{}", name_of(first), rest.len()),
    }
}

/// A file chosen for reading.
#[derive(Clone, Debug)]
pub(crate) enum Candidate {
    File { path: PathBuf, format: Format },
    Builtin,
}

pub(crate) struct FileResult {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

impl Candidate {
    fn read(&self, options: &LoadOptions) -> FileResult {
        match self {
            Candidate::Builtin => {
                let (path, text) = BUILTIN_SEED;
                finish(Path::new(path), formats::parse_document(Format::Text, text))
            }
            Candidate::File { path, format } => read::read_file(path, *format, options),
        }
    }
}

/// Turns drafts into articles: normalised body, id, a title when the source had none.
fn finish(path: &Path, (drafts, problems): (Vec<Draft>, Vec<formats::Problem>)) -> FileResult {
    let mut result = FileResult {
        articles: Vec::new(),
        warnings: Vec::new(),
    };
    for problem in problems {
        result.warnings.push(Warning {
            origin: Origin {
                path: path.to_path_buf(),
                line: problem.line,
            },
            message: problem.message,
        });
    }
    for draft in drafts {
        let origin = Origin {
            path: path.to_path_buf(),
            line: draft.line,
        };
        let body = text::normalise_body(&draft.body);
        if body.is_empty() {
            result.warnings.push(Warning {
                origin,
                message: "no text; skipped".into(),
            });
            continue;
        }
        let title = draft
            .title
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| text::derive_title(&body));
        result.articles.push(Article {
            id: ArticleId::of_body(&body),
            origin,
            title,
            date: draft.date,
            authors: draft.authors,
            outlet: draft.outlet,
            url: draft.url,
            source_id: draft.source_id,
            body: body.into(),
        });
    }
    result
}

/// Parses one file's bytes as `format`, exactly as loading would (any bytes at all: binary,
/// Latin-1, broken JSON…), without touching the disk. `path` only names the origin.
pub fn parse_bytes(path: &Path, format: Format, bytes: &[u8]) -> (Vec<Article>, Vec<Warning>) {
    let result = read::parse_bytes(path, format, bytes);
    (result.articles, result.warnings)
}

#[cfg(test)]
mod tests;
