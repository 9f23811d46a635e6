//! Popups as self-contained components on a stack, as in helix's compositor: the one on top gets
//! every key first (resolved in its own keymap section) and answers consumed, close or pass;
//! what it passes goes to the one below, and finally to the list and reader. Each component owns
//! its state; the handlers that change the store live beside the behaviour they share
//! (`edit.rs`, `browser.rs`, `export_dialog.rs`, `search.rs`, `analysis_view.rs`).

use super::agreement::AgreementView;
use super::analysis_view::EntityPanel;
use super::code_table::CodeTableView;
use super::codebook::CodebookView;
use super::correct::CorrectPicker;
use super::editor::TextEditor;
use super::keymap::Mode;
use super::passages::PassageTarget;
use super::quotes::QuotesView;
use super::retrieve::PassageList;
use super::search::{SavedSearches, SearchLine};
use super::timeline_view::TimelineView;
use super::{Action, App, Effect, ExportRequest};

/// What reaches a component: a resolved action, a typed character, or pasted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Action(Action),
    Char(char),
    Paste(String),
}

/// A component's answer to an input.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Handled; the component stays.
    Consumed(Vec<Effect>),
    /// Handled; the component closes.
    Close(Vec<Effect>),
    /// Not this component's business: the one below (or the list and reader) gets it.
    Pass,
}

impl Outcome {
    pub(super) fn stay() -> Outcome {
        Outcome::Consumed(Vec::new())
    }

    pub(super) fn close() -> Outcome {
        Outcome::Close(Vec::new())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Warnings {
        scroll: usize,
    },
    TagPicker(TagPicker),
    NoteEditor(NoteEditor),
    TagBrowser(TagBrowser),
    Export(ExportDialog),
    SavedSearches(SavedSearches),
    /// The search line (`/`), drawn at the bottom.
    SearchLine(SearchLine),
    /// The entities of the open article, drawn in place of the list.
    EntityPanel(EntityPanel),
    Prompt(Prompt),
    Confirm(Confirm),
    Codebook(CodebookView),
    /// Every passage coded X (from the codebook).
    Passages(PassageList),
    /// Correcting the entity or quote under the cursor (`x`).
    Correct(CorrectPicker),
    /// Code × code, code × outlet or code × month counts (from the codebook).
    CodeTable(CodeTableView),
    /// Agreement between coders and the disagreements to settle (`K`).
    Agreement(AgreementView),
    /// Every speaker and their quotes (`Q`).
    Quotes(QuotesView),
    /// Articles per period of the list as it stands (`D`).
    Timeline(TimelineView),
}

impl Overlay {
    /// The keymap section the component's keys are looked up in.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help { .. } | Overlay::Warnings { .. } => Mode::Pager,
            Overlay::TagPicker(_) | Overlay::Correct(_) | Overlay::Quotes(_) => Mode::Picker,
            Overlay::NoteEditor(_) => Mode::Note,
            Overlay::TagBrowser(_) => Mode::Browser,
            Overlay::Export(_) => Mode::Export,
            Overlay::SavedSearches(_) => Mode::Saved,
            Overlay::SearchLine(_) => Mode::Search,
            Overlay::EntityPanel(_) => Mode::Panel,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::Confirm(_) => Mode::Confirm,
            Overlay::Codebook(_)
            | Overlay::Passages(_)
            | Overlay::CodeTable(_)
            | Overlay::Agreement(_)
            | Overlay::Timeline(_) => Mode::Codebook,
        }
    }

    /// Popups drawn over the panes that keep the keyboard to themselves. The entity panel and
    /// the search line are panes of their own: the reader counts as being read under them.
    pub fn is_modal(&self) -> bool {
        !matches!(self, Overlay::EntityPanel(_) | Overlay::SearchLine(_))
    }

    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        match self {
            Overlay::Help { scroll } => pager(scroll, false, input, app),
            Overlay::Warnings { scroll } => pager(scroll, true, input, app),
            Overlay::TagPicker(picker) => picker.handle(input, app),
            Overlay::NoteEditor(note) => note.handle(input, app),
            Overlay::TagBrowser(browser) => browser.handle(input, app),
            Overlay::Export(dialog) => dialog.handle(input, app),
            Overlay::SavedSearches(popup) => popup.handle(input, app),
            Overlay::SearchLine(line) => line.handle(input, app),
            Overlay::EntityPanel(panel) => panel.handle(input, app),
            Overlay::Prompt(prompt) => prompt.handle(input, app),
            Overlay::Confirm(confirm) => confirm.handle(input, app),
            Overlay::Codebook(view) => view.handle(input, app),
            Overlay::Passages(list) => list.handle(input, app),
            Overlay::Correct(picker) => picker.handle(input, app),
            Overlay::CodeTable(view) => view.handle(input, app),
            Overlay::Agreement(view) => view.handle(input, app),
            Overlay::Quotes(view) => view.handle(input, app),
            Overlay::Timeline(view) => view.handle(input, app),
        }
    }

    /// The app is quitting: keep what the component holds that would otherwise be lost.
    pub(super) fn on_quit(&mut self, app: &mut App) -> Vec<Effect> {
        match self {
            Overlay::NoteEditor(note) if note.changed() => note.save(app),
            _ => Vec::new(),
        }
    }
}

/// The list's motions in a popup's list of `len` rows (`page` rows per page): moves `selected`
/// and says whether the action was one of them.
pub(super) fn move_in_list(selected: &mut usize, len: usize, action: Action, page: usize) -> bool {
    let last = len.saturating_sub(1);
    *selected = match action {
        Action::MoveDown => (*selected + 1).min(last),
        Action::MoveUp => selected.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageDown | Action::HalfPageDown => (*selected + page).min(last),
        Action::PageUp | Action::HalfPageUp => selected.saturating_sub(page),
        _ => return false,
    };
    true
}

/// Help and warnings: the list's motions scroll, `?` and `w` switch between the two, and any
/// other action closes.
fn pager(scroll: &mut usize, warnings: bool, input: Input, app: &mut App) -> Outcome {
    let Input::Action(action) = input else {
        return Outcome::stay();
    };
    let len = if warnings {
        app.warning_lines().len()
    } else {
        app.help_len()
    };
    let page = app.screen.height.saturating_sub(6).max(1) as usize;
    let max = len.saturating_sub(page);
    *scroll = match action {
        Action::MoveDown => *scroll + 1,
        Action::MoveUp => scroll.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => *scroll + page,
        Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        Action::Help if warnings => {
            app.popups.push(Overlay::Help { scroll: 0 });
            return Outcome::close();
        }
        Action::Warnings if !warnings => {
            app.popups.push(Overlay::Warnings { scroll: 0 });
            return Outcome::close();
        }
        _ => return Outcome::close(),
    }
    .min(max);
    Outcome::stay()
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagPicker {
    pub query: TextEditor,
    pub selected: usize,
    /// The rows for the query as typed, derived once per change (not on every frame).
    pub rows: Vec<PickerRow>,
    /// Codes for this passage instead of tags for the target articles.
    pub passage: Option<PassageTarget>,
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
    /// The memo of this coded passage instead of the article's note.
    pub memo_for: Option<PassageTarget>,
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
}

impl ExportDialog {
    pub fn default_path(format: crate::export::Format) -> String {
        format!("presscut-export.{}", format.name())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagBrowser {
    pub selected: usize,
}

/// A one-line text question over another popup (the new name of a tag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub input: TextEditor,
    pub purpose: PromptFor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptFor {
    RenameTag { from: String },
    RenameCode { from: String },
}

/// A yes/no question; any key but yes answers no.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    /// What the footer of the popup below asks (" Delete #x from 3 article(s)? y / n ").
    pub question: String,
    pub on_yes: OnYes,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnYes {
    /// Close the note editor below without saving.
    DiscardNote,
    RenameTag {
        from: String,
        to: String,
        count: usize,
    },
    DeleteTag {
        tag: String,
        count: usize,
    },
    RenameCode {
        from: String,
        to: String,
    },
    DeleteCode {
        code: String,
    },
    /// Write the export again, replacing the file (the request has `force` set).
    Overwrite(ExportRequest),
    /// Quit although the last save failed (the shell writes a rescue file).
    Quit,
}

impl Confirm {
    fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        if input != Input::Action(Action::Yes) {
            return Outcome::close();
        }
        let effects = match &self.on_yes {
            OnYes::DiscardNote => {
                if matches!(app.popups.last(), Some(Overlay::NoteEditor(_))) {
                    app.popups.pop();
                }
                app.screen.message = Some("note changes discarded".into());
                Vec::new()
            }
            OnYes::RenameTag { from, to, count } => app.rename_tag(from, to, *count),
            OnYes::DeleteTag { tag, count } => app.delete_tag(tag, *count),
            OnYes::RenameCode { from, to } => app.rename_code(from, to),
            OnYes::DeleteCode { code } => app.delete_code(code),
            OnYes::Quit => vec![Effect::Quit],
            OnYes::Overwrite(request) => vec![Effect::Export(request.clone())],
        };
        Outcome::Close(effects)
    }
}
