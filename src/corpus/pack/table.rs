//! `articles.bin`: what reading each file gave — its articles' metadata, where their bodies are
//! in the packs, its warnings — under the file's path, size and modification time, and the
//! conversions between it and loaded articles.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::body::{Body, Pack};
use crate::corpus::{Candidate, FileResult};
use crate::model::{Article, ArticleId, Origin, Warning};

/// A file changed this recently may change again within the same clock tick without its time
/// moving; it is not cached (the "racy" case git also guards against).
const SETTLE: Duration = Duration::from_secs(2);

#[derive(Serialize, Deserialize, Default)]
pub(super) struct Index {
    /// Loading with another size limit would not give the same warnings.
    pub(super) max_file_bytes: u64,
    pub(super) packs: Vec<PackFile>,
    pub(super) files: Vec<CachedFile>,
}

#[derive(Serialize, Deserialize, Clone)]
pub(super) struct PackFile {
    pub(super) name: String,
    pub(super) len: u64,
    pub(super) bodies: u32,
}

#[derive(Serialize, Deserialize, Clone)]
pub(super) struct CachedFile {
    pub(super) path: String,
    pub(super) stamp: Stamp,
    pub(super) articles: Vec<CachedArticle>,
    pub(super) warnings: Vec<CachedWarning>,
}

/// What tells a file changed: its size and modification time.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq)]
pub(in crate::corpus) struct Stamp {
    pub(super) size: u64,
    pub(super) seconds: u64,
    pub(super) nanos: u32,
}

#[derive(Serialize, Deserialize, Clone)]
pub(super) struct CachedArticle {
    pub(super) id: String,
    pub(super) line: Option<u64>,
    pub(super) title: String,
    pub(super) date: Option<String>,
    pub(super) authors: Vec<String>,
    pub(super) outlet: Option<String>,
    pub(super) url: Option<String>,
    pub(super) source_id: Option<String>,
    pub(super) at: Place,
}

/// Where a body is: which pack, which body of it, which bytes.
#[derive(Serialize, Deserialize, Clone, Copy)]
pub(super) struct Place {
    pub(super) pack: u32,
    pub(super) index: u32,
    pub(super) start: u64,
    pub(super) len: u64,
}

#[derive(Serialize, Deserialize, Clone)]
pub(super) struct CachedWarning {
    pub(super) line: Option<u64>,
    pub(super) message: String,
}

pub(super) fn stamp_of(path: &Path, now: SystemTime) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    if now
        .duration_since(modified)
        .map_or(true, |age| age < SETTLE)
    {
        return None;
    }
    let since = modified.duration_since(UNIX_EPOCH).ok()?;
    Some(Stamp {
        size: meta.len(),
        seconds: since.as_secs(),
        nanos: since.subsec_nanos(),
    })
}

pub(super) fn cached_article(
    article: &Article,
    pack: u32,
    index: u32,
    start: u64,
    len: u64,
) -> CachedArticle {
    CachedArticle {
        id: article.id.as_str().to_string(),
        line: article.origin.line.map(|l| l as u64),
        title: article.title.clone(),
        date: article.date.clone(),
        authors: article.authors.clone(),
        outlet: article.outlet.clone(),
        url: article.url.clone(),
        source_id: article.source_id.clone(),
        at: Place {
            pack,
            index,
            start,
            len,
        },
    }
}

/// A kept file's articles and warnings as reading it gave them, bodies in their packs.
pub(super) fn restore(
    candidate: &Candidate,
    file: CachedFile,
    packs: &[Option<Arc<Pack>>],
) -> FileResult {
    let path = match candidate {
        Candidate::File { path, .. } => path.clone(),
        Candidate::Builtin => PathBuf::from(&file.path),
    };
    let origin = |line: Option<u64>| Origin {
        path: path.clone(),
        line: line.map(|l| l as usize),
    };
    FileResult {
        articles: file
            .articles
            .into_iter()
            .map(|a| Article {
                body: match packs.get(a.at.pack as usize).and_then(Option::as_ref) {
                    Some(pack) => Body::packed(
                        pack,
                        a.at.index,
                        a.at.start as usize,
                        a.at.len as usize,
                        &a.id,
                    ),
                    None => Body::from(crate::body::DAMAGED),
                },
                // Checked by `Previous::usable`.
                id: ArticleId::from_hex(&a.id).unwrap_or_else(|| ArticleId::of_body(&a.id)),
                origin: origin(a.line),
                title: a.title,
                date: a.date,
                authors: a.authors,
                outlet: a.outlet,
                url: a.url,
                source_id: a.source_id,
            })
            .collect(),
        warnings: file
            .warnings
            .into_iter()
            .map(|w| Warning {
                origin: origin(w.line),
                message: w.message,
            })
            .collect(),
    }
}
