//! Popups that take over the keyboard: the tag picker, the note editor and the tag browser.
//! Their state lives here; the behaviour that changes the store is in `edit.rs`.

use super::editor::TextEditor;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Warnings,
    TagPicker(TagPicker),
    NoteEditor(NoteEditor),
    TagBrowser(TagBrowser),
}

impl Overlay {
    /// Popups with a text field receive every key as input before the keymap sees it.
    pub fn takes_text(&self) -> bool {
        match self {
            Overlay::TagPicker(_) | Overlay::NoteEditor(_) => true,
            Overlay::TagBrowser(b) => !matches!(b.mode, BrowserMode::Browse),
            Overlay::Help | Overlay::Warnings => false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagPicker {
    pub query: TextEditor,
    pub selected: usize,
}

/// One row of the tag picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerRow {
    Existing {
        name: String,
        count: usize,
        /// Every target article already has it (Enter removes it).
        on: bool,
    },
    Create(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteEditor {
    pub id: String,
    pub editor: TextEditor,
    pub original: String,
    /// Esc was pressed with unsaved changes: waiting for y/n.
    pub confirm_discard: bool,
}

impl NoteEditor {
    pub fn changed(&self) -> bool {
        self.editor.text != self.original
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagBrowser {
    pub selected: usize,
    pub mode: BrowserMode,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum BrowserMode {
    #[default]
    Browse,
    Rename {
        from: String,
        input: TextEditor,
    },
    ConfirmRename {
        from: String,
        to: String,
        count: usize,
    },
    ConfirmDelete {
        tag: String,
        count: usize,
    },
}
