//! The export dialog (`e`): format, scope and path, then the shell writes the file and reports
//! back. An existing file is replaced only after the user says yes.

use crossterm::event::KeyCode;

use super::editor::{EditOutcome, TextEditor};
use super::popup::{ExportDialog, ExportScope, Overlay};
use super::{App, Effect, ExportRequest, KeyPress};
use crate::export::{ExportError, Format};

impl App {
    pub(super) fn open_export_dialog(&mut self) {
        let scope = if !self.marked.is_empty() {
            ExportScope::Marked
        } else if !self.filter.is_empty() || self.entity_filter.is_some() {
            ExportScope::List
        } else {
            ExportScope::Annotated
        };
        let format = Format::Json;
        self.overlay = Some(Overlay::Export(ExportDialog {
            field: 0,
            format,
            scope,
            path: TextEditor::new(&ExportDialog::default_path(format)),
            path_edited: false,
            confirm_overwrite: false,
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
                self.visible
                    .iter()
                    .map(|&i| self.corpus.articles[i].id.to_string())
                    .collect(),
            ),
            ExportScope::Marked => Some(self.marked.iter().cloned().collect()),
        }
    }

    pub(super) fn export_key(&mut self, mut dialog: ExportDialog, key: KeyPress) -> Vec<Effect> {
        let cycle = |i: usize, n: usize, forward: bool| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        if dialog.confirm_overwrite {
            dialog.confirm_overwrite = false;
            let yes = matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'));
            let effects = if yes {
                vec![Effect::Export(self.export_request(&dialog, true))]
            } else {
                Vec::new()
            };
            self.overlay = Some(Overlay::Export(dialog));
            return effects;
        }
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Enter => {
                let effects = vec![Effect::Export(self.export_request(&dialog, false))];
                self.overlay = Some(Overlay::Export(dialog));
                return effects;
            }
            KeyCode::Tab | KeyCode::Down => dialog.field = (dialog.field + 1) % 3,
            KeyCode::BackTab | KeyCode::Up => dialog.field = (dialog.field + 2) % 3,
            KeyCode::Left | KeyCode::Right if dialog.field < 2 => {
                let forward = key.code == KeyCode::Right;
                if dialog.field == 0 {
                    let i = Format::ALL
                        .iter()
                        .position(|f| *f == dialog.format)
                        .unwrap_or(0);
                    dialog.format = Format::ALL[cycle(i, Format::ALL.len(), forward)];
                    if !dialog.path_edited {
                        dialog.path = TextEditor::new(&ExportDialog::default_path(dialog.format));
                    }
                } else {
                    let i = ExportScope::ALL
                        .iter()
                        .position(|s| *s == dialog.scope)
                        .unwrap_or(0);
                    dialog.scope = ExportScope::ALL[cycle(i, ExportScope::ALL.len(), forward)];
                }
            }
            _ if dialog.field == 2 => {
                let edited = dialog.path.handle(key) == EditOutcome::Edited;
                dialog.path_edited |= edited;
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Export(dialog));
        Vec::new()
    }

    fn export_request(&self, dialog: &ExportDialog, force: bool) -> ExportRequest {
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
                self.overlay = None;
                self.message = Some(format!("exported {count} article(s) to {path}"));
            }
            Err(ExportError::Exists(path)) => {
                if let Some(Overlay::Export(dialog)) = &mut self.overlay {
                    dialog.confirm_overwrite = true;
                }
                self.message = Some(format!("{} exists — replace it? y / n", path.display()));
            }
            Err(other) => self.message = Some(other.to_string()),
        }
    }
}
