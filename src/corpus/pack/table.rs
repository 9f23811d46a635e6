//! `articles.bin`: what reading each file gave — its articles' metadata, where their bodies are
//! in the packs, its warnings — under the file's path, size and modification time, and the
//! conversions between it and loaded articles.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::body::{Body, Pack};
use crate::cache::{Cache, Kind};
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

/// `articles.bin` as a load assembles it: each file's entry encoded as soon as it is made.
/// Held as structs until the file was written, the entries were a second copy of every
/// article's metadata beside the articles themselves: 1.1 GB at a million files, the peak of a
/// first open's load.
pub(super) struct IndexBuilder {
    pub(super) max_file_bytes: u64,
    pub(super) packs: Vec<PackFile>,
    files: usize,
    encoded: Vec<u8>,
    failed: Option<String>,
}

impl IndexBuilder {
    pub(super) fn new(max_file_bytes: u64) -> IndexBuilder {
        IndexBuilder {
            max_file_bytes,
            packs: Vec::new(),
            files: 0,
            encoded: Vec::new(),
            failed: None,
        }
    }

    pub(super) fn push(&mut self, file: &CachedFile) {
        match postcard::to_extend(file, std::mem::take(&mut self.encoded)) {
            Ok(encoded) => {
                self.encoded = encoded;
                self.files += 1;
            }
            Err(e) => {
                self.failed.get_or_insert(e.to_string());
            }
        }
    }

    /// Writes the [`Index`] this encodes; the error names the file.
    pub(super) fn write(&self, cache: &Cache) -> Result<(), String> {
        if let Some(why) = &self.failed {
            let path = cache.path(Kind::Articles);
            return Err(format!(
                "cannot encode the cache {} ({why})",
                path.display()
            ));
        }
        let mut stream = cache.stream(Kind::Articles)?;
        // The fields of `Index` in their order; a list is its length, then its items.
        stream.append(&self.max_file_bytes);
        stream.append(&self.packs);
        stream.append(&self.files);
        stream.append_raw(&self.encoded);
        stream.finish()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_built_entry_by_entry_reads_back_as_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let file = |path: &str, titles: &[&str]| CachedFile {
            path: path.into(),
            stamp: Stamp {
                size: 7,
                seconds: 1_700_000_000,
                nanos: 5,
            },
            articles: titles
                .iter()
                .enumerate()
                .map(|(i, title)| CachedArticle {
                    id: format!("{i:012x}"),
                    line: Some(i as u64 + 1),
                    title: title.to_string(),
                    date: Some("2024-02-29".into()),
                    authors: vec!["Zoë Ünal".into(), "Łukasz".into()],
                    outlet: None,
                    url: Some("https://example.org/ü".into()),
                    source_id: None,
                    at: Place {
                        pack: 0,
                        index: i as u32,
                        start: 100 * i as u64,
                        len: 99,
                    },
                })
                .collect(),
            warnings: vec![CachedWarning {
                line: None,
                message: "ein Fehler".into(),
            }],
        };
        let files = [
            file("a/Zürich.txt", &["Ünïcode"]),
            file("b.jsonl", &["один", "two"]),
        ];
        let mut builder = IndexBuilder::new(1 << 20);
        builder.packs.push(PackFile {
            name: "bodies-1.bin".into(),
            len: 300,
            bodies: 3,
        });
        files.iter().for_each(|f| builder.push(f));
        builder.write(&cache).unwrap();
        let back: Index = cache.read(Kind::Articles).unwrap();
        let whole = Index {
            max_file_bytes: 1 << 20,
            packs: builder.packs.clone(),
            files: files.to_vec(),
        };
        assert!(postcard::to_allocvec(&back).unwrap() == postcard::to_allocvec(&whole).unwrap());
        assert_eq!(back.files[1].articles[0].title, "один");
    }
}
