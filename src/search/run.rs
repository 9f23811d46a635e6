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

use super::index::{SearchIndex, IN_TITLE};
use super::query::{ClauseKind, Query, State, MAX_CLAUSES};
use super::tokens::{apostrophe_variants, fold, has_apostrophe, words};
use crate::model::Article;

/// Vocabulary words kept per typed word (the best by match quality, then frequency)…
const EXPANSIONS: usize = 64;
/// …and at most this many postings among them (beyond the best word): keeps a short prefix
/// like "se" from reading a million postings on one keystroke.
const POSTINGS_BUDGET: usize = 600_000;
const TITLE_BOOST: f32 = 2.0;

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

/// A vocabulary word a typed word may mean.
#[derive(Clone, Copy, Debug)]
struct Expansion {
    term: usize,
    weight: f32,
    /// Read the title postings only (one-letter words).
    titles_only: bool,
}

/// Scratch space reused between queries (one keystroke must not allocate per article).
#[derive(Default)]
pub struct Searcher {
    total: Vec<f32>,
    current: Vec<f32>,
    /// How many typed words each article has matched so far in this query.
    matched: Vec<u16>,
}

impl Searcher {
    pub fn run(
        &mut self,
        index: &SearchIndex,
        articles: &[Article],
        query: &Query,
        facts: &dyn Facts,
    ) -> Outcome {
        let n = articles.len().min(index.len());
        for buffer in [&mut self.total, &mut self.current] {
            buffer.clear();
            buffer.resize(n, 0.0);
        }
        self.matched.clear();
        self.matched.resize(n, 0);
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
        let mut expansions: Vec<Vec<Expansion>> = wanted.iter().map(|w| expand(index, w)).collect();
        // Phrases' own words narrow the candidates exactly (stopwords are not indexed, and a
        // phrase of stopwords only is checked on every article).
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
        // Cheapest word first: fewer candidates to carry through the intersection.
        expansions.sort_by_key(|e| e.iter().map(|x| index.df(x.term)).sum::<usize>());

        let mut candidates: Vec<usize> = if expansions.is_empty() {
            (0..n).collect()
        } else {
            self.intersect(index, &expansions, n)
        };
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
                    candidates.retain(|&d| excluded.binary_search(&(d as u32)).is_err());
                }
                ClauseKind::Word(w) if has_apostrophe(w) => {
                    if let Ok(finder) = AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .build(apostrophe_variants(w))
                    {
                        candidates.retain(|&d| {
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
                        candidates.retain(|&d| {
                            let a = &articles[d];
                            let found =
                                finder.is_match(a.body.as_str()) || finder.is_match(&a.title);
                            found == keep_if
                        });
                    }
                }
                ClauseKind::Tag(tag) => candidates.retain(|&d| facts.has_tag(d, tag) == keep_if),
                ClauseKind::Code(code) => {
                    candidates.retain(|&d| facts.has_code(d, code) == keep_if)
                }
                ClauseKind::Author(name) => {
                    let name = fold(name).into_owned();
                    candidates.retain(|&d| {
                        let hit = articles[d].authors.iter().any(|a| fold(a).contains(&name));
                        hit == keep_if
                    });
                }
                ClauseKind::Outlet(name) => {
                    let name = fold(name).into_owned();
                    candidates.retain(|&d| {
                        let hit = articles[d]
                            .outlet
                            .as_deref()
                            .is_some_and(|o| fold(o).contains(&name));
                        hit == keep_if
                    });
                }
                ClauseKind::Date(range) => candidates.retain(|&d| {
                    let hit = articles[d]
                        .date
                        .as_deref()
                        .is_some_and(|date| range.contains(date));
                    hit == keep_if
                }),
                ClauseKind::Who(name) => match facts.naming(name) {
                    Some(docs) => {
                        candidates.retain(|d| docs.binary_search(d).is_ok() == keep_if);
                    }
                    None => outcome
                        .messages
                        .push(format!("who:{name} waits for the entity index")),
                },
                ClauseKind::Said(name) => match facts.quoting(name) {
                    Some(docs) => {
                        candidates.retain(|d| docs.binary_search(d).is_ok() == keep_if);
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
                        candidates.retain(|&d| facts.quotes_word(d, word) == Some(keep_if));
                    }
                }
                ClauseKind::Is(state) => candidates.retain(|&d| {
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

        // Best first; equal scores keep corpus order (newest first). Sorted as one integer per
        // hit (score, then article) rather than by a comparison of pairs: at a million
        // articles a two-letter word has 700,000 hits, sorted on every keystroke.
        let mut keys: Vec<u64> = candidates
            .iter()
            .map(|&d| rank_key(self.total[d], d))
            .collect();
        keys.sort_unstable();
        outcome.hits = keys
            .into_iter()
            .map(|key| {
                let d = (key & u64::from(u32::MAX)) as usize;
                (d, self.total[d])
            })
            .collect();
        outcome
    }

    /// Articles matching every typed word, with `total` holding their scores.
    fn intersect(
        &mut self,
        index: &SearchIndex,
        expansions: &[Vec<Expansion>],
        n: usize,
    ) -> Vec<usize> {
        let mut survivors: Vec<usize> = Vec::new();
        let mut first_seen: Vec<usize> = Vec::new();
        for (round, expansion) in expansions.iter().enumerate() {
            let round = round as u16;
            let mut reached: Vec<usize> = Vec::new();
            for x in expansion {
                let idf = index.idf(x.term) * x.weight;
                let mut visit = |doc: u32, count: u8| {
                    let d = doc as usize;
                    if d >= n {
                        return;
                    }
                    let m = self.matched[d];
                    if m == round {
                        self.matched[d] = round + 1;
                        reached.push(d);
                    } else if m != round + 1 {
                        return;
                    }
                    let mut score = index.bm25(idf, doc, count);
                    if count & IN_TITLE != 0 {
                        score *= TITLE_BOOST;
                    }
                    if score > self.current[d] {
                        self.current[d] = score;
                    }
                };
                if x.titles_only {
                    for doc in index.title_postings(x.term) {
                        visit(doc, 1 | IN_TITLE);
                    }
                } else {
                    for (doc, count) in index.postings(x.term) {
                        visit(doc, count);
                    }
                }
            }
            for &d in &reached {
                self.total[d] += self.current[d];
                self.current[d] = 0.0;
            }
            if round == 0 {
                first_seen.clone_from(&reached);
            }
            survivors = reached;
        }
        // Leave the scratch clean for the next query (everything touched was in round 0).
        for &d in &first_seen {
            self.matched[d] = 0;
        }
        survivors.sort_unstable();
        survivors
    }
}

/// A hit's place in the ranking as one integer, smallest first: the score descending (in
/// `f32::total_cmp`'s order), then the article ascending. Articles are numbered in 32 bits, as
/// the postings number them.
fn rank_key(score: f32, doc: usize) -> u64 {
    let bits = score.to_bits();
    // Flip so that unsigned order is total_cmp's order: negatives reversed, below positives.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    (u64::from(!ascending) << 32) | (doc as u64 & u64::from(u32::MAX))
}

/// The vocabulary words a typed (folded) word may mean, with how well each matches.
/// 1–2 letters: words starting with them (one letter: in titles only). More: also words
/// containing the letters in order from the same first letter ("moskalk" → "moskalik"), and
/// from 4 letters words one typo away ("zelenksy" → "zelensky").
fn expand(index: &SearchIndex, word: &str) -> Vec<Expansion> {
    let Some(first) = word.chars().next() else {
        return Vec::new();
    };
    let typed = word.chars().count();
    let mut found: Vec<(usize, f32)> = Vec::new();
    let prefix = index.prefix_range(word);
    for t in prefix.clone() {
        let len = index.terms[t].chars().count().max(1);
        let weight = if len == typed {
            1.0
        } else {
            0.6 + 0.3 * typed as f32 / len as f32
        };
        found.push((t, weight));
    }
    if typed >= 3 {
        let mut buf = [0u8; 4];
        let bucket = index.prefix_range(first.encode_utf8(&mut buf));
        let perfect = super::fuzzy_score_folded(word, word).unwrap_or(1).max(1) as f32;
        let typos = if typed >= 8 { 2 } else { 1 };
        // A word that exists as typed was not mistyped ("boeing" must not find "being").
        let typos_allowed = typed >= 4 && index.term(word).is_none();
        for t in bucket {
            if prefix.contains(&t) {
                continue;
            }
            let term = &index.terms[t];
            // Letters left out, not a different word: "moskalk" → "moskalik", but not
            // "boeing" → "bookkeeping".
            let close_in_length = term.chars().count() <= typed + 1 + typed / 4;
            if close_in_length && is_subsequence(word.as_bytes(), term.as_bytes()) {
                if let Some(score) = super::fuzzy_score_folded(term, word) {
                    let quality = (score as f32 / perfect).clamp(0.0, 1.0);
                    found.push((t, 0.35 + 0.25 * quality));
                    continue;
                }
            }
            if typos_allowed && prefix_distance(word, term, typos) <= typos {
                found.push((t, 0.4));
            }
        }
    }
    found.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| index.df(b.0).cmp(&index.df(a.0)))
    });
    found.truncate(EXPANSIONS);
    let mut budget = 0;
    let mut kept = Vec::with_capacity(found.len());
    for (i, (term, weight)) in found.into_iter().enumerate() {
        budget += index.df(term);
        if i > 0 && budget > POSTINGS_BUDGET {
            break;
        }
        kept.push(Expansion {
            term,
            weight,
            titles_only: typed == 1,
        });
    }
    kept
}

fn is_subsequence(needle: &[u8], haystack: &[u8]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|n| rest.any(|h| h == n))
}

/// The fewest edits (insert, delete, substitute, swap two neighbours) turning `typed` into some
/// prefix of `term`; stops early once above `limit`.
fn prefix_distance(typed: &str, term: &str, limit: usize) -> usize {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = term.chars().take(a.len() + limit).collect();
    if b.len() + limit < a.len() {
        return limit + 1;
    }
    // Rows over `typed`, columns over the prefix of `term` (optimal string alignment).
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        let mut row_min = rows[i][0];
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return limit + 1;
        }
    }
    rows[a.len()].iter().copied().min().unwrap_or(limit + 1)
}

#[cfg(test)]
mod tests {
    use super::rank_key;

    #[test]
    fn ranking_by_one_integer_is_best_score_first_then_corpus_order() {
        let scores = [
            0.0,
            -0.0,
            1.5,
            1.5,
            -2.0,
            f32::INFINITY,
            f32::MIN_POSITIVE,
            3.25,
            f32::NAN,
            7.0e-3,
            -f32::INFINITY,
            3.25,
        ];
        let mut by_pairs: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
        by_pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut by_keys: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
        by_keys.sort_by_key(|&(d, score)| rank_key(score, d));
        let order = |v: &[(usize, f32)]| v.iter().map(|h| h.0).collect::<Vec<_>>();
        assert_eq!(order(&by_keys), order(&by_pairs));
        // Ties keep the corpus order: the two 3.25s and the two 1.5s.
        let ranked = order(&by_keys);
        let at = |d: usize| ranked.iter().position(|&x| x == d).expect("ranked");
        assert!(at(7) < at(11) && at(2) < at(3), "{ranked:?}");
    }
}
