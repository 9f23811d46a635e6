//! Answering a parsed query from the index: expand each word to the vocabulary words it could
//! mean, score their postings with BM25, AND the words, then apply exclusions, phrases and
//! filters. Per keystroke this touches only postings, never bodies (phrases scan the bodies of
//! the articles that already matched their words).
//!
//! Ranking, in words: an article scores the sum over the typed words of the best BM25 weight
//! among the vocabulary words that word expanded to, times how well it matched (exact 1.0,
//! prefix 0.6–0.9 by how much was typed, fuzzy 0.35–0.6, one typo 0.4), doubled when the word
//! is in the title. Rarer words weigh more (BM25's idf). Ties go to the newer article.

use std::collections::BTreeSet;

use aho_corasick::AhoCorasick;

use super::expand::expand;
use super::index::SearchIndex;
use super::intersect::{Expansion, Intersector};
use super::query::{ClauseKind, Query, State, MAX_CLAUSES};
use super::tokens::{apostrophe_variants, fold, has_apostrophe, words};
use crate::model::Article;

/// What filters need to know that the corpus does not: tags, read state, notes (the store) and
/// entities (the entity index). Indices are corpus indices.
pub trait Facts {
    fn has_tag(&self, doc: usize, tag: &str) -> bool;
    fn tag_count(&self, doc: usize) -> usize;
    fn is_read(&self, doc: usize) -> bool;
    fn has_note(&self, doc: usize) -> bool;
    /// Articles naming this entity, ascending; `None` while the entity index is being built.
    fn naming(&self, name: &str) -> Option<Vec<usize>>;
    /// Articles with a quote this person is credited with, ascending; `None` while the entity
    /// index is being built.
    fn quoting(&self, _name: &str) -> Option<Vec<usize>> {
        Some(Vec::new())
    }
    /// Whether a quote of the article holds a word starting with `word`; `None` while the
    /// quote index is being built.
    fn quotes_word(&self, _doc: usize, _word: &str) -> Option<bool> {
        Some(false)
    }
    /// Whether `quotes_word` can answer yet.
    fn quotes_ready(&self) -> bool {
        true
    }
    /// Whether any coder coded a passage of the article with this code.
    fn has_code(&self, _doc: usize, _code: &str) -> bool {
        false
    }
}

/// No store and no entities: every filter on them matches nothing (used by benches and tests).
pub struct NoFacts;

impl Facts for NoFacts {
    fn has_tag(&self, _: usize, _: &str) -> bool {
        false
    }
    fn tag_count(&self, _: usize) -> usize {
        0
    }
    fn is_read(&self, _: usize) -> bool {
        false
    }
    fn has_note(&self, _: usize) -> bool {
        false
    }
    fn naming(&self, _: &str) -> Option<Vec<usize>> {
        Some(Vec::new())
    }
}

/// The answer to one query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Corpus indices with scores, best first.
    pub hits: Vec<(usize, f32)>,
    /// Every vocabulary word a typed word expanded to, for highlighting.
    pub terms: BTreeSet<String>,
    /// Phrases to highlight literally.
    pub phrases: Vec<String>,
    /// Things the user should know: unusable filters, "titles only while indexing".
    pub messages: Vec<String>,
}

impl Outcome {
    /// The matched vocabulary words that occur in `article` (the CLI's `terms`), sorted.
    pub fn terms_in(&self, article: &Article) -> Vec<String> {
        let mut found: BTreeSet<String> = BTreeSet::new();
        for text in [article.title.as_str(), article.body.as_str()] {
            for (_, word) in words(text) {
                let folded = fold(word);
                if self.terms.contains(folded.as_ref()) {
                    found.insert(folded.into_owned());
                }
            }
        }
        found.into_iter().collect()
    }
}

/// Scratch space reused between queries (one keystroke must not allocate per article).
#[derive(Default)]
pub struct Searcher {
    intersector: Intersector,
    /// The articles matching, with scores, in corpus order.
    candidates: Vec<(usize, f32)>,
    /// The ranking's keys and its radix sort's second buffer.
    keys: Vec<u64>,
    scratch: Vec<u64>,
    /// `keys` holds the last query's hits with only the head ranked (`run_ranked` with a head).
    rest_unranked: bool,
}

impl Searcher {
    /// A searcher that scores both halves of the corpus on two threads even for a tiny query.
    #[cfg(test)]
    pub(super) fn always_parallel() -> Self {
        let mut searcher = Searcher::default();
        searcher.intersector.always_parallel = true;
        searcher
    }

    /// Answers `query`: the hits best first with their scores, and what to highlight.
    pub fn run(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query: &Query,
        facts: &dyn Facts,
    ) -> Outcome {
        let mut outcome = self.select(index, articles, query, facts);
        outcome.hits = super::rank::rank(&self.candidates, &mut self.keys, &mut self.scratch);
        outcome
    }

    /// [`Searcher::run`] for the reader's list: the hits, best first, go to `ranked` (cleared
    /// first; the list before's buffer, so that a keystroke allocates no list of a million)
    /// and not to the outcome. With a `head`, only that many are ranked and the rest follow
    /// in corpus order until [`Searcher::rank_rest`].
    pub fn run_ranked(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query: &Query,
        facts: &dyn Facts,
        ranked: &mut Vec<usize>,
        head: Option<usize>,
    ) -> Outcome {
        let outcome = self.select(index, articles, query, facts);
        self.rest_unranked = match head {
            Some(head) => super::rank::rank_head_into(
                &self.candidates,
                head,
                &mut self.keys,
                &mut self.scratch,
                ranked,
            ),
            None => {
                super::rank::rank_into(&self.candidates, &mut self.keys, &mut self.scratch, ranked);
                false
            }
        };
        outcome
    }

    /// True when the last query's hits were ranked only up to their head.
    pub fn has_unranked_rest(&self) -> bool {
        self.rest_unranked
    }

    /// Ranks the hits the last `run_ranked` left after its head, into `ranked` (all of them,
    /// best first). False when there is nothing left to rank: that query was ranked whole, or
    /// another one ran since.
    pub fn rank_rest(&mut self, ranked: &mut Vec<usize>) -> bool {
        if !std::mem::take(&mut self.rest_unranked) {
            return false;
        }
        super::rank::rank_rest_into(&mut self.keys, &mut self.scratch, ranked);
        true
    }

    /// Everything but the ranking: the matching articles go to `candidates`.
    fn select(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query: &Query,
        facts: &dyn Facts,
    ) -> Outcome {
        // A new query's hits replace the keys a head-first ranking left.
        self.rest_unranked = false;
        let n = articles.len().min(index.len());
        let mut outcome = Outcome {
            messages: query.errors.clone(),
            ..Outcome::default()
        };
        if !index.has_bodies() {
            outcome
                .messages
                .push("searching titles only until the index is built".into());
        }

        // Typed words, split and folded the way the index was built.
        let mut wanted: Vec<String> = Vec::new();
        let mut phrases: Vec<(bool, &str)> = Vec::new();
        for clause in &query.clauses {
            match &clause.kind {
                ClauseKind::Word(w) if !clause.negated && has_apostrophe(w) => {
                    // "O'Malley", "don’t": the letters around the apostrophe are not words of
                    // their own; the longer parts narrow, and the word itself must appear with
                    // any apostrophe (a phrase, folded like all phrases).
                    let parts: Vec<String> = words(w)
                        .filter(|(_, p)| p.chars().count() > 1)
                        .map(|(_, p)| fold(p).into_owned())
                        .collect();
                    wanted.extend(parts);
                    phrases.push((false, w.as_str()));
                    outcome.phrases.push(w.clone());
                }
                ClauseKind::Word(w) if !clause.negated => {
                    wanted.extend(words(w).map(|(_, w)| fold(w).into_owned()))
                }
                ClauseKind::Phrase(p) => {
                    phrases.push((clause.negated, p.as_str()));
                    if !clause.negated {
                        outcome.phrases.push(p.clone());
                    }
                }
                _ => {}
            }
        }
        // Punctuation can hide many words in one token ("a,b,c,…"): keep the query bounded.
        if wanted.len() > MAX_CLAUSES {
            outcome.messages.push(format!(
                "only the first {MAX_CLAUSES} of {} words are used",
                wanted.len()
            ));
            wanted.truncate(MAX_CLAUSES);
        }
        // Phrases' own words narrow the candidates exactly (stopwords are not indexed, and a
        // phrase of stopwords only is checked on every article).
        let mut expansions: Vec<Vec<Expansion>> = Vec::new();
        for (negated, phrase) in &phrases {
            if !negated {
                for (_, w) in words(phrase).take(MAX_CLAUSES) {
                    if let Some(term) = index.term(&fold(w)) {
                        expansions.push(vec![Expansion {
                            term,
                            weight: 1.0,
                            titles_only: false,
                        }]);
                    }
                }
            }
        }
        expansions.extend(wanted.iter().map(|w| expand(index, w)));
        // The word being typed goes last, so that the words before it are answered from the
        // memo; those go cheapest first (fewer candidates carried through the intersection).
        if let Some((_, before)) = expansions.split_last_mut() {
            before.sort_by_key(|e| e.iter().map(|x| index.df(x.term)).sum::<usize>());
        }

        let mut candidates = std::mem::take(&mut self.candidates);
        if expansions.is_empty() {
            candidates.clear();
            candidates.extend((0..n).map(|d| (d, 0.0)));
        } else {
            self.intersector
                .intersect(index, &expansions, n, &mut candidates);
        }
        for e in &expansions {
            outcome
                .terms
                .extend(e.iter().map(|x| index.terms[x.term].to_string()));
        }

        for clause in &query.clauses {
            let keep_if = !clause.negated;
            match &clause.kind {
                ClauseKind::Word(w) if clause.negated => {
                    let mut excluded: Vec<u32> = words(w)
                        .filter_map(|(_, w)| index.term(&fold(w)))
                        .flat_map(|t| index.postings(t).map(|(doc, _)| doc))
                        .collect();
                    excluded.sort_unstable();
                    candidates.retain(|&(d, _)| excluded.binary_search(&(d as u32)).is_err());
                }
                ClauseKind::Word(w) if has_apostrophe(w) => {
                    if let Ok(finder) = AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .build(apostrophe_variants(w))
                    {
                        candidates.retain(|&(d, _)| {
                            let a = &articles[d];
                            finder.is_match(a.body.as_str()) || finder.is_match(&a.title)
                        });
                    }
                }
                ClauseKind::Word(_) => {}
                ClauseKind::Phrase(p) => {
                    if let Ok(finder) = AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .build(apostrophe_variants(p))
                    {
                        candidates.retain(|&(d, _)| {
                            let a = &articles[d];
                            let found =
                                finder.is_match(a.body.as_str()) || finder.is_match(&a.title);
                            found == keep_if
                        });
                    }
                }
                ClauseKind::Tag(tag) => {
                    candidates.retain(|&(d, _)| facts.has_tag(d, tag) == keep_if)
                }
                ClauseKind::Code(code) => {
                    candidates.retain(|&(d, _)| facts.has_code(d, code) == keep_if)
                }
                ClauseKind::Author(name) => {
                    let name = fold(name).into_owned();
                    candidates.retain(|&(d, _)| {
                        let hit = articles[d].authors.iter().any(|a| fold(a).contains(&name));
                        hit == keep_if
                    });
                }
                ClauseKind::Outlet(name) => {
                    let name = fold(name).into_owned();
                    candidates.retain(|&(d, _)| {
                        let hit = articles[d]
                            .outlet
                            .as_deref()
                            .is_some_and(|o| fold(o).contains(&name));
                        hit == keep_if
                    });
                }
                ClauseKind::Date(range) => candidates.retain(|&(d, _)| {
                    let hit = articles[d]
                        .date
                        .as_deref()
                        .is_some_and(|date| range.contains(date));
                    hit == keep_if
                }),
                ClauseKind::Who(name) => match facts.naming(name) {
                    Some(docs) => {
                        candidates.retain(|(d, _)| docs.binary_search(d).is_ok() == keep_if);
                    }
                    None => outcome
                        .messages
                        .push(format!("who:{name} waits for the entity index")),
                },
                ClauseKind::Said(name) => match facts.quoting(name) {
                    Some(docs) => {
                        candidates.retain(|(d, _)| docs.binary_search(d).is_ok() == keep_if);
                    }
                    None => outcome
                        .messages
                        .push(format!("said:{name} waits for the entity index")),
                },
                ClauseKind::Quote(word) => {
                    if !facts.quotes_ready() {
                        outcome
                            .messages
                            .push(format!("quote:{word} waits for the entity index"));
                    } else {
                        candidates.retain(|&(d, _)| facts.quotes_word(d, word) == Some(keep_if));
                    }
                }
                ClauseKind::Is(state) => candidates.retain(|&(d, _)| {
                    let hit = match state {
                        State::Unread => !facts.is_read(d),
                        State::Read => facts.is_read(d),
                        State::Tagged => facts.tag_count(d) > 0,
                        State::Untagged => facts.tag_count(d) == 0,
                        State::Noted => facts.has_note(d),
                    };
                    hit == keep_if
                }),
            }
        }

        self.candidates = candidates;
        outcome
    }
}
