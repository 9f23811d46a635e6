//! The digests of a whole corpus (see `crate::digest`), analysing on every core only the
//! articles the cache does not already know. A digest is keyed by article id — a hash of the
//! text — so an edited file's article simply misses and is analysed again, and a cache entry
//! is checked against the article before use.
//!
//! Articles with corrections in the store are always analysed (their digest depends on the
//! store, not only the text) and are never written to the cache.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Cache, Kind, Unusable};
use crate::digest::ArticleDigest;
use crate::model::Article;
use crate::store::Correction;

/// Articles per unit of parallel work: enough to keep both cores busy, few enough for progress.
const CHUNK: usize = 256;

/// What opening the digests took, for the status line and the benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Articles analysed now.
    pub analysed: usize,
    /// Articles whose digest came from the cache.
    pub reused: usize,
    /// Why the cache was not used or not saved, for the user (one line each).
    pub warnings: Vec<String>,
}

/// The digest of every article, in corpus order. `progress` counts articles done as it goes;
/// `cache`, when given, is read first and written back when anything was analysed.
pub fn digest_corpus(
    articles: &[Article],
    corrections: &BTreeMap<String, Vec<Correction>>,
    cache: Option<&Cache>,
    progress: &AtomicUsize,
) -> (Vec<ArticleDigest>, Stats) {
    let mut stats = Stats::default();
    let cached: Vec<(String, ArticleDigest)> = match cache.map(|c| (c, c.read(Kind::Digests))) {
        Some((_, Ok(entries))) => entries,
        Some((cache, Err(why @ Unusable::Damaged(_)))) => {
            stats.warnings.extend(cache.warning(Kind::Digests, &why));
            Vec::new()
        }
        _ => Vec::new(),
    };
    let cached_entries = cached.len();
    let mut found = take_in_corpus_order(articles, cached);
    let mut digests: Vec<ArticleDigest> = Vec::with_capacity(articles.len());
    for (chunk, found) in articles.chunks(CHUNK).zip(found.chunks_mut(CHUNK)) {
        let made: Vec<(ArticleDigest, bool)> = chunk
            .par_iter()
            .zip(found.par_iter_mut())
            .map(|(article, found)| {
                let fixes = corrections.get(article.id.as_str());
                if let Some(digest) = found.take() {
                    if fixes.is_none() && digest.fits(&article.body) {
                        return (digest, true);
                    }
                }
                let fixes = fixes.map_or(&[][..], Vec::as_slice);
                (ArticleDigest::analyse(&article.body, fixes), false)
            })
            .collect();
        for (digest, reused) in made {
            if reused {
                stats.reused += 1;
            } else {
                stats.analysed += 1;
            }
            digests.push(digest);
        }
        progress.fetch_add(chunk.len(), Ordering::Relaxed);
    }
    if let Some(cache) = cache {
        // Rewritten when something new was analysed or entries of articles gone could go.
        let keep: Vec<(&str, &ArticleDigest)> = articles
            .iter()
            .zip(&digests)
            .filter(|(a, _)| !corrections.contains_key(a.id.as_str()))
            .map(|(a, d)| (a.id.as_str(), d))
            .collect();
        if stats.analysed > 0 || keep.len() != cached_entries {
            if let Err(why) = cache.write(Kind::Digests, &keep) {
                stats.warnings.push(why);
            }
        }
    }
    (digests, stats)
}

/// The cached digest of each article, by position. Moved, never cloned: when the corpus is
/// unchanged the cache is in corpus order and this is one pass; otherwise by id.
fn take_in_corpus_order(
    articles: &[Article],
    cached: Vec<(String, ArticleDigest)>,
) -> Vec<Option<ArticleDigest>> {
    let aligned = cached.len() == articles.len()
        && cached
            .iter()
            .zip(articles)
            .all(|((id, _), a)| id == a.id.as_str());
    if aligned {
        return cached.into_iter().map(|(_, d)| Some(d)).collect();
    }
    let mut by_id: HashMap<String, ArticleDigest> = cached.into_iter().collect();
    articles
        .iter()
        .map(|a| by_id.remove(a.id.as_str()))
        .collect()
}
