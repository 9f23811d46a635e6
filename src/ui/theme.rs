//! Styles in one place, so a later config/theme layer replaces values here, not in drawing code.
//! The colour theme uses only the 16 named terminal colours, so it reads the same on an 8/16-
//! colour terminal; with `NO_COLOR` the monochrome theme tells things apart by modifiers alone.

use ratatui::style::{Color, Modifier, Style};

use crate::analysis::Label;

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
            search_match: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        }
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
            search_match: plain(Modifier::REVERSED | Modifier::BOLD),
        }
    }
}
