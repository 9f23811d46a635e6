//! The entity index, the quote index and the same-story groups kept whole between runs. They
//! number articles by corpus position, so they are used only for exactly the articles (and
//! corrections) they were made from; otherwise they are rebuilt from the per-article digests,
//! which survive any change (see `digests`). Reopening an unchanged archive then reads one file
//! instead of rebuilding the indexes from 100k digests (2.2 s at 100k articles).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::digests::{digest_corpus, Stats};
use super::{Cache, Kind, Prefetch};
use crate::digest::{Indexes, IndexesBuilder};
use crate::entity_index::EntityIndex;
use crate::model::Article;
use crate::quote_index::QuoteIndex;
use crate::store::Correction;

#[derive(Serialize)]
struct Saved<'a> {
    corpus: [u8; 32],
    entities: &'a EntityIndex,
    quotes: &'a QuoteIndex,
    stories: &'a [Vec<usize>],
}

#[derive(Deserialize)]
pub struct Loaded {
    corpus: [u8; 32],
    entities: EntityIndex,
    quotes: QuoteIndex,
    stories: Vec<Vec<usize>>,
}

/// What the indexes depend on: every article's id (its text), outlet and date, in order, and
/// the store's corrections.
fn corpus_key(articles: &[Article], corrections: &BTreeMap<String, Vec<Correction>>) -> [u8; 32] {
    let mut hasher = super::BlockHasher::new();
    for a in articles {
        hasher.update(a.id.as_str().as_bytes());
        hasher.update(a.outlet.as_deref().unwrap_or("").as_bytes());
        hasher.update(b"\0");
        hasher.update(a.date.as_deref().unwrap_or("").as_bytes());
        hasher.update(b"\0");
    }
    hasher.update(
        serde_json::to_string(corrections)
            .unwrap_or_default()
            .as_bytes(),
    );
    hasher.finalize()
}

/// The indexes of `articles`: read whole from the cache when it holds them for exactly these
/// articles and corrections, otherwise built from digests (cached ones reused). The second
/// value, when present, is the new cache file's contents for [`keep`], so a caller can hand
/// the indexes to the user before writing it.
pub fn open(
    articles: &[Article],
    corrections: &BTreeMap<String, Vec<Correction>>,
    cache: Option<&Cache>,
    progress: &AtomicUsize,
) -> (Indexes, Option<Vec<u8>>, Stats) {
    open_prefetched(
        articles,
        corrections,
        cache,
        progress,
        None,
        &AtomicBool::new(false),
    )
}

/// The indexes file, read and decoded while the corpus loads.
pub type Pending = Prefetch<Loaded>;

pub fn prefetch(cache: &Cache) -> Pending {
    Prefetch::start(cache, Kind::Indexes)
}

/// [`open`], from what `pending` read when there is one. When `stop` is set while articles
/// are being analysed, it gives up (`Stats::stopped`): the indexes are partial and nothing is
/// kept.
pub fn open_prefetched(
    articles: &[Article],
    corrections: &BTreeMap<String, Vec<Correction>>,
    cache: Option<&Cache>,
    progress: &AtomicUsize,
    pending: Option<Pending>,
    stop: &AtomicBool,
) -> (Indexes, Option<Vec<u8>>, Stats) {
    let key = corpus_key(articles, corrections);
    let mut warnings = Vec::new();
    if let Some(cache) = cache {
        let read = match pending {
            Some(pending) => pending.finish(),
            None => cache.read::<Loaded>(Kind::Indexes),
        };
        match read {
            Ok(mut loaded) if loaded.corpus == key => match fit(&mut loaded, articles) {
                Ok(()) => {
                    progress.store(articles.len(), Ordering::Relaxed);
                    let stats = Stats {
                        reused: articles.len(),
                        ..Stats::default()
                    };
                    return (loaded.into_indexes(), None, stats);
                }
                Err(why) => {
                    warnings.extend(cache.warning(Kind::Indexes, &super::Unusable::Damaged(why)))
                }
            },
            Ok(_) => {} // made for other articles: the corpus changed
            Err(why) => warnings.extend(cache.warning(Kind::Indexes, &why)),
        }
    }
    let mut builder = IndexesBuilder::default();
    let mut stats = digest_corpus(articles, corrections, cache, progress, stop, |_, digest| {
        builder.add(digest)
    });
    stats.warnings.extend(warnings);
    let indexes = builder.finish(articles);
    // The same-story signatures (half a gigabyte at a million articles) are gone: their pages
    // go back before the file is encoded, the peak of a first open.
    crate::memory::give_back_freed();
    if stats.stopped {
        return (indexes, None, stats);
    }
    let bytes = cache.and_then(|_| {
        super::encode(
            Kind::Indexes,
            &Saved {
                corpus: key,
                entities: &indexes.entities,
                quotes: &indexes.quotes,
                stories: &indexes.stories,
            },
        )
        .ok()
    });
    let indexes = match bytes.as_deref().map(|bytes| as_kept(bytes, articles)) {
        Some(Some(compact)) => {
            drop(indexes);
            crate::memory::give_back_freed();
            compact
        }
        _ => indexes,
    };
    (indexes, bytes, stats)
}

/// The indexes as `bytes` (the cache file just encoded) hold them, as a reopen reads them:
/// the name lists in the file's compact form. Built, they are kept in a form made for adding
/// articles, which at a million articles held 1 GB where the compact one holds 0.2 for the
/// rest of the session. `None` if they do not decode (then the built ones serve).
fn as_kept(bytes: &[u8], articles: &[Article]) -> Option<Indexes> {
    let mut loaded: Loaded = postcard::from_bytes(bytes.get(super::HEADER..)?).ok()?;
    fit(&mut loaded, articles).ok()?;
    Some(loaded.into_indexes())
}

impl Loaded {
    fn into_indexes(self) -> Indexes {
        Indexes {
            entities: self.entities,
            quotes: self.quotes,
            stories: self.stories,
        }
    }
}

/// Writes what [`open`] encoded; the error is the user's one-line warning.
pub fn keep(cache: &Cache, bytes: &[u8]) -> Result<(), String> {
    cache.write_bytes(Kind::Indexes, bytes)
}

fn fit(loaded: &mut Loaded, articles: &[Article]) -> Result<(), String> {
    loaded.entities.fit(articles.len())?;
    loaded.quotes.check(articles)?;
    let fits = loaded
        .stories
        .iter()
        .all(|s| s.iter().all(|&i| i < articles.len()));
    if fits {
        Ok(())
    } else {
        Err("a story of articles that do not exist".into())
    }
}
