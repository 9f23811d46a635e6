//! Renaming, merging and deleting codes from the codebook view (`R`, `D`), each after a
//! question that says how many passages, articles and coders it changes — as the tag browser
//! does for tags. Rename and delete are undoable; a merge is not (its passages cannot be told
//! apart afterwards), and the question says so.

use super::editor::TextEditor;
use super::popup::{Confirm, OnYes, Overlay, Prompt, PromptFor};
use super::undo::CodebookChange;
use super::{App, Effect};
use crate::store::{clean_tag, same_tag, CodeUsage};
use crate::text::sanitize;

fn usage_text(usage: CodeUsage) -> String {
    format!(
        "{} passage(s) in {} article(s) by {} coder(s)",
        usage.passages, usage.articles, usage.coders
    )
}

impl App {
    /// `R` in the codebook: asks the new name.
    pub(super) fn ask_code_rename(&mut self, code: &str) {
        self.popups.push(Overlay::Prompt(Prompt {
            input: TextEditor::new(code),
            purpose: PromptFor::RenameCode {
                from: code.to_string(),
            },
        }));
    }

    /// The new name was typed: asks to rename (or merge) with the counts.
    pub(super) fn confirm_code_rename(&mut self, from: &str, typed: &str) {
        let Some(to) = clean_tag(typed).filter(|to| to != from) else {
            return;
        };
        let usage = self.store.code_usage(from);
        let merging = self
            .store
            .existing_code(&to)
            .is_some_and(|t| !same_tag(t, from));
        let question = if merging {
            format!(
                " Merge code {} into {}: {}; a merge cannot be undone. y / n ",
                sanitize(from),
                sanitize(&to),
                usage_text(usage)
            )
        } else {
            format!(
                " Rename code {} → {}: {}? y / n ",
                sanitize(from),
                sanitize(&to),
                usage_text(usage)
            )
        };
        self.popups.push(Overlay::Confirm(Confirm {
            question,
            on_yes: OnYes::RenameCode {
                from: from.to_string(),
                to,
            },
        }));
    }

    /// `D` in the codebook: asks, with the counts.
    pub(super) fn ask_code_delete(&mut self, code: &str) {
        let usage = self.store.code_usage(code);
        let question = format!(
            " Delete code {} and its {}? y / n ",
            sanitize(code),
            usage_text(usage)
        );
        self.popups.push(Overlay::Confirm(Confirm {
            question,
            on_yes: OnYes::DeleteCode {
                code: code.to_string(),
            },
        }));
    }

    pub(super) fn rename_code(&mut self, from: &str, to: &str) -> Vec<Effect> {
        let merging = self
            .store
            .existing_code(to)
            .is_some_and(|t| !same_tag(t, from));
        let Some(touched) = self.store.rename_code(from, to) else {
            return Vec::new();
        };
        let effects = if merging {
            // Not on the undo stack: say so rather than let `u` undo something older.
            self.after_store_edit();
            self.screen.message = Some(format!(
                "merged code {from} into {to} ({touched} passage(s)); a merge cannot be undone"
            ));
            vec![Effect::Save]
        } else {
            self.record_codebook_change(
                format!("renamed code {from} to {to} ({touched} passage(s))"),
                CodebookChange::Renamed {
                    from: from.to_string(),
                    to: to.to_string(),
                },
            )
        };
        self.refresh_codebook_view();
        effects
    }

    pub(super) fn delete_code(&mut self, code: &str) -> Vec<Effect> {
        let before = Box::new(self.store.clone());
        let Some(removed) = self.store.delete_code(code) else {
            return Vec::new();
        };
        let effects = self.record_codebook_change(
            format!("deleted code {code} and {removed} passage(s)"),
            CodebookChange::Deleted {
                code: code.to_string(),
                before,
            },
        );
        self.refresh_codebook_view();
        effects
    }

    /// The codebook view (if open) shows the codebook as it is now; an emptied one closes.
    pub(super) fn refresh_codebook_view(&mut self) {
        let rows = self.codebook_rows();
        let position = self
            .popups
            .iter()
            .position(|p| matches!(p, Overlay::Codebook(_)));
        match position {
            Some(i) if rows.is_empty() => {
                self.popups.remove(i);
            }
            Some(i) => {
                if let Overlay::Codebook(view) = &mut self.popups[i] {
                    view.selected = view.selected.min(rows.len().saturating_sub(1));
                    view.rows = rows;
                }
            }
            None => {}
        }
    }
}
