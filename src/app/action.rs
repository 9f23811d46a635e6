//! Everything the user can ask for, as data. Keys map to these through the keymap, tests feed
//! them directly, and the help overlay describes them — one list serves all three. The names
//! used in `assets/keymap.toml` and in config files are the variants' own names in snake case
//! (serde), so a new action cannot drift from its spelling in the keymap.

use serde::{Deserialize, Serialize};

use super::keymap::Mode;

/// A user intent. [`Action::from_name`] gives the names used in `assets/keymap.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    TagPicker,
    /// Toggle quick tag 1–9 on the current (or marked) articles. Named `quick_tag_N`.
    #[serde(skip)]
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
    WidenList,
    NarrowList,
    Zoom,
    // Passages: the reader's cursor, the selection and coding.
    WordNext,
    WordPrev,
    SentenceNext,
    SentencePrev,
    ParagraphNext,
    ParagraphPrev,
    Select,
    SelectSentence,
    SelectParagraph,
    SelectObject,
    CodePicker,
    Memo,
    NextCoded,
    PrevCoded,
    Codebook,
    Correct,
    RenameCode,
    DeleteCode,
    CodeTable,
    CoderView,
    Finish,
    Agreement,
    WhoApplied,
    Quotes,
    Timeline,
    MarkStory,
    ToggleStory,
    FetchFeeds,
    // Popups.
    Confirm,
    Yes,
    Save,
    HistoryPrev,
    HistoryNext,
    NextField,
    PrevField,
    OptionNext,
    OptionPrev,
    Delete,
    FilterTag,
    ExcludeTag,
    RenameTag,
    DeleteTag,
    ClearFilter,
    // Text fields.
    CursorLeft,
    CursorRight,
    CursorUp,
    CursorDown,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    ClearLine,
    Newline,
    Indent,
    /// The terminal now has this many columns and rows. Sent by the event loop, never bound.
    #[serde(skip)]
    Resize(u16, u16),
    /// A click or wheel notch (only with mouse support on). Sent by the event loop, never bound.
    #[serde(skip)]
    Mouse(super::MouseInput),
}

impl Action {
    /// Every bindable action but the quick tags (for error messages that list valid names).
    pub const ALL: &'static [Action] = &[
        Action::MoveDown,
        Action::MoveUp,
        Action::Top,
        Action::Bottom,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::FocusNext,
        Action::FocusList,
        Action::FocusReader,
        Action::Open,
        Action::Back,
        Action::Cancel,
        Action::Help,
        Action::Warnings,
        Action::Quit,
        Action::TagPicker,
        Action::TagBrowser,
        Action::Note,
        Action::NoteInEditor,
        Action::ToggleRead,
        Action::NextUnread,
        Action::PrevUnread,
        Action::Mark,
        Action::MarkAll,
        Action::Undo,
        Action::Redo,
        Action::NextEntity,
        Action::PrevEntity,
        Action::NextQuote,
        Action::PrevQuote,
        Action::ToggleHighlights,
        Action::EntityPanel,
        Action::Export,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::SavedSearches,
        Action::WidenList,
        Action::NarrowList,
        Action::Zoom,
        Action::WordNext,
        Action::WordPrev,
        Action::SentenceNext,
        Action::SentencePrev,
        Action::ParagraphNext,
        Action::ParagraphPrev,
        Action::Select,
        Action::SelectSentence,
        Action::SelectParagraph,
        Action::SelectObject,
        Action::CodePicker,
        Action::Memo,
        Action::NextCoded,
        Action::PrevCoded,
        Action::Codebook,
        Action::Correct,
        Action::RenameCode,
        Action::DeleteCode,
        Action::CodeTable,
        Action::CoderView,
        Action::Finish,
        Action::Agreement,
        Action::WhoApplied,
        Action::Quotes,
        Action::Timeline,
        Action::MarkStory,
        Action::ToggleStory,
        Action::FetchFeeds,
        Action::Confirm,
        Action::Yes,
        Action::Save,
        Action::HistoryPrev,
        Action::HistoryNext,
        Action::NextField,
        Action::PrevField,
        Action::OptionNext,
        Action::OptionPrev,
        Action::Delete,
        Action::FilterTag,
        Action::ExcludeTag,
        Action::RenameTag,
        Action::DeleteTag,
        Action::ClearFilter,
        Action::CursorLeft,
        Action::CursorRight,
        Action::CursorUp,
        Action::CursorDown,
        Action::LineStart,
        Action::LineEnd,
        Action::DeleteBack,
        Action::DeleteForward,
        Action::DeleteWordBack,
        Action::ClearLine,
        Action::Newline,
        Action::Indent,
    ];

    /// The action for a keymap name (`move_down`, `quick_tag_3`, …).
    pub fn from_name(name: &str) -> Option<Action> {
        if let Some(n) = name.strip_prefix("quick_tag_") {
            return n
                .parse()
                .ok()
                .filter(|n| (1..=9).contains(n))
                .map(Action::QuickTag);
        }
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// The keymap name of a bindable action (`quick_tag_3`); `None` for `Resize` and the like.
    pub fn name(self) -> Option<String> {
        if let Action::QuickTag(n) = self {
            return Some(format!("quick_tag_{n}"));
        }
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => Some(name),
            _ => None,
        }
    }

    /// Every valid name, for error messages.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = Action::ALL.iter().filter_map(|a| a.name()).collect();
        names.push("quick_tag_1 … quick_tag_9".into());
        names
    }

    /// What the help overlay says the action does where it is bound in `mode`.
    pub fn description_in(self, mode: Mode) -> &'static str {
        match (mode, self) {
            (Mode::Picker, Action::Confirm) => "toggle the tag or code (create it if new)",
            (Mode::Picker, Action::MoveDown) => "next tag",
            (Mode::Picker, Action::MoveUp) => "previous tag",
            (Mode::Search, Action::Confirm) => "keep the result as the list's filter",
            (Mode::Search, Action::Cancel) => "put back the list as it was",
            (Mode::Search, Action::MoveDown) => "next article in the list",
            (Mode::Search, Action::MoveUp) => "previous article in the list",
            (Mode::Saved, Action::Confirm) => "run the search, or save under the typed name",
            (Mode::Saved, Action::MoveDown) => "next saved search",
            (Mode::Saved, Action::MoveUp) => "previous saved search",
            (Mode::Export, Action::Confirm) => "write the file",
            (Mode::Prompt, Action::Confirm) => "rename (onto an existing name: merge)",
            (Mode::Panel, Action::Confirm) => "list the articles naming the entity",
            (Mode::Codebook, Action::Confirm) => {
                "every passage coded so; there, open the passage in the reader"
            }
            (Mode::Note, Action::Cancel) => "close (asks before dropping changes)",
            (Mode::Confirm, Action::Yes) => "yes (any other key: no)",
            (
                Mode::Picker
                | Mode::Saved
                | Mode::Export
                | Mode::Prompt
                | Mode::Browser
                | Mode::Panel
                | Mode::Codebook
                | Mode::Pager,
                Action::Cancel,
            ) => "close",
            _ => self.description(),
        }
    }

    /// What the action does, in general.
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
            Action::Quit => "quit from anywhere (an open note is saved first)",
            Action::TagPicker => "tag picker (toggle, create tags)",
            Action::QuickTag(_) => "toggle quick tag (with a selection: the code on that key)",
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
            Action::WidenList => "widen the list pane",
            Action::NarrowList => "narrow the list pane",
            Action::Zoom => "zoom the focused pane (hide the other); again: both",
            Action::WordNext => "cursor to the next word (in the reader)",
            Action::WordPrev => "cursor to the previous word",
            Action::SentenceNext => "cursor to the next sentence",
            Action::SentencePrev => "cursor to the start of the sentence / previous one",
            Action::ParagraphNext => "cursor to the next paragraph",
            Action::ParagraphPrev => "cursor to the start of the paragraph / previous one",
            Action::Select => "start a selection at the cursor (motions extend it); again: drop it",
            Action::SelectSentence => "select the sentence under the cursor",
            Action::SelectParagraph => "select the paragraph under the cursor",
            Action::SelectObject => "select the entity or quote under the cursor",
            Action::CodePicker => "code the selection (or the passage under the cursor)",
            Action::Memo => "memo of the coded passage under the cursor",
            Action::NextCoded => "next coded passage",
            Action::PrevCoded => "previous coded passage",
            Action::Codebook => {
                "codebook: codes, counts, definitions (Enter: every passage coded so)"
            }
            Action::Correct => {
                "correct the machine: relabel or reject the entity, set or clear the quote's speaker"
            }
            Action::RenameCode => "rename the code, or merge it into another (every coder's passages)",
            Action::DeleteCode => "delete the code and every passage coded so",
            Action::CodeTable => {
                "tables: code × code co-occurrence, code × outlet, code × month (again: next)"
            }
            Action::CoderView => {
                "whose codings the reader shows: everyone's, mine, each other coder's in turn"
            }
            Action::Finish => {
                "mark the article finished by me (blind coding then shows the others' codings)"
            }
            Action::Agreement => {
                "agreement between coders per tag and code; Enter: the disagreements, a digit accepts that coder's version"
            }
            Action::WhoApplied => "who applied each tag and code of the open article",
            Action::Quotes => {
                "who said what: every speaker, their quotes newest first (type to filter, Enter opens)"
            }
            Action::Timeline => {
                "timeline of the list as it stands; Enter narrows it to the period, Tab: day/week/month/year"
            }
            Action::MarkStory => {
                "mark every article of this story (its copies: ×N in the list), so t, 1–9 and r apply to all"
            }
            Action::ToggleStory => {
                "unfold this story: list its copies (×N) under it, or fold them away again"
            }
            Action::FetchFeeds => {
                "fetch the feeds of the config (feeds, feeds_dir): new items join the list"
            }
            Action::Confirm => "confirm",
            Action::Yes => "yes",
            Action::Save => "save",
            Action::HistoryPrev => "earlier search from the history",
            Action::HistoryNext => "later search from the history",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::OptionNext => "next choice (format, scope)",
            Action::OptionPrev => "previous choice (format, scope)",
            Action::Delete => "delete the saved search",
            Action::FilterTag => "filter the list by the tag (again: stop)",
            Action::ExcludeTag => "hide articles with the tag (again: stop)",
            Action::RenameTag => "rename or merge the tag",
            Action::DeleteTag => "delete the tag from every article",
            Action::ClearFilter => "clear the tag filter",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorUp => "cursor up a line",
            Action::CursorDown => "cursor down a line",
            Action::LineStart => "start of the line",
            Action::LineEnd => "end of the line",
            Action::DeleteBack => "delete the character before the cursor",
            Action::DeleteForward => "delete the character under the cursor",
            Action::DeleteWordBack => "delete the word before the cursor",
            Action::ClearLine => "clear the field",
            Action::Newline => "new line",
            Action::Indent => "indent (four spaces)",
            Action::Resize(..) => "terminal resized",
            Action::Mouse(..) => "mouse click or wheel",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_name_that_reads_back() {
        for action in Action::ALL {
            let name = action.name().expect("bindable actions have names");
            assert_eq!(Action::from_name(&name), Some(*action), "{name}");
            assert!(!action.description().is_empty());
        }
        assert_eq!(Action::MoveDown.name().as_deref(), Some("move_down"));
        assert_eq!(Action::from_name("quick_tag_3"), Some(Action::QuickTag(3)));
        assert_eq!(Action::from_name("quick_tag_0"), None);
        assert_eq!(Action::Resize(1, 1).name(), None);
        assert_eq!(Action::from_name("resize"), None);
    }
}
