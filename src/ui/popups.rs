//! Popups drawn over the panes: help, warnings, the tag picker, the note editor and the tag
//! browser. Each reads its state from `&App`; none changes anything.

use ratatui::layout::{Alignment, Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{fit, pad, pane_block};
use crate::app::{
    Action, App, ExportDialog, HelpLine, Mode, NoteEditor, Overlay, PickerRow, PromptFor,
    TagBrowser, TagPicker,
};
use crate::store::same_tag;
use crate::text::sanitize;

/// Draws the modal popups, bottom first. A question on top (a yes/no confirmation, the new name
/// of a tag) is drawn in the footer of the popup it belongs to.
pub(super) fn draw(app: &App, frame: &mut Frame, theme: &Theme) {
    let popups = app.popups();
    let (question, below) = match popups.split_last() {
        Some((Overlay::Confirm(confirm), rest)) => (Some(confirm.question.clone()), rest),
        Some((Overlay::Prompt(prompt), rest)) => {
            let what = match &prompt.purpose {
                PromptFor::RenameTag { from } => format!("#{}", sanitize(from)),
                PromptFor::RenameCode { from } => format!("code {}", sanitize(from)),
            };
            (
                Some(format!(
                    " rename {what} to: {}▏ ",
                    sanitize(&prompt.input.text)
                )),
                rest,
            )
        }
        _ => (None, popups),
    };
    let last = below.len().saturating_sub(1);
    let hosted = below.last().is_some_and(|p| {
        matches!(
            p,
            Overlay::NoteEditor(_) | Overlay::TagBrowser(_) | Overlay::Export(_)
        )
    });
    for (i, popup) in below.iter().enumerate() {
        let question = question.as_deref().filter(|_| i == last);
        match popup {
            Overlay::Help { scroll } => draw_help(app, *scroll, frame, theme),
            Overlay::Warnings { scroll } => draw_warnings(app, *scroll, frame, theme),
            Overlay::TagPicker(picker) => draw_picker(app, picker, frame, theme),
            Overlay::NoteEditor(note) => draw_note(app, note, question, frame, theme),
            Overlay::TagBrowser(browser) => draw_browser(app, browser, question, frame, theme),
            Overlay::Export(dialog) => draw_export(app, dialog, question, frame, theme),
            Overlay::SavedSearches(popup) => {
                super::search::draw_saved_searches(app, popup, frame, theme)
            }
            Overlay::Codebook(view) => super::coding::draw_codebook(app, view, frame, theme),
            Overlay::Passages(list) => super::coding::draw_passages(app, list, frame, theme),
            Overlay::Correct(picker) => super::coding::draw_correct(app, picker, frame, theme),
            Overlay::CodeTable(view) => super::code_table::draw(app, view, frame, theme),
            Overlay::Agreement(view) => super::agreement::draw(app, view, frame, theme),
            Overlay::Quotes(view) => super::quotes::draw(app, view, frame, theme),
            Overlay::Timeline(view) => super::timeline::draw(app, view, frame, theme),
            Overlay::SearchLine(_)
            | Overlay::EntityPanel(_)
            | Overlay::Prompt(_)
            | Overlay::Confirm(_) => {}
        }
    }
    // A question with no popup of its own to sit in (quitting with unsaved edits): a box.
    if let Some(question) = question.filter(|_| !hosted) {
        let width = frame.area().width.min(60);
        let inner = usize::from(width.saturating_sub(4));
        let lines: Vec<Line> = crate::app::help::wrap(question.trim(), inner)
            .into_iter()
            .map(|l| Line::raw(format!(" {l}")))
            .collect();
        let _ = draw_popup_with_footer(frame, " Question ".into(), lines, 0, width, "", theme);
    }
}

/// `Enter toggle` with the key bound in the popup's section.
pub(super) fn hint(app: &App, mode: Mode, action: Action, label: &str) -> Option<String> {
    app.keymap()
        .key_in(mode, action)
        .map(|key| format!("{key} {label}"))
}

/// A footer from the hints whose keys are bound: ` Enter toggle · Esc close `.
pub(super) fn footer(hints: &[Option<String>]) -> String {
    let parts: Vec<&str> = hints.iter().flatten().map(String::as_str).collect();
    format!(" {} ", parts.join(" · "))
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

fn draw_help(app: &App, scroll: usize, frame: &mut Frame, theme: &Theme) {
    let key_width = app.help_key_width();
    let mut lines = legend(theme);
    lines.extend(app.help_lines().into_iter().map(|line| match line {
        HelpLine::Heading(title) => Line::styled(format!(" {title}"), theme.title),
        HelpLine::Row { keys, text } => Line::from(vec![
            Span::styled(format!(" {} ", pad(&keys, key_width)), theme.popup_key),
            Span::raw(text),
        ]),
        HelpLine::Blank => Line::default(),
    }));
    let width = frame.area().width.min(crate::app::help::HELP_WIDTH);
    let _ = draw_popup(frame, " Keys ".into(), lines, scroll, width, theme);
}

fn draw_warnings(app: &App, scroll: usize, frame: &mut Frame, theme: &Theme) {
    let lines: Vec<Line> = app.warning_lines().into_iter().map(Line::raw).collect();
    let _ = draw_popup(
        frame,
        format!(" {} warning(s) ", app.corpus().warnings.len()),
        lines,
        scroll,
        app.warnings_width(),
        theme,
    );
}

/// Keeps the selected row of a list popup in view: the first row to show.
pub(super) fn scroll_for(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

fn draw_picker(app: &App, picker: &TagPicker, frame: &mut Frame, theme: &Theme) {
    let width = frame.area().width.min(50);
    let inner_width = width.saturating_sub(2) as usize;
    let rows = &picker.rows;
    let targets = app.targets().len();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", theme.popup_key),
            Span::raw(sanitize(&picker.query.text).into_owned()),
        ]),
        Line::styled("─".repeat(inner_width), theme.rule),
    ];
    let coding = picker.passage.is_some();
    if rows.is_empty() {
        lines.push(Line::raw(if coding {
            " type a code name, Enter creates it"
        } else {
            " type a tag name, Enter creates it"
        }));
    }
    let definition_room = if coding { 3 } else { 0 };
    let list_room = (frame.area().height.saturating_sub(6 + definition_room) as usize).max(1);
    let first = scroll_for(picker.selected, list_room);
    for (i, row) in rows.iter().enumerate().skip(first).take(list_room) {
        let (text, style) = match row {
            PickerRow::Existing { name, count, on } => {
                let check = if *on { "✓" } else { " " };
                let count = count.to_string();
                let name_room = inner_width.saturating_sub(count.width() + 4);
                let label = if coding {
                    app.code_path(name)
                } else {
                    name.clone()
                };
                (
                    format!(
                        "{check} {} {count} ",
                        pad(&fit(&sanitize(&label), name_room), name_room)
                    ),
                    theme.tag,
                )
            }
            PickerRow::Create(name) if coding => {
                (format!("+ create code {}", sanitize(name)), theme.popup_key)
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
    if coding {
        let definition = match rows.get(picker.selected) {
            Some(PickerRow::Existing { name, .. }) => app
                .store()
                .existing_code(name)
                .and_then(|c| app.store().codes.get(c))
                .and_then(|r| r.definition.clone()),
            // A code about to be created has no definition to miss; say how it gets one.
            Some(PickerRow::Create(_)) => {
                Some("a new code (give it a definition: presscut codebook define)".to_string())
            }
            None => None,
        };
        lines.push(Line::styled("─".repeat(inner_width), theme.rule));
        lines.extend(super::coding::definition_lines(
            definition.as_deref(),
            inner_width,
            definition_room as usize,
            theme,
        ));
    }
    let title = if let Some(target) = &picker.passage {
        let words = app
            .corpus()
            .articles
            .iter()
            .find(|a| a.id.as_str() == target.id)
            .and_then(|a| a.body.get(target.range.clone()))
            .map_or(0, |t| t.split_whitespace().count());
        format!(" Code · {words} word{} ", if words == 1 { "" } else { "s" })
    } else if targets > 1 {
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
        &footer(&[
            hint(app, Mode::Picker, Action::Confirm, "toggle"),
            hint(app, Mode::Picker, Action::Cancel, "close"),
        ]),
        theme,
    );
    place_query_cursor(frame, inner, &picker.query);
}

/// The terminal cursor in a picker's query line (`› text`, the first line of `inner`).
pub(super) fn place_query_cursor(
    frame: &mut Frame,
    inner: Rect,
    query: &crate::app::editor::TextEditor,
) {
    let typed = query.text.get(..query.cursor).unwrap_or(&query.text);
    let cursor_x = inner.x + 2 + typed.width() as u16;
    frame.set_cursor_position(Position::new(
        cursor_x.min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}

fn draw_note(
    app: &App,
    note: &NoteEditor,
    question: Option<&str>,
    frame: &mut Frame,
    theme: &Theme,
) {
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
        .corpus()
        .articles
        .iter()
        .find(|a| a.id.as_str() == note.id)
        .map(|a| {
            format!(
                " {} · {} ",
                if note.memo_for.is_some() {
                    "Memo"
                } else {
                    "Note"
                },
                fit(&sanitize(&a.title), text_width.saturating_sub(10))
            )
        })
        .unwrap_or_else(|| {
            if note.memo_for.is_some() {
                " Memo ".to_string()
            } else {
                " Note ".to_string()
            }
        });
    let modified = note.changed().then(|| "modified".to_string());
    let footer = match question {
        Some(question) => question.to_string(),
        None => footer(&[
            hint(app, Mode::Note, Action::Save, "save"),
            hint(app, Mode::Note, Action::Cancel, "cancel"),
            modified,
        ]),
    };
    let inner = draw_popup_with_footer(frame, title, lines, 0, width, &footer, theme);
    let y = inner.y + row.saturating_sub(first) as u16;
    frame.set_cursor_position(Position::new(
        (inner.x + col as u16).min(inner.right().saturating_sub(1)),
        y,
    ));
}

fn draw_browser(
    app: &App,
    browser: &TagBrowser,
    question: Option<&str>,
    frame: &mut Frame,
    theme: &Theme,
) {
    let width = frame.area().width.min(56);
    let inner_width = width.saturating_sub(2) as usize;
    let tags = app.tag_counts();
    let mut lines = Vec::new();
    if tags.is_empty() {
        lines.push(Line::raw(" No tags yet. Press t on an article to add one."));
    }
    let room = (frame.area().height.saturating_sub(6) as usize).max(1);
    let first = scroll_for(browser.selected, room);
    for (i, (tag, count)) in tags.iter().enumerate().skip(first).take(room) {
        let state = if app.list().filter.include.iter().any(|t| same_tag(t, tag)) {
            "+"
        } else if app.list().filter.exclude.iter().any(|t| same_tag(t, tag)) {
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
    let footer = match question {
        Some(question) => question.to_string(),
        None => footer(&[
            hint(app, Mode::Browser, Action::FilterTag, "filter"),
            hint(app, Mode::Browser, Action::ExcludeTag, "exclude"),
            hint(app, Mode::Browser, Action::RenameTag, "rename"),
            hint(app, Mode::Browser, Action::DeleteTag, "delete"),
            app.keymap().key_in(Mode::Browser, Action::Cancel),
        ]),
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

fn draw_export(
    app: &App,
    dialog: &ExportDialog,
    question: Option<&str>,
    frame: &mut Frame,
    theme: &Theme,
) {
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
    // A space between the choices when they fit with it (9 cells go to the field's label).
    let spaced = 9 + Format::ALL
        .iter()
        .map(|f| f.name().len() + 3)
        .sum::<usize>()
        <= inner_width;
    let formats: Vec<Span> = Format::ALL
        .iter()
        .flat_map(|f| {
            [
                choice(*f == dialog.format, format!(" {} ", f.name())),
                Span::raw(if spaced { " " } else { "" }),
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
    let footer = match question {
        Some(question) => question.to_string(),
        None => footer(&[
            app.keymap()
                .key_in(Mode::Export, Action::OptionPrev)
                .zip(app.keymap().key_in(Mode::Export, Action::OptionNext))
                .map(|(prev, next)| format!("{prev}/{next} choose")),
            hint(app, Mode::Export, Action::NextField, "next"),
            hint(app, Mode::Export, Action::Confirm, "export"),
            app.keymap().key_in(Mode::Export, Action::Cancel),
        ]),
    };
    let inner = draw_popup_with_footer(frame, " Export ".into(), lines, 0, width, &footer, theme);
    if dialog.field == 2 {
        let x = inner.x + 9 + dialog.path.text[..dialog.path.cursor].width() as u16;
        let y = inner.y + 1 + ExportScope::ALL.len() as u16;
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
}
