//! The export dialog (`e`): format, scope and path, then the shell writes the file and reports
//! back. An existing file is replaced only after the user says yes.

use super::editor::{EditOutcome, TextEditor};
use super::popup::{Confirm, ExportDialog, ExportScope, Input, OnYes, Outcome, Overlay};
use super::{Action, App, Effect, ExportRequest};
use crate::export::{ExportError, Format};

impl App {
    pub(super) fn open_export_dialog(&mut self) {
        let scope = if !self.list.marked.is_empty() {
            ExportScope::Marked
        } else if !self.list.filter.is_empty() || self.list.entity_filter.is_some() {
            ExportScope::List
        } else {
            ExportScope::Annotated
        };
        let format = Format::Json;
        self.popups.push(Overlay::Export(ExportDialog {
            field: 0,
            format,
            scope,
            path: TextEditor::new(&ExportDialog::default_path(format)),
            path_edited: false,
        }));
    }

    /// How many articles the dialog's scope covers now.
    pub fn export_count(&self, scope: ExportScope) -> usize {
        match self.export_ids(scope) {
            Some(ids) => ids.len(),
            None => self
                .corpus
                .articles
                .iter()
                .filter(|a| self.store.record(a.id.as_str()).is_some())
                .count(),
        }
    }

    fn export_ids(&self, scope: ExportScope) -> Option<Vec<String>> {
        match scope {
            ExportScope::Annotated => None,
            ExportScope::List => Some(
                self.list
                    .visible
                    .iter()
                    .map(|&i| self.corpus.articles[i].id.to_string())
                    .collect(),
            ),
            ExportScope::Marked => Some(self.list.marked.iter().cloned().collect()),
        }
    }

    pub(super) fn export_request(&self, dialog: &ExportDialog, force: bool) -> ExportRequest {
        ExportRequest {
            format: dialog.format,
            ids: self.export_ids(dialog.scope),
            path: dialog.path.text.trim().to_string(),
            force,
        }
    }

    /// The shell wrote (or could not write) the export.
    pub fn export_finished(&mut self, result: Result<(String, usize), ExportError>) {
        match result {
            Ok((path, count)) => {
                self.popups.retain(|p| !matches!(p, Overlay::Export(_)));
                // The path first: on a narrow screen the end of the message is what gets cut.
                self.screen.message = Some(format!("{path}: {count} article(s) exported"));
            }
            Err(ExportError::Exists(path)) => {
                let request = self.popups.iter().find_map(|p| match p {
                    Overlay::Export(dialog) => Some(self.export_request(dialog, true)),
                    _ => None,
                });
                if let Some(request) = request {
                    self.popups.push(Overlay::Confirm(Confirm {
                        question: " The file exists — replace it? y / n ".into(),
                        on_yes: OnYes::Overwrite(request),
                    }));
                }
                self.screen.message =
                    Some(format!("{} exists — replace it? y / n", path.display()));
            }
            Err(other) => self.screen.message = Some(other.to_string()),
        }
    }
}

impl ExportDialog {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let cycle = |i: usize, n: usize, forward: bool| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match input {
            Input::Action(Action::Cancel) => return Outcome::close(),
            Input::Action(Action::Confirm) => {
                let request = app.export_request(self, false);
                return Outcome::Consumed(vec![Effect::Export(request)]);
            }
            Input::Action(Action::NextField) => self.field = (self.field + 1) % 3,
            Input::Action(Action::PrevField) => self.field = (self.field + 2) % 3,
            Input::Action(choice @ (Action::OptionNext | Action::OptionPrev)) if self.field < 2 => {
                let forward = choice == Action::OptionNext;
                if self.field == 0 {
                    let i = Format::ALL
                        .iter()
                        .position(|f| *f == self.format)
                        .unwrap_or(0);
                    self.format = Format::ALL[cycle(i, Format::ALL.len(), forward)];
                    if !self.path_edited {
                        self.path = TextEditor::new(&ExportDialog::default_path(self.format));
                    }
                } else {
                    let i = ExportScope::ALL
                        .iter()
                        .position(|s| *s == self.scope)
                        .unwrap_or(0);
                    self.scope = ExportScope::ALL[cycle(i, ExportScope::ALL.len(), forward)];
                }
            }
            // On the file name, the choice keys move the cursor.
            Input::Action(Action::OptionNext) => {
                self.path.apply(&Input::Action(Action::CursorRight));
            }
            Input::Action(Action::OptionPrev) => {
                self.path.apply(&Input::Action(Action::CursorLeft));
            }
            other if self.field == 2 => {
                let edited = self.path.apply(&other) == EditOutcome::Edited;
                self.path_edited |= edited;
            }
            _ => {}
        }
        Outcome::stay()
    }
}
