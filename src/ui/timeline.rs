//! Drawing the timeline: one period per row with its count and a bar scaled to the busiest
//! period, the selected row highlighted; drawn from the counts alone, so a frame costs the
//! rows on screen, not the articles.

use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::popups::{draw_popup_with_footer, footer, hint, scroll_for};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{Action, App, Mode, TimelineView};

pub(super) fn draw(app: &App, view: &TimelineView, frame: &mut Frame, theme: &Theme) {
    let width = frame.area().width.min(90);
    let inner_width = width.saturating_sub(2) as usize;
    let room = (frame.area().height.saturating_sub(4) as usize).max(1);
    let label_width = view
        .bars
        .iter()
        .map(|b| b.period.as_deref().unwrap_or("undated").len())
        .max()
        .unwrap_or(7);
    let widest = view.bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let count_width = widest.to_string().len();
    let bar_room = inner_width
        .saturating_sub(label_width + count_width + 4)
        .max(1);
    let first = scroll_for(view.selected, room);
    let mut lines = Vec::new();
    for (i, bar) in view.bars.iter().enumerate().skip(first).take(room) {
        let label = bar.period.as_deref().unwrap_or("undated");
        let cells = (bar.count * bar_room).div_ceil(widest);
        let style = if i == view.selected {
            theme.selected
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} {:>count_width$} ", pad(label, label_width), bar.count),
                style,
            ),
            Span::styled("█".repeat(cells), theme.popup_key),
        ]));
    }
    let title = fit(
        &format!(
            " Timeline · {} articles by {} ",
            view.articles,
            view.period.name()
        ),
        inner_width.saturating_sub(2),
    );
    let _ = draw_popup_with_footer(
        frame,
        title,
        lines,
        0,
        width,
        &footer(&[
            hint(app, Mode::Codebook, Action::Confirm, "narrow to it"),
            hint(app, Mode::Main, Action::FocusNext, "day/week/month/year"),
            hint(app, Mode::Codebook, Action::Cancel, "close"),
        ]),
        theme,
    );
}
