//! Reading a snapshot back: the list a reopen shows before it looks at a file, and the list a
//! first load makes again from the snapshot it has just written (`remake`). Each chunk of
//! articles decodes on a core of its own, straight into its place in the list.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use super::{Snapshot, Unverified};
use crate::body::{Body, Pack};
use crate::cache::{undecodable, Cache, Kind, Unusable};
use crate::corpus::pack::table::Place;
use crate::corpus::{Corpus, Source};
use crate::model::{Article, ArticleId, Origin, Warning};

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
        name: crate::corpus::corpus_name(sources),
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
