//! Reopening a corpus without re-reading it. What loading a file produced — its articles'
//! metadata and its warnings — is kept in the cache (`articles.bin`) under the file's path, size
//! and modification time, and the article bodies go to a pack file that is memory-mapped
//! (`crate::body`). The next load only lists the folders and looks at each file's size and time:
//! an unchanged file is taken from the cache without being opened, a changed or new one is read
//! again, and a removed one is forgotten.
//!
//! Bodies are written to the pack while files are being read, and only their place in the
//! pack is kept, so even a first load never holds the whole corpus text in memory.
//!
//! Packs are never changed once written. New or changed files go to a new pack beside the old
//! ones; when more than half of the packed bytes belong to forgotten versions, or there are too
//! many packs, the next load reads every file again into one fresh pack.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use rayon::prelude::*;

use super::{Candidate, FileResult, LoadOptions, LoadProgress};
use crate::body::{Body, Pack};
use crate::cache::{Cache, Kind, Prefetch, Unusable};
use crate::model::{ArticleId, Origin, Warning};

mod snapshot;
mod table;
mod writer;

use writer::{fresh_pack_name, pack_name, Writer};

pub use snapshot::Unverified;
pub(super) use snapshot::{keep as keep_snapshot, open as open_snapshot, remake, Remade, Walk};
pub(in crate::corpus) use table::Stamp;

use table::{
    cached_article, restore, stamp_of, CachedFile, CachedWarning, Index, IndexBuilder, PackFile,
};

/// Above this many packs, the next load starts one afresh.
const MAX_PACKS: usize = 8;

/// What the last load left: its index, and the packs it refers to, mapped.
struct Previous {
    index: Index,
    packs: Vec<Option<Arc<Pack>>>,
    /// Entry of each path, built only when a file is not where it was last time (cloning and
    /// hashing 100k paths was a tenth of reopening a cached corpus).
    by_path: OnceLock<HashMap<String, usize, foldhash::fast::RandomState>>,
}

/// One file's outcome.
enum Loaded {
    /// Unchanged: entry `usize` of the previous index.
    Kept(usize),
    /// Read now; its bodies are in the new pack where `places` says (or still in memory).
    Read {
        result: FileResult,
        cacheable: Option<(String, Stamp)>,
        places: Vec<Option<(u32, u64, u64)>>,
    },
}

/// `articles.bin`, read and decoded while the folders are walked (at a million files, each
/// takes about a second, and neither needs the other).
pub(super) struct Pending(Prefetch<Index>);

pub(super) fn prefetch(cache: &Cache) -> Pending {
    Pending(Prefetch::start_now(cache, Kind::Articles))
}

/// What [`load`] gave: each file's result, the cache's problems, and — when every file is in
/// the cache — each file's path and stamp in order, for a snapshot.
pub(super) struct Outcome {
    pub results: Vec<FileResult>,
    pub warnings: Vec<Warning>,
    pub listing: Option<Vec<(String, Stamp)>>,
    /// Files read from the folders, not the cache.
    pub files_read_afresh: usize,
}

/// Reads `files` as `super::read` would, reusing what `cache` holds for unchanged files (read
/// by `pending`) and packing the bodies of the rest. Problems with the cache are warnings; the
/// corpus loads.
pub(super) fn load(
    files: &[Candidate],
    options: &LoadOptions,
    progress: &LoadProgress,
    cache: &Cache,
    pending: Pending,
) -> Outcome {
    let mut warnings = Vec::new();
    let index_path = cache.path(Kind::Articles);
    let previous = match Previous::open(cache, options, pending) {
        Ok(previous) => Some(previous),
        Err(why) => {
            if let Some(message) = cache.warning(Kind::Articles, &why) {
                warnings.push(cache_warning(&index_path, message));
            }
            None
        }
    };
    let writer = Mutex::new(Writer {
        path: cache.dir().join(fresh_pack_name()),
        out: None,
        len: 0,
        bodies: 0,
        failed: None,
    });
    // The folder must exist before the pack is created in it.
    let writable = match crate::store::create_private_dir(cache.dir()) {
        Ok(()) => true,
        Err(e) => {
            warnings.push(cache_warning(
                cache.dir(),
                format!(
                    "cannot create the cache folder ({e}); articles are kept in memory and read again at every start"
                ),
            ));
            false
        }
    };
    let now = SystemTime::now();
    let outcomes: Vec<Loaded> = files
        .par_iter()
        .enumerate()
        .map(|(position, candidate)| {
            let outcome = load_one(
                position,
                candidate,
                options,
                previous.as_ref(),
                &writer,
                writable,
                now,
            );
            progress.read.fetch_add(1, Ordering::Relaxed);
            outcome
        })
        .collect();
    let mut writer = match writer.into_inner() {
        Ok(writer) => writer,
        Err(poisoned) => poisoned.into_inner(),
    };
    let wrote_any = writer.bodies > 0 || writer.out.is_some();
    let new_pack = if wrote_any {
        let complete = writer.finish();
        let opened = complete.then(|| {
            Pack::open(
                &writer.path,
                writer.len,
                writer.bodies as usize,
                index_path.clone(),
            )
        });
        match opened {
            Some(Ok(pack)) => Some(Arc::new(pack)),
            Some(Err(why)) => {
                writer.failed = Some(why);
                None
            }
            None => None,
        }
    } else {
        None
    };
    if let Some(why) = &writer.failed {
        warnings.push(cache_warning(
            &writer.path,
            format!("{why}; articles are kept in memory this time"),
        ));
        let _ = fs::remove_file(&writer.path);
    }
    let files_read_afresh = outcomes
        .iter()
        .filter(|o| matches!(o, Loaded::Read { .. }))
        .count();
    let (results, index, changed, mut listing) =
        assemble(files, outcomes, previous, new_pack, &writer, options);
    let mut kept = !changed;
    if changed && writable {
        match index.write(cache) {
            Ok(()) => kept = true,
            Err(why) => warnings.push(cache_warning(&index_path, why)),
        }
    }
    if kept {
        remove_stale_packs(cache.dir(), &index.packs);
    } else {
        listing = None;
    }
    Outcome {
        results,
        warnings,
        listing,
        files_read_afresh,
    }
}

pub(super) fn cache_warning(path: &Path, message: String) -> Warning {
    Warning {
        origin: Origin {
            path: path.to_path_buf(),
            line: None,
        },
        message,
    }
}

fn load_one(
    position: usize,
    candidate: &Candidate,
    options: &LoadOptions,
    previous: Option<&Previous>,
    writer: &Mutex<Writer>,
    writable: bool,
    now: SystemTime,
) -> Loaded {
    let cacheable = match candidate {
        Candidate::File { path, .. } => path
            .to_str()
            .and_then(|name| Some((name.to_string(), stamp_of(path, now)?))),
        Candidate::Builtin => None,
    };
    if let (Some((name, stamp)), Some(previous)) = (&cacheable, previous) {
        if let Some(entry) = previous.entry(position, name) {
            if previous.usable(entry, *stamp) {
                return Loaded::Kept(entry);
            }
        }
    }
    let mut result = candidate.read(options);
    let mut places = Vec::with_capacity(result.articles.len());
    for article in &mut result.articles {
        let place = if cacheable.is_some() && writable {
            match writer.lock() {
                Ok(mut writer) => writer.append(&article.body),
                Err(_) => None,
            }
        } else {
            None
        };
        if place.is_some() {
            // Only its place is kept; the text is read back from the pack.
            article.body = Body::default();
        }
        places.push(place);
    }
    Loaded::Read {
        result,
        cacheable,
        places,
    }
}

impl Previous {
    fn open(cache: &Cache, options: &LoadOptions, pending: Pending) -> Result<Previous, Unusable> {
        let index: Index = pending.0.finish()?;
        if index.max_file_bytes != options.max_file_bytes {
            return Err(Unusable::Missing);
        }
        let total: u64 = index.packs.iter().map(|p| p.len).sum();
        let live: u64 = index
            .files
            .iter()
            .flat_map(|f| &f.articles)
            .map(|a| a.at.len)
            .sum();
        if index.packs.len() > MAX_PACKS || live < total / 2 {
            // Start afresh: every file read again into one pack.
            return Err(Unusable::Missing);
        }
        let index_path = cache.path(Kind::Articles);
        let packs = index
            .packs
            .iter()
            .map(|p| {
                let path = cache.dir().join(&p.name);
                Pack::open(&path, p.len, p.bodies as usize, index_path.clone())
                    .ok()
                    .map(Arc::new)
            })
            .collect();
        Ok(Previous {
            index,
            packs,
            by_path: OnceLock::new(),
        })
    }

    /// The entry for the file `path`, the `position`th file found: files are walked in name
    /// order, so an unchanged folder has every file where it was.
    fn entry(&self, position: usize, path: &str) -> Option<usize> {
        if self
            .index
            .files
            .get(position)
            .is_some_and(|f| f.path == path)
        {
            return Some(position);
        }
        let by_path = self.by_path.get_or_init(|| {
            self.index
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.path.clone(), i))
                .collect()
        });
        by_path.get(path).copied()
    }

    /// Whether entry `entry` is for a file that still has `stamp`, with its bodies at hand.
    fn usable(&self, entry: usize, stamp: Stamp) -> bool {
        let Some(file) = self.index.files.get(entry) else {
            return false;
        };
        file.stamp == stamp
            && file.articles.iter().all(|a| {
                ArticleId::from_hex(&a.id).is_some()
                    && self
                        .packs
                        .get(a.at.pack as usize)
                        .is_some_and(|pack| pack.is_some())
            })
    }
}

/// Builds the load's results and the index to keep: kept files from the previous index, read
/// files with their new places. `changed`: the index differs from the previous one. The
/// listing: every file's path and stamp, when every file is in the index.
#[allow(clippy::type_complexity)]
fn assemble(
    files: &[Candidate],
    outcomes: Vec<Loaded>,
    previous: Option<Previous>,
    new_pack: Option<Arc<Pack>>,
    writer: &Writer,
    options: &LoadOptions,
) -> (
    Vec<FileResult>,
    IndexBuilder,
    bool,
    Option<Vec<(String, Stamp)>>,
) {
    let (old_index, old_packs) = match previous {
        Some(p) => (Some(p.index), p.packs),
        None => (None, Vec::new()),
    };
    // Unchanged: every file of the previous index kept, once, and nothing new to cache. Then
    // the index is not written again and its entries can be moved into the articles.
    let kept: std::collections::HashSet<usize> = outcomes
        .iter()
        .filter_map(|o| match o {
            Loaded::Kept(entry) => Some(*entry),
            Loaded::Read { .. } => None,
        })
        .collect();
    let kept_count = outcomes
        .iter()
        .filter(|o| matches!(o, Loaded::Kept(_)))
        .count();
    let read_any = outcomes.iter().any(|o| {
        matches!(
            o,
            Loaded::Read {
                cacheable: Some(_),
                ..
            }
        )
    });
    let changed = match &old_index {
        None => true,
        Some(old) => read_any || kept.len() != kept_count || kept.len() != old.files.len(),
    };
    let (mut old_files, old_packs_listed) = match old_index {
        Some(old) => (old.files.into_iter().map(Some).collect(), old.packs),
        None => (Vec::new(), Vec::new()),
    };
    let mut index = IndexBuilder::new(options.max_file_bytes);
    // Old pack number → new pack number, for the packs still referred to.
    let mut renumbered: HashMap<u32, u32> = HashMap::new();
    // Aligned with `index.packs`.
    let mut packs: Vec<Option<Arc<Pack>>> = Vec::new();
    let mut new_pack_number = None;
    // How many files each entry is kept for: moved out at its last use, copied before (two
    // sources that overlap find a file twice). Copying them all when anything changed held
    // the decoded index twice (0.6 GB at a million files).
    let mut uses = vec![0u32; old_files.len()];
    for outcome in &outcomes {
        if let Loaded::Kept(entry) = outcome {
            if let Some(n) = uses.get_mut(*entry) {
                *n += 1;
            }
        }
    }
    let mut results = Vec::with_capacity(outcomes.len());
    let mut listing = Some(Vec::with_capacity(outcomes.len()));
    for (candidate, outcome) in files.iter().zip(outcomes) {
        match outcome {
            Loaded::Kept(entry) => {
                let slot = old_files.get_mut(entry);
                let last_use = uses.get_mut(entry).is_none_or(|n| {
                    *n = n.saturating_sub(1);
                    *n == 0
                });
                let file = if last_use {
                    slot.and_then(Option::take)
                } else {
                    slot.and_then(|f| f.as_ref().cloned())
                };
                let Some(mut file) = file else {
                    listing = None;
                    continue;
                };
                if let Some(listing) = &mut listing {
                    listing.push((file.path.clone(), file.stamp));
                }
                for article in &mut file.articles {
                    let number = *renumbered.entry(article.at.pack).or_insert_with(|| {
                        index
                            .packs
                            .extend(old_packs_listed.get(article.at.pack as usize).cloned());
                        packs.push(old_packs.get(article.at.pack as usize).cloned().flatten());
                        (index.packs.len() - 1) as u32
                    });
                    article.at.pack = number;
                }
                if changed {
                    index.push(&file);
                }
                results.push(restore(candidate, file, &packs));
            }
            Loaded::Read {
                mut result,
                cacheable,
                places,
            } => {
                let mut all_packed = true;
                for (article, place) in result.articles.iter_mut().zip(&places) {
                    match (place, &new_pack) {
                        (Some((i, start, len)), Some(pack)) => {
                            article.body = Body::packed(
                                pack,
                                *i,
                                *start as usize,
                                *len as usize,
                                article.id.as_str(),
                            );
                        }
                        (Some(_), None) => {
                            // Written, but the pack is unusable: read the file again.
                            all_packed = false;
                        }
                        (None, _) => all_packed = false,
                    }
                }
                if places.iter().any(Option::is_some) && new_pack.is_none() {
                    result = candidate.read(options);
                }
                let Some((path, stamp)) = cacheable else {
                    listing = None;
                    results.push(result);
                    continue;
                };
                if !all_packed {
                    listing = None;
                } else if let Some(listing) = &mut listing {
                    listing.push((path.clone(), stamp));
                }
                if all_packed {
                    let mut number = 0;
                    if !places.is_empty() {
                        number = *new_pack_number.get_or_insert_with(|| {
                            index.packs.push(PackFile {
                                name: pack_name(&writer.path),
                                len: writer.len,
                                bodies: writer.bodies,
                            });
                            packs.push(new_pack.clone());
                            (index.packs.len() - 1) as u32
                        });
                    }
                    index.push(&CachedFile {
                        path,
                        stamp,
                        articles: result
                            .articles
                            .iter()
                            .zip(&places)
                            .filter_map(|(a, place)| {
                                let (i, start, len) = (*place)?;
                                Some(cached_article(a, number, i, start, len))
                            })
                            .collect(),
                        warnings: result
                            .warnings
                            .iter()
                            .map(|w| CachedWarning {
                                line: w.origin.line.map(|l| l as u64),
                                message: w.message.clone(),
                            })
                            .collect(),
                    });
                }
                results.push(result);
            }
        }
    }
    (results, index, changed, listing)
}

/// Removes the packs of this cache that `index` does not refer to. A pack another presscut is
/// writing right now is young; only packs untouched for an hour are removed.
fn remove_stale_packs(dir: &Path, packs: &[PackFile]) {
    crate::cache::remove_leftovers(dir, |name| {
        name.starts_with("bodies-") && !packs.iter().any(|p| p.name == name)
    });
}
