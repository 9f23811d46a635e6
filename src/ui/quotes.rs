//! Drawing the quotes view: the speakers with their counts, or one speaker's quotes (date,
//! outlet, the quote on one line), with what was typed at the top.

use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::popups::{draw_popup_with_footer, footer, hint, place_query_cursor, scroll_for};
use super::theme::Theme;
use super::{fit, pad};
use crate::app::{Action, App, Mode, QuotesView};
use crate::text::sanitize;

pub(super) fn draw(app: &App, view: &QuotesView, frame: &mut Frame, theme: &Theme) {
    let Some(index) = &app.indexes().quotes else {
        return;
    };
    let width = frame.area().width.min(100);
    let inner_width = width.saturating_sub(2) as usize;
    let room = (frame.area().height.saturating_sub(7) as usize).max(1);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("› ", theme.popup_key),
            Span::raw(sanitize(&view.query.text).into_owned()),
        ]),
        Line::styled("─".repeat(inner_width), theme.rule),
    ];
    let selected_style = |selected: bool| {
        if selected {
            theme.selected
        } else {
            ratatui::style::Style::default()
        }
    };
    let title = match &view.open {
        None => {
            let first = scroll_for(view.selected, room);
            // A sparkline of quotes per year, over the years the corpus' quotes span (at most
            // the last 12), when the pane has room for it.
            let years = index.years().map(|(a, b)| (a.max(b - 11), b));
            let spark_width = years.map_or(0, |(a, b)| (b - a + 1) as usize);
            let show_spark = spark_width > 1 && inner_width >= 60;
            let spark_room = if show_spark { spark_width + 1 } else { 0 };
            let name_width = inner_width.saturating_sub(26 + spark_room).max(8);
            for (row, &i) in view.speakers.iter().enumerate().skip(first).take(room) {
                let s = &index.speakers[i];
                let text = format!(
                    " {} {:>6} {:>8} {:>7}",
                    pad(&fit(&sanitize(&s.name), name_width), name_width),
                    s.quotes,
                    s.articles,
                    s.outlets
                );
                let mut spans = vec![Span::styled(text, selected_style(row == view.selected))];
                if let (true, Some((from, to))) = (show_spark, years) {
                    spans.push(Span::styled(
                        format!(" {}", sparkline(&s.by_year, from, to)),
                        theme.popup_key,
                    ));
                }
                lines.push(Line::from(spans));
            }
            if view.speakers.is_empty() {
                lines.push(Line::styled(" no speaker matches", theme.meta));
            }
            let n = view.speakers.len();
            format!(
                " Quotes · {n} speaker{} · quotes, articles, outlets ",
                if n == 1 { "" } else { "s" }
            )
        }
        Some(open) => {
            let first = scroll_for(open.selected, room);
            let articles = &app.corpus().articles;
            for (row, &i) in open.quotes.iter().enumerate().skip(first).take(room) {
                let q = &index.quotes[i];
                let article = &articles[q.article];
                let meta = format!(
                    " {} {} ",
                    article.date.as_deref().unwrap_or("undated"),
                    fit(&sanitize(article.outlet.as_deref().unwrap_or("")), 14)
                );
                let quote: String = sanitize(article.body.get(q.range.clone()).unwrap_or(""))
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let room_for_quote = inner_width.saturating_sub(meta.chars().count());
                lines.push(Line::from(vec![
                    Span::styled(meta, theme.meta),
                    Span::styled(
                        fit(&quote, room_for_quote),
                        selected_style(row == open.selected),
                    ),
                ]));
            }
            if open.quotes.is_empty() {
                lines.push(Line::styled(
                    " no quote of theirs holds those words",
                    theme.meta,
                ));
            }
            let s = &index.speakers[open.speaker];
            format!(
                " {} · {} of {} quotes ",
                sanitize(&s.name),
                open.quotes.len(),
                s.quotes
            )
        }
    };
    let inner = draw_popup_with_footer(
        frame,
        fit(&title, inner_width.saturating_sub(2)),
        lines,
        0,
        width,
        &footer(&[
            hint(
                app,
                Mode::Picker,
                Action::Confirm,
                if view.open.is_some() {
                    "open"
                } else {
                    "quotes"
                },
            ),
            hint(
                app,
                Mode::Picker,
                Action::Cancel,
                if view.open.is_some() { "back" } else { "close" },
            ),
        ]),
        theme,
    );
    place_query_cursor(frame, inner, &view.query);
}

/// Quotes per year as block characters, one per year from `from` to `to`, scaled to the
/// speaker's busiest year; a blank for a year without quotes.
fn sparkline(by_year: &std::collections::BTreeMap<i32, usize>, from: i32, to: i32) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let most = by_year.values().copied().max().unwrap_or(0).max(1);
    (from..=to)
        .map(|y| match by_year.get(&y).copied().unwrap_or(0) {
            0 => ' ',
            n => BLOCKS[(n * 8).div_ceil(most).clamp(1, 8) - 1],
        })
        .collect()
}
