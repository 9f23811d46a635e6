//! Words as search sees them. The index, the query and the highlighter must cut and fold text
//! the same way, or a highlighted word would not be the word that matched; so all three go
//! through [`words`] and [`fold`].

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Words too common to rank or find anything by (34, listed in the tests). Left out of the
/// index (a third of the postings of English news for nothing); a quoted phrase still matches
/// them literally.
pub fn is_stopword(folded: &str) -> bool {
    // Checked for every word of the corpus: a match on literals compiles to length and integer
    // comparisons, where a binary search over the list called memcmp ~5 times a word.
    matches!(
        folded,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "he"
            | "her"
            | "his"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "their"
            | "they"
            | "this"
            | "to"
            | "was"
            | "were"
            | "which"
            | "with"
    )
}

/// The apostrophes news text uses interchangeably: straight, curly right and left, modifier.
const APOSTROPHES: [char; 4] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}'];

/// Whether `word` holds an apostrophe between letters ("O'Malley", "don’t").
pub fn has_apostrophe(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_alphanumeric() && APOSTROPHES.contains(&w[1]) && w[2].is_alphanumeric())
}

/// Every spelling of `phrase` with its apostrophes typed any of the ways in [`APOSTROPHES`], so
/// that a quoted `"don't"` finds `don’t` (and the reverse). Mixed spellings are covered for up
/// to three apostrophes; a longer phrase gets each spelling used throughout.
pub fn apostrophe_variants(phrase: &str) -> Vec<String> {
    let count = phrase.chars().filter(|c| APOSTROPHES.contains(c)).count();
    if count == 0 {
        return vec![phrase.to_string()];
    }
    if count > 3 {
        return APOSTROPHES
            .iter()
            .map(|&a| phrase.replace(APOSTROPHES, a.encode_utf8(&mut [0; 4])))
            .collect();
    }
    let mut out = vec![String::new()];
    for c in phrase.chars() {
        if APOSTROPHES.contains(&c) {
            out = out
                .iter()
                .flat_map(|s| {
                    APOSTROPHES.iter().map(move |&a| {
                        let mut v = s.clone();
                        v.push(a);
                        v
                    })
                })
                .collect();
        } else {
            for s in &mut out {
                s.push(c);
            }
        }
    }
    out
}

/// The words of `text` with their byte ranges: maximal runs of letters and digits (so
/// "Zakharova's" gives "Zakharova" and "s", and "Kyiv-based" gives two words). ASCII bytes are
/// classified without decoding (most of a news corpus; this loop is most of indexing time).
pub fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Whether the character at byte `i` is a word character, and its length in bytes.
    let class = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    };
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (is_word, len) = class(at);
            if is_word {
                break;
            }
            at += len;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let (is_word, len) = class(at);
            if !is_word {
                break;
            }
            at += len;
        }
        Some((start..at, &text[start..at]))
    })
}

/// A word as the index stores it: lower case, accents removed ("São" → "sao", "MÜLLER" →
/// "muller"), so a reader need not type diacritics.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    Cow::Owned(out)
}

/// [`fold`] into a reused buffer (indexing folds every word of the corpus); returns `word`
/// itself, uncopied, when it is folded already.
pub fn fold_with<'a>(word: &'a str, out: &'a mut String) -> &'a str {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return word;
    }
    fold_into(word, out);
    out
}

/// [`fold`] into a reused buffer.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    out.extend(
        word.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const STOPWORDS: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has",
        "have", "he", "her", "his", "in", "is", "it", "its", "of", "on", "or", "that", "the",
        "their", "they", "this", "to", "was", "were", "which", "with",
    ];

    #[test]
    fn stopwords_are_exactly_the_documented_list() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        for word in STOPWORDS {
            assert!(is_stopword(word), "{word}");
        }
        for word in ["zelensky", "thee", "a1", "", "The", "whic"] {
            assert!(!is_stopword(word), "{word}");
        }
    }

    #[test]
    fn words_split_on_punctuation_and_keep_byte_ranges() {
        let text = "Zakharova's “Kyiv-based” São Paulo, 北京 2025!";
        let got: Vec<&str> = words(text).map(|(_, w)| w).collect();
        assert_eq!(
            got,
            [
                "Zakharova",
                "s",
                "Kyiv",
                "based",
                "São",
                "Paulo",
                "北京",
                "2025"
            ]
        );
        for (range, word) in words(text) {
            assert_eq!(&text[range], word);
        }
        assert_eq!(words("  ...  ").count(), 0);
    }

    #[test]
    fn folding_removes_case_and_accents() {
        assert_eq!(fold("MÜLLER"), "muller");
        assert_eq!(fold("São"), "sao");
        assert_eq!(fold("Δελφοί"), "δελφοι");
        assert_eq!(fold("zelensky"), "zelensky");
        assert!(matches!(fold("plain"), Cow::Borrowed(_)));
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    }
}
