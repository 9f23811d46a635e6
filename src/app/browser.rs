//! The tag browser (`T`): every tag with its count; filter the list by tags (AND, and NOT with
//! `!`), rename (onto an existing name: merge) and delete across the whole store, each after a
//! confirmation that says how many articles change. The new name is asked in a [`Prompt`] and
//! the confirmation is a [`Confirm`], each a component of its own on top of the browser.

use super::editor::TextEditor;
use super::popup::{Confirm, Input, OnYes, Outcome, Overlay, Prompt, PromptFor, TagBrowser};
use super::{Action, App, Effect, TagFilter};
use crate::store::{clean_tag, same_tag};

impl TagBrowser {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::stay();
        };
        let current = app.tag_counts.get(self.selected).cloned();
        let last = app.tag_counts.len().saturating_sub(1);
        match (action, current) {
            (Action::FilterTag, Some((tag, _))) => {
                let filter = &mut app.list.filter;
                TagFilter::toggle(&mut filter.include, &mut filter.exclude, &tag);
                app.refilter();
            }
            (Action::ExcludeTag, Some((tag, _))) => {
                let filter = &mut app.list.filter;
                TagFilter::toggle(&mut filter.exclude, &mut filter.include, &tag);
                app.refilter();
            }
            (Action::RenameTag, Some((tag, _))) => app.popups.push(Overlay::Prompt(Prompt {
                input: TextEditor::new(&tag),
                purpose: PromptFor::RenameTag { from: tag },
            })),
            (Action::DeleteTag, Some((tag, count))) => {
                let question = format!(
                    " Delete #{} from {count} article(s)? y / n ",
                    crate::text::sanitize(&tag)
                );
                app.popups.push(Overlay::Confirm(Confirm {
                    question,
                    on_yes: OnYes::DeleteTag { tag, count },
                }));
            }
            (Action::ClearFilter, _) if !app.list.filter.is_empty() => {
                app.list.filter = TagFilter::default();
                app.refilter();
            }
            (Action::MoveDown, _) => self.selected = (self.selected + 1).min(last),
            (Action::MoveUp, _) => self.selected = self.selected.saturating_sub(1),
            (Action::Top, _) => self.selected = 0,
            (Action::Bottom, _) => self.selected = last,
            (Action::Back | Action::Cancel | Action::TagBrowser, _) => return Outcome::close(),
            _ => {}
        }
        self.selected = self.selected.min(app.tag_counts.len().saturating_sub(1));
        Outcome::stay()
    }
}

impl Prompt {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        match input {
            Input::Action(Action::Cancel) => Outcome::close(),
            Input::Action(Action::Confirm) => {
                let from = match &self.purpose {
                    PromptFor::RenameTag { from } => from.clone(),
                    PromptFor::RenameCode { from } => {
                        let from = from.clone();
                        app.confirm_code_rename(&from, &self.input.text);
                        return Outcome::close();
                    }
                };
                match clean_tag(&self.input.text) {
                    Some(to) if to != from => {
                        let count = app
                            .store
                            .articles
                            .values()
                            .filter(|r| r.has_tag(&from))
                            .count();
                        let merging = app
                            .store
                            .existing_tag(&to)
                            .is_some_and(|t| !same_tag(t, &from));
                        let question = format!(
                            " {} #{} → #{} on {count} article(s)? y / n ",
                            if merging { "Merge" } else { "Rename" },
                            crate::text::sanitize(&from),
                            crate::text::sanitize(&to)
                        );
                        app.popups.push(Overlay::Confirm(Confirm {
                            question,
                            on_yes: OnYes::RenameTag { from, to, count },
                        }));
                        Outcome::close()
                    }
                    _ => Outcome::close(),
                }
            }
            other => {
                self.input.apply(&other);
                Outcome::stay()
            }
        }
    }
}

impl App {
    /// Renames `from` to `to` on every article (onto an existing name: merges), and in the
    /// tag filter.
    pub(super) fn rename_tag(&mut self, from: &str, to: &str, count: usize) -> Vec<Effect> {
        let merging = self
            .store
            .existing_tag(to)
            .is_some_and(|t| !same_tag(t, from));
        let label = format!(
            "{} #{from} {} #{to} on {count} article(s)",
            if merging { "merged" } else { "renamed" },
            if merging { "into" } else { "to" }
        );
        let effects = self.record_change(label, None, |store, _| {
            store.rename_tag(from, to);
        });
        for list in [&mut self.list.filter.include, &mut self.list.filter.exclude] {
            for t in list.iter_mut().filter(|t| same_tag(t, from)) {
                *t = to.to_string();
            }
        }
        self.refilter();
        effects
    }

    /// Deletes `tag` from every article and from the tag filter.
    pub(super) fn delete_tag(&mut self, tag: &str, count: usize) -> Vec<Effect> {
        let effects = self.record_change(
            format!("deleted #{tag} from {count} article(s)"),
            None,
            |store, _| {
                store.delete_tag(tag);
            },
        );
        self.list.filter.include.retain(|t| !same_tag(t, tag));
        self.list.filter.exclude.retain(|t| !same_tag(t, tag));
        self.refilter();
        effects
    }
}
