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

/// BM25's usual constants: term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// The posting's flag for "the word is in the title"; the low bits count occurrences.
pub(super) const IN_TITLE: u8 = 0x80;
const COUNT_MASK: u8 = 0x7f;

type FastMap<K, V> = HashMap<K, V, RandomState>;

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SearchIndex {
    /// Folded words, sorted (byte order), so a prefix is a contiguous range.
    pub(super) terms: Vec<Box<str>>,
    /// Per word: in how many articles it occurs.
    dfs: Vec<u32>,
    /// Per word: its runs, `runs[run_starts[t]..run_starts[t + 1]]`, one per segment it occurs
    /// in, in article order.
    run_starts: Vec<u32>,
    runs: Vec<RunRef>,
    /// The chunks as built: their postings are never copied into one array (that copy made the
    /// build's peak memory twice the index).
    segments: Vec<Segment>,
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
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Segment {
    base: u32,
    /// Per article: a varint gap from the previous article of the run (the first: its number
    /// relative to `base`), then a count byte.
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    /// Articles (relative to `base`) with a word in their title, grouped by word.
    title_docs: Vec<u32>,
}

/// Where one word's postings are in one segment.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
struct RunRef {
    segment: u32,
    start: u32,
    end: u32,
    title_start: u32,
    title_end: u32,
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

    fn runs_of(&self, term: usize) -> &[RunRef] {
        match (self.run_starts.get(term), self.run_starts.get(term + 1)) {
            (Some(&s), Some(&e)) => &self.runs[s as usize..e as usize],
            _ => &[],
        }
    }

    fn runs_in(
        &self,
        term: usize,
        part: std::ops::Range<usize>,
    ) -> impl Iterator<Item = &RunRef> + '_ {
        self.runs_of(term).iter().filter(move |run| {
            let base = self.segments[run.segment as usize].base as usize;
            part.contains(&base)
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
        self.runs_in(term, part).flat_map(move |run| {
            let segment = &self.segments[run.segment as usize];
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
        self.runs_in(term, part).flat_map(move |run| {
            let segment = &self.segments[run.segment as usize];
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
    /// articles: every range inside what it ranges over, every title posting an article that
    /// exists, words sorted. The postings themselves are not decoded here (that was a fifth of
    /// a 100k reopen): `postings` stops at any that names an article past the last.
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
        for run in &self.runs {
            let Some(segment) = self.segments.get(run.segment as usize) else {
                return fail("a run in a segment that does not exist");
            };
            if run.start > run.end
                || run.end as usize > segment.bytes.len()
                || run.title_start > run.title_end
                || run.title_end as usize > segment.title_docs.len()
            {
                return fail("a run out of its segment");
            }
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
            + self.runs.capacity() * std::mem::size_of::<RunRef>()
            + self
                .segments
                .iter()
                .map(|s| s.bytes.capacity() + s.title_docs.capacity() * 4)
                .sum::<usize>()
            + self.norms.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use crate::model::Article;

    #[test]
    fn varints_round_trip_at_every_width() {
        let values = [0u32, 1, 127, 128, 16_383, 16_384, 2_097_151, u32::MAX];
        let mut bytes = Vec::new();
        for v in values {
            push_varint(&mut bytes, v);
        }
        let mut at = 0;
        let back: Vec<u32> = values
            .iter()
            .map(|_| read_varint(&bytes, &mut at))
            .collect();
        assert_eq!(back, values);
        assert_eq!(at, bytes.len());
    }

    fn article(title: &str, body: &str) -> Article {
        Article {
            id: crate::model::ArticleId::of_body(body),
            origin: crate::model::Origin {
                path: "a.txt".into(),
                line: None,
            },
            title: title.into(),
            date: None,
            authors: Vec::new(),
            outlet: None,
            url: None,
            source_id: None,
            body: body.into(),
        }
    }

    #[test]
    fn chunked_builds_equal_a_single_chunk_build() {
        // Gaps of every size cross chunk borders: article i mentions "every", multiples of 3
        // "third", and only the first and the 300th "rare".
        let articles: Vec<Article> = (0..400)
            .map(|i| {
                let mut body = format!("every article {i} ");
                if i % 3 == 0 {
                    body.push_str("third third ");
                }
                if i == 0 || i == 299 {
                    body.push_str("rare ");
                }
                article(if i % 7 == 0 { "Third title" } else { "Plain" }, &body)
            })
            .collect();
        let progress = AtomicUsize::new(0);
        let one = SearchIndex::build_with(&articles, true, &progress, 100_000);
        assert_eq!(progress.load(Ordering::Relaxed), 400);
        for chunk in [1, 7, 128] {
            let many = SearchIndex::build_with(&articles, true, &AtomicUsize::new(0), chunk);
            assert_eq!(one.terms, many.terms, "chunk {chunk}");
            assert_eq!(one.dfs, many.dfs, "chunk {chunk}");
            for t in 0..one.terms.len() {
                let postings = |i: &SearchIndex| i.postings(t).collect::<Vec<_>>();
                let titles = |i: &SearchIndex| i.title_postings(t).collect::<Vec<_>>();
                assert_eq!(postings(&one), postings(&many), "chunk {chunk}");
                assert_eq!(titles(&one), titles(&many), "chunk {chunk}");
            }
        }
        let third = one.term("third").expect("indexed");
        let docs: Vec<(u32, u8)> = one.postings(third).collect();
        // 134 multiples of 3, and 38 multiples of 7 that are not, by title.
        assert_eq!(docs.len(), 172);
        assert_eq!(docs[0], (0, 3 | IN_TITLE));
        assert_eq!(docs[1], (3, 2));
        assert_eq!(one.title_postings(third).count(), 58);
        let rare = one.term("rare").expect("indexed");
        assert_eq!(
            one.postings(rare).map(|p| p.0).collect::<Vec<_>>(),
            [0, 299]
        );
        assert_eq!(one.df(rare), 2);
    }

    #[test]
    fn postings_past_the_last_article_are_never_yielded() {
        // What a cached index that passed `check` but was damaged in its postings looks like:
        // postings naming articles the corpus does not have.
        let articles: Vec<Article> = (0..50)
            .map(|i| article("Plain", &format!("every article {i}")))
            .collect();
        let mut index = SearchIndex::build_with(&articles, true, &AtomicUsize::new(0), 100_000);
        index.norms.truncate(20);
        let every = index.term("every").expect("indexed");
        let docs: Vec<u32> = index.postings(every).map(|p| p.0).collect();
        assert_eq!(docs, (0..20).collect::<Vec<u32>>());
        // Garbage bytes decode to something bounded, never a panic.
        for segment in &mut index.segments {
            segment.bytes.iter_mut().for_each(|b| *b = 0xff);
        }
        assert!(index.postings(every).all(|(doc, _)| doc < 20));
    }
}
