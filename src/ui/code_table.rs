//! Drawing the code tables: a row per code (as `parent/child`), a column per code, outlet or
//! month, scrolled in both directions so a codebook of any size fits any terminal. Counts are
//! right-aligned; the diagonal of the co-occurrence table (each code's own passages) is dimmed
//! so the pairs stand out.

use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::popups::{draw_popup_with_footer, footer, hint};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{Action, App, CodeTableView, Mode};
use crate::cooccur::Columns;
use crate::text::sanitize;

/// Widest a column header or the code column gets before it is cut.
const MAX_COLUMN: usize = 12;
const MAX_CODE: usize = 24;

pub(super) fn draw(app: &App, view: &CodeTableView, frame: &mut Frame, theme: &Theme) {
    let table = &view.table;
    let width = frame.area().width;
    let inner_width = width.saturating_sub(2) as usize;
    let names: Vec<String> = table
        .rows
        .iter()
        .map(|r| sanitize(&app.code_path(r)).into_owned())
        .collect();
    let code_width = names
        .iter()
        .map(|n| n.width())
        .max()
        .unwrap_or(4)
        .clamp(4, MAX_CODE);
    let headers: Vec<String> = table
        .columns
        .iter()
        .map(|c| fit(&sanitize(c), MAX_COLUMN))
        .collect();
    let column_width = |i: usize| {
        let widest = table
            .counts
            .iter()
            .map(|row| row.get(i).map_or(1, |n| n.to_string().len()))
            .max()
            .unwrap_or(1);
        headers[i].width().max(widest)
    };
    // The columns that fit from the first one shown.
    let mut shown = Vec::new();
    let mut used = code_width + 2;
    for i in view.column..table.columns.len() {
        let w = column_width(i) + 2;
        if used + w > inner_width && !shown.is_empty() {
            break;
        }
        used += w;
        shown.push((i, w));
    }
    let mut header = vec![Span::raw(pad("", code_width + 2))];
    for &(i, w) in &shown {
        header.push(Span::styled(
            format!("{:>w$}", headers[i], w = w),
            theme.popup_key,
        ));
    }
    let mut lines = vec![
        Line::from(header),
        Line::styled("─".repeat(inner_width), theme.rule),
    ];
    if table.rows.is_empty() || table.columns.is_empty() {
        lines.push(Line::styled(" nothing coded yet", theme.meta));
    }
    let room = (frame.area().height.saturating_sub(6) as usize).max(1);
    for (r, name) in names.iter().enumerate().skip(view.row).take(room) {
        let mut spans = vec![Span::styled(
            pad(&format!(" {}", fit(name, code_width)), code_width + 2),
            theme.tag,
        )];
        for &(i, w) in &shown {
            let n = table.counts[r].get(i).copied().unwrap_or(0);
            let text = if n == 0 {
                "·".to_string()
            } else {
                n.to_string()
            };
            let style = if view.columns == Columns::Codes && r == i || n == 0 {
                theme.meta
            } else {
                ratatui::style::Style::default()
            };
            spans.push(Span::styled(format!("{text:>w$}"), style));
        }
        lines.push(Line::from(spans));
    }
    let what = match view.columns {
        Columns::Codes => "codes × codes (overlapping passages; diagonal: passages)",
        Columns::Outlet => "codes × outlet (passages)",
        Columns::Month => "codes × month (passages)",
    };
    let more = if shown.len() < table.columns.len().saturating_sub(view.column) || view.column > 0 {
        hint(app, Mode::Main, Action::FocusReader, "more columns")
    } else {
        None
    };
    let _ = draw_popup_with_footer(
        frame,
        fit(&format!(" {what} "), inner_width.saturating_sub(2)),
        lines,
        0,
        width,
        &footer(&[
            hint(app, Mode::Codebook, Action::CodeTable, "next table"),
            more,
            hint(app, Mode::Codebook, Action::Cancel, "close"),
        ]),
        theme,
    );
}
