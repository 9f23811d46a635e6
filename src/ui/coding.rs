//! Drawing what coding adds: the codebook view and the definition under the code picker (the
//! codebook is the instrument in coding research, so its definitions stay in view while coding).

use ratatui::text::Line;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::popups::{draw_popup_with_footer, footer, hint, scroll_for};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{Action, App, CodebookView, CorrectPicker, Mode};
use crate::text::sanitize;

/// Lines of a code's definition, wrapped to `width` (at most `max` of them).
pub(super) fn definition_lines<'a>(
    definition: Option<&str>,
    width: usize,
    max: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let Some(definition) = definition.filter(|d| !d.trim().is_empty()) else {
        return vec![Line::styled(" (no definition)", theme.meta)];
    };
    let text = sanitize(definition);
    let mut lines: Vec<Line> = crate::app::help::wrap(text.trim(), width.saturating_sub(2).max(1))
        .into_iter()
        .take(max)
        .map(|l| Line::styled(format!(" {l}"), theme.meta))
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(" (no definition)", theme.meta));
    }
    lines
}

pub(super) fn draw_codebook(app: &App, view: &CodebookView, frame: &mut Frame, theme: &Theme) {
    let width = frame.area().width.min(64);
    let inner_width = width.saturating_sub(2) as usize;
    let definition_room = 3;
    let room = (frame
        .area()
        .height
        .saturating_sub(7 + definition_room as u16) as usize)
        .max(1);
    let first = scroll_for(view.selected, room);
    let mut lines = Vec::new();
    for (i, row) in view.rows.iter().enumerate().skip(first).take(room) {
        let key = row.key.as_deref().map(|k| format!("[{}] ", sanitize(k)));
        let key = key.unwrap_or_default();
        let counts = format!("{} / {}", row.mine, row.count);
        let indent = "  ".repeat(row.depth.min(6));
        let name_room = inner_width.saturating_sub(counts.width() + key.width() + 3);
        let name = format!("{indent}{}", sanitize(&row.name));
        let text = format!(" {} {key}{counts} ", pad(&fit(&name, name_room), name_room));
        let style = if i == view.selected {
            theme.selected
        } else {
            theme.tag
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::styled("─".repeat(inner_width), theme.rule));
    let definition = view
        .rows
        .get(view.selected)
        .and_then(|r| r.definition.as_deref());
    lines.extend(definition_lines(
        definition,
        inner_width,
        definition_room,
        theme,
    ));
    // Cut from the end when narrow: the column legend and Enter matter most (Esc closes every
    // popup, and `?` lists the rest).
    let footer = footer(&[
        Some("mine/all".to_string()),
        hint(app, Mode::Codebook, Action::Confirm, "passages"),
        hint(app, Mode::Codebook, Action::CodeTable, "tables"),
        hint(app, Mode::Codebook, Action::RenameCode, "rename"),
        hint(app, Mode::Codebook, Action::DeleteCode, "delete"),
    ]);
    let count = view.rows.len();
    let title = format!(
        " Codebook · {count} code{} ",
        if count == 1 { "" } else { "s" }
    );
    let _ = draw_popup_with_footer(frame, title, lines, 0, width, &footer, theme);
}

/// The sentence (or sentences) around a passage, with the passage's own words marked.
fn passage_in_context(body: &str, start: usize, end: usize) -> Option<(String, String, String)> {
    let byte = |chars: usize| {
        body.char_indices()
            .nth(chars)
            .map_or(body.len(), |(b, _)| b)
    };
    let (start, end) = (byte(start), byte(end));
    let sentences = crate::analysis::sentences(body);
    let from = sentences
        .iter()
        .find(|s| s.end > start)
        .map_or(start, |s| s.start.min(start));
    let to = sentences
        .iter()
        .rev()
        .find(|s| s.start < end)
        .map_or(end, |s| s.end.max(end));
    Some((
        body.get(from..start)?.to_string(),
        body.get(start..end)?.to_string(),
        body.get(end..to)?.to_string(),
    ))
}

pub(super) fn draw_passages(
    app: &App,
    list: &crate::app::PassageList,
    frame: &mut Frame,
    theme: &Theme,
) {
    use ratatui::text::Span;
    let area = frame.area();
    let width = area.width.saturating_sub(4).clamp(20, 100).min(area.width);
    let inner_width = width.saturating_sub(2) as usize;
    // Each passage takes three rows: its article, its words in their sentence, a gap.
    let per_row = 3;
    let room = (area.height.saturating_sub(6) as usize / per_row).max(1);
    let first = scroll_for(list.selected, room);
    let mut lines = Vec::new();
    for (i, row) in list.rows.iter().enumerate().skip(first).take(room) {
        let Some(article) = app.corpus().articles.get(row.article) else {
            continue;
        };
        let header = [
            article.date.as_deref(),
            article.outlet.as_deref(),
            Some(article.title.as_str()),
        ]
        .into_iter()
        .flatten()
        .map(|s| sanitize(s).into_owned())
        .collect::<Vec<_>>()
        .join(" · ");
        let coder = format!(" {} ", sanitize(&row.coder));
        let header_room = inner_width.saturating_sub(coder.width() + 1);
        let style = if i == list.selected {
            theme.selected
        } else {
            theme.title
        };
        lines.push(Line::from(vec![
            Span::styled(
                pad(&fit(&format!(" {header}"), header_room), header_room),
                style,
            ),
            Span::styled(coder, theme.meta),
        ]));
        let text = passage_in_context(&article.body, row.start, row.end);
        let line = match text {
            Some((before, words, after)) => {
                let flat = |s: &str| sanitize(&s.replace(['\n', '\r'], " ")).into_owned();
                // The passage's start stays in view: the context before it is cut first.
                let room = inner_width.saturating_sub(3);
                let words = flat(&words);
                let before = flat(&before);
                let keep = room.saturating_sub(words.width().min(room * 2 / 3));
                let before: String = if before.width() > keep {
                    let mut tail: Vec<char> = Vec::new();
                    let mut used = 1;
                    for c in before.chars().rev() {
                        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                        if used > keep {
                            break;
                        }
                        tail.push(c);
                    }
                    format!("…{}", tail.into_iter().rev().collect::<String>())
                } else {
                    before
                };
                let full = format!("{before}{words}{}", flat(&after));
                let shown = fit(&full, room);
                // Split what fits back into its three parts for styling.
                let b = before.chars().count();
                let w = words.chars().count();
                let chars: Vec<char> = shown.chars().collect();
                let part = |from: usize, to: usize| -> String {
                    chars[from.min(chars.len())..to.min(chars.len())]
                        .iter()
                        .collect()
                };
                Line::from(vec![
                    Span::raw("   "),
                    Span::styled(part(0, b), theme.meta),
                    Span::styled(part(b, b + w), theme.coded),
                    Span::styled(part(b + w, chars.len()), theme.meta),
                ])
            }
            None => Line::styled("   (the passage is beyond the article's text)", theme.meta),
        };
        lines.push(line);
        let memo = (!row.memo.is_empty())
            .then(|| format!("   ✎ {}", sanitize(row.memo.lines().next().unwrap_or(""))));
        lines.push(Line::styled(
            fit(&memo.unwrap_or_default(), inner_width),
            theme.note,
        ));
    }
    let count = list.rows.len();
    let title = format!(
        " {} · {count} passage{} ",
        sanitize(&app.code_path(&list.code)),
        if count == 1 { "" } else { "s" }
    );
    let footer = format!(
        "{}{} ",
        app.keymap()
            .key_in(Mode::Codebook, Action::Confirm)
            .map(|k| format!(" {k} open in the reader"))
            .unwrap_or_default(),
        app.keymap()
            .key_in(Mode::Codebook, Action::Cancel)
            .map(|k| format!(" · {k} close"))
            .unwrap_or_default()
    );
    let _ = draw_popup_with_footer(frame, title, lines, 0, width, &footer, theme);
}

/// The correction picker (`x`): the span's words in the title, the choices, the current one
/// ticked, the query typed at the top.
pub(super) fn draw_correct(app: &App, picker: &CorrectPicker, frame: &mut Frame, theme: &Theme) {
    let width = frame.area().width.min(56);
    let inner_width = width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::from(vec![
            ratatui::text::Span::styled("› ", theme.popup_key),
            ratatui::text::Span::raw(sanitize(&picker.query.text).into_owned()),
        ]),
        Line::styled("─".repeat(inner_width), theme.rule),
    ];
    if picker.rows.is_empty() {
        lines.push(Line::styled(" nothing matches", theme.meta));
    }
    let room = (frame.area().height.saturating_sub(6) as usize).max(1);
    let first = scroll_for(picker.selected, room);
    for (i, row) in picker.rows.iter().enumerate().skip(first).take(room) {
        let check = if row.current { "✓" } else { " " };
        let text = format!("{check} {}", sanitize(&row.text));
        let style = if i == picker.selected {
            theme.selected
        } else {
            theme.tag
        };
        lines.push(Line::styled(fit(&text, inner_width), style));
    }
    let what = if picker.quote { "Speaker" } else { "Entity" };
    let words: String = sanitize(&picker.words)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let title = fit(
        &format!(" {what} · {words} "),
        inner_width.saturating_sub(2),
    );
    let inner = draw_popup_with_footer(
        frame,
        title,
        lines,
        0,
        width,
        &footer(&[
            hint(app, Mode::Picker, Action::Confirm, "correct"),
            hint(app, Mode::Picker, Action::Cancel, "close"),
        ]),
        theme,
    );
    super::popups::place_query_cursor(frame, inner, &picker.query);
}
