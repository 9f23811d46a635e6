//! The search index kept between runs. It is made from every article's title and body, in
//! corpus order, so it is used only for exactly the articles it was made from: the cache
//! carries a hash of their ids (hashes of the bodies) and titles, and an index made for any
//! other list is built afresh. `SearchIndex::check` vets what the file holds before use; the
//! reader verifies the file's checksum after it starts using the index (`load_unverified`).

use serde::{Deserialize, Serialize};

use super::{Cache, Checksum, Kind, Prefetch, Unusable};
use crate::model::Article;
use crate::search::{SearchIndex, WireIndex};

#[derive(Serialize)]
struct Saved<'a> {
    corpus: [u8; 32],
    index: &'a SearchIndex,
}

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

/// Keeps `index`, the full index of `articles`, for the next run, and gives back the same index
/// read from the file just written: its postings stay in the mapping, and the built one's heap
/// (1.4 GB at a million articles) goes back to the system. When the file cannot be written
/// (the one-line warning) or read back, `index` itself.
pub fn keep(
    cache: &Cache,
    articles: &[Article],
    index: SearchIndex,
) -> (SearchIndex, Option<String>) {
    if let Err(why) = save(cache, articles, &index) {
        return (index, Some(why));
    }
    match load(cache, articles) {
        Ok(mapped) => {
            drop(index);
            crate::memory::give_back_freed();
            (mapped, None)
        }
        Err(_) => (index, None),
    }
}

/// Keeps `index`, the full index of `articles`, for the next run.
pub fn save(cache: &Cache, articles: &[Article], index: &SearchIndex) -> Result<(), String> {
    // Streamed: encoded whole, the file was held in memory beside the index it encodes.
    let mut stream = cache.stream(Kind::Search)?;
    stream.append_large(&Saved {
        corpus: corpus_key(articles),
        index,
    });
    stream.finish()
}
