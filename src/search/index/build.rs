//! Building the index: chunks of articles tokenised and encoded in parallel, then merged.
//! Each chunk's postings are handed on in article order as soon as they are built — kept in
//! memory, or written straight into the cache file (`build_streamed`), so that a first open
//! never holds all of them at once.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::runs::{RunRef, RunWriter};
use super::{push_varint, FastMap, Run, SearchIndex, Segment, B, COUNT_MASK, IN_TITLE, K1};
use crate::body::Shedder;
use crate::model::Article;
use crate::search::tokens::{fold_with, is_stopword, words};

/// Articles per unit of parallel work (at most 2²⁴, the packed article field): large enough
/// that each chunk's vocabulary copy is shared by many articles, small enough for progress to
/// move and both cores to stay busy.
const CHUNK: usize = 8192;
/// Progress is reported every this many articles.
const PROGRESS_STEP: usize = 256;

/// What the merge needs of a chunk besides its postings: its vocabulary (chunk-local word
/// numbers), where each word's postings are, and each article's length.
struct ChunkWords {
    terms: Words,
    runs: Vec<Run>,
    lengths: Vec<u32>,
}

/// A chunk's words, in the order first seen, in one buffer: at a million articles the chunks
/// hold 26 million words, and boxed one by one their allocations outweighed their text.
#[derive(Default)]
struct Words {
    text: String,
    ends: Vec<usize>,
}

impl Words {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends.push(self.text.len());
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let word = self.text.get(start..end).unwrap_or_default();
            start = end;
            word
        })
    }
}

/// A chunk's word: its number, and the last article (chunk-relative, plus one) it was seen in
/// with its slot in that article's counts — kept in the hash table's own entry, so counting an
/// article's words costs no second memory access and no sort.
#[derive(Clone, Copy)]
struct Seen {
    id: u32,
    stamp: u32,
    slot: u32,
}

/// A word of at most 16 bytes as one number (words never contain NUL, so zero padding is
/// unambiguous).
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(u128::from_le_bytes(buf))
}

/// Indexes one chunk: tokenise every article once, then sort the (word, article) pairs by word
/// and encode them.
/// `shedder` is told of each body read, when `bodies`.
fn index_chunk(
    base: usize,
    articles: &[Article],
    bodies: bool,
    progress: &AtomicUsize,
    shedder: &Shedder,
) -> (Segment, ChunkWords) {
    // Words of up to 16 bytes (nearly all) are looked up by value, packed into a u128: no
    // pointer to chase per lookup, which made string keys memory-bound.
    let mut short_ids: FastMap<u128, Seen> = FastMap::default();
    let mut long_ids: FastMap<Box<str>, Seen> = FastMap::default();
    let mut terms = Words::default();
    let mut doc_counts: Vec<(u32, u8)> = Vec::new();
    // Every (word, article, count|title) of the chunk in article order, as two arrays.
    let mut entry_terms: Vec<u32> = Vec::new();
    let mut entry_docs: Vec<u32> = Vec::new();
    let mut lengths = Vec::with_capacity(articles.len());
    let mut buffer = String::new();
    for (rel, article) in articles.iter().enumerate() {
        let stamp = rel as u32 + 1;
        doc_counts.clear();
        let mut length = 0u32;
        let body = if bodies { article.body.as_str() } else { "" };
        for (text, title_flag) in [(article.title.as_str(), IN_TITLE), (body, 0)] {
            for (_, word) in words(text) {
                length += 1;
                let folded = fold_with(word, &mut buffer);
                if is_stopword(folded) {
                    continue;
                }
                let next = Seen {
                    id: terms.len() as u32,
                    stamp: 0,
                    slot: 0,
                };
                let seen = match pack(folded) {
                    Some(key) => short_ids.entry(key).or_insert(next),
                    None => {
                        if !long_ids.contains_key(folded) {
                            long_ids.insert(folded.into(), next);
                        }
                        long_ids.get_mut(folded).expect("inserted above")
                    }
                };
                if seen.id == next.id {
                    terms.push(folded);
                }
                if seen.stamp == stamp {
                    let (_, count) = &mut doc_counts[seen.slot as usize];
                    if *count & COUNT_MASK < COUNT_MASK {
                        *count += 1;
                    }
                    *count |= title_flag;
                } else {
                    seen.stamp = stamp;
                    seen.slot = doc_counts.len() as u32;
                    doc_counts.push((seen.id, 1 | title_flag));
                }
            }
        }
        for &(id, count) in &doc_counts {
            entry_terms.push(id);
            entry_docs.push((rel as u32) << 8 | u32::from(count));
        }
        lengths.push(length);
        if bodies {
            shedder.passed(&article.body);
        }
        if (rel + 1).is_multiple_of(PROGRESS_STEP) {
            progress.fetch_add(PROGRESS_STEP, Ordering::Relaxed);
        }
    }
    progress.fetch_add(articles.len() % PROGRESS_STEP, Ordering::Relaxed);
    drop((short_ids, long_ids));

    // Group by word with a counting sort: articles stay in order within each word.
    let mut starts = vec![0u32; terms.len() + 1];
    for &t in &entry_terms {
        starts[t as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut fill = starts.clone();
    let mut grouped = vec![0u32; entry_terms.len()];
    for (&t, &doc) in entry_terms.iter().zip(&entry_docs) {
        let at = &mut fill[t as usize];
        grouped[*at as usize] = doc;
        *at += 1;
    }
    drop((entry_terms, entry_docs, fill));

    let mut runs = vec![Run::default(); terms.len()];
    // Exact sizes up front: no reallocation, no slack kept in the index.
    let varint_len = |v: u32| (32 - v.leading_zeros()).max(1).div_ceil(7) as usize;
    let mut size = 0;
    let mut titles = 0;
    for term in 0..terms.len() {
        let group = &grouped[starts[term] as usize..starts[term + 1] as usize];
        let mut previous = 0;
        for (i, &packed) in group.iter().enumerate() {
            let doc = packed >> 8;
            size += varint_len(if i == 0 { doc } else { doc - previous }) + 1;
            titles += usize::from(packed as u8 & IN_TITLE != 0);
            previous = doc;
        }
    }
    let mut bytes = Vec::with_capacity(size);
    let mut title_docs = Vec::with_capacity(titles);
    for (term, run) in runs.iter_mut().enumerate() {
        let group = &grouped[starts[term] as usize..starts[term + 1] as usize];
        run.start = bytes.len() as u32;
        run.title_start = title_docs.len() as u32;
        let mut previous = 0;
        for (i, &packed) in group.iter().enumerate() {
            let (doc, count) = (packed >> 8, packed as u8);
            push_varint(&mut bytes, if i == 0 { doc } else { doc - previous });
            bytes.push(count);
            if count & IN_TITLE != 0 {
                title_docs.push(doc);
            }
            previous = doc;
        }
        run.df = group.len() as u32;
        run.end = bytes.len() as u32;
        run.title_end = title_docs.len() as u32;
    }
    debug_assert_eq!(bytes.len(), size);
    let segment = Segment {
        base: base as u32,
        bytes: super::SharedBytes::Owned(bytes),
        title_docs,
    };
    (
        segment,
        ChunkWords {
            terms,
            runs,
            lengths,
        },
    )
}

/// Receives an index's serialised form piece by piece while it is built (see
/// [`SearchIndex::build_streamed`]): the pieces, encoded one after the other, are the encoding
/// of the whole index.
pub trait IndexSink {
    fn piece<T: serde::Serialize>(&mut self, piece: &T);
}

/// Chunks finish in any order; their segments are kept in article order, each as soon as
/// every one before it is done, so that at most a few wait at a time.
struct InOrder<'k, K> {
    keep: &'k mut K,
    waiting: std::collections::BTreeMap<usize, (Segment, ChunkWords)>,
    words: Vec<ChunkWords>,
}

impl<K: FnMut(Segment)> InOrder<'_, K> {
    fn done(&mut self, chunk: usize, built: (Segment, ChunkWords)) {
        self.waiting.insert(chunk, built);
        while let Some((segment, words)) = self.waiting.remove(&self.words.len()) {
            (self.keep)(segment);
            self.words.push(words);
        }
    }
}

/// The fields of [`SearchIndex`] after its segments, in their order, for the last piece of a
/// streamed index.
#[derive(serde::Serialize)]
struct Tail<'a> {
    terms: &'a [Box<str>],
    dfs: &'a [u32],
    run_starts: &'a [u32],
    runs: &'a super::RunTable,
    norms: &'a [f32],
    bodies: bool,
}

impl SearchIndex {
    /// Indexes titles and bodies. `progress` counts the articles done (for the status bar).
    pub fn build(articles: &[Article], progress: &AtomicUsize) -> SearchIndex {
        Self::build_with(articles, true, progress, CHUNK)
    }

    /// Indexes titles only: a fraction of a second even at 100k articles, so search works at
    /// once while [`SearchIndex::build`] runs.
    pub fn build_titles(articles: &[Article]) -> SearchIndex {
        Self::build_with(articles, false, &AtomicUsize::new(0), CHUNK)
    }

    /// [`SearchIndex::build`] that gives up when `stop` is set (the reader reloaded or quit):
    /// `None` then, after the chunk of articles being indexed.
    pub fn build_unless_stopped(
        articles: &[Article],
        progress: &AtomicUsize,
        stop: &AtomicBool,
    ) -> Option<SearchIndex> {
        Self::build_in_memory(articles, true, progress, CHUNK, stop)
    }

    /// Indexes titles and bodies into `sink` instead of memory: each chunk's postings go to it
    /// as soon as they and every chunk before them are built (held until the end, they were
    /// a gigabyte of the first open's peak at a million articles). The pieces encode a whole
    /// `SearchIndex`, to be read back with [`SearchIndex::from_wire`]. False when `stop` was
    /// set: what the sink got is then not an index.
    pub fn build_streamed<S: IndexSink + Send>(
        articles: &[Article],
        progress: &AtomicUsize,
        stop: &AtomicBool,
        sink: &mut S,
    ) -> bool {
        Self::stream_with(articles, CHUNK, progress, stop, sink)
    }

    pub(in crate::search) fn stream_with<S: IndexSink + Send>(
        articles: &[Article],
        chunk: usize,
        progress: &AtomicUsize,
        stop: &AtomicBool,
        sink: &mut S,
    ) -> bool {
        let chunk = chunk.max(1);
        sink.piece(&articles.len().div_ceil(chunk));
        let mut keep = |segment: Segment| sink.piece(&segment);
        let Some(index) = Self::build_parts(articles, true, progress, chunk, stop, &mut keep)
        else {
            return false;
        };
        sink.piece(&Tail {
            terms: &index.terms,
            dfs: &index.dfs,
            run_starts: &index.run_starts,
            runs: &index.runs,
            norms: &index.norms,
            bodies: index.bodies,
        });
        true
    }

    pub(in crate::search) fn build_with(
        articles: &[Article],
        bodies: bool,
        progress: &AtomicUsize,
        chunk: usize,
    ) -> SearchIndex {
        let never = AtomicBool::new(false);
        Self::build_in_memory(articles, bodies, progress, chunk, &never).unwrap_or_default()
    }

    fn build_in_memory(
        articles: &[Article],
        bodies: bool,
        progress: &AtomicUsize,
        chunk: usize,
        stop: &AtomicBool,
    ) -> Option<SearchIndex> {
        let mut segments = Vec::new();
        let mut keep = |segment| segments.push(segment);
        let index = Self::build_parts(articles, bodies, progress, chunk, stop, &mut keep)?;
        Some(SearchIndex { segments, ..index })
    }

    /// Indexes the chunks on every core, hands each chunk's postings to `keep` in article
    /// order, and gives back the rest of the index (no segments); `None` when stopped.
    fn build_parts<K: FnMut(Segment) + Send>(
        articles: &[Article],
        bodies: bool,
        progress: &AtomicUsize,
        chunk: usize,
        stop: &AtomicBool,
        keep: &mut K,
    ) -> Option<SearchIndex> {
        let chunk = chunk.max(1);
        let chunks = articles.len().div_ceil(chunk);
        let shedder = match bodies {
            true => Shedder::of(articles.iter().map(|a| &a.body)),
            false => Shedder::of([]),
        };
        let in_order = std::sync::Mutex::new(InOrder {
            keep,
            waiting: Default::default(),
            words: Vec::with_capacity(chunks),
        });
        // Each worker takes the next chunk not yet taken, so chunks finish nearly in order.
        let next = AtomicUsize::new(0);
        rayon::scope(|scope| {
            for _ in 0..rayon::current_num_threads().min(chunks) {
                scope.spawn(|_| loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= chunks || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let slice = &articles[c * chunk..((c + 1) * chunk).min(articles.len())];
                    let built = index_chunk(c * chunk, slice, bodies, progress, &shedder);
                    match in_order.lock() {
                        Ok(mut in_order) => in_order.done(c, built),
                        Err(_) => break, // another worker panicked: the build is lost anyway
                    }
                });
            }
        });
        shedder.release();
        let chunk_words = match in_order.into_inner() {
            Ok(in_order) if in_order.words.len() == chunks => in_order.words,
            _ => return None, // stopped
        };

        // The vocabulary: every chunk's words, sorted, each with the chunks it occurs in.
        let mut owners: FastMap<&str, Vec<(u32, u32)>> = FastMap::default();
        for (c, words) in chunk_words.iter().enumerate() {
            for (local, term) in words.terms.iter().enumerate() {
                owners
                    .entry(term)
                    .or_default()
                    .push((c as u32, local as u32));
            }
        }
        let mut vocabulary: Vec<(&str, Vec<(u32, u32)>)> = owners.into_iter().collect();
        vocabulary.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut index = SearchIndex {
            terms: Vec::with_capacity(vocabulary.len()),
            dfs: Vec::with_capacity(vocabulary.len()),
            run_starts: Vec::with_capacity(vocabulary.len() + 1),
            runs: Default::default(),
            segments: Vec::new(),
            norms: Vec::new(),
            bodies,
            generation: Default::default(),
        };
        let mut runs = RunWriter::with_capacity(vocabulary.iter().map(|(_, c)| c.len()).sum());
        for (term, chunks) in &vocabulary {
            index.terms.push((*term).into());
            index.run_starts.push(runs.len() as u32);
            let mut df = 0;
            for &(c, local) in chunks {
                let run = chunk_words[c as usize].runs[local as usize];
                runs.push(RunRef {
                    segment: c,
                    start: run.start,
                    end: run.end,
                    title_start: run.title_start,
                    title_end: run.title_end,
                });
                df += run.df;
            }
            index.dfs.push(df);
        }
        index.run_starts.push(runs.len() as u32);
        index.runs = runs.finish();
        drop(vocabulary);

        let lengths: Vec<u32> = chunk_words
            .iter()
            .flat_map(|w| w.lengths.iter().copied())
            .collect();
        let avg = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().map(|&l| u64::from(l)).sum::<u64>() as f32 / lengths.len() as f32)
                .max(1.0)
        };
        index.norms = lengths
            .iter()
            .map(|&l| K1 * (1.0 - B + B * l as f32 / avg))
            .collect();
        Some(index)
    }
}
