//! The search line at the bottom, highlighted matches in titles, and the saved-searches popup.

use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::popups::{draw_popup_with_footer, scroll_for};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{ActiveSearch, App, SavedRow, SavedSearches, SearchLine};
use crate::search::match_ranges;
use crate::text::sanitize;

/// `text` (already sanitised and fitted) as spans, the search's matched words highlighted.
pub(super) fn highlight_spans<'a>(
    text: &str,
    search: Option<&ActiveSearch>,
    base: Style,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let Some(search) = search else {
        return vec![Span::styled(text.to_string(), base)];
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for range in match_ranges(text, &search.terms, &search.phrases) {
        if range.start > at {
            spans.push(Span::styled(text[at..range.start].to_string(), base));
        }
        spans.push(Span::styled(
            text[range.clone()].to_string(),
            base.patch(theme.search_match),
        ));
        at = range.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), base));
    }
    spans
}

/// [`highlight_spans`] with the app's active search.
pub(super) fn highlighted<'a>(text: &str, app: &App, base: Style, theme: &Theme) -> Vec<Span<'a>> {
    highlight_spans(text, app.list().search.as_ref(), base, theme)
}

/// `/query▏` on the left; match count and what the parser could not use on the right.
pub(super) fn draw_search_line(
    app: &App,
    line: &SearchLine,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let width = area.width as usize;
    let text = sanitize(&line.input.text).into_owned();
    let count = app.list().visible.len();
    let mut notes = vec![crate::app::match_count(count)];
    if let Some(search) = &app.list().search {
        notes.extend(search.messages.iter().map(|m| sanitize(m).into_owned()));
    }
    let right = format!(" {} ", notes.join(" · "));
    let typed_room = width.saturating_sub(1);
    // Keep the cursor's end of a long query visible.
    let before_cursor = sanitize(&line.input.text[..line.input.cursor]).into_owned();
    let skip = before_cursor
        .width()
        .saturating_sub(typed_room.saturating_sub(1));
    let mut shown = String::new();
    let mut skipped = 0;
    for c in text.chars() {
        if skipped < skip {
            skipped += c.to_string().width();
            continue;
        }
        shown.push(c);
    }
    let shown = fit(&shown, typed_room);
    let right_room = width.saturating_sub(1 + shown.width() + 1);
    let right = if right.width() <= right_room {
        right
    } else {
        fit(&right, right_room)
    };
    let gap = width.saturating_sub(1 + shown.width() + right.width());
    let has_errors = app
        .list()
        .search
        .as_ref()
        .is_some_and(|s| !s.messages.is_empty());
    let spans = vec![
        Span::styled("/", theme.popup_key),
        Span::raw(shown),
        Span::raw(" ".repeat(gap)),
        Span::styled(
            right,
            if has_errors {
                theme.status_warning
            } else {
                theme.status
            },
        ),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let cursor = 1 + before_cursor.width().saturating_sub(skip);
    frame.set_cursor_position(Position::new(
        area.x + (cursor.min(width.saturating_sub(1))) as u16,
        area.y,
    ));
}

pub(super) fn draw_saved_searches(
    app: &App,
    popup: &SavedSearches,
    frame: &mut Frame,
    theme: &Theme,
) {
    let width = frame.area().width.min(60);
    let inner_width = width.saturating_sub(2) as usize;
    let rows = app.saved_rows(popup);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", theme.popup_key),
            Span::raw(sanitize(&popup.input.text).into_owned()),
        ]),
        Line::styled("─".repeat(inner_width), theme.rule),
    ];
    if rows.is_empty() {
        lines.push(Line::raw(if app.list().search.is_some() {
            " type a name, Enter saves the current search"
        } else {
            " no saved searches — search with /, then save it here"
        }));
    }
    let list_room = (frame.area().height.saturating_sub(6) as usize).max(1);
    let first = scroll_for(popup.selected, list_room);
    for (i, row) in rows.iter().enumerate().skip(first).take(list_room) {
        let (text, style) = match row {
            SavedRow::Saved { name, query } => {
                let name_room = (inner_width / 3).max(6);
                (
                    format!(" {} {}", pad(&sanitize(name), name_room), sanitize(query)),
                    theme.tag,
                )
            }
            SavedRow::SaveAs { name, query } => (
                format!("+ save {} as {}", sanitize(query), sanitize(name)),
                theme.popup_key,
            ),
        };
        let style = if i == popup.selected {
            theme.selected
        } else {
            style
        };
        lines.push(Line::styled(fit(&text, inner_width), style));
    }
    let inner = draw_popup_with_footer(
        frame,
        " Saved searches ".to_string(),
        lines,
        0,
        width,
        " Enter run/save · Del delete · Esc close ",
        theme,
    );
    let cursor_x = inner.x + 2 + popup.input.text[..popup.input.cursor].width() as u16;
    frame.set_cursor_position(Position::new(cursor_x.min(inner.right()), inner.y));
}
