//! The reader pane's content as lines for a given width: header block, then the body wrapped
//! paragraph by paragraph. Body lines keep byte ranges into the article body (not copies), so
//! later layers (entity and quote highlighting, search matches) can style exact spans.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::model::Article;
use crate::text::sanitize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderLine {
    Title(String),
    Meta(String),
    /// The article's tags, shown as badges under the header.
    Tags(Vec<String>),
    /// A line of the reader's own note on the article.
    Note(String),
    Rule,
    Blank,
    /// Words of the body (byte ranges into `Article::body`), shown separated by one space.
    Body(Vec<Range<usize>>),
}

/// Display width of text as it will be drawn (after sanitising).
pub fn display_width(s: &str) -> usize {
    sanitize(s).width()
}

/// Lays out an article, with its tags and note from the store, for a pane `width` columns wide.
pub fn layout_article(
    article: &Article,
    tags: &[String],
    note: &str,
    width: usize,
) -> Vec<ReaderLine> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for range in wrap(&article.title, width) {
        lines.push(ReaderLine::Title(join_words(&article.title, &range)));
    }
    let meta = meta_line(article);
    if !meta.is_empty() {
        for range in wrap(&meta, width) {
            lines.push(ReaderLine::Meta(join_words(&meta, &range)));
        }
    }
    if !tags.is_empty() {
        lines.push(ReaderLine::Tags(
            tags.iter().map(|t| sanitize(t).into_owned()).collect(),
        ));
    }
    // The note: a pen on its first line, continuation lines indented under it.
    let mut prefix = "✎ ";
    for note_line in note.lines() {
        let ranges = wrap(note_line, width.saturating_sub(2).max(1));
        if ranges.is_empty() {
            lines.push(ReaderLine::Note(prefix.trim_end().to_string()));
        }
        for range in ranges {
            lines.push(ReaderLine::Note(format!(
                "{prefix}{}",
                join_words(note_line, &range)
            )));
            prefix = "  ";
        }
        prefix = "  ";
    }
    lines.push(ReaderLine::Rule);
    for (offset, para) in article.paragraphs() {
        if lines.len() > 1 && !matches!(lines.last(), Some(ReaderLine::Rule)) {
            lines.push(ReaderLine::Blank);
        }
        for words in wrap(para, width) {
            let shifted = words
                .into_iter()
                .map(|r| r.start + offset..r.end + offset)
                .collect();
            lines.push(ReaderLine::Body(shifted));
        }
    }
    lines
}

/// "2025-04-26 · Kyle Anzalone · Antiwar.com"
pub fn meta_line(article: &Article) -> String {
    [
        article.date.clone(),
        article.byline(),
        article.outlet.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

fn join_words(text: &str, words: &[Range<usize>]) -> String {
    words
        .iter()
        .map(|r| sanitize(&text[r.clone()]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Greedy word wrap by display width. Returns, per line, the byte ranges of its words. A word
/// wider than the line is split between characters.
pub fn wrap(text: &str, width: usize) -> Vec<Vec<Range<usize>>> {
    let mut lines: Vec<Vec<Range<usize>>> = Vec::new();
    let mut current: Vec<Range<usize>> = Vec::new();
    let mut used = 0usize;
    for word in words(text) {
        let mut word = word;
        let mut word_width = display_width(&text[word.clone()]);
        loop {
            let needed = if current.is_empty() {
                word_width
            } else {
                used + 1 + word_width
            };
            if needed <= width {
                used = needed;
                current.push(word);
                break;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                used = 0;
                continue;
            }
            // Alone on a line and still too wide: take as many characters as fit.
            let (head, tail) = split_at_width(text, word.clone(), width);
            lines.push(vec![head]);
            word = tail;
            word_width = display_width(&text[word.clone()]);
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                start = None;
                Some(s..i)
            }
            (false, None) => {
                start = Some(i);
                None
            }
            _ => None,
        })
}

/// Splits `range` of `text` where its display width would pass `width` (at least one character
/// goes to the head, so a double-width character on a 1-column pane still makes progress).
fn split_at_width(text: &str, range: Range<usize>, width: usize) -> (Range<usize>, Range<usize>) {
    let mut used = 0;
    for (i, c) in text[range.clone()].char_indices() {
        let mut buf = [0u8; 4];
        let w = display_width(c.encode_utf8(&mut buf));
        if used + w > width && i > 0 {
            let cut = range.start + i;
            return (range.start..cut, cut..range.end);
        }
        used += w;
    }
    (range.clone(), range.end..range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, width: usize) -> Vec<String> {
        wrap(text, width)
            .iter()
            .map(|l| join_words(text, l))
            .collect()
    }

    #[test]
    fn wraps_by_display_width_not_bytes() {
        assert_eq!(texts("Zoë és Ádám ment", 8), vec!["Zoë és", "Ádám", "ment"]);
        // CJK characters are two columns wide.
        assert_eq!(texts("北京 上海市 東京", 6), vec!["北京", "上海市", "東京"]);
        assert_eq!(texts("a\tb  c", 10), vec!["a b c"]);
    }

    #[test]
    fn over_long_words_are_split_and_nothing_is_lost() {
        let long = "x".repeat(25);
        let lines = texts(&long, 10);
        assert_eq!(lines, vec!["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
        assert_eq!(texts("🎉🎉🎉", 1).len(), 3);
    }

    #[test]
    fn control_characters_count_as_their_visible_form() {
        // ESC is drawn as ␛ (one column), so the word fits in 3 columns.
        assert_eq!(texts("a\u{1b}b", 3), vec!["a␛b"]);
    }
}
