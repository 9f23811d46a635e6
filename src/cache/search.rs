//! The search index kept between runs. It is made from every article's title and body, in
//! corpus order, so it is used only for exactly the articles it was made from: the cache
//! carries a hash of their ids (hashes of the bodies) and titles, and an index made for any
//! other list is built afresh. `SearchIndex::check` vets what the file holds before use; the
//! reader verifies the file's checksum after it starts using the index (`load_unverified`).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::stream::Stream;
use super::{Cache, Checksum, Kind, Prefetch, Unusable};
use crate::model::Article;
use crate::search::{IndexSink, SearchIndex, WireIndex};

/// What the file holds, the postings left in it, and the checksum still to verify.
pub struct Loaded {
    corpus: [u8; 32],
    index: SearchIndex,
    checksum: Checksum,
}

#[derive(Deserialize)]
struct Wire<'a> {
    corpus: [u8; 32],
    #[serde(borrow)]
    index: WireIndex<'a>,
}

/// Maps the file and decodes it; the index's postings stay in the mapping (a gigabyte at a
/// million articles), the rest is decoded.
fn read_mapped(cache: &Cache, kind: Kind) -> Result<Loaded, Unusable> {
    let (mapped, checksum) = cache.map_unverified(kind)?;
    let wire: Wire = postcard::from_bytes(mapped.payload()).map_err(super::undecodable)?;
    Ok(Loaded {
        corpus: wire.corpus,
        index: SearchIndex::from_wire(wire.index, Some(&mapped.owner()))
            .map_err(Unusable::Damaged)?,
        checksum,
    })
}

/// What identifies the indexed text: every article's id and title, in order.
fn corpus_key(articles: &[Article]) -> [u8; 32] {
    let mut hasher = super::BlockHasher::new();
    for article in articles {
        hasher.update(article.id.as_str().as_bytes());
        hasher.update(article.title.as_bytes());
        hasher.update(b"\0");
    }
    hasher.finalize()
}

/// The cached index of exactly `articles`. `Unusable::Missing` when the cache holds none or
/// one made for other articles (the corpus changed: not worth a warning).
pub fn load(cache: &Cache, articles: &[Article]) -> Result<SearchIndex, Unusable> {
    let (index, checksum) = load_unverified(cache, articles, None)?;
    checksum.verify()?;
    Ok(index)
}

/// The search index file, read and decoded while the corpus loads.
pub type Pending = Prefetch<Loaded>;

pub fn prefetch(cache: &Cache) -> Pending {
    Prefetch::spawn(cache, Kind::Search, read_mapped)
}

/// [`load`], from what `pending` read when there is one, and before the file's checksum is
/// verified: the index has passed `SearchIndex::check` (it answers within the corpus, never
/// panics), and the caller verifies the checksum once the index is in use, and builds the
/// index afresh if it fails.
pub fn load_unverified(
    cache: &Cache,
    articles: &[Article],
    pending: Option<Pending>,
) -> Result<(SearchIndex, Checksum), Unusable> {
    let loaded: Loaded = match pending {
        Some(pending) => pending.finish()?,
        None => read_mapped(cache, Kind::Search)?,
    };
    if loaded.corpus != corpus_key(articles) {
        return Err(Unusable::Missing);
    }
    loaded
        .index
        .check(articles.len())
        .map_err(Unusable::Damaged)?;
    Ok((loaded.index, loaded.checksum))
}

/// Builds the full index of `articles` straight into the cache file, each chunk's postings
/// written as soon as it and every chunk before it are built (held whole, the built index
/// was 1.4 GB of heap at a million articles), and gives back the index read from that file:
/// its postings stay in the mapping. `None` when `stop` was set. When the file cannot be
/// written or read back: the index built in memory, with a one-line warning.
pub fn build_and_keep(
    cache: &Cache,
    articles: &[Article],
    progress: &AtomicUsize,
    stop: &AtomicBool,
) -> Option<(SearchIndex, Option<String>)> {
    let written = cache.stream(Kind::Search).and_then(|mut stream| {
        stream.append(&corpus_key(articles));
        match SearchIndex::build_streamed(articles, progress, stop, &mut stream) {
            true => stream.finish().map(|()| true),
            false => Ok(false), // dropped unfinished: the old file stays
        }
    });
    crate::memory::give_back_freed();
    let warning = match written {
        Ok(false) => return None,
        Ok(true) => match load(cache, articles) {
            Ok(index) => return Some((index, None)),
            Err(why) => cache.warning(Kind::Search, &why).unwrap_or_else(|| {
                format!(
                    "cannot read back the cache {} just written",
                    cache.path(Kind::Search).display()
                )
            }),
        },
        Err(why) => why,
    };
    progress.store(0, Ordering::Relaxed);
    let index = SearchIndex::build_unless_stopped(articles, progress, stop)?;
    Some((index, Some(warning)))
}

/// Keeps `index`, the full index of `articles`, built in memory, for the next run: the same
/// file [`build_and_keep`] writes while it builds.
pub fn save(cache: &Cache, articles: &[Article], index: &SearchIndex) -> Result<(), String> {
    #[derive(Serialize)]
    struct Saved<'a> {
        corpus: [u8; 32],
        index: &'a SearchIndex,
    }
    // Streamed: encoded whole, the file was held in memory beside the index it encodes.
    let mut stream = cache.stream(Kind::Search)?;
    stream.append_large(&Saved {
        corpus: corpus_key(articles),
        index,
    });
    stream.finish()
}

impl IndexSink for Stream {
    fn piece<T: Serialize>(&mut self, piece: &T) {
        self.append_large(piece);
    }
}
