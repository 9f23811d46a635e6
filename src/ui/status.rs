//! The status bar: corpus and counts, filters, the last message or warning, and key hints for
//! the pane in focus (fewer when the room is short).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::fit;
use super::theme::Theme;
use crate::app::{Action, App, Focus};
use crate::text::sanitize;

pub(super) fn draw_status(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let corpus = app.corpus();
    let count = corpus.articles.len();
    let mut left = vec![Span::styled(
        format!(
            " {} · {count} article{} ",
            sanitize(&corpus.name),
            if count == 1 { "" } else { "s" }
        ),
        theme.status,
    )];
    let warnings = corpus.warnings.len();
    if warnings > 0 {
        let key = app.keymap().key_for(Action::Warnings).unwrap_or_default();
        left.push(Span::styled(
            format!(
                "⚠ {warnings} warning{} ({key}) ",
                if warnings == 1 { "" } else { "s" }
            ),
            theme.status_warning,
        ));
    }
    let mut filters = Vec::new();
    if !app.list().filter.is_empty() {
        filters.push(app.list().filter.describe());
    }
    if let Some(key) = &app.list().entity_filter {
        filters.push(format!("@{}", key.name));
    }
    if let Some(search) = &app.list().search {
        filters.push(format!("/{} ({})", search.text, app.list().visible.len()));
    }
    if !filters.is_empty() {
        left.push(Span::styled(
            format!("filter {} ", sanitize(&filters.join(" "))),
            theme.status_message,
        ));
    }
    // Whose codings are drawn, when not simply everyone's: a coder must never mistake a
    // filtered view for the whole picture.
    let view = match (app.coder_view(), app.settings().blind) {
        (crate::app::CoderView::Everyone, false) => None,
        (crate::app::CoderView::Everyone, true) => Some("blind ".to_string()),
        (_, blind) => Some(format!(
            "{}{} ",
            app.coder_view_label(),
            if blind { ", blind" } else { "" }
        )),
    };
    if let Some(view) = view {
        left.push(Span::styled(view, theme.status_message));
    }
    let (done, total) = app.indexes().search_progress;
    if done < total {
        left.push(Span::styled(
            format!("search index {}% ", done * 100 / total.max(1)),
            theme.status,
        ));
    }
    let (done, total) = app.indexes().entity_progress;
    if app.indexes().entity.is_none() && total > 0 {
        left.push(Span::styled(
            format!("indexing {done}/{total} "),
            theme.status,
        ));
    }
    let mut used: usize = left.iter().map(|s| s.content.width()).sum();
    // A message answers what the user just did ("match 1 of 3", "note saved"): on a narrow
    // screen it takes the whole bar rather than being cut behind the counts and filters.
    let message_width = app
        .screen()
        .message
        .as_deref()
        .map_or(0, |m| sanitize(m).width() + 1);
    if message_width > 0 && used + message_width > area.width as usize {
        left.clear();
        used = 0;
    }
    // Without a message, the help key stays visible: on a narrow screen the corpus name (the
    // first part, the least needed) gives way to it.
    let help_width = app
        .keymap()
        .key_for(Action::Help)
        .map_or(0, |k| k.width() + " help ".width());
    if message_width == 0 && left.len() > 1 && used + help_width > area.width as usize {
        used -= left.remove(0).content.width();
    }
    let room = (area.width as usize).saturating_sub(used);
    let right = if let Some(message) = &app.screen().message {
        Span::styled(format!("{} ", sanitize(message)), theme.status_message)
    } else if !app.keymap().pending().is_empty() {
        Span::styled(
            format!(
                "{} … ",
                crate::app::keymap::describe(app.keymap().pending())
            ),
            theme.status_message,
        )
    } else {
        Span::styled(hints(app, room), theme.status)
    };
    let right_text = fit(&right.content, room);
    let gap = room.saturating_sub(right_text.width());
    left.push(Span::styled(" ".repeat(gap), theme.status));
    left.push(Span::styled(right_text, right.style));
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

/// Key hints for the status bar, for the focused pane; only the help key when the full set does
/// not fit in `room`.
fn hints(app: &App, room: usize) -> String {
    let motion = [Action::MoveDown, Action::MoveUp]
        .iter()
        .filter_map(|a| app.keymap().key_for(*a))
        .collect::<Vec<_>>()
        .join("/");
    let in_reader = app.focus() == Focus::Reader;
    let selecting = app.reader().anchor.is_some();
    let wanted: &[(Action, &str)] = if selecting {
        &[
            (Action::WordNext, "extend"),
            (Action::CodePicker, "code"),
            (Action::Select, "drop"),
        ]
    } else if in_reader {
        &[
            (Action::TagPicker, "tag"),
            (Action::Note, "note"),
            (Action::Select, "select"),
            (Action::Help, "help"),
            (Action::Back, "back"),
        ]
    } else {
        &[
            (Action::Open, "open"),
            (Action::Help, "help"),
            (Action::Back, "quit"),
        ]
    };
    let motion_label = if in_reader { "scroll" } else { "move" };
    let mut parts = if selecting {
        Vec::new()
    } else {
        vec![format!("{motion} {motion_label}")]
    };
    parts.extend(
        wanted
            .iter()
            .filter_map(|(a, label)| app.keymap().key_for(*a).map(|k| format!("{k} {label}"))),
    );
    let full = format!("{} ", parts.join("  "));
    // Quick tags first when they fit: "1:Krim 2:Zakharova"; with a selection, quick codes.
    let quick: Vec<String> = if selecting {
        app.store()
            .codes
            .iter()
            .filter_map(|(name, record)| {
                // Digit keys reach codes (see `App::quick_code`); other keys would be a promise
                // the reader does not keep.
                let key = record.key.as_deref()?.parse::<u8>().ok()?;
                (1..=9)
                    .contains(&key)
                    .then(|| format!("{key}:{}", sanitize(name)))
            })
            .collect()
    } else {
        (1..=9)
            .filter_map(|n| {
                app.store()
                    .quick_tag(n)
                    .map(|t| format!("{n}:{}", sanitize(t)))
            })
            .collect()
    };
    if !quick.is_empty() {
        let with_quick = format!("{}  {full}", quick.join(" "));
        if with_quick.width() <= room {
            return with_quick;
        }
    }
    if full.width() <= room {
        return full;
    }
    // Too wide: drop the hints between the motion and help, the newest first ("v select"
    // goes before "t tag"), so the ones people look for longest stay.
    while parts.len() > 3 {
        parts.remove(parts.len() - 3);
        let shorter = format!("{} ", parts.join("  "));
        if shorter.width() <= room {
            return shorter;
        }
    }
    app.keymap()
        .key_for(Action::Help)
        .map(|k| format!("{k} help "))
        .unwrap_or_default()
}
