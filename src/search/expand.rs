//! What a typed word may mean: the vocabulary words it is a prefix of, those containing its
//! letters in order ("moskalk" → "moskalik"), and those one typo away ("zelenksy" →
//! "zelensky"), each with how well it matches. Runs over the vocabulary (~10⁶ short words at a
//! million articles), never over texts.

use super::index::SearchIndex;
use super::intersect::Expansion;

/// Vocabulary words kept per typed word (the best by match quality, then frequency)…
const EXPANSIONS: usize = 64;
/// …and at most this many postings among them (beyond the best word): keeps a short prefix
/// like "se" from reading a million postings on one keystroke.
const POSTINGS_BUDGET: usize = 600_000;

/// The vocabulary words a typed (folded) word may mean, with how well each matches.
/// 1–2 letters: words starting with them (one letter: in titles only). More: also words
/// containing the letters in order from the same first letter ("moskalk" → "moskalik"), and
/// from 4 letters words one typo away ("zelenksy" → "zelensky").
pub(super) fn expand(index: &SearchIndex, word: &str) -> Vec<Expansion> {
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
        let mut distance = PrefixDistance::new(word);
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
            if typos_allowed && distance.to(term, typos) <= typos {
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

/// The fewest edits (insert, delete, substitute, swap two neighbours) turning a typed word into
/// some prefix of a vocabulary word. Its buffers are reused across the tens of thousands of
/// vocabulary words one keystroke compares (allocating per word was a tenth of a keystroke).
struct PrefixDistance {
    typed: Vec<char>,
    term: Vec<char>,
    /// Three rows of the table over `typed`: two back, one back, and the one being filled.
    rows: [Vec<usize>; 3],
}

impl PrefixDistance {
    fn new(typed: &str) -> Self {
        PrefixDistance {
            typed: typed.chars().collect(),
            term: Vec::new(),
            rows: Default::default(),
        }
    }

    /// The distance to `term`'s closest prefix; stops early once above `limit`.
    fn to(&mut self, term: &str, limit: usize) -> usize {
        let a = &self.typed;
        let b = &mut self.term;
        b.clear();
        b.extend(term.chars().take(a.len() + limit));
        if b.len() + limit < a.len() {
            return limit + 1;
        }
        // Rows over the typed word, columns over the prefix of `term` (optimal string
        // alignment).
        let width = b.len() + 1;
        for row in &mut self.rows {
            row.clear();
            row.resize(width, 0);
        }
        for (j, cell) in self.rows[1].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            // rows[0]: row i - 2, rows[1]: row i - 1, rows[2]: row i.
            let [two_back, one_back, row] = &mut self.rows;
            row[0] = i;
            let mut row_min = row[0];
            for j in 1..width {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (one_back[j] + 1)
                    .min(row[j - 1] + 1)
                    .min(one_back[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(two_back[j - 2] + 1);
                }
                row[j] = best;
                row_min = row_min.min(best);
            }
            if row_min > limit {
                return limit + 1;
            }
            self.rows.rotate_left(1);
        }
        // After the rotation the last row filled is rows[1].
        self.rows[1].iter().copied().min().unwrap_or(limit + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::PrefixDistance;

    #[test]
    fn typos_against_prefixes_of_vocabulary_words() {
        let distance = |typed: &str, term: &str| PrefixDistance::new(typed).to(term, 2);
        assert_eq!(distance("zelensky", "zelensky"), 0);
        assert_eq!(
            distance("zelenksy", "zelensky"),
            1,
            "two neighbours swapped"
        );
        assert_eq!(distance("zelnesky", "zelenskyy"), 1);
        assert_eq!(
            distance("govt", "government"),
            1,
            "a prefix, one substitution"
        );
        assert_eq!(
            distance("moskva", "moscow"),
            3,
            "beyond the limit: limit + 1"
        );
        assert_eq!(distance("über", "uber"), 1, "letters, not bytes");
        assert_eq!(distance("abcdefgh", "ab"), 3, "far too short");
        // One searcher's buffers reused across words of every length give the same answers.
        let mut reused = PrefixDistance::new("kyvi");
        let answers: Vec<usize> = ["kyiv", "k", "kyivska", "kiev", "kyvi"]
            .iter()
            .map(|t| reused.to(t, 1))
            .collect();
        assert_eq!(answers, [1, 2, 1, 2, 0]);
    }

    /// The whole table, written out plainly: what the rolling rows must equal.
    fn full_table(typed: &str, term: &str, limit: usize) -> usize {
        let a: Vec<char> = typed.chars().collect();
        let b: Vec<char> = term.chars().take(a.len() + limit).collect();
        let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (j, cell) in rows[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            rows[i][0] = i;
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (rows[i - 1][j] + 1)
                    .min(rows[i][j - 1] + 1)
                    .min(rows[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(rows[i - 2][j - 2] + 1);
                }
                rows[i][j] = best;
            }
        }
        rows[a.len()]
            .iter()
            .copied()
            .min()
            .unwrap_or(0)
            .min(limit + 1)
    }

    #[test]
    fn rolling_rows_equal_the_whole_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "kyiv",
            "kiev",
            "kyjiv",
            "sanctions",
            "sanctoins",
            "snactions",
            "é",
            "éa",
            "aé",
            "zakharova",
            "zahkarova",
            "gov",
            "government",
        ];
        let mut state = 7u64;
        for typed in words {
            let mut reused = PrefixDistance::new(typed);
            for term in words {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                let limit = 1 + (state >> 62) as usize % 2;
                assert_eq!(
                    reused.to(term, limit),
                    full_table(typed, term, limit),
                    "{typed:?} → {term:?} within {limit}"
                );
            }
        }
    }
}
