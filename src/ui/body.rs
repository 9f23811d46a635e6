//! Styling a body line: each word is cut at entity, quote, coded-passage, selection and cursor
//! boundaries so that exactly the analysed or coded characters are coloured ("Moscow" in
//! "Moscow." without the full stop).

use std::ops::Range;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::analysis::{Analysis, QuoteKind};
use crate::app::reader::Piece;
use crate::app::{CodedSpan, SpanCursor};
use crate::text::sanitize;

/// Everything marked in the open article, as the reader holds it.
pub(super) struct Marks<'a> {
    pub analysis: Option<&'a Analysis>,
    pub cursor: Option<&'a SpanCursor>,
    pub matches: &'a [Range<usize>],
    pub coded: &'a [CodedSpan],
    /// Draw coded passages in their code's colour (off without colour, `NO_COLOR`).
    pub code_colors: bool,
    pub selection: Option<Range<usize>>,
}

impl Marks<'_> {
    /// Whether any coded passage overlaps `range` (the margin mark of a line).
    pub fn coded_in(&self, range: &Range<usize>) -> bool {
        self.coded
            .iter()
            .take_while(|c| c.range.start < range.end)
            .any(|c| c.range.end > range.start)
    }
}

pub(super) fn body_line<'a>(
    body: &str,
    pieces: &[Piece],
    marks: &Marks,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            // The gap between two selected (or coded) words belongs to the selection, so a
            // selection reads as one block.
            let gap = match (&pieces[i - 1], piece) {
                (Piece::Word(a), Piece::Word(b)) => gap_style(a.end..b.start, marks, theme),
                _ => Style::new(),
            };
            spans.push(Span::styled(" ", gap));
        }
        match piece {
            Piece::Speaker(label) => spans.push(Span::styled(label.clone(), theme.speaker)),
            Piece::Word(word) => styled_word(body, word.clone(), marks, theme, &mut spans),
        }
    }
    Line::from(spans)
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn gap_style(gap: Range<usize>, marks: &Marks, theme: &Theme) -> Style {
    let mut style = Style::new();
    if marks.coded.iter().any(|c| covers(&c.range, &gap)) {
        style = style.patch(theme.coded);
    }
    if marks.selection.as_ref().is_some_and(|s| covers(s, &gap)) {
        style = style.patch(theme.selection);
    }
    style
}

fn styled_word<'a>(
    body: &str,
    word: Range<usize>,
    marks: &Marks,
    theme: &Theme,
    out: &mut Vec<Span<'a>>,
) {
    let no_analysis = Analysis::default();
    let analysis = marks.analysis.unwrap_or(&no_analysis);
    let entities = &analysis.entities;
    let matches = marks.matches;
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
    let coded: Vec<&CodedSpan> = marks
        .coded
        .iter()
        .take_while(|c| c.range.start < word.end)
        .filter(|c| c.range.end > word.start)
        .collect();
    for c in &coded {
        cuts.extend([c.range.start, c.range.end]);
    }
    if let Some(s) = &marks.selection {
        cuts.extend([s.start, s.end]);
    }
    if let Some(c) = marks.cursor {
        cuts.extend([c.range.start, c.range.end]);
    }
    cuts.retain(|&c| c >= word.start && c <= word.end && body.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let piece = start..end;
        let mut style = Style::new();
        if let Some(q) = analysis
            .quotes
            .iter()
            .rev()
            .find(|q| covers(&q.range, &piece))
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
            .any(|m| covers(m, &piece))
        {
            style = style.patch(theme.search_match);
        }
        let depth = coded.iter().filter(|c| covers(&c.range, &piece)).count();
        if depth > 0 {
            style = style.patch(theme.coded);
            // The innermost passage's code colour, as QDA tools colour coded text.
            let innermost = coded
                .iter()
                .filter(|c| covers(&c.range, &piece))
                .min_by_key(|c| c.range.len());
            if let Some((r, g, b)) = innermost
                .and_then(|c| c.color)
                .filter(|_| marks.code_colors)
            {
                // Dark text on a light colour, light text on a dark one.
                let light = u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114 > 128_000;
                style = style.bg(Color::Rgb(r, g, b)).fg(if light {
                    Color::Black
                } else {
                    Color::White
                });
            }
            // Nested or overlapping passages: the inner part is also bold.
            if depth > 1 {
                style = style.add_modifier(Modifier::BOLD);
            }
        }
        if marks.selection.as_ref().is_some_and(|s| covers(s, &piece)) {
            style = style.patch(theme.selection);
        }
        if marks.cursor.is_some_and(|c| covers(&c.range, &piece)) {
            style = style.patch(theme.span_cursor);
        }
        out.push(Span::styled(
            sanitize(&body[start..end]).into_owned(),
            style,
        ));
    }
}
