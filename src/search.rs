//! Matching typed text against candidates. Every fuzzy match in the app goes through
//! [`fuzzy_score`], so the matcher can be swapped (the search work measures alternatives) in one
//! place.

use std::sync::LazyLock;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// How well `candidate` matches what the user typed (higher is better); `None` if it does not.
/// An empty query matches everything with score 0.
pub fn fuzzy_score(candidate: &str, query: &str) -> Option<i64> {
    if query.trim().is_empty() {
        return Some(0);
    }
    // The matcher folds ASCII case only; fold the rest (Ü, Σ, …) here.
    MATCHER.fuzzy_match(&candidate.to_lowercase(), &query.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_by_omission_and_case_still_match() {
        assert!(fuzzy_score("Crimea annexation", "crim").is_some());
        assert!(fuzzy_score("Zelensky", "zlsk").is_some());
        assert!(fuzzy_score("Überwachung", "über").is_some());
        assert!(fuzzy_score("economy", "xyz").is_none());
        let exact = fuzzy_score("russia", "russia").unwrap();
        let spread = fuzzy_score("r-u-s-s-i-a", "russia").unwrap();
        assert!(exact > spread);
    }
}
