//! The article list a load ended with, kept so that the next start can show it before it has
//! looked at a single file. At a million files, listing the folders and reading each file's
//! size and time takes over two seconds whatever is cached (the kernel's part alone is over a
//! second); the reader shows the snapshot at once and checks the folders in the background,
//! loading again only when something changed (`Unverified::still_current`).
//!
//! A snapshot is used only beside the `articles.bin` it was made with (it names that file's
//! checksum), with the same size limit, and only for a corpus whose every file was cached: its
//! bodies are all in packs. It borrows its strings from the mapped file while it is decoded,
//! and its articles are kept in chunks that decode on every core.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::table::{stamp_of, Place, Stamp};
use crate::body::Pack;
use crate::cache::{Cache, Kind};
use crate::corpus::{read, Candidate, Corpus, LoadProgress, Source};
use crate::model::{Article, Warning};

mod decode;
pub(in crate::corpus) use decode::{open, remake, Remade};

/// Articles per chunk: enough chunks for every core, few enough to cost nothing.
const CHUNK: usize = 8192;

/// What decides whether a snapshot is still the one to keep: the `articles.bin` it goes with,
/// and what the folder walk found beside the files. Written first, so that a load can compare
/// it without decoding the rest.
#[derive(Serialize, Deserialize, PartialEq, Eq, Clone, Copy)]
struct Key {
    articles: [u8; 32],
    walk: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct Snapshot<'a> {
    key: Key,
    max_file_bytes: u64,
    files_read: u64,
    #[serde(borrow)]
    packs: Vec<PackRef<'a>>,
    /// Every file the load read, in the order the walk found them, separated by NUL (which no
    /// path holds).
    paths: &'a str,
    stamps: Vec<Stamp>,
    #[serde(borrow)]
    ignored: Vec<&'a str>,
    /// How many of `warnings` the walk gave (they come first).
    walk_warnings: u64,
    #[serde(borrow)]
    warnings: Vec<Said<'a>>,
    /// The articles in list order, in postcard-encoded chunks of [`Shown`].
    #[serde(borrow)]
    chunks: Vec<&'a serde_bytes::Bytes>,
}

#[derive(Serialize, Deserialize)]
struct PackRef<'a> {
    name: &'a str,
    len: u64,
    bodies: u64,
}

#[derive(Serialize, Deserialize)]
struct Said<'a> {
    path: &'a str,
    line: Option<u64>,
    message: &'a str,
}

/// One article as the list shows it.
#[derive(Serialize)]
struct Shown<'a> {
    /// Its file, by position in `Snapshot::paths`.
    file: u32,
    line: Option<u64>,
    id: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    authors: Vec<&'a str>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    source_id: Option<&'a str>,
    at: Place,
}

/// What the walk of a load found beside the files it read.
pub(in crate::corpus) struct Walk<'a> {
    pub warnings: &'a [Warning],
    pub ignored: &'a [PathBuf],
}

impl Walk<'_> {
    fn digest(&self, files_read: usize) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&(files_read as u64).to_le_bytes());
        for warning in self.warnings {
            hasher.update(warning.to_string().as_bytes());
            hasher.update(b"\0");
        }
        hasher.update(b"\0\0");
        for path in self.ignored {
            hasher.update(path.as_os_str().as_encoded_bytes());
            hasher.update(b"\0");
        }
        *hasher.finalize().as_bytes()
    }
}

/// Keeps `corpus` as the snapshot of its cache, unless the one there already is it. `files`:
/// every file the load read, with its stamp, in walk order; `cache_warnings`: the range of
/// `corpus.warnings` about the cache itself, which are not the corpus's to show again.
pub(in crate::corpus) fn keep(
    cache: &Cache,
    corpus: &Corpus,
    files: &[(String, Stamp)],
    walk: &Walk,
    cache_warnings: std::ops::Range<usize>,
    max_file_bytes: u64,
) -> Result<(), String> {
    let Ok(articles) = cache.checksum(Kind::Articles) else {
        // No index to go with (it could not be written): a snapshot would never be used.
        let _ = std::fs::remove_file(cache.path(Kind::Snapshot));
        return Ok(());
    };
    let key = Key {
        articles,
        walk: walk.digest(corpus.files_read),
    };
    if kept_key(cache).as_ref() == Some(&key) {
        return Ok(());
    }
    let Some(snapshot) = Parts::of(corpus, files, walk, cache_warnings) else {
        let _ = std::fs::remove_file(cache.path(Kind::Snapshot));
        return Ok(());
    };
    let written = write(cache, key, corpus, files, walk, &snapshot, max_file_bytes);
    if written.is_err() {
        // The one there is for an older list: better none than one shown and then replaced.
        let _ = std::fs::remove_file(cache.path(Kind::Snapshot));
    }
    written
}

fn write(
    cache: &Cache,
    key: Key,
    corpus: &Corpus,
    files: &[(String, Stamp)],
    walk: &Walk,
    snapshot: &Parts,
    max_file_bytes: u64,
) -> Result<(), String> {
    let mut stream = cache.stream(Kind::Snapshot)?;
    stream.append(&key);
    stream.append(&max_file_bytes);
    stream.append(&(corpus.files_read as u64));
    stream.append(&snapshot.packs);
    stream.append(&snapshot.paths.as_str());
    stream.append(&files.iter().map(|(_, stamp)| *stamp).collect::<Vec<_>>());
    stream.append(&snapshot.ignored);
    stream.append(&(walk.warnings.len() as u64));
    stream.append(&snapshot.warnings);
    // The chunks one at a time: never the whole encoded list in memory.
    let chunks = corpus.articles.len().div_ceil(CHUNK);
    stream.append(&(chunks as u64));
    for articles in corpus.articles.chunks(CHUNK) {
        let shown: Option<Vec<Shown>> = articles
            .iter()
            .map(|a| shown(a, &snapshot.file_of, &snapshot.pack_of))
            .collect();
        let Some(shown) = shown else {
            stream.fail("an article is not in a pack".into());
            break;
        };
        match postcard::to_allocvec(&shown) {
            Ok(bytes) => stream.append(serde_bytes::Bytes::new(&bytes)),
            Err(e) => {
                stream.fail(format!("cannot encode ({e})"));
                break;
            }
        }
    }
    stream.finish()
}

/// The parts of a snapshot that are not its articles, and the lookups its articles need.
struct Parts<'a> {
    packs: Vec<PackRef<'a>>,
    pack_of: HashMap<*const Pack, u32>,
    paths: String,
    file_of: HashMap<&'a str, u32, foldhash::fast::RandomState>,
    ignored: Vec<&'a str>,
    warnings: Vec<Said<'a>>,
}

impl<'a> Parts<'a> {
    /// `None` when the corpus cannot be shown from a snapshot: a path that is not UTF-8, or an
    /// article whose body is not in a pack.
    fn of(
        corpus: &'a Corpus,
        files: &'a [(String, Stamp)],
        walk: &Walk<'a>,
        cache_warnings: std::ops::Range<usize>,
    ) -> Option<Parts<'a>> {
        let mut packs = Vec::new();
        let mut pack_of = HashMap::new();
        for article in corpus.articles.iter() {
            let (pack, ..) = article.body.place()?;
            pack_of.entry(Arc::as_ptr(pack)).or_insert_with(|| {
                packs.push(PackRef {
                    name: pack.name(),
                    len: pack.byte_len(),
                    bodies: pack.bodies() as u64,
                });
                (packs.len() - 1) as u32
            });
        }
        let mut paths = String::with_capacity(files.iter().map(|(p, _)| p.len() + 1).sum());
        let mut file_of = HashMap::default();
        for (i, (path, _)) in files.iter().enumerate() {
            if i > 0 {
                paths.push('\0');
            }
            paths.push_str(path);
            file_of.insert(path.as_str(), i as u32);
        }
        let ignored = walk
            .ignored
            .iter()
            .map(|p| p.to_str())
            .collect::<Option<Vec<_>>>()?;
        let warnings = corpus
            .warnings
            .iter()
            .enumerate()
            .filter(|(i, _)| !cache_warnings.contains(i))
            .map(|(_, w)| said(w))
            .collect::<Option<Vec<_>>>()?;
        Some(Parts {
            packs,
            pack_of,
            paths,
            file_of,
            ignored,
            warnings,
        })
    }
}

fn said(warning: &Warning) -> Option<Said<'_>> {
    Some(Said {
        path: warning.origin.path.to_str()?,
        line: warning.origin.line.map(|l| l as u64),
        message: &warning.message,
    })
}

fn shown<'a>(
    article: &'a Article,
    file_of: &HashMap<&str, u32, foldhash::fast::RandomState>,
    pack_of: &HashMap<*const Pack, u32>,
) -> Option<Shown<'a>> {
    let (pack, index, start, len) = article.body.place()?;
    Some(Shown {
        file: *file_of.get(article.origin.path.to_str()?)?,
        line: article.origin.line.map(|l| l as u64),
        id: article.id.as_str(),
        title: &article.title,
        date: article.date.as_deref(),
        authors: article.authors.iter().map(String::as_str).collect(),
        outlet: article.outlet.as_deref(),
        url: article.url.as_deref(),
        source_id: article.source_id.as_deref(),
        at: Place {
            pack: *pack_of.get(&Arc::as_ptr(pack))?,
            index,
            start: start as u64,
            len: len as u64,
        },
    })
}

/// The key of the snapshot in `cache`, read from the start of its payload without checking
/// the rest: enough to tell that it need not be written again (it is checked when used).
fn kept_key(cache: &Cache) -> Option<Key> {
    let mut file = std::fs::File::open(cache.path(Kind::Snapshot)).ok()?;
    let mut start = vec![0; crate::cache::HEADER + 64];
    file.read_exact(&mut start).ok()?;
    crate::cache::check_kind(Kind::Snapshot, &start).ok()?;
    postcard::from_bytes(&start[crate::cache::HEADER..]).ok()
}

/// A corpus shown from its snapshot, until the folders are found to hold what it was made of.
pub struct Unverified {
    sources: Vec<Source>,
    paths: String,
    stamps: Vec<Stamp>,
    ignored: Vec<String>,
    walk_warnings: Vec<String>,
}

impl Unverified {
    /// Whether walking the folders again finds the same files, unchanged (size and time), and
    /// nothing else different: then loading would give the corpus shown.
    pub fn still_current(&self) -> bool {
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        let mut ignored = Vec::new();
        let progress = LoadProgress::default();
        for source in &self.sources {
            match source {
                Source::Path(path) => {
                    read::collect_files(path, &mut files, &mut warnings, &mut ignored, &progress)
                }
                Source::BuiltinSeeds => return false,
            }
        }
        let same_walk = files.len() == self.stamps.len()
            && ignored.len() == self.ignored.len()
            && ignored
                .iter()
                .zip(&self.ignored)
                .all(|(now, then)| now.to_str() == Some(then.as_str()))
            && warnings.len() == self.walk_warnings.len()
            && warnings
                .iter()
                .zip(&self.walk_warnings)
                .all(|(now, then)| now.to_string() == *then);
        if !same_walk {
            return false;
        }
        let now = SystemTime::now();
        files
            .iter()
            .zip(self.paths.split('\0'))
            .zip(&self.stamps)
            .all(|((candidate, path), stamp)| match candidate {
                Candidate::File { path: found, .. } => {
                    found.to_str() == Some(path) && stamp_of(found, now) == Some(*stamp)
                }
                Candidate::Builtin => false,
            })
    }
}
