//! The loading screen: which corpus, how far, a bar, and how to quit.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{fit, pad, Theme};
use crate::app::{Action, App};
use crate::text::sanitize;

/// The screen while the corpus loads: what is being read and how far it has got, with a bar.
pub(super) fn draw(app: &App, loading: crate::app::Loading, frame: &mut Frame, theme: &Theme) {
    let area = frame.area();
    let width = area.width as usize;
    let progress = if !loading.walked {
        format!("finding files… {} found", loading.found)
    } else {
        format!("reading {} / {} files", loading.read, loading.found)
    };
    let bar_width = width.saturating_sub(4).min(50);
    let filled = if loading.walked && loading.found > 0 {
        bar_width * loading.read.min(loading.found) / loading.found
    } else {
        0
    };
    let quit = app
        .keymap()
        .key_for(Action::Back)
        .unwrap_or_else(|| "Ctrl-c".into());
    let lines = vec![
        Line::styled(
            fit(&format!("Loading {}", sanitize(&app.corpus().name)), width),
            theme.title,
        ),
        Line::default(),
        Line::raw(fit(&progress, width)),
        Line::from(vec![
            Span::styled("█".repeat(filled), theme.border_focused),
            Span::styled("░".repeat(bar_width - filled), theme.border),
        ]),
        Line::default(),
        Line::styled(fit(&format!("{quit} quits"), width), theme.meta),
    ];
    let height = lines.len() as u16;
    let top = area.y + area.height.saturating_sub(height) / 2;
    let text_area = Rect {
        y: top,
        height: height.min(area.height.saturating_sub(top - area.y)),
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center),
        text_area,
    );
    if area.height > height {
        let status = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        let text = match &app.screen().message {
            Some(message) => format!(" {}", sanitize(message)),
            None => String::new(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(pad(&text, width), theme.status_message)),
            status,
        );
    }
}
