//! Styling a body line: each word is cut at entity, quote and cursor boundaries so that exactly
//! the analysed characters are coloured ("Moscow" in "Moscow." without the full stop).

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::analysis::{Analysis, QuoteKind};
use crate::app::reader::Piece;
use crate::app::SpanCursor;
use crate::text::sanitize;

pub(super) fn body_line<'a>(
    body: &str,
    pieces: &[Piece],
    analysis: Option<&Analysis>,
    cursor: Option<&SpanCursor>,
    matches: &[Range<usize>],
    theme: &Theme,
) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        match piece {
            Piece::Speaker(label) => spans.push(Span::styled(label.clone(), theme.speaker)),
            Piece::Word(word) => styled_word(
                body,
                word.clone(),
                analysis,
                cursor,
                matches,
                theme,
                &mut spans,
            ),
        }
    }
    Line::from(spans)
}

fn styled_word<'a>(
    body: &str,
    word: Range<usize>,
    analysis: Option<&Analysis>,
    cursor: Option<&SpanCursor>,
    matches: &[Range<usize>],
    theme: &Theme,
    out: &mut Vec<Span<'a>>,
) {
    let no_analysis = Analysis::default();
    let analysis = analysis.unwrap_or(&no_analysis);
    let entities = &analysis.entities;
    let first = entities.partition_point(|e| e.range.end <= word.start);
    let overlapping = entities[first..]
        .iter()
        .take_while(|e| e.range.start < word.end);
    let mut cuts = vec![word.start, word.end];
    for e in overlapping {
        cuts.extend([e.range.start, e.range.end]);
    }
    for q in analysis
        .quotes
        .iter()
        .filter(|q| q.range.start < word.end && q.range.end > word.start)
    {
        cuts.extend([q.range.start, q.range.end]);
    }
    let first_match = matches.partition_point(|m| m.end <= word.start);
    for m in matches[first_match..]
        .iter()
        .take_while(|m| m.start < word.end)
    {
        cuts.extend([m.start, m.end]);
    }
    if let Some(c) = cursor {
        cuts.extend([c.range.start, c.range.end]);
    }
    cuts.retain(|&c| c >= word.start && c <= word.end && body.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut style = Style::new();
        if let Some(q) = analysis
            .quotes
            .iter()
            .rev()
            .find(|q| q.range.start <= start && end <= q.range.end)
        {
            style = style.patch(if q.kind == QuoteKind::Other {
                theme.scare_quote
            } else {
                theme.quote
            });
        }
        let first = entities.partition_point(|e| e.range.end <= start);
        if let Some(e) = entities.get(first).filter(|e| e.range.start <= start) {
            style = style.patch(theme.entity(e.label));
        }
        if matches[first_match..]
            .iter()
            .take_while(|m| m.start < end)
            .any(|m| m.start <= start && end <= m.end)
        {
            style = style.patch(theme.search_match);
        }
        style = style.patch(cursor_style(&(start..end), cursor, theme));
        out.push(Span::styled(
            sanitize(&body[start..end]).into_owned(),
            style,
        ));
    }
}

fn cursor_style(range: &Range<usize>, cursor: Option<&SpanCursor>, theme: &Theme) -> Style {
    match cursor {
        Some(c) if c.range.start <= range.start && range.end <= c.range.end => theme.span_cursor,
        _ => Style::new(),
    }
}
