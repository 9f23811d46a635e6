//! The inverted index: every distinct folded word of the corpus (the vocabulary, sorted) with
//! the articles it occurs in. Fuzzy matching then runs over ~10⁵ short words instead of
//! 10⁵ bodies of 5 KB, and a typed prefix is a binary search (DESIGN §4b has the measurements
//! that ruled the alternatives out).
//!
//! Built in parallel over chunks of articles; each chunk builds its own small vocabulary and
//! the chunks are merged in article order, so every posting list comes out sorted by article.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::tokens::{fold, is_stopword, words};
use crate::model::Article;

/// BM25's usual constants: term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Articles per unit of parallel work (and per progress step).
const CHUNK: usize = 512;
/// The posting's flag for "the word is in the title"; the low bits count occurrences.
pub(super) const IN_TITLE: u8 = 0x80;
const COUNT_MASK: u8 = 0x7f;

/// The articles one word occurs in, ascending, with a count per article (saturating at 127,
/// where BM25 has long stopped caring) and the title flag.
#[derive(Clone, Debug, Default)]
pub(super) struct Postings {
    pub docs: Vec<u32>,
    pub counts: Vec<u8>,
}

impl Postings {
    fn push(&mut self, doc: u32, count: u32, in_title: bool) {
        self.docs.push(doc);
        let count = count.min(u32::from(COUNT_MASK)) as u8;
        self.counts
            .push(count | if in_title { IN_TITLE } else { 0 });
    }

    pub fn contains(&self, doc: u32) -> bool {
        self.docs.binary_search(&doc).is_ok()
    }
}

#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Folded words, sorted (byte order), so a prefix is a contiguous range.
    pub(super) terms: Vec<Box<str>>,
    pub(super) postings: Vec<Postings>,
    /// Per article, BM25's `K1 * (1 - B + B * len / avg_len)`.
    pub(super) norms: Vec<f32>,
    /// False for the quick titles-only index used while the full one is built.
    pub(super) bodies: bool,
}

/// One chunk's vocabulary and postings, with chunk-local word numbers.
#[derive(Default)]
struct Partial {
    ids: HashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    postings: Vec<Postings>,
    lengths: Vec<u32>,
}

impl Partial {
    fn id_of(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(word.into(), id);
        self.terms.push(word.into());
        self.postings.push(Postings::default());
        id
    }

    /// Adds one article: counts its words (title and, if asked, body) and appends postings.
    fn add(&mut self, doc: u32, article: &Article, bodies: bool, scratch: &mut Vec<(u32, bool)>) {
        scratch.clear();
        let mut length = 0u32;
        let mut sources = vec![(article.title.as_str(), true)];
        if bodies {
            sources.push((article.body.as_str(), false));
        }
        for (text, in_title) in sources {
            for (_, word) in words(text) {
                length += 1;
                let folded = fold(word);
                if is_stopword(&folded) {
                    continue;
                }
                let id = self.id_of(&folded);
                scratch.push((id, in_title));
            }
        }
        scratch.sort_unstable_by_key(|(id, _)| *id);
        let mut i = 0;
        while i < scratch.len() {
            let id = scratch[i].0;
            let mut j = i;
            let mut in_title = false;
            while j < scratch.len() && scratch[j].0 == id {
                in_title |= scratch[j].1;
                j += 1;
            }
            self.postings[id as usize].push(doc, (j - i) as u32, in_title);
            i = j;
        }
        self.lengths.push(length);
    }
}

impl SearchIndex {
    /// Indexes titles and bodies. `progress` counts the articles done (for the status bar).
    pub fn build(articles: &[Article], progress: &AtomicUsize) -> SearchIndex {
        Self::build_with(articles, true, progress)
    }

    /// Indexes titles only: a few milliseconds even at 100k articles, so search works at once
    /// while [`SearchIndex::build`] runs.
    pub fn build_titles(articles: &[Article]) -> SearchIndex {
        Self::build_with(articles, false, &AtomicUsize::new(0))
    }

    fn build_with(articles: &[Article], bodies: bool, progress: &AtomicUsize) -> SearchIndex {
        let partials: Vec<Partial> = articles
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, slice)| {
                let mut partial = Partial::default();
                let mut scratch = Vec::new();
                for (i, article) in slice.iter().enumerate() {
                    let doc = (chunk * CHUNK + i) as u32;
                    partial.add(doc, article, bodies, &mut scratch);
                }
                progress.fetch_add(slice.len(), Ordering::Relaxed);
                partial
            })
            .collect();
        let mut ids: HashMap<Box<str>, u32> = HashMap::new();
        let mut terms: Vec<Box<str>> = Vec::new();
        let mut postings: Vec<Postings> = Vec::new();
        let mut lengths: Vec<u32> = Vec::with_capacity(articles.len());
        for partial in partials {
            lengths.extend(&partial.lengths);
            for (term, local) in partial.terms.into_iter().zip(partial.postings) {
                let id = match ids.get(&term) {
                    Some(&id) => id,
                    None => {
                        let id = terms.len() as u32;
                        ids.insert(term.clone(), id);
                        terms.push(term);
                        postings.push(Postings::default());
                        id
                    }
                };
                let target = &mut postings[id as usize];
                if target.docs.is_empty() {
                    *target = local;
                } else {
                    target.docs.extend(local.docs);
                    target.counts.extend(local.counts);
                }
            }
        }
        drop(ids);
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_unstable_by(|&a, &b| terms[a].cmp(&terms[b]));
        let mut sorted_terms = Vec::with_capacity(terms.len());
        let mut sorted_postings = Vec::with_capacity(terms.len());
        for i in order {
            sorted_terms.push(std::mem::take(&mut terms[i]));
            let mut p = std::mem::take(&mut postings[i]);
            p.docs.shrink_to_fit();
            p.counts.shrink_to_fit();
            sorted_postings.push(p);
        }
        let avg = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().map(|&l| u64::from(l)).sum::<u64>() as f32 / lengths.len() as f32)
                .max(1.0)
        };
        let norms = lengths
            .iter()
            .map(|&l| K1 * (1.0 - B + B * l as f32 / avg))
            .collect();
        SearchIndex {
            terms: sorted_terms,
            postings: sorted_postings,
            norms,
            bodies,
        }
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

    /// Whether bodies are indexed (false while only titles are).
    pub fn has_bodies(&self) -> bool {
        self.bodies
    }

    /// The index of a folded word, if it occurs anywhere.
    pub(super) fn term(&self, folded: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| (**t).cmp(folded)).ok()
    }

    /// Term numbers of the words starting with `prefix`.
    pub(super) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.terms.partition_point(|t| **t < *prefix);
        let len = self.terms[start..].partition_point(|t| t.starts_with(prefix));
        start..start + len
    }

    /// BM25 weight of one posting: how much an occurrence count means in an article that long.
    pub(super) fn bm25(&self, term: usize, doc: u32, count: u8) -> f32 {
        let df = self.postings[term].docs.len() as f32;
        let n = self.norms.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let tf = f32::from(count & COUNT_MASK);
        let norm = self.norms.get(doc as usize).copied().unwrap_or(K1);
        idf * tf * (K1 + 1.0) / (tf + norm)
    }

    /// Approximate heap bytes, for the benchmark's memory report.
    pub fn heap_bytes(&self) -> usize {
        self.terms.iter().map(|t| t.len() + 16).sum::<usize>()
            + self
                .postings
                .iter()
                .map(|p| p.docs.capacity() * 4 + p.counts.capacity() + 48)
                .sum::<usize>()
            + self.norms.capacity() * 4
    }
}
