//! Everything the user can ask for, as data. Keys map to these through the keymap, tests feed
//! them directly, and the help overlay describes them — one list serves all three.

/// A user intent. [`Action::from_name`] gives the names used in `assets/keymap.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    TagPicker,
    /// Toggle quick tag 1–9 on the current (or marked) articles.
    QuickTag(u8),
    TagBrowser,
    Note,
    NoteInEditor,
    ToggleRead,
    NextUnread,
    PrevUnread,
    Mark,
    MarkAll,
    Undo,
    Redo,
    NextEntity,
    PrevEntity,
    NextQuote,
    PrevQuote,
    ToggleHighlights,
    EntityPanel,
    Export,
    Search,
    NextMatch,
    PrevMatch,
    SavedSearches,
    /// The terminal now has this many columns and rows. Sent by the event loop, never bound.
    Resize(u16, u16),
    /// A click or wheel notch (only with mouse support on). Sent by the event loop, never bound.
    Mouse(super::MouseInput),
}

/// Bindable actions by keymap name, in no particular order (the keymap file sets help order).
const NAMED: &[(&str, Action)] = &[
    ("move_down", Action::MoveDown),
    ("move_up", Action::MoveUp),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("half_page_down", Action::HalfPageDown),
    ("half_page_up", Action::HalfPageUp),
    ("page_down", Action::PageDown),
    ("page_up", Action::PageUp),
    ("focus_next", Action::FocusNext),
    ("focus_list", Action::FocusList),
    ("focus_reader", Action::FocusReader),
    ("open", Action::Open),
    ("back", Action::Back),
    ("cancel", Action::Cancel),
    ("help", Action::Help),
    ("warnings", Action::Warnings),
    ("quit", Action::Quit),
    ("tag_picker", Action::TagPicker),
    ("tag_browser", Action::TagBrowser),
    ("note", Action::Note),
    ("note_in_editor", Action::NoteInEditor),
    ("toggle_read", Action::ToggleRead),
    ("next_unread", Action::NextUnread),
    ("prev_unread", Action::PrevUnread),
    ("mark", Action::Mark),
    ("mark_all", Action::MarkAll),
    ("undo", Action::Undo),
    ("redo", Action::Redo),
    ("next_entity", Action::NextEntity),
    ("prev_entity", Action::PrevEntity),
    ("next_quote", Action::NextQuote),
    ("prev_quote", Action::PrevQuote),
    ("toggle_highlights", Action::ToggleHighlights),
    ("entity_panel", Action::EntityPanel),
    ("export", Action::Export),
    ("search", Action::Search),
    ("next_match", Action::NextMatch),
    ("prev_match", Action::PrevMatch),
    ("saved_searches", Action::SavedSearches),
];

impl Action {
    /// The action for a keymap name (`move_down`, `quick_tag_3`, …).
    pub fn from_name(name: &str) -> Option<Action> {
        if let Some(n) = name.strip_prefix("quick_tag_") {
            return n
                .parse()
                .ok()
                .filter(|n| (1..=9).contains(n))
                .map(Action::QuickTag);
        }
        NAMED.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    /// The keymap name of a bindable action (`quick_tag_3`); `None` for `Resize` and the like.
    pub fn name(self) -> Option<String> {
        if let Action::QuickTag(n) = self {
            return Some(format!("quick_tag_{n}"));
        }
        NAMED
            .iter()
            .find(|(_, a)| *a == self)
            .map(|(n, _)| n.to_string())
    }

    /// Every valid name, for error messages.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = NAMED.iter().map(|(n, _)| n.to_string()).collect();
        names.push("quick_tag_1 … quick_tag_9".into());
        names
    }

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
            Action::Cancel => "close popup / clear filter / back",
            Action::Help => "this help",
            Action::Warnings => "list load warnings",
            Action::Quit => "quit",
            Action::TagPicker => "tag picker (toggle, create tags)",
            Action::QuickTag(_) => "toggle quick tag",
            Action::TagBrowser => "tag browser: filter, rename, delete",
            Action::Note => "edit the note",
            Action::NoteInEditor => "edit the note in $EDITOR",
            Action::ToggleRead => "toggle read",
            Action::NextUnread => "next unread article",
            Action::PrevUnread => "previous unread article",
            Action::Mark => "mark / unmark for bulk changes",
            Action::MarkAll => "mark every listed article (again: unmark)",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::NextEntity => "next entity in the article",
            Action::PrevEntity => "previous entity in the article",
            Action::NextQuote => "next quote",
            Action::PrevQuote => "previous quote",
            Action::ToggleHighlights => "entity and quote highlights on/off",
            Action::EntityPanel => "entities of this article (Enter: articles naming it)",
            Action::Export => "export tags and notes to a file",
            Action::Search => {
                "search (words, -word, \"phrase\", tag: by: from: date: who: is: has:)"
            }
            Action::NextMatch => "next search match in the article",
            Action::PrevMatch => "previous search match in the article",
            Action::SavedSearches => "saved searches: recall, or save the current one",
            Action::Resize(..) => "terminal resized",
            Action::Mouse(..) => "mouse click or wheel",
        }
    }
}
