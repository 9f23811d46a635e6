//! Words as search sees them. The index, the query and the highlighter must cut and fold text
//! the same way, or a highlighted word would not be the word that matched; so all three go
//! through [`words`] and [`fold`].

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Words too common to rank or find anything by. Left out of the index (a third of the postings
/// of English news for nothing); a quoted phrase still matches them literally.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "they",
    "this", "to", "was", "were", "which", "with",
];

pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

/// The words of `text` with their byte ranges: maximal runs of letters and digits (so
/// "Zakharova's" gives "Zakharova" and "s", and "Kyiv-based" gives two words).
pub fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            rest.next();
        }
        Some((start..end, &text[start..end]))
    })
}

/// A word as the index stores it: lower case, accents removed ("São" → "sao", "MÜLLER" →
/// "muller"), so a reader need not type diacritics. ASCII words (most of them) are not copied
/// unless they have capitals.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(word.to_ascii_lowercase());
        }
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("the"));
        assert!(!is_stopword("zelensky"));
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
