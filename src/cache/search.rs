//! The search index kept between runs. It is made from every article's title and body, in
//! corpus order, so it is used only for exactly the articles it was made from: the cache
//! carries a hash of their ids (hashes of the bodies) and titles, and an index made for any
//! other list is built afresh. `SearchIndex::check` vets what the file holds before use.

use serde::{Deserialize, Serialize};

use super::{Cache, Kind, Prefetch, Unusable};
use crate::model::Article;
use crate::search::SearchIndex;

#[derive(Serialize)]
struct Saved<'a> {
    corpus: [u8; 32],
    index: &'a SearchIndex,
}

#[derive(Deserialize)]
pub struct Loaded {
    corpus: [u8; 32],
    index: SearchIndex,
}

/// What identifies the indexed text: every article's id and title, in order.
fn corpus_key(articles: &[Article]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    for article in articles {
        hasher.update(article.id.as_str().as_bytes());
        hasher.update(article.title.as_bytes());
        hasher.update(b"\0");
    }
    *hasher.finalize().as_bytes()
}

/// The cached index of exactly `articles`. `Unusable::Missing` when the cache holds none or
/// one made for other articles (the corpus changed: not worth a warning).
pub fn load(cache: &Cache, articles: &[Article]) -> Result<SearchIndex, Unusable> {
    load_prefetched(cache, articles, None)
}

/// The search index file, read and decoded while the corpus loads.
pub type Pending = Prefetch<Loaded>;

pub fn prefetch(cache: &Cache) -> Pending {
    Prefetch::start(cache, Kind::Search)
}

/// [`load`], from what `pending` read when there is one.
pub fn load_prefetched(
    cache: &Cache,
    articles: &[Article],
    pending: Option<Pending>,
) -> Result<SearchIndex, Unusable> {
    let loaded: Loaded = match pending {
        Some(pending) => pending.finish(cache, Kind::Search)?,
        None => cache.read(Kind::Search)?,
    };
    if loaded.corpus != corpus_key(articles) {
        return Err(Unusable::Missing);
    }
    loaded
        .index
        .check(articles.len())
        .map_err(Unusable::Damaged)?;
    Ok(loaded.index)
}

/// Keeps `index`, the full index of `articles`, for the next run.
pub fn save(cache: &Cache, articles: &[Article], index: &SearchIndex) -> Result<(), String> {
    cache.write(
        Kind::Search,
        &Saved {
            corpus: corpus_key(articles),
            index,
        },
    )
}
