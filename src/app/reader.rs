//! The reader pane's content as lines for a given width: header block, then the body wrapped
//! paragraph by paragraph. Body lines keep byte ranges into the article body (not copies), so
//! later layers (entity and quote highlighting, search matches) can style exact spans.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::analysis::{Analysis, QuoteKind, Source, SpeakerEvidence};
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
    /// Words of the body and speaker labels, shown separated by one space.
    Body(Vec<Piece>),
}

/// Part of a body line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A word: a byte range into `Article::body` (styled by the entities and quotes it overlaps).
    Word(Range<usize>),
    /// "— Maria Zakharova" after the quote she is credited with.
    Speaker(String),
}

/// Display width of text as it will be drawn (after sanitising).
pub fn display_width(s: &str) -> usize {
    sanitize(s).width()
}

/// Lays out an article, with its tags and note from the store, for a pane `width` columns wide.
/// With an analysis, each quote's speaker is shown after it.
pub fn layout_article(
    article: &Article,
    tags: &[String],
    note: &str,
    analysis: Option<&Analysis>,
    width: usize,
) -> Vec<ReaderLine> {
    let speakers = analysis.map(speaker_labels).unwrap_or_default();
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
        // Spelled as the list spells them, inside their badges.
        lines.push(ReaderLine::Tags(
            tags.iter().map(|t| format!("#{}", sanitize(t))).collect(),
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
        let para_end = offset + para.len();
        let first = speakers.partition_point(|(end, _)| *end <= offset);
        let last = speakers.partition_point(|(end, _)| *end <= para_end);
        // One label per speaker per paragraph, after their last quote in it: "“…,” she said.
        // “…” — Maria Zakharova" rather than a label after every quote.
        // No label either where the attribution right after the quote names the speaker
        // already ("…,” Trump wrote").
        let in_para = &speakers[first..last];
        let labels: Vec<(usize, String)> = in_para
            .iter()
            .enumerate()
            .filter(|(i, (_, name))| !in_para[i + 1..].iter().any(|(_, later)| later == name))
            .filter(|(_, (end, name))| !named_right_after(&article.body, *end, para_end, name))
            .map(|(_, (end, name))| (*end, format!("— {}", sanitize(name))))
            .collect();
        for pieces in wrap_pieces(para, offset, &labels, width) {
            lines.push(ReaderLine::Body(pieces));
        }
    }
    lines
}

/// Whether the few words after a quote (up to `limit`) contain the speaker's surname.
fn named_right_after(body: &str, quote_end: usize, limit: usize, name: &str) -> bool {
    let Some(surname) = name.split_whitespace().last() else {
        return false;
    };
    let mut end = (quote_end + 40).min(limit).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body.get(quote_end..end)
        .is_some_and(|after| after.contains(surname))
}

/// Speakers of speech quotes, by where their label goes. Only speakers the text supports get a
/// label: one resolved from a pronoun or a description (`he said`, `the senator said`) goes
/// after that attribution, so it never lands inside the writer's sentence; one inherited by a
/// quote that continues a speaker's paragraph goes after the quote. A name the attribution
/// states needs no label, and a guess gets none: a wrong name printed as fact misleads more
/// than a missing one (`presscut analyze` still reports guesses, with their evidence). A quote
/// inside a quote by the same speaker gets no label of its own. A speaker a person set (a
/// correction) is always labelled.
fn speaker_labels(analysis: &Analysis) -> Vec<(usize, String)> {
    let quotes = &analysis.quotes;
    let mut labels: Vec<(usize, String)> = quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Other)
        .filter(|q| {
            !quotes.iter().any(|outer| {
                outer.range != q.range
                    && outer.range.start <= q.range.start
                    && q.range.end <= outer.range.end
                    && outer.speaker == q.speaker
            })
        })
        .filter_map(|q| {
            // A speaker a person set is stated whatever the attribution says.
            if q.source == Source::User {
                let at = q
                    .attribution
                    .as_ref()
                    .map_or(q.range.end, |a| a.end.max(q.range.end));
                return q.speaker.as_ref().map(|s| (at, s.clone()));
            }
            let at = match q.evidence? {
                SpeakerEvidence::Pronoun | SpeakerEvidence::Description => q
                    .attribution
                    .as_ref()
                    .map_or(q.range.end, |a| a.end.max(q.range.end)),
                SpeakerEvidence::Continued => q.range.end,
                SpeakerEvidence::Named | SpeakerEvidence::Guess => return None,
            };
            q.speaker.as_ref().map(|s| (at, s.clone()))
        })
        .collect();
    labels.sort_by_key(|(end, _)| *end);
    labels
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
    wrap_pieces(text, 0, &[], width)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .filter_map(|p| match p {
                    Piece::Word(r) => Some(r),
                    Piece::Speaker(_) => None,
                })
                .collect()
        })
        .collect()
}

/// Wraps `text` (found at byte `offset` of the body) into lines of pieces: its words, shifted by
/// `offset`, with each speaker label placed after the word that ends its quote. `speakers`
/// holds (quote end in body bytes, label), sorted by end.
fn wrap_pieces(
    text: &str,
    offset: usize,
    speakers: &[(usize, String)],
    width: usize,
) -> Vec<Vec<Piece>> {
    let mut pieces: Vec<(Piece, usize)> = Vec::new();
    let mut next_speaker = speakers.iter().peekable();
    for word in words(text) {
        let mut word = word;
        // A word wider than a line goes in line-sized chunks.
        while display_width(&text[word.clone()]) > width {
            let (head, tail) = split_at_width(text, word.clone(), width);
            pieces.push((Piece::Word(head.start + offset..head.end + offset), width));
            word = tail;
        }
        if word.is_empty() {
            continue;
        }
        let end = word.end + offset;
        pieces.push((
            Piece::Word(word.start + offset..end),
            display_width(&text[word]),
        ));
        while let Some((_, label)) = next_speaker.next_if(|(quote_end, _)| *quote_end <= end) {
            pieces.push((Piece::Speaker(label.clone()), label.width().min(width)));
        }
    }
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut used = 0usize;
    for (piece, piece_width) in pieces {
        let needed = if current.is_empty() {
            piece_width
        } else {
            used + 1 + piece_width
        };
        if needed > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
            used = piece_width;
        } else {
            used = needed;
        }
        current.push(piece);
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
