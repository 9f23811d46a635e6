//! Splits a text into words, numbers and punctuation with byte ranges, and marks where sentences
//! and paragraphs begin.
//!
//! Every later rule asks the same questions of a word ("is it capitalised because it is a name, or
//! because a sentence starts here?", "is this full stop the end of a sentence or of `Gen.`?"), so
//! they are answered once here. Ranges always fall on char boundaries because they are only ever
//! taken from `char_indices`.

use super::gazetteer::ABBREVIATIONS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// A possessive ending split off its word: `’s`, `'s`.
    Possessive,
    Punct,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// First char is uppercase (a word) — says nothing yet about being a name.
    pub cap: bool,
    /// Two or more letters, all uppercase: an acronym, or shouting.
    pub all_caps: bool,
    /// Capitalised for a reason other than being a name: first word of a sentence, of a quote,
    /// after a colon, or anywhere in a headline-case paragraph.
    pub forced_cap: bool,
    /// Index of the sentence; sentences never span paragraphs.
    pub sentence: u32,
    pub paragraph: u32,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_opening_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{201E}' | '\u{00AB}' | '(' | '['
    )
}

/// Tokenises `text`. Linear in its length; allocation is one `Vec`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut sentence = 0u32;
    let mut paragraph = 0u32;
    let mut new_sentence = true;
    let mut after_open_mark = false;
    // A body written one paragraph per line (no blank lines) breaks paragraphs at every line.
    let single_breaks = crate::text::paragraph_separator(text) == "\n";
    let mut i = 0;
    while i < n {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                // A line break ends the sentence (headlines, datelines, lists have no stop).
                if !new_sentence {
                    sentence += 1;
                }
                new_sentence = true;
                if single_breaks || (i + 1 < n && chars[i + 1].1 == '\n') {
                    paragraph += 1;
                }
            }
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut j = i + 1;
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphanumeric() || is_combining(cj) {
                    j += 1;
                    continue;
                }
                let next_alnum = j + 1 < n && chars[j + 1].1.is_alphanumeric();
                let joiner = matches!(cj, '-' | '\u{2010}' | '.' | '&')
                    || (numeric && matches!(cj, ',' | ':' | '/'));
                if joiner && next_alnum {
                    j += 1;
                    continue;
                }
                // An Irish surname typed with a space ("O' Leary"): one word, as "O'Leary" is.
                let irish = is_apostrophe(cj)
                    && &text[b..byte_at(j)] == "O"
                    && j + 2 < n
                    && chars[j + 1].1 == ' '
                    && chars[j + 2].1.is_uppercase();
                if irish {
                    j += 2;
                    continue;
                }
                if is_apostrophe(cj) && next_alnum {
                    // `’s` at the end of a word is a possessive, not part of the name.
                    let s_end = j + 2 >= n || !chars[j + 2].1.is_alphanumeric();
                    if matches!(chars[j + 1].1, 's' | 'S') && s_end {
                        break;
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            // A full stop belongs to an abbreviation: `Gen.`, `U.S.`, `Inc.`, initials.
            let word = &text[b..byte_at(j)];
            let mut abbrev = false;
            if j < n && chars[j].1 == '.' && !numeric {
                let single = word.chars().count() == 1 && c.is_uppercase();
                // Initialisms: single letters joined by stops ("U.S", "D.C"), not "Antiwar.com".
                let initialism = word.split('.').all(|p| p.chars().count() == 1);
                if single || initialism || ABBREVIATIONS.contains(word) {
                    j += 1;
                    abbrev = true;
                }
            }
            let end = byte_at(j);
            let cap = c.is_uppercase();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let all_caps = letters >= 2 && !word.chars().any(|c| c.is_lowercase());
            tokens.push(Token {
                start: b,
                end,
                kind: if numeric { Kind::Number } else { Kind::Word },
                cap,
                all_caps,
                forced_cap: new_sentence || after_open_mark,
                sentence,
                paragraph,
            });
            new_sentence = false;
            after_open_mark = false;
            // A title abbreviation (`Gen.`) does not end a sentence; an initialism at the end
            // of a sentence (`in the U.S.`) usually does, but the next word decides nothing
            // reliable, so keep the sentence open.
            let _ = abbrev;
            i = j;
            continue;
        }
        if is_apostrophe(c) && i + 1 < n && matches!(chars[i + 1].1, 's' | 'S') {
            let s_end = i + 2 >= n || !chars[i + 2].1.is_alphanumeric();
            let after_word = tokens.last().is_some_and(|t| t.end == b);
            if s_end && after_word {
                tokens.push(Token {
                    start: b,
                    end: byte_at(i + 2),
                    kind: Kind::Possessive,
                    cap: false,
                    all_caps: false,
                    forced_cap: false,
                    sentence,
                    paragraph,
                });
                i += 2;
                continue;
            }
        }
        tokens.push(Token {
            start: b,
            end: byte_at(i + 1),
            kind: Kind::Punct,
            cap: false,
            all_caps: false,
            forced_cap: false,
            sentence,
            paragraph,
        });
        match c {
            '.' | '!' | '?' | '\u{2026}' => {
                if !new_sentence {
                    sentence += 1;
                }
                new_sentence = true;
            }
            ':' => after_open_mark = true,
            _ if is_opening_mark(c) => after_open_mark = true,
            _ => {}
        }
        i += 1;
    }
    mark_headlines(text, &mut tokens);
    tokens
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A paragraph without a final stop whose longer words are mostly capitalised is a headline:
/// its capitals say nothing about names.
fn mark_headlines(text: &str, tokens: &mut [Token]) {
    let mut start = 0;
    while start < tokens.len() {
        let para = tokens[start].paragraph;
        let mut end = start;
        while end < tokens.len() && tokens[end].paragraph == para {
            end += 1;
        }
        let slice = &tokens[start..end];
        let long: Vec<&Token> = slice
            .iter()
            .filter(|t| t.kind == Kind::Word && t.text(text).chars().count() > 3)
            .collect();
        let caps = long.iter().filter(|t| t.cap).count();
        let shouting = long.len() >= 3 && long.iter().all(|t| t.all_caps);
        let ends_with_stop = slice
            .iter()
            .rev()
            .find(|t| t.kind != Kind::Punct || !is_closing(t.text(text)))
            .is_some_and(|t| matches!(t.text(text), "." | "!" | "?"));
        if shouting || (long.len() >= 3 && caps * 10 >= long.len() * 7 && !ends_with_stop) {
            for t in &mut tokens[start..end] {
                t.forced_cap = true;
            }
        }
        start = end;
    }
}

fn is_closing(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "\u{201D}" | "\u{2019}" | ")" | "]" | "\u{00BB}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn abbreviations_possessives_and_hyphens() {
        let text = "Lt. Gen. Moskalik met U.S. envoys in Rostov-on-Don; Trump’s aide didn’t.";
        assert_eq!(
            words(text),
            [
                "Lt.",
                "Gen.",
                "Moskalik",
                "met",
                "U.S.",
                "envoys",
                "in",
                "Rostov-on-Don",
                ";",
                "Trump",
                "’s",
                "aide",
                "didn’t",
                "."
            ]
        );
    }

    #[test]
    fn an_irish_surname_typed_with_a_space_is_one_word() {
        assert_eq!(
            words("Michael O’ Leary met Siobhán O'Brien and O' Neill; the O' ring."),
            [
                "Michael",
                "O’ Leary",
                "met",
                "Siobhán",
                "O'Brien",
                "and",
                "O' Neill",
                ";",
                "the",
                "O",
                "'",
                "ring",
                "."
            ]
        );
    }

    #[test]
    fn sentences_and_forced_capitals() {
        let text = "He left. The end\n\nNew para: Next";
        let t = tokenize(text);
        assert!(t[0].forced_cap && !t[1].forced_cap);
        assert!(t[3].forced_cap, "first word after a stop");
        assert_eq!(t[3].sentence, 1);
        assert!(t[5].paragraph == 1 && t[5].forced_cap);
        assert!(t[8].forced_cap, "after a colon");
    }

    #[test]
    fn non_ascii_ranges_are_char_boundaries() {
        let text = "Zoë Ünal said 東京 is 😀 big, e\u{301}tude «ok»";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }
}
