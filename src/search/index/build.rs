//! Building the index: chunks of articles tokenised and encoded in parallel, then merged.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

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

/// One chunk's vocabulary and encoded postings, with chunk-local word numbers.
#[derive(Default)]
struct Partial {
    base: u32,
    terms: Words,
    runs: Vec<Run>,
    bytes: Vec<u8>,
    /// Chunk-relative article numbers with the word in their title, grouped by word.
    title_docs: Vec<u32>,
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
) -> Partial {
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
    Partial {
        base: base as u32,
        terms,
        runs,
        bytes,
        title_docs,
        lengths,
    }
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
        let index = Self::build_stoppable(articles, true, progress, CHUNK, stop);
        (!stop.load(Ordering::Relaxed)).then_some(index)
    }

    pub(in crate::search) fn build_with(
        articles: &[Article],
        bodies: bool,
        progress: &AtomicUsize,
        chunk: usize,
    ) -> SearchIndex {
        Self::build_stoppable(articles, bodies, progress, chunk, &AtomicBool::new(false))
    }

    fn build_stoppable(
        articles: &[Article],
        bodies: bool,
        progress: &AtomicUsize,
        chunk: usize,
        stop: &AtomicBool,
    ) -> SearchIndex {
        let shedder = match bodies {
            true => Shedder::of(articles.iter().map(|a| &a.body)),
            false => Shedder::of([]),
        };
        let partials: Vec<Partial> = articles
            .par_chunks(chunk.max(1))
            .enumerate()
            .map(|(i, slice)| match stop.load(Ordering::Relaxed) {
                // Given up: what is merged below is thrown away.
                true => Partial::default(),
                false => index_chunk(i * chunk.max(1), slice, bodies, progress, &shedder),
            })
            .collect();
        shedder.release();

        // The vocabulary: every chunk's words, sorted, each with the chunks it occurs in.
        let mut owners: FastMap<&str, Vec<(u32, u32)>> = FastMap::default();
        for (c, partial) in partials.iter().enumerate() {
            for (local, term) in partial.terms.iter().enumerate() {
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
            segments: Vec::with_capacity(partials.len()),
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
                let run = partials[c as usize].runs[local as usize];
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

        let lengths: Vec<u32> = partials
            .iter()
            .flat_map(|p| p.lengths.iter().copied())
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
        index.segments = partials
            .into_iter()
            .map(|p| Segment {
                base: p.base,
                bytes: super::SharedBytes::Owned(p.bytes),
                title_docs: p.title_docs,
            })
            .collect();
        index
    }
}
