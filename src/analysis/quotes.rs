//! Quoted spans: which marks open and close, and what kind of quote they make.
//!
//! News mixes curly and straight marks, and uses the same character (’ or ') as apostrophe and
//! closing single quote, so a mark's role is decided by its neighbours, not its code point.
//! Marks are matched per paragraph with one level of nesting (‘…’ inside “…”); a paragraph that
//! ends inside a quote continues it only if the next paragraph re-opens with a mark, which is
//! how news typesets a quote running over several paragraphs. An unterminated quote is dropped
//! rather than guessed: a wrong span coloured over half an article is worse than none.
//!
//! Archives and other languages' typography mark quotes in more ways: doubled apostrophes
//! (`''…''`, and TeX's ``` ``…'' ```) stand for a double mark, „low-high“ and «guillemets» open
//! and close as a pair, ‹…› is a single quote. Handles, hashtags and links in quote marks are
//! tweet markup, not anyone's words.

use std::ops::Range;

use super::gazetteer;
use super::tokens::{Kind, Token};
use super::{Quote, QuoteKind};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    OpenDouble,
    CloseDouble,
    OpenSingle,
    CloseSingle,
}

fn is_open_context(prev: Option<char>) -> bool {
    prev.is_none_or(|p| {
        p.is_whitespace()
            || matches!(
                p,
                '(' | '['
                    | '{'
                    | '\u{2014}'
                    | '\u{2013}'
                    | '-'
                    | '/'
                    | '\u{201C}'
                    | '"'
                    | '\u{2018}'
            )
    })
}

fn classify(
    prev: Option<char>,
    c: char,
    next: Option<char>,
    double_open: bool,
    single_open: bool,
    low_open: bool,
) -> Option<Mark> {
    let next_word = next.is_some_and(|n| !n.is_whitespace());
    let next_alnum = next.is_some_and(char::is_alphanumeric);
    let prev_word = prev.is_some_and(|p| !p.is_whitespace());
    let prev_alnum = prev.is_some_and(char::is_alphanumeric);
    match c {
        // „…“ closes with the mark that opens elsewhere; a mistyped “ after a word and before a
        // space closes an open quote (`decision.“ However`).
        '\u{201C}' if double_open && low_open && prev_word => Some(Mark::CloseDouble),
        '\u{201C}' if double_open && prev_word && next.is_none_or(char::is_whitespace) => {
            Some(Mark::CloseDouble)
        }
        '\u{2039}' => Some(Mark::OpenSingle),
        '\u{203A}' if single_open => Some(Mark::CloseSingle),
        '\u{201C}' | '\u{201E}' | '\u{00AB}' => Some(Mark::OpenDouble),
        '\u{201D}' | '\u{00BB}' => Some(Mark::CloseDouble),
        '"' => {
            if !double_open {
                next_word.then_some(Mark::OpenDouble)
            } else if is_open_context(prev) && next_alnum && !prev_word {
                // A second opener while one is open: the earlier one was never closed.
                Some(Mark::OpenDouble)
            } else {
                Some(Mark::CloseDouble)
            }
        }
        '\u{2018}' => Some(Mark::OpenSingle),
        '\u{2019}' | '\'' => {
            if prev_alnum && next_alnum {
                return None; // don’t, Ng’ang’a
            }
            if single_open && prev_word && !next_alnum {
                return Some(Mark::CloseSingle);
            }
            if is_open_context(prev) && next_alnum && c == '\'' {
                return Some(Mark::OpenSingle);
            }
            // ’90s, rock ’n’ roll, students’ — apostrophes.
            None
        }
        _ => None,
    }
}

/// Whether the first double mark in the next paragraph closes a quote: speech that runs on over
/// a paragraph break without the conventional re-opening mark.
fn closes_first(rest: &str, sep: &str) -> bool {
    let para = rest.split(sep).next().unwrap_or("");
    let mut prev: Option<char> = None;
    let mut chars = para.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\u{201D}' | '\u{00BB}' => return true,
            '\u{201C}' | '\u{00AB}' | '\u{201E}' => return false,
            '"' => {
                let next_free = next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation());
                return prev.is_some_and(|p| !p.is_whitespace()) && next_free;
            }
            _ => {}
        }
        prev = Some(c);
    }
    false
}

/// Finds every quoted span, sorted by start. Speakers are filled in later.
pub fn find(text: &str, tokens: &[Token]) -> Vec<Quote> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut introduced = false;
    let mut chars = text.char_indices().peekable();
    let mut low_open = false;
    let sep = crate::text::paragraph_separator(text);
    while let Some((b, c)) = chars.next() {
        let mut next = chars.peek().map(|&(_, n)| n);
        // `''` and ``` `` ``` stand for one double mark: classify them as `"` (or “ for the
        // backticks) and step over the second character.
        let mut c = c;
        let mut width = c.len_utf8();
        if (c == '\'' || c == '`') && next == Some(c) {
            chars.next();
            next = chars.peek().map(|&(_, n)| n);
            c = if c == '`' { '\u{201C}' } else { '"' };
            width = 2;
        }
        if c == '\n' && (sep == "\n" || next == Some('\n')) {
            // Paragraph break: a quote continues only if the next paragraph re-opens it.
            single = None;
            if double.is_some() {
                let rest = text.get(b..).unwrap_or("").trim_start();
                let reopens = rest.starts_with(['\u{201C}', '"', '\u{00AB}', '\u{201E}'])
                    || rest.starts_with("''")
                    || rest.starts_with("``");
                if reopens {
                    // Skip to the re-opening mark so it is not taken as a new quote.
                    while let Some(&(_, n)) = chars.peek() {
                        chars.next();
                        if !n.is_whitespace() {
                            break;
                        }
                    }
                    prev = Some(' ');
                    continue;
                }
                if !closes_first(rest, sep) {
                    // Unterminated: speech introduced by "said," or a colon runs to the end of
                    // its paragraph; anything else is a stray mark.
                    if let Some(s) = double.take().filter(|_| introduced) {
                        spans.push(s..b);
                    }
                }
            }
            prev = Some(c);
            continue;
        }
        if let Some(mark) = classify(prev, c, next, double.is_some(), single.is_some(), low_open) {
            let end = b + width;
            match mark {
                Mark::OpenDouble => {
                    single = None;
                    double = Some(b);
                    low_open = c == '\u{201E}';
                    let before = text.get(..b).unwrap_or("").trim_end();
                    introduced = before.ends_with([',', ':']);
                }
                Mark::CloseDouble => {
                    if let Some(s) = double.take() {
                        spans.push(s..end);
                    }
                    single = None;
                }
                Mark::OpenSingle => single = Some(b),
                Mark::CloseSingle => {
                    if let Some(s) = single.take() {
                        spans.push(s..end);
                    }
                }
            }
        }
        prev = Some(c);
    }
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // Sorted by start, outer before inner: a span ending inside the last outer one is nested.
    let mut outer_end = 0;
    spans
        .into_iter()
        .filter(|r| {
            text.get(r.start..r.end)
                .is_some_and(|s| s.chars().any(char::is_alphanumeric) && !is_tweet_markup(s))
        })
        .map(|range| {
            // A quotation inside someone's quoted words is theirs to cite, not speech of its
            // own: ‘no cards to play’ inside Trump's quote has no speaker of its own.
            let nested = range.end <= outer_end;
            outer_end = outer_end.max(range.end);
            Quote {
                kind: if nested {
                    QuoteKind::Other
                } else {
                    kind_of(text, tokens, &range)
                },
                range,
                speaker: None,
                cue: None,
                evidence: None,
                attribution: None,
                source: super::Source::Machine,
            }
        })
        .collect()
}

/// `"@handle"`, `'#hashtag'`, `"pic.twitter.com/…"`: a quoted span that opens with a handle or
/// hashtag, or whose words are all handles, hashtags and links.
fn is_tweet_markup(span: &str) -> bool {
    let inner = span.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#');
    let tag = |w: &str| {
        let mut cs = w.chars();
        matches!(cs.next(), Some('@' | '#'))
            && cs.next().is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let link = |w: &str| {
        w.starts_with("http") || w.starts_with("pic.twitter.com") || w.starts_with("www.")
    };
    inner.split_whitespace().next().is_some_and(tag)
        || inner.split_whitespace().all(|w| tag(w) || link(w))
}

/// Direct: the quote is a clause of its own (opens a sentence or follows a colon or comma after a
/// speech verb). Partial: a fragment running inside the writer's sentence. Other: short, title-
/// cased or cue-less fragments — scare quotes and names of things.
fn kind_of(text: &str, tokens: &[Token], range: &Range<usize>) -> QuoteKind {
    let first = tokens.partition_point(|t| t.end <= range.start);
    let inner: Vec<&Token> = tokens[first..]
        .iter()
        .take_while(|t| t.start < range.end)
        .filter(|t| t.kind == Kind::Word || t.kind == Kind::Number)
        .collect();
    let words = inner.len();
    let before = text.get(..range.start).unwrap_or("").trim_end();
    let prev_char = before.chars().last();
    let clause_start = prev_char
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '\u{2014}'))
        || before.ends_with("\n");
    let inside = text.get(range.clone()).unwrap_or("");
    let ends_sentence = inside
        .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', '\u{00BB}'])
        .ends_with(['.', ',', '!', '?', '\u{2026}']);
    let after_comma = prev_char == Some(',') && speech_before(text, tokens, range.start);
    let attributed_after = ends_sentence && speech_after(text, tokens, range.end);
    // `said that “I don't think anyone …”`: a whole capitalised sentence after a speech verb.
    let whole_sentence = words >= 5
        && ends_sentence
        && inner.first().is_some_and(|t| t.cap)
        && speech_before(text, tokens, range.start);
    if clause_start || after_comma || attributed_after || whole_sentence {
        if words >= 3 || ends_sentence {
            return QuoteKind::Direct;
        }
        return QuoteKind::Other;
    }
    // Titles of works and names of things are title-cased: every word capitalised but the
    // short function words ("Photographs and Prints from the University Collection").
    let titled = inner.iter().all(|t| {
        t.cap
            || t.kind == Kind::Number
            || t.text(text).len() <= 3
            || is_title_function_word(t.text(text))
    });
    if words <= 12 && titled {
        return QuoteKind::Other;
    }
    if words <= 2 && !speech_in_sentence(text, tokens, range) {
        return QuoteKind::Other;
    }
    QuoteKind::Partial
}

/// Lower-case words longer than three letters that titles keep lower-case.
fn is_title_function_word(word: &str) -> bool {
    matches!(
        word,
        "from" | "with" | "into" | "onto" | "over" | "upon" | "than" | "about" | "after" | "under"
    )
}

fn speech_before(text: &str, tokens: &[Token], at: usize) -> bool {
    let i = tokens.partition_point(|t| t.start < at);
    tokens[..i]
        .iter()
        .rev()
        .take(4)
        .any(|t| gazetteer::is_speech_verb(t.text(text)))
}

/// `“…,” she said`, `“…,” said Zoë Ünal`: a speech verb within a few words after the quote.
fn speech_after(text: &str, tokens: &[Token], at: usize) -> bool {
    let i = tokens.partition_point(|t| t.start < at);
    let para = tokens.get(i.saturating_sub(1)).map(|t| t.paragraph);
    tokens[i..]
        .iter()
        .take(5)
        .take_while(|t| Some(t.paragraph) == para)
        .take_while(|t| !matches!(t.text(text), "." | "!" | "?" | "\u{201C}" | "\""))
        .any(|t| !t.cap && gazetteer::is_speech_verb(t.text(text)))
}

fn speech_in_sentence(text: &str, tokens: &[Token], range: &Range<usize>) -> bool {
    let i = tokens.partition_point(|t| t.start < range.start);
    let Some(first) = tokens.get(i) else {
        return false;
    };
    // Within the sentence, and within a window so that a sentence of thousands of quotes stays
    // linear.
    let a = tokens[..i]
        .partition_point(|t| t.sentence < first.sentence)
        .max(i.saturating_sub(60));
    tokens[a..]
        .iter()
        .take(120)
        .take_while(|t| t.sentence <= first.sentence + 3)
        .filter(|t| t.sentence == first.sentence && (t.end <= range.start || t.start >= range.end))
        .any(|t| gazetteer::is_speech_verb(t.text(text)) || t.text(text) == "according")
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn quotes(text: &str) -> Vec<(String, QuoteKind)> {
        find(text, &tokenize(text))
            .into_iter()
            .map(|q| (text[q.range].to_string(), q.kind))
            .collect()
    }

    #[test]
    fn straight_and_curly_marks() {
        let got = quotes("He said: \"We will win.\" The so-called 'peace plan' failed, didn't it?");
        assert_eq!(got[0], ("\"We will win.\"".into(), QuoteKind::Direct));
        assert_eq!(got[1].0, "'peace plan'");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn doubled_apostrophes_low_high_marks_and_guillemets_are_quotes() {
        let got = quotes("He said reading ''makes me smart,'' and left. ''It works,'' she added.");
        assert_eq!(got[0], ("''makes me smart,''".into(), QuoteKind::Partial));
        assert_eq!(got[1], ("''It works,''".into(), QuoteKind::Direct));
        let got = quotes("Er sagte: „Wir kommen“, und ging. Elle a dit : « Nous partons. »");
        assert_eq!(got[0].0, "„Wir kommen“");
        assert_eq!(got[1].0, "« Nous partons. »");
        let got = quotes("The sign read ‹no entry› at the gate, and ``we stayed out,'' he said.");
        assert_eq!(got[0].0, "‹no entry›");
        assert_eq!(got[1].0, "``we stayed out,''");
    }

    #[test]
    fn handles_and_hashtags_are_not_quotes() {
        let got =
            quotes("Fans wrote \"@marlow_fc\" and '#GoBlue' all day; see \"pic.twitter.com/x1\".");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quotes("Trump’s envoy and the students’ union in the ’90s didn’t.").is_empty());
    }

    #[test]
    fn unterminated_quote_is_dropped() {
        assert!(quotes("“This never closes.\n\nNext paragraph.").is_empty());
    }

    #[test]
    fn kinds() {
        let got = quotes("She called it a “terrorist attack” and said the plan was “a clear and present danger to us.”");
        assert_eq!(got[0].1, QuoteKind::Partial);
        assert_eq!(got[1].1, QuoteKind::Partial);
        let got = quotes("The film “Blown for Good” was shown.");
        assert_eq!(got[0].1, QuoteKind::Other);
        let got = quotes("She curated “Andy Warhol: Photographs and Prints from the University Collection” in 2014.");
        assert_eq!(got[0].1, QuoteKind::Other, "a long title is still a title");
        let got = quotes("“We are close, but the man with ‘no cards to play’ should go,” he said.");
        assert_eq!(got[0].1, QuoteKind::Direct);
        assert_eq!(
            got[1],
            ("‘no cards to play’".into(), QuoteKind::Other),
            "nested quotes are cited, not spoken"
        );
    }
}
