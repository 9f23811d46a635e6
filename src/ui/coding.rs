//! Drawing what coding adds: the codebook view and the definition under the code picker (the
//! codebook is the instrument in coding research, so its definitions stay in view while coding).

use ratatui::text::Line;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::popups::{draw_popup_with_footer, scroll_for};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{Action, App, CodebookView, Mode};
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
    let footer = format!(
        " mine / all{}{} ",
        app.keymap()
            .key_in(Mode::Codebook, Action::Confirm)
            .map(|k| format!(" · {k} articles coded so"))
            .unwrap_or_default(),
        app.keymap()
            .key_in(Mode::Codebook, Action::Cancel)
            .map(|k| format!(" · {k} close"))
            .unwrap_or_default()
    );
    let count = view.rows.len();
    let title = format!(
        " Codebook · {count} code{} ",
        if count == 1 { "" } else { "s" }
    );
    let _ = draw_popup_with_footer(frame, title, lines, 0, width, &footer, theme);
}
