//! Scoring the typed words' postings and keeping the articles that match every word: the part
//! of a keystroke that grows with the corpus. Three things keep it within a keystroke at a
//! million articles, where a two-letter word has 700,000 articles:
//! - The articles are cut in two halves at a segment boundary (no word's postings cross it),
//!   and a large query scores each half on its own thread.
//! - Where the last query stood after all its words but the last is remembered: typing
//!   changes only the last word, and the words before it need not be read again.
//! - The per-article arrays are left zeroed by each query instead of cleared by the next one.

use std::ops::Range;

use super::index::{Generation, SearchIndex, IN_TITLE};

const TITLE_BOOST: f32 = 2.0;
/// Below this many postings in all, a second thread costs more than it saves.
const PARALLEL_FROM: usize = 100_000;

/// A vocabulary word a typed word may mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Expansion {
    pub term: usize,
    pub weight: f32,
    /// Read the title postings only (one-letter words).
    pub titles_only: bool,
}

/// The per-article arrays, reused between queries.
#[derive(Default)]
pub(super) struct Intersector {
    total: Vec<f32>,
    current: Vec<f32>,
    /// How many typed words each article has matched so far in this query.
    matched: Vec<u16>,
    memo: Option<Memo>,
    /// Each half's lists, reused (a fresh list of a million articles is thousands of pages
    /// faulted in, on every keystroke).
    lists: [Lists; 2],
    /// Tests score on two threads however small the query.
    #[cfg(test)]
    pub always_parallel: bool,
}

/// Where the last query stood after all its words but the last, per half.
struct Memo {
    index: Generation,
    words: Vec<Vec<Expansion>>,
    halves: [Survivors; 2],
}

/// Articles (numbered in the whole corpus) matching the words so far, with their scores.
#[derive(Default)]
struct Survivors {
    docs: Vec<usize>,
    totals: Vec<f32>,
}

/// One half's share of the arrays, and what it found.
struct Half<'a> {
    /// The articles of this half; the arrays are indexed from `docs.start`.
    docs: Range<usize>,
    total: &'a mut [f32],
    current: &'a mut [f32],
    matched: &'a mut [u16],
    lists: &'a mut Lists,
}

/// A half's working lists, numbered within the half.
#[derive(Default)]
struct Lists {
    /// Articles this round reached, in the order their postings came.
    reached: Vec<usize>,
    /// Articles whose `matched` or `total` is not zero, to clean up after.
    touched: Vec<usize>,
    /// The matches, numbered in the whole corpus, ascending.
    hits: Vec<(usize, f32)>,
}

impl Intersector {
    /// Articles matching every word, ascending, with their scores, into `hits` (cleared
    /// first): each word is the best of its expansions, and the words add up.
    pub(super) fn intersect(
        &mut self,
        index: &SearchIndex,
        expansions: &[Vec<Expansion>],
        n: usize,
        hits: &mut Vec<(usize, f32)>,
    ) {
        if self.matched.len() != n {
            // Sized here, never cleared: each query leaves the arrays zeroed. What was
            // remembered was of other articles.
            self.total = vec![0.0; n];
            self.current = vec![0.0; n];
            self.matched = vec![0; n];
            self.memo = None;
        }
        let last = expansions.len().saturating_sub(1);
        let memo = self.memo.take().filter(|memo| {
            memo.index == index.generation()
                && last > 0
                && memo.words.as_slice() == &expansions[..last]
        });
        let remember = memo.is_none() && last > 0;
        let middle = index.halfway().min(n);
        let (total_a, total_b) = self.total.split_at_mut(middle);
        let (current_a, current_b) = self.current.split_at_mut(middle);
        let (matched_a, matched_b) = self.matched.split_at_mut(middle);
        let [lists_a, lists_b] = &mut self.lists;
        let first = Half {
            docs: 0..middle,
            total: total_a,
            current: current_a,
            matched: matched_a,
            lists: lists_a,
        };
        let second = Half {
            docs: middle..n,
            total: total_b,
            current: current_b,
            matched: matched_b,
            lists: lists_b,
        };
        let resumed = memo.as_ref().map(|m| &m.halves);
        let postings: usize = expansions[if memo.is_some() { last } else { 0 }..]
            .iter()
            .flatten()
            .map(|x| index.df(x.term))
            .sum();
        #[cfg(test)]
        let postings = if self.always_parallel {
            usize::MAX
        } else {
            postings
        };
        let score_first = || first.score(index, expansions, resumed.map(|h| &h[0]), remember);
        let score_second = || second.score(index, expansions, resumed.map(|h| &h[1]), remember);
        let (first_memo, second_memo) = if postings >= PARALLEL_FROM {
            std::thread::scope(|scope| {
                // A thread of its own, not rayon's pool: the pool may be busy analysing the
                // corpus, and a keystroke must not queue behind that.
                let other = scope.spawn(score_second);
                let mine = score_first();
                let theirs = other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (mine, theirs)
            })
        } else {
            (score_first(), score_second())
        };
        hits.clear();
        for half in &self.lists {
            hits.extend_from_slice(&half.hits);
        }
        self.memo = match (memo, first_memo, second_memo) {
            (Some(memo), _, _) => Some(memo),
            (None, Some(a), Some(b)) => Some(Memo {
                index: index.generation(),
                words: expansions[..last].to_vec(),
                halves: [a, b],
            }),
            _ => None,
        };
    }
}

impl Half<'_> {
    /// Scores this half's postings round by round (a round per word), from where `resume`
    /// left off if given, into `lists.hits` (in corpus order); returns, when `remember`, the
    /// survivors before the last round. Leaves the arrays zeroed.
    fn score(
        self,
        index: &SearchIndex,
        expansions: &[Vec<Expansion>],
        resume: Option<&Survivors>,
        remember: bool,
    ) -> Option<Survivors> {
        let Half {
            docs,
            total,
            current,
            matched,
            lists,
        } = self;
        let Lists {
            reached,
            touched,
            hits,
        } = lists;
        let base = docs.start;
        let last = expansions.len().saturating_sub(1);
        touched.clear();
        hits.clear();
        let mut remembered = None;
        let first_round = match resume {
            Some(survivors) => {
                for (&d, &score) in survivors.docs.iter().zip(&survivors.totals) {
                    matched[d - base] = last as u16;
                    total[d - base] = score;
                }
                last
            }
            None => 0,
        };
        for (round, expansion) in expansions.iter().enumerate().skip(first_round) {
            let round = round as u16;
            reached.clear();
            for x in expansion {
                let idf = index.idf(x.term) * x.weight;
                let mut visit = |doc: u32, count: u8| {
                    let Some(i) = (doc as usize)
                        .checked_sub(base)
                        .filter(|&i| i < matched.len())
                    else {
                        return; // only a damaged cache puts an article in the wrong segment
                    };
                    let m = matched[i];
                    if m == round {
                        matched[i] = round + 1;
                        reached.push(i);
                    } else if m != round + 1 {
                        return;
                    }
                    let mut score = index.bm25(idf, doc, count);
                    if count & IN_TITLE != 0 {
                        score *= TITLE_BOOST;
                    }
                    if score > current[i] {
                        current[i] = score;
                    }
                };
                if x.titles_only {
                    for doc in index.title_postings_in(x.term, docs.clone()) {
                        visit(doc, 1 | IN_TITLE);
                    }
                } else {
                    for (doc, count) in index.postings_in(x.term, docs.clone()) {
                        visit(doc, count);
                    }
                }
            }
            if usize::from(round) == last {
                hits.reserve(reached.len());
                let mut finish = |i: usize| {
                    hits.push((base + i, total[i] + std::mem::take(&mut current[i])));
                };
                if expansion.len() > 1 && reached.len() > matched.len() / 32 {
                    // Several words' postings reached these articles out of order: collecting
                    // them in corpus order by their marks is one pass, where sorting 700,000
                    // of them was a tenth of a keystroke.
                    for (i, &m) in matched.iter().enumerate() {
                        if m == round + 1 {
                            finish(i);
                        }
                    }
                } else {
                    reached.iter().for_each(|&i| finish(i));
                    hits.sort_unstable_by_key(|&(d, _)| d);
                }
            } else {
                for &i in reached.iter() {
                    total[i] += std::mem::take(&mut current[i]);
                }
            }
            if remember && usize::from(round) + 1 == last {
                remembered = Some(Survivors {
                    docs: reached.iter().map(|&i| base + i).collect(),
                    totals: reached.iter().map(|&i| total[i]).collect(),
                });
            }
            if round == 0 {
                std::mem::swap(touched, reached);
            }
        }
        // Leave the arrays zeroed for the next query.
        match resume {
            Some(survivors) => survivors.docs.iter().for_each(|&d| {
                matched[d - base] = 0;
                total[d - base] = 0.0;
            }),
            None => touched.iter().for_each(|&i| {
                matched[i] = 0;
                total[i] = 0.0;
            }),
        }
        remembered
    }
}
