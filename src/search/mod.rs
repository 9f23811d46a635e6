//! Search: the inverted index over titles and bodies, the query language of the search line,
//! ranking, and where matches are in a text (for highlighting). Also the one fuzzy matcher every
//! filter of the app uses ([`fuzzy_score`]), so it can be swapped in one place.

mod expand;
mod facts;
mod highlight;
mod index;
mod intersect;
mod query;
mod rank;
mod run;
mod tokens;

use std::sync::LazyLock;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

pub use facts::StoreFacts;
pub use highlight::match_ranges;
pub(crate) use index::{push_varint, read_varint};
pub use index::{IndexSink, Owner, SearchIndex, WireIndex};
pub use query::{Clause, ClauseKind, DateRange, Query, State, FILTERS};
pub use run::{Facts, NoFacts, Outcome, Searcher};
pub use tokens::{fold, words};

static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(SkimMatcherV2::default);

/// How well `candidate` matches what the user typed (higher is better); `None` if it does not.
/// An empty query matches everything with score 0.
pub fn fuzzy_score(candidate: &str, query: &str) -> Option<i64> {
    if query.trim().is_empty() {
        return Some(0);
    }
    // The matcher folds ASCII case only; fold the rest (Ü, Σ, …) here.
    fuzzy_score_folded(&candidate.to_lowercase(), &query.trim().to_lowercase())
}

/// [`fuzzy_score`] for text already lower-cased (the index's vocabulary): no copies.
pub(crate) fn fuzzy_score_folded(candidate: &str, query: &str) -> Option<i64> {
    MATCHER.fuzzy_match(candidate, query)
}

#[cfg(test)]
mod tests;
