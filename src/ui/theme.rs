//! Styles in one place: the dark (default) and light themes, the monochrome one for `NO_COLOR`,
//! and the names and style strings (`"italic green"`, `"bold black on #ffd700"`) by which the
//! config file's `[theme]` table overrides single elements. Both colour themes use only the 16
//! named terminal colours, so they read the same on an 8/16-colour terminal; with `NO_COLOR` the
//! monochrome theme tells things apart by modifiers alone.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use crate::analysis::Label;

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub date: Style,
    pub outlet: Style,
    pub title: Style,
    pub meta: Style,
    pub rule: Style,
    pub status: Style,
    pub status_warning: Style,
    pub status_message: Style,
    pub popup_key: Style,
    pub marker: Style,
    pub tag: Style,
    pub badge: Style,
    pub note: Style,
    pub person: Style,
    pub org: Style,
    pub place: Style,
    pub group: Style,
    pub event: Style,
    pub date_entity: Style,
    pub quantity: Style,
    pub quote: Style,
    pub scare_quote: Style,
    pub speaker: Style,
    pub span_cursor: Style,
    /// Coded passages in the reader, and the mark in the margin beside their lines.
    pub coded: Style,
    pub coded_margin: Style,
    /// The selection (`v`, `s`, `p`, `o`).
    pub selection: Style,
    /// Words the search matched, in the list and the reader.
    pub search_match: Style,
}

impl Theme {
    pub fn dark() -> Theme {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            date: Style::new().fg(Color::Blue),
            outlet: Style::new().fg(Color::Magenta),
            title: Style::new().add_modifier(Modifier::BOLD),
            meta: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            rule: Style::new().fg(Color::DarkGray),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            status_warning: Style::new()
                .bg(Color::DarkGray)
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            status_message: Style::new().bg(Color::DarkGray).fg(Color::Cyan),
            popup_key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            marker: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            tag: Style::new().fg(Color::Green),
            badge: Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD),
            note: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::ITALIC),
            // Each label also differs by a modifier, so they stay apart without colour.
            person: Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            org: Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            place: Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::UNDERLINED),
            group: Style::new().fg(Color::LightMagenta),
            event: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            date_entity: Style::new().fg(Color::LightBlue),
            quantity: Style::new().fg(Color::LightRed),
            quote: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            scare_quote: Style::new().add_modifier(Modifier::ITALIC),
            speaker: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            span_cursor: Style::new().add_modifier(Modifier::REVERSED),
            coded: Style::new().bg(Color::Indexed(238)),
            coded_margin: Style::new()
                .fg(Color::LightMagenta)
                .add_modifier(Modifier::BOLD),
            selection: Style::new().bg(Color::Blue).fg(Color::White),
            search_match: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// For light terminal backgrounds: dark colours on the terminal's own background (no
    /// light yellow, light cyan or white text), the same modifiers as the dark theme so labels
    /// still differ without colour.
    pub fn light() -> Theme {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Blue),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            date: Style::new().fg(Color::Blue),
            outlet: Style::new().fg(Color::Magenta),
            title: Style::new().add_modifier(Modifier::BOLD),
            meta: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            rule: Style::new().fg(Color::DarkGray),
            status: Style::new().bg(Color::Gray).fg(Color::Black),
            status_warning: Style::new()
                .bg(Color::Gray)
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD),
            status_message: Style::new().bg(Color::Gray).fg(Color::Blue),
            popup_key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            marker: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            tag: Style::new().fg(Color::Green),
            badge: Style::new()
                .fg(Color::White)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD),
            note: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::ITALIC),
            person: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            org: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            place: Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::UNDERLINED),
            group: Style::new().fg(Color::Magenta),
            event: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            date_entity: Style::new().fg(Color::Cyan),
            quantity: Style::new().fg(Color::Red),
            quote: Style::new().fg(Color::Black).add_modifier(Modifier::ITALIC),
            scare_quote: Style::new().add_modifier(Modifier::ITALIC),
            speaker: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            span_cursor: Style::new().add_modifier(Modifier::REVERSED),
            coded: Style::new().bg(Color::Indexed(254)),
            coded_margin: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            selection: Style::new().bg(Color::LightBlue).fg(Color::Black),
            search_match: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// A built-in theme by the name the config file uses (`theme = "light"`).
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            _ => None,
        }
    }

    /// The style of a `[theme]` element, for changing it.
    pub fn element_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "selected" => &mut self.selected,
            "selected_unfocused" => &mut self.selected_unfocused,
            "list_date" => &mut self.date,
            "outlet" => &mut self.outlet,
            "title" => &mut self.title,
            "meta" => &mut self.meta,
            "rule" => &mut self.rule,
            "status" => &mut self.status,
            "status_warning" => &mut self.status_warning,
            "status_message" => &mut self.status_message,
            "popup_key" => &mut self.popup_key,
            "marker" => &mut self.marker,
            "tag" => &mut self.tag,
            "tag_badge" => &mut self.badge,
            "note" => &mut self.note,
            "person" => &mut self.person,
            "org" => &mut self.org,
            "place" => &mut self.place,
            "group" => &mut self.group,
            "event" => &mut self.event,
            "date" => &mut self.date_entity,
            "quantity" => &mut self.quantity,
            "quote" => &mut self.quote,
            "scare_quote" => &mut self.scare_quote,
            "speaker" => &mut self.speaker,
            "span_cursor" => &mut self.span_cursor,
            "coded" => &mut self.coded,
            "coded_margin" => &mut self.coded_margin,
            "selection" => &mut self.selection,
            "search_match" => &mut self.search_match,
            _ => return None,
        })
    }

    pub fn entity(&self, label: Label) -> Style {
        match label {
            Label::Person => self.person,
            Label::Org => self.org,
            Label::Place => self.place,
            Label::Group => self.group,
            Label::Event => self.event,
            Label::Date => self.date_entity,
            Label::Quantity => self.quantity,
        }
    }

    /// For `NO_COLOR`: no foreground or background colour anywhere; bold, italic, underline and
    /// reverse video carry every distinction the colours did (the help legend shows which).
    pub fn monochrome() -> Theme {
        let plain = |modifier: Modifier| Style::new().add_modifier(modifier);
        Theme {
            border: Style::new(),
            border_focused: plain(Modifier::BOLD),
            selected: plain(Modifier::REVERSED | Modifier::BOLD),
            selected_unfocused: plain(Modifier::REVERSED),
            date: Style::new(),
            outlet: Style::new(),
            title: plain(Modifier::BOLD),
            meta: plain(Modifier::ITALIC),
            rule: Style::new(),
            status: plain(Modifier::REVERSED),
            status_warning: plain(Modifier::REVERSED | Modifier::BOLD),
            status_message: plain(Modifier::REVERSED | Modifier::ITALIC),
            popup_key: plain(Modifier::BOLD),
            marker: plain(Modifier::BOLD),
            tag: plain(Modifier::UNDERLINED),
            badge: plain(Modifier::REVERSED),
            note: plain(Modifier::ITALIC),
            person: plain(Modifier::BOLD),
            org: plain(Modifier::BOLD | Modifier::UNDERLINED),
            place: plain(Modifier::UNDERLINED),
            group: plain(Modifier::UNDERLINED | Modifier::ITALIC),
            event: plain(Modifier::BOLD | Modifier::ITALIC),
            date_entity: plain(Modifier::DIM),
            quantity: plain(Modifier::DIM | Modifier::UNDERLINED),
            quote: plain(Modifier::ITALIC),
            scare_quote: Style::new(),
            speaker: plain(Modifier::DIM | Modifier::ITALIC),
            span_cursor: plain(Modifier::REVERSED),
            coded: plain(Modifier::UNDERLINED),
            coded_margin: plain(Modifier::BOLD),
            selection: plain(Modifier::REVERSED),
            search_match: plain(Modifier::REVERSED | Modifier::BOLD),
        }
    }
}

/// Every `[theme]` element name with what it colours, in the order `config --default` lists them.
pub const ELEMENTS: &[(&str, &str)] = &[
    ("person", "PERSON entities in the reader"),
    ("org", "ORG entities"),
    ("place", "PLACE entities"),
    (
        "group",
        "GROUP entities (nationalities, religious and political groups)",
    ),
    ("event", "EVENT entities"),
    ("date", "DATE entities"),
    ("quantity", "QUANTITY entities"),
    ("quote", "quoted speech"),
    ("scare_quote", "scare quotes and titles (not speech)"),
    ("speaker", "the speaker after a quote"),
    (
        "span_cursor",
        "the reader's cursor: the word, entity, quote or passage it is on",
    ),
    ("coded", "coded passages in the reader"),
    (
        "coded_margin",
        "the margin mark beside lines with coded passages",
    ),
    ("selection", "the selected text (v, s, p, o)"),
    ("search_match", "words a search matched (list and reader)"),
    ("tag", "#tags in the list"),
    ("tag_badge", "tag badges in the reader header"),
    ("note", "the note under the reader header"),
    ("selected", "the highlighted row in the focused pane"),
    (
        "selected_unfocused",
        "the highlighted row in the other pane",
    ),
    ("status", "status bar"),
    ("status_warning", "status bar: the warning count"),
    ("status_message", "status bar: messages and filters"),
    ("border", "pane borders"),
    ("border_focused", "the focused pane's border"),
    ("title", "pane titles and article titles"),
    ("meta", "date · byline · outlet lines"),
    ("list_date", "the date column of the list"),
    ("outlet", "the outlet column of the list"),
    ("rule", "the rule under the reader header"),
    ("marker", "the unread and marked signs in the list"),
    ("popup_key", "keys in popups"),
];

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("underline", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("reverse", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
    ("strikethrough", Modifier::CROSSED_OUT),
    ("blink", Modifier::SLOW_BLINK),
];

/// The colour names a style string accepts, for error messages.
pub const COLOUR_NAMES: &str = "black red green yellow blue magenta cyan gray darkgray \
     lightred lightgreen lightyellow lightblue lightmagenta lightcyan white reset, #rrggbb, 0-255";

/// Parses a style string: modifiers and a colour in any order, `on COLOUR` for a background —
/// `"italic green"`, `"bold"`, `"#ff8700"`, `"bold black on green"`, `"208"` (indexed).
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    let mut fg_set = false;
    if text.trim().is_empty() {
        return Ok(style);
    }
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if lower == "on" {
            let colour = words.next().ok_or_else(|| {
                "\"on\" needs a colour after it (\"bold black on green\")".to_string()
            })?;
            style = style.bg(parse_colour(colour)?);
        } else if let Some((_, modifier)) = MODIFIERS.iter().find(|(n, _)| *n == lower) {
            style = style.add_modifier(*modifier);
        } else if fg_set {
            return Err(format!(
                "{word:?}: only one foreground colour (use \"on COLOUR\" for the background)"
            ));
        } else {
            style = style.fg(parse_colour(word).map_err(|_| {
                format!(
                    "unknown colour or modifier {word:?} — valid: {COLOUR_NAMES}; modifiers: {}; \"on COLOUR\" sets the background",
                    modifier_names()
                )
            })?);
            fg_set = true;
        }
    }
    Ok(style)
}

fn modifier_names() -> String {
    MODIFIERS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_colour(word: &str) -> Result<Color, String> {
    // ratatui also reads "lightgray" as white and numbers as indexed colours; a bare number past
    // 255 or a malformed #hex is an error.
    Color::from_str(word).map_err(|_| format!("unknown colour {word:?} — valid: {COLOUR_NAMES}"))
}

/// The style string that [`parse_style`] reads back as `style` (for `config --default`).
pub fn style_string(style: Style) -> String {
    let mut words: Vec<String> = Vec::new();
    for (name, modifier) in MODIFIERS {
        // The first spelling of each modifier only.
        if style.add_modifier.contains(*modifier)
            && !words
                .iter()
                .any(|w| MODIFIERS.iter().any(|(n, m)| n == w && m == modifier))
        {
            words.push(name.to_string());
        }
    }
    let colour = |c: Color| match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        other => other.to_string().to_ascii_lowercase(),
    };
    if let Some(fg) = style.fg {
        words.push(colour(fg));
    }
    if let Some(bg) = style.bg {
        words.push(format!("on {}", colour(bg)));
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_strings_read_names_hex_indexed_and_modifiers() {
        assert_eq!(
            parse_style("italic green"),
            Ok(Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC))
        );
        assert_eq!(
            parse_style("bold"),
            Ok(Style::new().add_modifier(Modifier::BOLD))
        );
        assert_eq!(
            parse_style("#FF8700"),
            Ok(Style::new().fg(Color::Rgb(255, 135, 0)))
        );
        assert_eq!(parse_style("208"), Ok(Style::new().fg(Color::Indexed(208))));
        assert_eq!(
            parse_style("bold black on light-green"),
            Ok(Style::new()
                .fg(Color::Black)
                .bg(Color::LightGreen)
                .add_modifier(Modifier::BOLD))
        );
        let err = parse_style("gren").unwrap_err();
        assert!(
            err.contains("\"gren\"") && err.contains("lightmagenta"),
            "{err}"
        );
        assert!(parse_style("red blue").unwrap_err().contains("only one"));
        assert!(parse_style("bold on")
            .unwrap_err()
            .contains("needs a colour"));
        assert!(parse_style("#12345").is_err());
        assert!(parse_style("256").is_err());
    }

    #[test]
    fn every_theme_element_round_trips_through_its_style_string() {
        for theme in [Theme::dark(), Theme::light()] {
            let mut copy = theme.clone();
            for (name, _) in ELEMENTS {
                let style = *copy.element_mut(name).expect(name);
                let text = style_string(style);
                assert_eq!(parse_style(&text), Ok(style), "{name}: {text}");
            }
        }
        // Every element is reachable by name, and every name is listed.
        let mut theme = Theme::dark();
        assert!(theme.element_mut("mauve").is_none());
        assert_eq!(ELEMENTS.len(), 32);
    }
}
