//! Popups drawn over the panes: help, warnings, the tag picker, the note editor and the tag
//! browser. Each reads its state from `&App`; none changes anything.

use ratatui::layout::{Alignment, Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{fit, pad, pane_block};
use crate::app::{Action, App, BrowserMode, Overlay, PickerRow};
use crate::store::same_tag;
use crate::text::sanitize;

pub(super) fn draw(app: &App, overlay: &Overlay, frame: &mut Frame, theme: &Theme) {
    match overlay {
        Overlay::Help => draw_help(app, frame, theme),
        Overlay::Warnings => draw_warnings(app, frame, theme),
        Overlay::TagPicker(_) => draw_picker(app, frame, theme),
        Overlay::NoteEditor(_) => draw_note(app, frame, theme),
        Overlay::TagBrowser(_) => draw_browser(app, frame, theme),
        Overlay::Export(dialog) => draw_export(app, dialog, frame, theme),
        Overlay::SavedSearches(_) => super::search::draw_saved_searches(app, frame, theme),
    }
}

/// A centred popup area of at most `width`×`height` cells.
fn popup_area(frame_area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(frame_area.height))])
        .flex(Flex::Center)
        .areas(frame_area);
    let [area] = Layout::horizontal([Constraint::Length(width.min(frame_area.width))])
        .flex(Flex::Center)
        .areas(row);
    area
}

/// Draws a bordered popup with `lines` (from `scroll` on) and returns its inner area.
fn draw_popup(
    frame: &mut Frame,
    title: String,
    lines: Vec<Line>,
    scroll: usize,
    width: u16,
    theme: &Theme,
) -> Rect {
    draw_popup_with_footer(frame, title, lines, scroll, width, " Esc close ", theme)
}

pub(super) fn draw_popup_with_footer(
    frame: &mut Frame,
    title: String,
    lines: Vec<Line>,
    scroll: usize,
    width: u16,
    footer: &str,
    theme: &Theme,
) -> Rect {
    let height = (lines.len() as u16).saturating_add(2);
    let area = popup_area(
        frame.area(),
        width,
        height.min(frame.area().height.saturating_sub(2)).max(3),
    );
    // Cut the footer here, at its end: ratatui would cut a right-aligned title at its start.
    let footer = fit(footer, area.width.saturating_sub(2) as usize);
    let block =
        pane_block(title, true, theme).title_bottom(Line::from(footer).alignment(Alignment::Right));
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
    inner
}

/// Lines shown above the keys in help: what each highlight colour means. Keep in step with
/// `HELP_LEGEND_LINES`.
fn legend<'a>(theme: &Theme) -> Vec<Line<'a>> {
    use crate::analysis::Label;
    let mut spans = vec![Span::raw(" ")];
    for label in [
        Label::Person,
        Label::Org,
        Label::Place,
        Label::Group,
        Label::Event,
        Label::Date,
        Label::Quantity,
    ] {
        spans.push(Span::styled(label.as_str(), theme.entity(label)));
        spans.push(Span::raw(" "));
    }
    vec![
        Line::from(spans),
        Line::from(vec![
            Span::raw(" "),
            Span::styled("“quoted speech”", theme.quote),
            Span::raw(" "),
            Span::styled("— speaker", theme.speaker),
            Span::raw("  "),
            Span::styled("“scare quotes, titles”", theme.scare_quote),
        ]),
        Line::default(),
    ]
}

fn draw_help(app: &App, frame: &mut Frame, theme: &Theme) {
    let rows = app.keymap.help_rows();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        .min(16);
    let popup_width = (frame.area().width as usize).min(60);
    let mut lines = legend(theme);
    lines.extend(rows.iter().map(|(keys, action)| {
        let description = match action {
            Action::QuickTag(n) => match app.store.quick_tag(*n) {
                Some(tag) => format!("toggle #{}", sanitize(tag)),
                None => format!("toggle quick tag {n} (your tag number {n})"),
            },
            other => other.description().to_string(),
        };
        Line::from(vec![
            Span::styled(format!(" {} ", pad(keys, key_width)), theme.popup_key),
            Span::raw(fit(&description, popup_width.saturating_sub(key_width + 4))),
        ])
    }));

    let _ = draw_popup(
        frame,
        " Keys ".into(),
        lines,
        app.overlay_scroll,
        popup_width as u16,
        theme,
    );
}

fn draw_warnings(app: &App, frame: &mut Frame, theme: &Theme) {
    let warnings = &app.corpus.warnings;
    let width = frame.area().width.saturating_sub(4).min(100);
    let lines: Vec<Line> = if warnings.is_empty() {
        vec![Line::raw(" No warnings: every file loaded.")]
    } else {
        warnings
            .iter()
            .map(|w| {
                Line::raw(fit(
                    &format!(" {}", sanitize(&w.to_string())),
                    (width as usize).saturating_sub(2),
                ))
            })
            .collect()
    };
    let _ = draw_popup(
        frame,
        format!(" {} warning(s) ", warnings.len()),
        lines,
        app.overlay_scroll,
        width,
        theme,
    );
}

/// Keeps the selected row of a list popup in view: the first row to show.
pub(super) fn scroll_for(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

fn draw_picker(app: &App, frame: &mut Frame, theme: &Theme) {
    let Some(Overlay::TagPicker(picker)) = &app.overlay else {
        return;
    };
    let width = frame.area().width.min(50);
    let inner_width = width.saturating_sub(2) as usize;
    let rows = app.picker_rows();
    let targets = app.targets().len();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", theme.popup_key),
            Span::raw(sanitize(&picker.query.text).into_owned()),
        ]),
        Line::styled("─".repeat(inner_width), theme.rule),
    ];
    if rows.is_empty() {
        lines.push(Line::raw(" type a tag name, Enter creates it"));
    }
    let list_room = (frame.area().height.saturating_sub(6) as usize).max(1);
    let first = scroll_for(picker.selected, list_room);
    for (i, row) in rows.iter().enumerate().skip(first).take(list_room) {
        let (text, style) = match row {
            PickerRow::Existing { name, count, on } => {
                let check = if *on { "✓" } else { " " };
                let count = count.to_string();
                let name_room = inner_width.saturating_sub(count.width() + 4);
                (
                    format!("{check} {} {count} ", pad(&sanitize(name), name_room)),
                    theme.tag,
                )
            }
            PickerRow::Create(name) => (format!("+ create #{}", sanitize(name)), theme.popup_key),
        };
        let style = if i == picker.selected {
            theme.selected
        } else {
            style
        };
        lines.push(Line::styled(fit(&text, inner_width), style));
    }
    let title = if targets > 1 {
        format!(" Tags · {targets} marked articles ")
    } else {
        " Tags ".to_string()
    };
    let inner = draw_popup_with_footer(
        frame,
        title,
        lines,
        0,
        width,
        " Enter toggle · Esc close ",
        theme,
    );
    let cursor_x = inner.x + 2 + picker.query.text[..picker.query.cursor].width() as u16;
    frame.set_cursor_position(Position::new(
        cursor_x.min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}

fn draw_note(app: &App, frame: &mut Frame, theme: &Theme) {
    let Some(Overlay::NoteEditor(note)) = &app.overlay else {
        return;
    };
    let area = frame.area();
    let width = area.width.saturating_sub(4).clamp(20, 72).min(area.width);
    let height = area.height.saturating_sub(4).clamp(5, 18).min(area.height);
    let text_width = width.saturating_sub(2) as usize;
    let text_rows = height.saturating_sub(2) as usize;
    let visual = note.editor.visual_lines(text_width);
    let (row, col) = note.editor.cursor_position(text_width);
    let first = scroll_for(row, text_rows);
    let mut lines: Vec<Line> = visual
        .iter()
        .skip(first)
        .take(text_rows)
        .map(|r| Line::raw(sanitize(&note.editor.text[r.clone()]).into_owned()))
        .collect();
    while lines.len() < text_rows {
        lines.push(Line::default());
    }
    let title = app
        .corpus
        .articles
        .iter()
        .find(|a| a.id.as_str() == note.id)
        .map(|a| {
            format!(
                " Note · {} ",
                fit(&sanitize(&a.title), text_width.saturating_sub(10))
            )
        })
        .unwrap_or_else(|| " Note ".to_string());
    let footer = if note.confirm_discard {
        " Discard changes? y / n "
    } else if note.changed() {
        " Ctrl-s save · Esc cancel · modified "
    } else {
        " Ctrl-s save · Esc cancel "
    };
    let inner = draw_popup_with_footer(frame, title, lines, 0, width, footer, theme);
    let y = inner.y + row.saturating_sub(first) as u16;
    frame.set_cursor_position(Position::new(
        (inner.x + col as u16).min(inner.right().saturating_sub(1)),
        y,
    ));
}

fn draw_browser(app: &App, frame: &mut Frame, theme: &Theme) {
    let Some(Overlay::TagBrowser(browser)) = &app.overlay else {
        return;
    };
    let width = frame.area().width.min(56);
    let inner_width = width.saturating_sub(2) as usize;
    let tags = app.store.tag_counts();
    let mut lines = Vec::new();
    if tags.is_empty() {
        lines.push(Line::raw(" No tags yet. Press t on an article to add one."));
    }
    let room = (frame.area().height.saturating_sub(6) as usize).max(1);
    let first = scroll_for(browser.selected, room);
    for (i, (tag, count)) in tags.iter().enumerate().skip(first).take(room) {
        let state = if app.filter.include.iter().any(|t| same_tag(t, tag)) {
            "+"
        } else if app.filter.exclude.iter().any(|t| same_tag(t, tag)) {
            "!"
        } else {
            " "
        };
        let count = count.to_string();
        let name_room = inner_width.saturating_sub(count.width() + 4);
        let text = format!("{state} {} {count} ", pad(&sanitize(tag), name_room));
        let style = if i == browser.selected {
            theme.selected
        } else {
            theme.tag
        };
        lines.push(Line::styled(text, style));
    }
    let footer = match &browser.mode {
        BrowserMode::Browse => " Enter filter · ! exclude · R rename · D delete · Esc ".to_string(),
        BrowserMode::Rename { from, input } => {
            format!(
                " rename #{} to: {}▏ ",
                sanitize(from),
                sanitize(&input.text)
            )
        }
        BrowserMode::ConfirmRename { from, to, count } => {
            let merging = app
                .store
                .existing_tag(to)
                .is_some_and(|t| !same_tag(t, from));
            let verb = if merging { "Merge" } else { "Rename" };
            format!(
                " {verb} #{} → #{} on {count} article(s)? y / n ",
                sanitize(from),
                sanitize(to)
            )
        }
        BrowserMode::ConfirmDelete { tag, count } => {
            format!(" Delete #{} from {count} article(s)? y / n ", sanitize(tag))
        }
    };
    let _ = draw_popup_with_footer(
        frame,
        " Tag browser ".into(),
        lines,
        0,
        width,
        &footer,
        theme,
    );
}

fn draw_export(app: &App, dialog: &crate::app::ExportDialog, frame: &mut Frame, theme: &Theme) {
    use crate::app::ExportScope;
    use crate::export::Format;
    let width = frame.area().width.min(64);
    let inner_width = width.saturating_sub(2) as usize;
    let choice = |active: bool, text: String| {
        let style = if active {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        Span::styled(text, style)
    };
    let row = |field: usize, label: &str, mut values: Vec<Span<'static>>| {
        let marker = if dialog.field == field { "› " } else { "  " };
        let mut spans = vec![Span::styled(format!("{marker}{label:<7}"), theme.popup_key)];
        spans.append(&mut values);
        Line::from(spans)
    };
    let formats: Vec<Span> = Format::ALL
        .iter()
        .flat_map(|f| {
            [
                choice(*f == dialog.format, format!(" {} ", f.name())),
                Span::raw(" "),
            ]
        })
        .collect();
    let scopes: Vec<Span> = ExportScope::ALL
        .iter()
        .map(|s| {
            choice(
                *s == dialog.scope,
                format!(" {} ({}) ", s.label(), app.export_count(*s)),
            )
        })
        .collect();
    let (first_scope, other_scopes) = scopes.split_at(1);
    let path = fit(&sanitize(&dialog.path.text), inner_width.saturating_sub(10));
    let mut lines = vec![
        row(0, "format", formats),
        row(1, "scope", first_scope.to_vec()),
    ];
    for scope in other_scopes {
        lines.push(Line::from(vec![Span::raw("         "), scope.clone()]));
    }
    lines.push(row(2, "file", vec![Span::raw(path)]));
    let footer = if dialog.confirm_overwrite {
        " The file exists — replace it? y / n "
    } else {
        " ←/→ choose · Tab next · Enter export · Esc "
    };
    let inner = draw_popup_with_footer(frame, " Export ".into(), lines, 0, width, footer, theme);
    if dialog.field == 2 {
        let x = inner.x + 9 + dialog.path.text[..dialog.path.cursor].width() as u16;
        let y = inner.y + 1 + ExportScope::ALL.len() as u16;
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
}
