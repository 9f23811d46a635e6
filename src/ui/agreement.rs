//! Drawing the agreement view: a row per tag and code with its units, percent agreement, κ and
//! α (codes: also on characters); under an opened item its disagreements, one article per row
//! with each coder's value side by side and how it was settled.

use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::popups::{draw_popup_with_footer, footer, hint, scroll_for};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{Action, AgreementView, App, Mode};
use crate::text::sanitize;

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

pub(super) fn draw(app: &App, view: &AgreementView, frame: &mut Frame, theme: &Theme) {
    let width = frame.area().width.min(100);
    let inner_width = width.saturating_sub(2) as usize;
    let room = (frame.area().height.saturating_sub(7) as usize).max(1);
    let report = &view.report;
    let mut lines = Vec::new();
    let (title, footer_text) = match &view.open {
        None => {
            let name_width = inner_width.saturating_sub(40).clamp(8, 40);
            lines.push(Line::styled(
                format!(
                    " {} {:>6} {:>6} {:>5} {:>5} {:>6} {:>5}",
                    pad("item", name_width),
                    "units",
                    "agree",
                    "κ",
                    "α",
                    "chars",
                    "α"
                ),
                theme.popup_key,
            ));
            lines.push(Line::styled("─".repeat(inner_width), theme.rule));
            let first = scroll_for(view.selected, room);
            for (i, (item, a)) in report.items.iter().enumerate().skip(first).take(room) {
                let span = a.span.as_ref().map_or_else(
                    || format!(" {:>6} {:>5}", "", ""),
                    |s| format!(" {:>6} {:>5}", s.characters, number(s.alpha)),
                );
                let text = format!(
                    " {} {:>6} {:>5.1}% {:>5} {:>5}{span}",
                    pad(&fit(&sanitize(item), name_width), name_width),
                    a.units,
                    a.agreement * 100.0,
                    number(a.kappa),
                    number(a.alpha),
                );
                let style = if i == view.selected {
                    theme.selected
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::styled(fit(&text, inner_width), style));
            }
            (
                format!(
                    " Agreement · {} · units: articles all touched ",
                    sanitize(&report.coders.join(", "))
                ),
                footer(&[
                    hint(app, Mode::Codebook, Action::Confirm, "disagreements"),
                    hint(app, Mode::Codebook, Action::Cancel, "close"),
                ]),
            )
        }
        Some((item, selected)) => {
            let rows = view.disagreements();
            let coders: Vec<String> = report
                .coders
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {}", i + 1, sanitize(c)))
                .collect();
            lines.push(Line::styled(
                fit(&format!(" accept: {}", coders.join(" · ")), inner_width),
                theme.popup_key,
            ));
            lines.push(Line::styled("─".repeat(inner_width), theme.rule));
            if rows.is_empty() {
                lines.push(Line::styled(
                    " the coders agree on every article",
                    theme.meta,
                ));
            }
            let first = scroll_for(*selected, room);
            for (i, d) in rows.iter().enumerate().skip(first).take(room) {
                let title = app
                    .corpus()
                    .articles
                    .iter()
                    .find(|a| a.id.as_str() == d.article)
                    .map_or_else(|| d.article.clone(), |a| sanitize(&a.title).into_owned());
                let values: Vec<String> = report
                    .coders
                    .iter()
                    .map(|c| {
                        let mark = if d.coders.get(c).copied().unwrap_or(false) {
                            "✓"
                        } else {
                            "·"
                        };
                        format!("{}{mark}", sanitize(c))
                    })
                    .collect();
                let settled = d.settled.as_ref().map_or_else(
                    || "open".to_string(),
                    |a| {
                        format!(
                            "→ {}{}",
                            if a.value { "✓" } else { "·" },
                            a.from
                                .as_deref()
                                .map_or_else(String::new, |f| format!(" ({})", sanitize(f)))
                        )
                    },
                );
                let right = format!(" {} {settled} ", values.join(" "));
                let title_width = inner_width.saturating_sub(right.chars().count() + 1);
                let text = format!(" {}{right}", pad(&fit(&title, title_width), title_width));
                let style = if i == *selected {
                    theme.selected
                } else if d.settled.is_some() {
                    theme.meta
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(fit(&text, inner_width), style)));
            }
            (
                format!(" {} · {} disagreement(s) ", sanitize(item), rows.len()),
                footer(&[
                    Some("1–9 accept".to_string()),
                    hint(app, Mode::Codebook, Action::Confirm, "open"),
                    hint(app, Mode::Codebook, Action::Cancel, "back"),
                ]),
            )
        }
    };
    let _ = draw_popup_with_footer(
        frame,
        fit(&title, inner_width.saturating_sub(2)),
        lines,
        0,
        width,
        &footer_text,
        theme,
    );
}
