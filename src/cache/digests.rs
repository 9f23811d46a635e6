//! The digests of a whole corpus (see `crate::digest`), analysing on every core only the
//! articles the cache does not already know. A digest is keyed by article id — a hash of the
//! text — so an edited file's article simply misses and is analysed again, and a cache entry
//! is checked against the article before use.
//!
//! Articles with corrections in the store are always analysed (their digest depends on the
//! store, not only the text) and are never written to the cache.
//!
//! Digests are handed on one by one, in corpus order, and never held all at once: at a million
//! articles they are several gigabytes decoded. `digests.bin` is read in place (mapped) and
//! written as it is made ([`super::Stream`]); each entry carries its digest encoded on its own,
//! so one entry is found and decoded without decoding the others.
//!
//! The file is a plain sequence of entries, with no count in front, so that work given up
//! half-way (the reader quit during a first open of minutes) is kept: what was analysed is
//! written, followed by the old file's entries for the articles not reached, and the next
//! start analyses only the rest.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Cache, Kind, Mapped, Stream, Unusable};
use crate::digest::ArticleDigest;
use crate::model::Article;
use crate::store::Correction;

/// Articles per unit of parallel work: enough to keep both cores busy, few enough for progress.
const CHUNK: usize = 256;

/// Chunks between two returns of the memory the analysis freed (`crate::memory`).
const TRIM_EVERY: usize = 128;

/// What opening the digests took, for the status line and the benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Articles analysed now.
    pub analysed: usize,
    /// Articles whose digest came from the cache.
    pub reused: usize,
    /// Why the cache was not used or not saved, for the user (one line each).
    pub warnings: Vec<String>,
    /// Given up when asked to stop: not every article was handed on (what was analysed is
    /// in the cache).
    pub stopped: bool,
}

/// One entry of `digests.bin`.
#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    id: &'a str,
    /// The postcard encoding of the article's [`ArticleDigest`].
    #[serde(with = "serde_bytes")]
    digest: &'a [u8],
}

/// `digests.bin`, mapped, and where each entry's id and digest are in its payload.
struct Cached {
    mapped: Mapped,
    entries: Vec<(Range<usize>, Range<usize>)>,
}

impl Cached {
    fn read(cache: &Cache) -> Result<Cached, Unusable> {
        let mapped = cache.map(Kind::Digests)?;
        let payload = mapped.payload();
        let at = |slice: &[u8]| {
            let start = slice.as_ptr() as usize - payload.as_ptr() as usize;
            start..start + slice.len()
        };
        // Reserved for as many entries as the file holds at a typical size; the vector grows
        // past it if it must.
        let mut entries = Vec::with_capacity(payload.len() / 1024);
        let mut rest = payload;
        while !rest.is_empty() {
            let (entry, after) =
                postcard::take_from_bytes::<Entry>(rest).map_err(super::undecodable)?;
            entries.push((at(entry.id.as_bytes()), at(entry.digest)));
            rest = after;
        }
        Ok(Cached { mapped, entries })
    }

    fn id(&self, entry: usize) -> &str {
        let payload = self.mapped.payload();
        self.entries
            .get(entry)
            .and_then(|(id, _)| payload.get(id.clone()))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }

    fn digest_bytes(&self, entry: usize) -> &[u8] {
        let payload = self.mapped.payload();
        self.entries
            .get(entry)
            .and_then(|(_, digest)| payload.get(digest.clone()))
            .unwrap_or(&[])
    }

    /// The entry of each article, by position: one pass when the cache is in corpus order
    /// (the corpus is unchanged), otherwise by id.
    fn positions(&self, articles: &[Article]) -> Vec<Option<usize>> {
        let aligned = self.entries.len() == articles.len()
            && articles
                .iter()
                .enumerate()
                .all(|(i, a)| self.id(i) == a.id.as_str());
        if aligned {
            return (0..articles.len()).map(Some).collect();
        }
        let by_id: HashMap<&str, usize> = (0..self.entries.len())
            .map(|entry| (self.id(entry), entry))
            .collect();
        articles
            .iter()
            .map(|a| by_id.get(a.id.as_str()).copied())
            .collect()
    }
}

/// What one article's digest came from.
#[derive(Clone, Copy)]
enum Made {
    /// The cache's entry, which can be written again as it is.
    Reused(usize),
    Analysed,
}

/// Every article's digest, in corpus order, each handed to `each` with its position and then
/// dropped. `progress` counts articles done as it goes; `cache`, when given, is read first and
/// written back when anything was analysed or entries of articles gone could go. When `stop`
/// is set (the reader reloaded the corpus or quit), it gives up between two units of work:
/// what was analysed until then is kept in the cache with the entries it already had.
pub fn digest_corpus(
    articles: &[Article],
    corrections: &BTreeMap<String, Vec<Correction>>,
    cache: Option<&Cache>,
    progress: &AtomicUsize,
    stop: &AtomicBool,
    mut each: impl FnMut(usize, ArticleDigest),
) -> Stats {
    let mut stats = Stats::default();
    let cached = match cache.map(|c| (c, Cached::read(c))) {
        Some((_, Ok(cached))) => Some(cached),
        Some((cache, Err(why))) => {
            stats.warnings.extend(cache.warning(Kind::Digests, &why));
            None
        }
        None => None,
    };
    let positions = match &cached {
        Some(cached) => cached.positions(articles),
        None => vec![None; articles.len()],
    };
    let kept = |a: &Article| !corrections.contains_key(a.id.as_str());
    let to_keep = articles.iter().filter(|a| kept(a)).count();
    // Unchanged so far: written only once something new is analysed.
    let complete = cached.as_ref().is_some_and(|c| c.entries.len() == to_keep)
        && articles
            .iter()
            .zip(&positions)
            .all(|(a, p)| p.is_some() || !kept(a));
    let mut writer: Option<Stream> = None;
    // The old file's entries for the articles of `range`, as they were.
    let copy_cached = |stream: &mut Stream, range: Range<usize>| {
        for (article, entry) in articles[range.clone()].iter().zip(&positions[range]) {
            if let (true, Some(entry), Some(cached)) = (kept(article), entry, &cached) {
                stream.append(&Entry {
                    id: article.id.as_str(),
                    digest: cached.digest_bytes(*entry),
                });
            }
        }
    };
    let open_writer = |done: usize, writer: &mut Option<Stream>, stats: &mut Stats| {
        let Some(cache) = cache else {
            return;
        };
        match cache.stream(Kind::Digests) {
            Ok(mut stream) => {
                // What came before was reused, unchanged.
                copy_cached(&mut stream, 0..done);
                *writer = Some(stream);
            }
            Err(why) => stats.warnings.push(why),
        }
    };
    // Opened once at most: a cache that cannot be written is one warning.
    let mut opened = !complete;
    if opened {
        open_writer(0, &mut writer, &mut stats);
    }
    // Entries whose digest does not decode (the file passed its checksum: written by a broken
    // build): analysed again, and the user told once.
    let undecodable = AtomicUsize::new(0);
    let shedder = crate::body::Shedder::of(articles.iter().map(|a| &a.body));
    for (number, chunk) in articles.chunks(CHUNK).enumerate() {
        if stop.load(Ordering::Relaxed) {
            stats.stopped = true;
            if let Some(mut stream) = writer {
                // The articles not reached keep the entries the old file had for them.
                copy_cached(&mut stream, number * CHUNK..articles.len());
                if let Err(why) = stream.finish() {
                    stats.warnings.push(why);
                }
            }
            return stats;
        }
        let start = number * CHUNK;
        let made: Vec<(ArticleDigest, Made)> = chunk
            .par_iter()
            .zip(&positions[start..start + chunk.len()])
            .map(|(article, position)| {
                let fixes = corrections.get(article.id.as_str());
                if let (None, Some(entry), Some(cached)) = (fixes, position, &cached) {
                    match postcard::from_bytes::<ArticleDigest>(cached.digest_bytes(*entry)) {
                        // Nothing to check against the text: it is not read (at a million
                        // articles, reading every text to check nothing was 4.4 GB).
                        Ok(digest) if digest.quotes.is_empty() => {
                            return (digest, Made::Reused(*entry));
                        }
                        Ok(digest) if digest.fits(&article.body) => {
                            // Checking the fit read the body (and verified it, the first time).
                            shedder.passed(&article.body);
                            return (digest, Made::Reused(*entry));
                        }
                        Ok(_) => {}
                        Err(_) => {
                            undecodable.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                let fixes = fixes.map_or(&[][..], Vec::as_slice);
                let digest = ArticleDigest::analyse(&article.body, fixes);
                shedder.passed(&article.body);
                (digest, Made::Analysed)
            })
            .collect();
        let analysed_new = chunk
            .iter()
            .zip(&made)
            .any(|(a, (_, m))| kept(a) && matches!(m, Made::Analysed));
        if !opened && analysed_new {
            opened = true;
            open_writer(start, &mut writer, &mut stats);
        }
        for (offset, (article, (digest, made))) in chunk.iter().zip(made).enumerate() {
            match made {
                Made::Reused(_) => stats.reused += 1,
                Made::Analysed => stats.analysed += 1,
            }
            if let (Some(stream), true) = (writer.as_mut(), kept(article)) {
                match (made, &cached) {
                    (Made::Reused(entry), Some(cached)) => stream.append(&Entry {
                        id: article.id.as_str(),
                        digest: cached.digest_bytes(entry),
                    }),
                    _ => match postcard::to_allocvec(&digest) {
                        Ok(bytes) => stream.append(&Entry {
                            id: article.id.as_str(),
                            digest: &bytes,
                        }),
                        // The count written first would be wrong: the old file is kept.
                        Err(e) => stream.fail(format!("cannot encode a digest ({e})")),
                    },
                }
            }
            each(start + offset, digest);
        }
        progress.fetch_add(chunk.len(), Ordering::Relaxed);
        if number % TRIM_EVERY == TRIM_EVERY - 1 {
            crate::memory::give_back_freed();
        }
    }
    shedder.release();
    let undecodable = undecodable.into_inner();
    if let (Some(cache), true) = (cache, undecodable > 0) {
        let why = Unusable::Damaged(format!("{undecodable} entries do not decode"));
        stats.warnings.extend(cache.warning(Kind::Digests, &why));
    }
    if let Some(stream) = writer {
        if let Err(why) = stream.finish() {
            stats.warnings.push(why);
        }
    }
    stats
}

/// Every digest of corpus order, in memory (tests and small corpora; the reader streams them).
pub fn digest_all(
    articles: &[Article],
    corrections: &BTreeMap<String, Vec<Correction>>,
    cache: Option<&Cache>,
    progress: &AtomicUsize,
) -> (Vec<ArticleDigest>, Stats) {
    let mut digests = Vec::with_capacity(articles.len());
    let never = AtomicBool::new(false);
    let stats = digest_corpus(articles, corrections, cache, progress, &never, |_, d| {
        digests.push(d)
    });
    (digests, stats)
}

/// The whole of `digests.bin` as (article id, digest) pairs, in the file's order (tests,
/// tools).
pub fn read_all(cache: &Cache) -> Result<Vec<(String, ArticleDigest)>, Unusable> {
    let cached = Cached::read(cache)?;
    (0..cached.entries.len())
        .map(|entry| {
            let digest =
                postcard::from_bytes(cached.digest_bytes(entry)).map_err(super::undecodable)?;
            Ok((cached.id(entry).to_string(), digest))
        })
        .collect()
}

/// Writes `digests.bin` holding exactly `entries` (tests, tools).
pub fn write_all(cache: &Cache, entries: &[(String, ArticleDigest)]) -> Result<(), String> {
    let mut stream = cache.stream(Kind::Digests)?;
    for (id, digest) in entries {
        let bytes = postcard::to_allocvec(digest).map_err(|e| e.to_string())?;
        stream.append(&Entry { id, digest: &bytes });
    }
    stream.finish()
}
