//! Everything the user can ask for, as data. Keys map to these through the keymap, tests feed
//! them directly, and the help overlay describes them — one list serves all three.

use serde::Deserialize;

/// A user intent. The names (snake_case) are the ones used in `assets/keymap.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    MoveDown,
    MoveUp,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    FocusNext,
    FocusList,
    FocusReader,
    Open,
    Back,
    Cancel,
    Help,
    Warnings,
    Quit,
    /// The terminal now has this many columns and rows. Sent by the event loop, never bound.
    #[serde(skip)]
    Resize(u16, u16),
}

impl Action {
    /// What the help overlay says the action does.
    pub fn description(self) -> &'static str {
        match self {
            Action::MoveDown => "next article / scroll down",
            Action::MoveUp => "previous article / scroll up",
            Action::Top => "first article / top of article",
            Action::Bottom => "last article / end of article",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::PageDown => "a page down",
            Action::PageUp => "a page up",
            Action::FocusNext => "switch pane",
            Action::FocusList => "focus the article list",
            Action::FocusReader => "focus the reader",
            Action::Open => "open the article in the reader",
            Action::Back => "back (quit from the list)",
            Action::Cancel => "close popup / back to the list",
            Action::Help => "this help",
            Action::Warnings => "list load warnings",
            Action::Quit => "quit",
            Action::Resize(..) => "terminal resized",
        }
    }
}
