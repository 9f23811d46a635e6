//! The inverted index: every distinct folded word of the corpus (the vocabulary, sorted) with
//! the articles it occurs in. Fuzzy matching then runs over ~10⁵ short words instead of
//! 10⁵ bodies of 5 KB, and a typed prefix is a binary search (DESIGN §4b has the measurements
//! that ruled the alternatives out).
//!
//! Postings are compact — article numbers as varint gaps plus one count byte, ~2–3 bytes a
//! posting — because the index lives beside the corpus in memory (the budget is twice the
//! corpus in all). Titles get a second, small posting list of their own so that a one-letter
//! word can be answered from titles alone.
//!
//! Built in parallel over chunks of articles. Each chunk encodes its postings on its own; the
//! merge then concatenates the chunks' bytes per word in article order, re-encoding only the
//! first gap of each chunk's run.

use std::collections::HashMap;

use foldhash::fast::RandomState;

mod build;
mod runs;
mod shared_bytes;

pub use build::IndexSink;
use runs::{RunRef, RunTable};

pub use shared_bytes::{Owner, SharedBytes};

/// BM25's usual constants: term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The posting's flag for "the word is in the title"; the low bits count occurrences.
pub(super) const IN_TITLE: u8 = 0x80;
const COUNT_MASK: u8 = 0x7f;

type FastMap<K, V> = HashMap<K, V, RandomState>;

/// Decoded from the cache by [`SearchIndex::from_wire`] (through [`WireIndex`]), which keeps the
/// postings where the mapped file has them.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SearchIndex {
    /// The chunks as built: their postings are never copied into one array (that copy made the
    /// build's peak memory twice the index). First, so that a streamed build can write each
    /// as it is made and the words after them (`build::Tail`).
    segments: Vec<Segment>,
    /// Folded words, sorted (byte order), so a prefix is a contiguous range.
    pub(super) terms: Vec<Box<str>>,
    /// Per word: in how many articles it occurs.
    dfs: Vec<u32>,
    /// Per word: its runs, `runs[run_starts[t]..run_starts[t + 1]]`, one per segment it occurs
    /// in, in article order.
    run_starts: Vec<u32>,
    runs: RunTable,
    /// Per article, BM25's `K1 * (1 - B + B * len / avg_len)`.
    norms: Vec<f32>,
    /// False for the quick titles-only index used while the full one is built.
    bodies: bool,
    /// Tells this index from any other built or read in this process, so that a searcher
    /// never reuses what it computed on another one.
    #[serde(skip)]
    generation: Generation,
}

/// A number no other index of this process has (a clone shares it: same contents).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Generation(u64);

impl Default for Generation {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Generation(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// Postings of a run of articles, numbered from `base`.
#[derive(Clone, Debug, Default, serde::Serialize)]
struct Segment {
    base: u32,
    /// Per article: a varint gap from the previous article of the run (the first: its number
    /// relative to `base`), then a count byte.
    bytes: SharedBytes,
    /// Articles (relative to `base`) with a word in their title, grouped by word.
    title_docs: Vec<u32>,
}

/// A [`SearchIndex`] as its serialised form has it, postings borrowed from the bytes decoded:
/// the fields of `SearchIndex` and `Segment` in their order (a test round-trips them).
#[derive(serde::Deserialize)]
pub struct WireIndex<'a> {
    #[serde(borrow)]
    segments: Vec<WireSegment<'a>>,
    terms: Vec<Box<str>>,
    dfs: Vec<u32>,
    run_starts: Vec<u32>,
    runs: &'a [u8],
    norms: Vec<f32>,
    bodies: bool,
}

#[derive(serde::Deserialize)]
struct WireSegment<'a> {
    base: u32,
    bytes: &'a [u8],
    title_docs: Vec<u32>,
}

/// One word's postings in one chunk.
#[derive(Clone, Copy, Default)]
struct Run {
    /// Byte range in the chunk's `bytes`.
    start: u32,
    end: u32,
    df: u32,
    title_start: u32,
    title_end: u32,
}

pub(crate) fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(crate) fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut value = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        // A damaged run cannot overflow the shift; it decodes to some number, which
        // `postings` bounds by the number of articles.
        value |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    value
}

impl SearchIndex {
    /// The index `wire` describes. Postings that lie in what `owner` holds (the mapped file
    /// `wire` was decoded from) stay there; without an owner, or outside it, they are copied.
    pub fn from_wire(wire: WireIndex<'_>, owner: Option<&Owner>) -> Result<SearchIndex, String> {
        let keep = |bytes: &[u8]| match owner {
            Some(owner) => SharedBytes::within(owner, bytes),
            None => SharedBytes::Owned(bytes.to_vec()),
        };
        Ok(SearchIndex {
            terms: wire.terms,
            dfs: wire.dfs,
            run_starts: wire.run_starts,
            runs: RunTable::new(keep(wire.runs)).ok_or("a broken table of word runs")?,
            segments: wire
                .segments
                .into_iter()
                .map(|s| Segment {
                    base: s.base,
                    bytes: keep(s.bytes),
                    title_docs: s.title_docs,
                })
                .collect(),
            norms: wire.norms,
            bodies: wire.bodies,
            generation: Generation::default(),
        })
    }

    /// Articles indexed.
    pub fn len(&self) -> usize {
        self.norms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.norms.is_empty()
    }

    /// Distinct words indexed.
    pub fn vocabulary(&self) -> usize {
        self.terms.len()
    }

    pub(super) fn generation(&self) -> Generation {
        self.generation
    }

    /// Whether bodies are indexed (false while only titles are).
    pub fn has_bodies(&self) -> bool {
        self.bodies
    }

    /// In how many articles word `term` occurs.
    pub(super) fn df(&self, term: usize) -> usize {
        self.dfs.get(term).map_or(0, |&d| d as usize)
    }

    /// Word `term`'s runs, with the segment each is in. A run that does not fit its segment
    /// (only a damaged cache has one; `check` does not read all of them) is left out.
    fn runs_in(
        &self,
        term: usize,
        part: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (RunRef, &Segment)> + '_ {
        let runs = match (self.run_starts.get(term), self.run_starts.get(term + 1)) {
            (Some(&s), Some(&e)) => s as usize..e as usize,
            _ => 0..0,
        };
        self.runs.range(runs).filter_map(move |run| {
            let segment = self.segments.get(run.segment as usize)?;
            let fits = run.start <= run.end
                && run.end as usize <= segment.bytes.len()
                && run.title_start <= run.title_end
                && run.title_end as usize <= segment.title_docs.len();
            (fits && part.contains(&(segment.base as usize))).then_some((run, segment))
        })
    }

    /// Where to cut the articles in two for two threads: the first article of the middle
    /// segment, so that no word's run of postings is cut (the number of articles when there is
    /// only one segment).
    pub(super) fn halfway(&self) -> usize {
        match self.segments.len() {
            0 | 1 => self.len(),
            count => self.segments[count / 2].base as usize,
        }
    }

    /// Word `term`'s postings: (article, count byte with the title flag), ascending.
    pub(super) fn postings(&self, term: usize) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.postings_in(term, 0..usize::MAX)
    }

    /// Word `term`'s postings in the segments starting inside `part` (cut at `halfway`).
    pub(super) fn postings_in(
        &self,
        term: usize,
        part: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.runs_in(term, part).flat_map(move |(run, segment)| {
            let bytes = &segment.bytes[run.start as usize..run.end as usize];
            let mut at = 0;
            let mut doc = segment.base;
            std::iter::from_fn(move || {
                if at >= bytes.len() {
                    return None;
                }
                doc = doc.saturating_add(read_varint(bytes, &mut at));
                if doc as usize >= self.norms.len() {
                    // Only a damaged cache gets here (`check` does not decode every posting).
                    return None;
                }
                let count = bytes.get(at).copied().unwrap_or(1);
                at += 1;
                Some((doc, count))
            })
        })
    }

    #[cfg(test)]
    pub(super) fn title_postings(&self, term: usize) -> impl Iterator<Item = u32> + '_ {
        self.title_postings_in(term, 0..usize::MAX)
    }

    /// Articles with word `term` in their title, ascending, in the segments starting inside
    /// `part`.
    pub(super) fn title_postings_in(
        &self,
        term: usize,
        part: std::ops::Range<usize>,
    ) -> impl Iterator<Item = u32> + '_ {
        self.runs_in(term, part).flat_map(move |(run, segment)| {
            segment.title_docs[run.title_start as usize..run.title_end as usize]
                .iter()
                .map(move |d| segment.base + d)
        })
    }

    /// The index of a folded word, if it occurs anywhere.
    pub(super) fn term(&self, folded: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| (**t).cmp(folded)).ok()
    }

    /// Word numbers of the words starting with `prefix`.
    pub(super) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.terms.partition_point(|t| **t < *prefix);
        let len = self.terms[start..].partition_point(|t| t.starts_with(prefix));
        start..start + len
    }

    /// BM25's idf of word `term`: rarer words weigh more.
    pub(super) fn idf(&self, term: usize) -> f32 {
        let df = self.df(term) as f32;
        let n = self.norms.len() as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25 weight of one posting, given its word's idf.
    pub(super) fn bm25(&self, idf: f32, doc: u32, count: u8) -> f32 {
        let tf = f32::from(count & COUNT_MASK);
        let norm = self.norms.get(doc as usize).copied().unwrap_or(K1);
        idf * tf * (K1 + 1.0) / (tf + norm)
    }

    /// Checks that an index read from a cache is whole and fits a corpus of `articles`
    /// articles: the word tables of one length and inside the runs, every title posting an
    /// article that exists, words sorted. The runs and postings themselves are not read here
    /// (that was a fifth of a 100k reopen, and at a million would make half a gigabyte of the
    /// mapped file resident): `runs_in` leaves out a run outside its segment, and `postings`
    /// stops at any posting that names an article past the last.
    pub fn check(&self, articles: usize) -> Result<(), String> {
        let fail = |why: &str| Err(why.to_string());
        if self.norms.len() != articles {
            return fail("made for another number of articles");
        }
        if self.dfs.len() != self.terms.len() || self.run_starts.len() != self.terms.len() + 1 {
            return fail("word tables of different lengths");
        }
        if !self.terms.windows(2).all(|w| w[0] < w[1]) {
            return fail("words out of order");
        }
        let starts_ok = self.run_starts.windows(2).all(|w| w[0] <= w[1])
            && self
                .run_starts
                .last()
                .is_some_and(|&l| l as usize == self.runs.len())
            && self.run_starts.first() == Some(&0);
        if !starts_ok {
            return fail("word runs out of range");
        }
        for segment in &self.segments {
            let last = segment.title_docs.iter().max().copied().unwrap_or(0);
            if !segment.title_docs.is_empty()
                && u64::from(segment.base) + u64::from(last) >= articles as u64
            {
                return fail("a title posting of an article that does not exist");
            }
        }
        Ok(())
    }

    /// Heap bytes held, for the benchmark's memory report.
    pub fn heap_bytes(&self) -> usize {
        self.terms.iter().map(|t| t.len() + 16).sum::<usize>()
            + self.dfs.capacity() * 4
            + self.run_starts.capacity() * 4
            + self.runs.heap_bytes()
            + self
                .segments
                .iter()
                .map(|s| s.bytes.heap_bytes() + s.title_docs.capacity() * 4)
                .sum::<usize>()
            + self.norms.capacity() * 4
    }
}

#[cfg(test)]
mod tests;
