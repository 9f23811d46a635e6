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
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::table::{stamp_of, Place, Stamp};
use crate::body::{Body, Pack};
use crate::cache::{undecodable, Cache, Kind, Unusable};
use crate::corpus::{read, Candidate, Corpus, LoadProgress, Source};
use crate::model::{Article, ArticleId, Origin, Warning};

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

/// The corpus of `sources` as the snapshot in `cache` has it, and what to check it against.
/// `Unusable::Missing` for a snapshot that is not there or goes with another `articles.bin`.
pub(in crate::corpus) fn open(
    cache: &Cache,
    sources: &[Source],
    max_file_bytes: u64,
) -> Result<(Corpus, Unverified), Unusable> {
    let articles_file = cache.checksum(Kind::Articles)?;
    let mapped = cache.map(Kind::Snapshot)?;
    let snapshot: Snapshot = postcard::from_bytes(mapped.payload()).map_err(undecodable)?;
    if snapshot.key.articles != articles_file || snapshot.max_file_bytes != max_file_bytes {
        return Err(Unusable::Missing);
    }
    let (paths, packs) = files_and_packs(cache, &snapshot)?;
    let articles = articles(&snapshot.chunks, &paths, &packs)?;
    let warnings: Vec<Warning> = snapshot
        .warnings
        .iter()
        .map(|w| Warning {
            origin: Origin {
                path: PathBuf::from(w.path),
                line: w.line.map(|l| l as usize),
            },
            message: w.message.to_string(),
        })
        .collect();
    let walk_warnings = warnings
        .iter()
        .take(snapshot.walk_warnings as usize)
        .map(Warning::to_string)
        .collect();
    let unverified = Unverified {
        sources: sources.to_vec(),
        paths: snapshot.paths.to_string(),
        stamps: snapshot.stamps,
        ignored: snapshot.ignored.iter().map(|p| p.to_string()).collect(),
        walk_warnings,
    };
    let corpus = Corpus {
        name: super::super::corpus_name(sources),
        articles: Arc::new(articles),
        warnings,
        ignored: snapshot.ignored.iter().map(PathBuf::from).collect(),
        files_read: snapshot.files_read as usize,
    };
    Ok((corpus, unverified))
}

/// The files a snapshot names, by position, and its packs, opened.
fn files_and_packs<'a>(
    cache: &Cache,
    snapshot: &Snapshot<'a>,
) -> Result<(Vec<&'a str>, Vec<Arc<Pack>>), Unusable> {
    let index_path = cache.path(Kind::Articles);
    let packs = snapshot
        .packs
        .iter()
        .map(|p| {
            Pack::open(
                &cache.dir().join(p.name),
                p.len,
                p.bodies as usize,
                index_path.clone(),
            )
            .map(Arc::new)
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(Unusable::Damaged)?;
    let paths: Vec<&str> = match snapshot.paths {
        // A folder without a file to read (splitting "" would give one empty path).
        "" => Vec::new(),
        joined => joined.split('\0').collect(),
    };
    if paths.len() != snapshot.stamps.len() {
        return Err(Unusable::Damaged("its file list does not add up".into()));
    }
    Ok((paths, packs))
}

/// What [`remake`] did with a load's articles.
pub(in crate::corpus) enum Remade {
    /// Made afresh from the snapshot.
    Fresh(Vec<Article>),
    /// There was no snapshot of them to use: the load's own.
    Kept(Vec<Article>),
    /// The snapshot failed after the load's articles were dropped: load again.
    Lost,
}

/// The articles of the snapshot just kept in `cache`, made afresh in place of `made`, the same
/// list as a load made it. A load that read files leaves each article's few short strings
/// scattered among pages of what parsing freed: at a million articles 0.4 GB of strings held
/// 1.66 GB of memory through the whole first open. Made one after the other once those are
/// dropped, the same strings fill pages of their own. Everything that can fail is checked
/// before `made` is dropped; what is left (an article that does not fit its files) is `Lost`.
pub(in crate::corpus) fn remake(cache: &Cache, made: Vec<Article>) -> Remade {
    let usable = || -> Result<_, Unusable> {
        let articles_file = cache.checksum(Kind::Articles)?;
        let mapped = cache.map(Kind::Snapshot)?;
        Ok((articles_file, mapped))
    };
    let Ok((articles_file, mapped)) = usable() else {
        return Remade::Kept(made);
    };
    let Ok(snapshot) = postcard::from_bytes::<Snapshot>(mapped.payload()) else {
        return Remade::Kept(made);
    };
    let Ok((paths, packs)) = files_and_packs(cache, &snapshot) else {
        return Remade::Kept(made);
    };
    if snapshot.key.articles != articles_file
        || chunk_lens(&snapshot.chunks).map(|l| l.iter().sum()) != Ok(made.len())
    {
        return Remade::Kept(made);
    }
    drop(made);
    crate::memory::give_back_freed();
    // On threads of their own: glibc gives a new thread an arena of its own, where the strings
    // are laid out one after the other; made by the threads that did the load, they filled
    // its holes and held as many pages as before (1.35 GB instead of 0.53 at a million).
    let fresh = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .build();
    let remade = match fresh {
        Ok(pool) => pool.install(|| articles(&snapshot.chunks, &paths, &packs)),
        Err(_) => articles(&snapshot.chunks, &paths, &packs),
    };
    match remade {
        Ok(articles) => Remade::Fresh(articles),
        Err(_) => Remade::Lost,
    }
}

/// How many articles each chunk holds: a postcard list starts with its length.
fn chunk_lens(chunks: &[&serde_bytes::Bytes]) -> Result<Vec<usize>, Unusable> {
    chunks
        .iter()
        .map(|chunk| {
            let (len, _) = postcard::take_from_bytes::<u64>(chunk).map_err(undecodable)?;
            usize::try_from(len)
                .ok()
                .filter(|&len| len <= chunk.len())
                .ok_or_else(|| Unusable::Damaged("a chunk is longer than its bytes".into()))
        })
        .collect()
}

/// The articles of `chunks`, each chunk decoded and made into articles on one core, straight
/// into its place in the list: decoding every chunk first and then making the articles read
/// and wrote a second copy of the list (a fifth of a second at a million articles), and
/// borrowed strings were copied out one at a time.
fn articles(
    chunks: &[&serde_bytes::Bytes],
    paths: &[&str],
    packs: &[Arc<Pack>],
) -> Result<Vec<Article>, Unusable> {
    // Each chunk's share of the list is known before any is decoded.
    let lens = chunk_lens(chunks)?;
    let placeholder = unfit();
    let mut articles = Vec::new();
    (0..lens.iter().sum())
        .into_par_iter()
        .map(|_| placeholder.clone())
        .collect_into_vec(&mut articles);
    let mut places = Vec::with_capacity(chunks.len());
    let mut rest = articles.as_mut_slice();
    for &len in &lens {
        let (place, after) = rest.split_at_mut(len);
        places.push(place);
        rest = after;
    }
    places
        .into_par_iter()
        .zip(chunks)
        .try_for_each(|(place, chunk)| {
            let decoded: Vec<Decoded> = postcard::from_bytes(chunk).map_err(undecodable)?;
            if decoded.len() != place.len() {
                return Err(Unusable::Damaged(
                    "a chunk does not decode to its length".into(),
                ));
            }
            for (slot, decoded) in place.iter_mut().zip(decoded) {
                *slot = article(decoded, paths, packs)
                    .ok_or_else(|| Unusable::Damaged("an article does not fit its files".into()))?;
            }
            Ok(())
        })?;
    Ok(articles)
}

/// What stands in an article's place until it is decoded.
fn unfit() -> Article {
    Article {
        id: ArticleId::of_body(""),
        origin: Origin {
            path: PathBuf::new(),
            line: None,
        },
        title: String::new(),
        date: None,
        authors: Vec::new(),
        outlet: None,
        url: None,
        source_id: None,
        body: Body::default(),
    }
}

/// A [`Shown`] as it is decoded: the same encoding, with the strings the article keeps owned
/// from the start.
#[derive(Deserialize)]
struct Decoded<'a> {
    file: u32,
    line: Option<u64>,
    id: &'a str,
    title: String,
    date: Option<String>,
    authors: Vec<String>,
    outlet: Option<String>,
    url: Option<String>,
    source_id: Option<String>,
    at: Place,
}

fn article(shown: Decoded, paths: &[&str], packs: &[Arc<Pack>]) -> Option<Article> {
    let id = ArticleId::from_hex(shown.id)?;
    let pack = packs.get(shown.at.pack as usize)?;
    Some(Article {
        body: Body::packed(
            pack,
            shown.at.index,
            usize::try_from(shown.at.start).ok()?,
            usize::try_from(shown.at.len).ok()?,
            shown.id,
        ),
        id,
        origin: Origin {
            path: Path::new(paths.get(shown.file as usize)?).to_path_buf(),
            line: shown.line.map(|l| l as usize),
        },
        title: shown.title,
        date: shown.date,
        authors: shown.authors,
        outlet: shown.outlet,
        url: shown.url,
        source_id: shown.source_id,
    })
}
