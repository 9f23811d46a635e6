//! Drawing only: every function here reads `&App` and writes into a ratatui frame. Geometry comes
//! from `app::layout`, so what is drawn and what the app scrolls by always agree.

mod agreement;
mod body;
mod code_table;
mod coding;
mod loading;
mod popups;
mod quotes;
mod search;
mod status;
pub mod theme;
mod timeline;

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::app::{Action, App, Area, Focus, ReaderLine};
use crate::model::Article;
use crate::text::sanitize;
pub use theme::Theme;

/// Draws with the default dark theme (monochrome when the app has colour off).
pub fn draw(app: &App, frame: &mut Frame) {
    let theme = if app.screen().color {
        Theme::dark()
    } else {
        Theme::monochrome()
    };
    draw_with(app, &theme, frame);
}

/// Draws with `theme` (the shell builds it from the config; `NO_COLOR` still wins: with
/// `app.screen().color` off the monochrome theme is used whatever `theme` says).
pub fn draw_with(app: &App, theme: &Theme, frame: &mut Frame) {
    let mono;
    let theme = if app.screen().color {
        theme
    } else {
        mono = Theme::monochrome();
        &mono
    };
    if let Some(loading) = app.screen().loading {
        loading::draw(app, loading, frame, theme);
        return;
    }
    let layout = app.layout();
    if layout.too_small {
        let notice = Paragraph::new("Terminal too small — enlarge it").alignment(Alignment::Center);
        frame.render_widget(notice, frame.area());
        return;
    }
    if let Some(area) = layout.list {
        match app.entity_panel() {
            Some(panel) => draw_entity_panel(panel, frame, rect(area), theme),
            None => draw_list(app, frame, rect(area), theme),
        }
    }
    if let Some(area) = layout.reader {
        draw_reader(app, frame, rect(area), theme);
    }
    match app.search_line() {
        Some(line) => search::draw_search_line(app, line, frame, rect(layout.status), theme),
        None => status::draw_status(app, frame, rect(layout.status), theme),
    }
    popups::draw(app, frame, theme);
}

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

pub(crate) fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(Span::styled(title, theme.title))
}

/// Cuts `text` (already sanitised) to `width` display columns, ending in `…` when cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.to_string().width();
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Pads `text` with spaces to exactly `width` display columns (cutting if needed).
pub(crate) fn pad(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let fill = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(fill))
}

/// The open article's entities by label, with mention counts, in place of the list.
fn draw_entity_panel(
    panel: &crate::app::EntityPanel,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let title = format!(
        " Entities · {} · Enter: articles naming it ",
        panel.rows.len()
    );
    let block = pane_block(title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if panel.rows.is_empty() {
        frame.render_widget(Paragraph::new("No entities found in this article."), inner);
        return;
    }
    let width = inner.width as usize;
    let rows = inner.height as usize;
    let first = panel.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = panel
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, (key, count))| {
            let label = format!("{:<8} ", key.label.as_str());
            let count = format!(" {count}");
            let name_room = width.saturating_sub(label.width() + count.width());
            let name = pad(&sanitize(&key.name), name_room);
            let line = Line::from(vec![
                Span::styled(label, theme.meta),
                Span::styled(name, theme.entity(key.label)),
                Span::raw(count),
            ]);
            if i == panel.selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_list(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let articles = &app.corpus().articles;
    let position = if app.list().visible.is_empty() {
        0
    } else {
        app.list().selected + 1
    };
    let unread = app.list().unread;
    let count = app.list().visible.len();
    let title = if app.list().marked.is_empty() {
        format!(" Articles {position}/{count} · {unread} unread ")
    } else {
        format!(
            " {position}/{count} · {unread} unread · {} marked ",
            app.list().marked.len()
        )
    };
    let block = pane_block(title, app.focus() == Focus::List, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.list().visible.is_empty() {
        let hint = match app.keymap().key_for(Action::Warnings) {
            _ if app.list().search.is_some() => {
                let mut hint = "No article matches the search. Esc clears it.".to_string();
                if let Some(search) = &app.list().search {
                    for message in &search.messages {
                        hint.push('\n');
                        hint.push_str(&sanitize(message));
                    }
                }
                hint
            }
            _ if !app.list().filter.is_empty() => {
                "No article matches the tag filter. Esc clears it.".to_string()
            }
            Some(key) if !app.corpus().warnings.is_empty() => {
                format!("No articles loaded. Press {key} to see why.")
            }
            _ => "No articles in this corpus.".to_string(),
        };
        frame.render_widget(
            Paragraph::new(hint).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let width = inner.width as usize;
    let outlet_width = app.list().outlet_column;
    let two_line = app.layout().list_item_height() == 2;
    let lines: Vec<Line> = app
        .list()
        .visible
        .iter()
        .enumerate()
        .skip(app.list().offset)
        .take(app.list_rows())
        .flat_map(|(pos, &index)| {
            let article = &articles[index];
            let marks = RowMarks {
                read: app.store().is_read(article.id.as_str()),
                marked: app.list().marked.contains(article.id.as_str()),
                tags: app.shown_tags(article.id.as_str()),
                noted: !app.store().note_of(article.id.as_str()).trim().is_empty(),
                search: app.list().search.as_ref(),
                story: app.story_size(index),
                copy: app.is_listed_copy(pos),
            };
            let style = if pos != app.list().selected {
                Style::new()
            } else if app.focus() == Focus::List {
                theme.selected
            } else {
                theme.selected_unfocused
            };
            let rows = if two_line {
                two_line_row(article, &marks, width, theme)
            } else {
                vec![list_row(article, &marks, width, outlet_width, theme)]
            };
            rows.into_iter().map(move |row| row.style(style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the list shows about an article besides its metadata.
struct RowMarks<'a> {
    read: bool,
    marked: bool,
    tags: &'a [String],
    /// The article has a note: `✎` among the badges, so that notes are found from the list.
    noted: bool,
    search: Option<&'a crate::app::ActiveSearch>,
    /// How many articles tell this article's story (1: no copy).
    story: usize,
    /// Listed under its story's first row (the story is unfolded).
    copy: bool,
}

impl RowMarks<'_> {
    /// The title as listed: `×3` before it when two more articles tell the same story.
    fn titled(&self, title: &str) -> String {
        let title = sanitize(title);
        if self.copy {
            format!("  ↳ {title}")
        } else if self.story > 1 {
            format!("×{} {title}", self.story)
        } else {
            title.into_owned()
        }
    }

    /// Two columns: `*` marked, `•` unread.
    fn gutter(&self) -> String {
        format!(
            "{}{}",
            if self.marked { '*' } else { ' ' },
            if self.read { ' ' } else { '•' }
        )
    }

    fn badges(&self) -> String {
        self.noted
            .then(|| "✎".to_string())
            .into_iter()
            .chain(self.tags.iter().map(|t| format!("#{}", sanitize(t))))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Title on the first line, `date · outlet  #tags` on the second: for narrow list panes.
fn two_line_row<'a>(
    article: &Article,
    marks: &RowMarks,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let inner = width.saturating_sub(2);
    let title = pad(&marks.titled(&article.title), inner);
    let meta: Vec<String> = [article.date.as_deref(), article.outlet.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| sanitize(s).into_owned())
        .collect();
    let badges = marks.badges();
    // The user's own marks before the outlet: the outlet is cut, down to the date alone, to
    // make room for them (the reader shows it whole); then the marks are cut.
    let joined = meta.join(" · ");
    let meta_room = if badges.is_empty() {
        inner
    } else {
        inner.saturating_sub(badges.width() + 1)
    };
    let date = article.date.as_deref().map(sanitize).unwrap_or_default();
    // The outlet is cut to no less than two columns after the date's ` · `.
    let meta = if date.is_empty() || meta_room >= (date.width() + 5).min(joined.width()) {
        fit(&joined, meta_room)
    } else {
        fit(&date, inner)
    };
    let room = inner.saturating_sub(meta.width() + 1);
    let badges = if badges.is_empty() || room < 3 {
        String::new()
    } else {
        format!(" {}", fit(&badges, room))
    };
    let fill = inner.saturating_sub(meta.width() + badges.width());
    let mut first = vec![Span::styled(marks.gutter(), theme.marker)];
    first.extend(search::highlight_spans(
        &title,
        marks.search,
        Style::new(),
        theme,
    ));
    vec![
        Line::from(first),
        Line::from(vec![
            Span::raw("  "),
            Span::styled(meta, theme.meta),
            Span::styled(badges, theme.tag),
            Span::raw(" ".repeat(fill)),
        ]),
    ]
}

/// `date outlet title`, dropping the outlet and then the date as the pane narrows.
fn list_row<'a>(
    article: &Article,
    marks: &RowMarks,
    width: usize,
    outlet_width: usize,
    theme: &Theme,
) -> Line<'a> {
    let mut spans = vec![Span::styled(marks.gutter(), theme.marker)];
    let badges = marks.badges();
    let columns = crate::app::layout::RowColumns::new(width, outlet_width, badges.width());
    if columns.date {
        let date = article.date.as_deref().map(sanitize).unwrap_or_default();
        spans.push(Span::styled(pad(&date, 10), theme.date));
        spans.push(Span::raw(" "));
    }
    if columns.outlet > 0 {
        let outlet = article.outlet.as_deref().map(sanitize).unwrap_or_default();
        spans.push(Span::styled(pad(&outlet, columns.outlet), theme.outlet));
        spans.push(Span::raw(" "));
    }
    let title = marks.titled(&article.title);
    spans.extend(search::highlight_spans(
        &pad(&title, columns.title),
        marks.search,
        Style::new(),
        theme,
    ));
    if columns.badges > 0 {
        spans.push(Span::styled(
            pad(&format!(" {badges}"), columns.badges),
            theme.tag,
        ));
    }
    Line::from(spans)
}

fn draw_reader(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rows = app.reader_rows();
    let total = app.reader().lines.len();
    let mut block = pane_block(" Reader ".to_string(), app.focus() == Focus::Reader, theme);
    if total > rows {
        let last = (app.reader().scroll + rows).min(total);
        let percent = last * 100 / total.max(1);
        block = block.title_bottom(Line::from(format!(" {percent}% ")).alignment(Alignment::Right));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(article) = app
        .reader()
        .article
        .and_then(|i| app.corpus().articles.get(i))
    else {
        return;
    };
    let text_area = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let marks = body::Marks {
        analysis: app.reader_analysis(),
        cursor: app.reader().span_cursor.as_ref(),
        matches: &app.reader().matches,
        coded: &app.reader().coded,
        code_colors: app.screen().color,
        selection: app.selection(),
    };
    // The margin left of the text marks lines with coded passages, as QDA tools do.
    let mut margin: Vec<Line> = Vec::new();
    let lines: Vec<Line> = app
        .reader()
        .lines
        .iter()
        .skip(app.reader().scroll)
        .take(rows)
        .inspect(|line| {
            let coded = match line {
                ReaderLine::Body(pieces) => {
                    let words = pieces.iter().filter_map(|p| match p {
                        crate::app::reader::Piece::Word(r) => Some(r.clone()),
                        crate::app::reader::Piece::Speaker(_) => None,
                    });
                    let mut words = words.peekable();
                    let start = words.peek().map(|r| r.start);
                    let end = words.last().map(|r| r.end);
                    start.zip(end).is_some_and(|(s, e)| marks.coded_in(&(s..e)))
                }
                _ => false,
            };
            margin.push(if coded {
                Line::styled("▐", theme.coded_margin)
            } else {
                Line::default()
            });
        })
        .map(|line| match line {
            ReaderLine::Title(t) => Line::from(search::highlighted(t, app, theme.title, theme)),
            ReaderLine::Meta(m) => Line::styled(m.clone(), theme.meta),
            ReaderLine::Tags(tags) => Line::from(
                tags.iter()
                    .flat_map(|t| [Span::styled(format!(" {t} "), theme.badge), Span::raw(" ")])
                    .collect::<Vec<_>>(),
            ),
            ReaderLine::Note(text) => Line::styled(text.clone(), theme.note),
            ReaderLine::Rule => Line::styled("─".repeat(text_area.width as usize), theme.rule),
            ReaderLine::Blank => Line::default(),
            ReaderLine::Body(pieces) => body::body_line(&article.body, pieces, &marks, theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
    if margin.iter().any(|l| !l.spans.is_empty()) {
        let margin_area = Rect { width: 1, ..inner };
        frame.render_widget(Paragraph::new(margin), margin_area);
    }
}
