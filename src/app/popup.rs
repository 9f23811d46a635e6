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
    Export(ExportDialog),
    SavedSearches(super::search::SavedSearches),
}

impl Overlay {
    /// Popups with a text field receive every key as input before the keymap sees it.
    pub fn takes_text(&self) -> bool {
        match self {
            Overlay::TagPicker(_)
            | Overlay::NoteEditor(_)
            | Overlay::Export(_)
            | Overlay::SavedSearches(_) => true,
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

/// Which articles the export dialog writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportScope {
    /// Every article with tags, a note or read state.
    Annotated,
    /// Every article in the list as filtered now.
    List,
    Marked,
}

impl ExportScope {
    pub const ALL: [ExportScope; 3] = [
        ExportScope::Annotated,
        ExportScope::List,
        ExportScope::Marked,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExportScope::Annotated => "annotated articles",
            ExportScope::List => "the list as shown",
            ExportScope::Marked => "marked articles",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDialog {
    /// 0 format, 1 scope, 2 path.
    pub field: usize,
    pub format: crate::export::Format,
    pub scope: ExportScope,
    pub path: TextEditor,
    /// The user typed a path: changing the format no longer changes its extension.
    pub path_edited: bool,
    /// The file exists: waiting for y/n.
    pub confirm_overwrite: bool,
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

impl ExportDialog {
    pub fn default_path(format: crate::export::Format) -> String {
        format!("presscut-export.{}", format.name())
    }
}
