//! Everything that changes the store from the interactive app: tags (picker, quick keys,
//! browser), notes, read state and marks for bulk work, and re-deriving what depends on the
//! store afterwards. Every change goes through `record_change` (`undo.rs`), so `u` takes it back.

use super::editor::TextEditor;
use super::popup::{
    Confirm, Input, NoteEditor, OnYes, Outcome, Overlay, PickerRow, TagBrowser, TagPicker,
};
use super::{Action, App, Effect};
use crate::store::{clean_tag, hint_for, same_tag};

/// Which tags the list must have (`include`, all of them) and must not have (`exclude`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl TagFilter {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    pub fn matches(&self, tags: &[String]) -> bool {
        let has = |t: &String| tags.iter().any(|x| same_tag(x, t));
        self.include.iter().all(has) && !self.exclude.iter().any(has)
    }

    /// `#a #b !#c`, for the status bar.
    pub fn describe(&self) -> String {
        let inc = self.include.iter().map(|t| format!("#{t}"));
        let exc = self.exclude.iter().map(|t| format!("!#{t}"));
        inc.chain(exc).collect::<Vec<_>>().join(" ")
    }

    pub(super) fn toggle(list: &mut Vec<String>, other: &mut Vec<String>, tag: &str) {
        other.retain(|t| !same_tag(t, tag));
        if list.iter().any(|t| same_tag(t, tag)) {
            list.retain(|t| !same_tag(t, tag));
        } else {
            list.push(tag.to_string());
        }
    }
}

impl App {
    /// The articles a change applies to: the marked ones, else the highlighted one.
    pub fn targets(&self) -> Vec<String> {
        if !self.list.marked.is_empty() {
            return self.list.marked.iter().cloned().collect();
        }
        self.current()
            .map(|a| vec![a.id.to_string()])
            .unwrap_or_default()
    }

    fn target_label(&self, targets: &[String]) -> String {
        match targets.len() {
            1 => "1 article".to_string(),
            n => format!("{n} articles"),
        }
    }

    /// Everything derived from the store is derived again, once: read flags, tag counts, the
    /// list, the reader, and the rows of an open tag picker.
    pub(super) fn after_store_change(&mut self) {
        self.refresh_read_flags();
        self.tag_counts = self.store.tag_counts();
        self.journal_seen = self.store.journal_len();
        self.after_store_change_with_flags(true);
    }

    /// After an edit of this app's own: only what the edit touched is derived again when that
    /// is enough — the read flags of the articles it changed, and the list only when a tag
    /// filter or a search may depend on the store. An edit then costs well under a
    /// millisecond at 100k articles instead of a pass over the whole corpus.
    pub(super) fn after_store_edit(&mut self) {
        let from = self.journal_seen;
        let ids = self.store.journal_article_ids(from);
        let Some(ids) = ids.filter(|_| self.read_flags.len() == self.corpus.articles.len()) else {
            return self.after_store_change();
        };
        for id in ids {
            if let Some(&i) = self.positions.get(id.as_str()) {
                self.read_flags.set(i, self.store.is_read(&id));
            }
        }
        if !self.count_tags_of_journal(from) {
            self.tag_counts = self.store.tag_counts();
        }
        self.follow_own_tags(from);
        self.journal_seen = self.store.journal_len();
        let list_depends_on_store = !self.list.filter.is_empty() || self.list.search.is_some();
        self.after_store_change_with_flags(list_depends_on_store);
    }

    /// Updates the tag counts by the tags the journal's edits (from the `from`-th on) added and
    /// removed; `false` when an edit changed more than that (a new tag), so they must be counted
    /// again.
    fn count_tags_of_journal(&mut self, from: usize) -> bool {
        use crate::store::Change;
        for change in self.store.journal_since(from) {
            let (tag, add) = match change {
                Change::Tag { tag, .. } => (tag, true),
                Change::Untag { tag, .. } => (tag, false),
                Change::Read { .. } | Change::Note { .. } | Change::Hint { .. } => continue,
                _ => return false,
            };
            let Some(entry) = self.tag_counts.iter_mut().find(|(t, _)| same_tag(t, tag)) else {
                return false;
            };
            entry.1 = if add {
                entry.1 + 1
            } else {
                entry.1.saturating_sub(1)
            };
        }
        true
    }

    fn after_store_change_with_flags(&mut self, refilter: bool) {
        if refilter {
            self.refilter();
        } else {
            self.count_unread();
        }
        self.reader.stale = true;
        let mut popups = std::mem::take(&mut self.popups);
        for popup in &mut popups {
            if let Overlay::TagPicker(picker) = popup {
                picker.rows = picker.rows_for(self);
            }
        }
        self.popups = popups;
        self.relayout();
    }

    /// Corpus index by article id, for lookups that must not scan the corpus per article.
    pub(super) fn index_positions(&mut self) {
        self.positions = self
            .corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.to_string(), i))
            .collect();
    }

    fn hint(&self, id: &str) -> crate::store::ArticleHint {
        self.positions
            .get(id)
            .and_then(|&i| self.corpus.articles.get(i))
            .map(hint_for)
            .unwrap_or_default()
    }

    /// Adds `tag` to every target, or removes it from all when every target has it already.
    pub fn toggle_tag(&mut self, tag: &str) -> Vec<Effect> {
        let Some(tag) = clean_tag(tag) else {
            return Vec::new();
        };
        let targets = self.targets();
        if targets.is_empty() {
            return Vec::new();
        }
        let all_have = targets
            .iter()
            .all(|id| self.store.record(id).is_some_and(|r| r.has_tag(&tag)));
        let label = format!(
            "{} #{} {} {}",
            if all_have { "removed" } else { "tagged" },
            tag,
            if all_have { "from" } else { "on" },
            self.target_label(&targets)
        );
        let scope = Some(targets.clone());
        self.record_change(label, scope, |store, app| {
            for id in &targets {
                store.set_tag(id, &app.hint(id), &tag, !all_have);
            }
        })
    }

    pub(super) fn edit_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::TagPicker => {
                if !self.targets().is_empty() {
                    let rows = self.picker_rows_for("");
                    self.popups.push(Overlay::TagPicker(TagPicker {
                        rows,
                        ..TagPicker::default()
                    }));
                }
                Vec::new()
            }
            Action::QuickTag(n) if self.reader.anchor.is_some() => {
                self.quick_code(n).unwrap_or_default()
            }
            Action::QuickTag(n) => match self.store.quick_tag(n).map(str::to_string) {
                Some(tag) => self.toggle_tag(&tag),
                None => {
                    self.screen.message = Some(format!(
                        "no quick tag {n} yet: tags get keys 1–9 as they are created (t)"
                    ));
                    Vec::new()
                }
            },
            Action::TagBrowser => {
                self.popups.push(Overlay::TagBrowser(TagBrowser::default()));
                Vec::new()
            }
            Action::Note => {
                if let Some(article) = self.current() {
                    let id = article.id.to_string();
                    let text = self.store.note_of(&id).to_string();
                    let editor = TextEditor::new(&text);
                    self.popups.push(Overlay::NoteEditor(NoteEditor {
                        id,
                        editor,
                        original: text,
                        memo_for: None,
                    }));
                }
                Vec::new()
            }
            Action::NoteInEditor => match self.current() {
                Some(article) => {
                    let id = article.id.to_string();
                    let text = self.store.note_of(&id).to_string();
                    vec![Effect::EditExternally { id, text }]
                }
                None => Vec::new(),
            },
            Action::ToggleRead => {
                let targets = self.targets();
                let all_read = targets.iter().all(|id| self.store.is_read(id));
                let label = format!(
                    "marked {} {}",
                    self.target_label(&targets),
                    if all_read { "unread" } else { "read" }
                );
                let scope = Some(targets.clone());
                self.record_change(label, scope, |store, app| {
                    for id in &targets {
                        store.set_read(id, &app.hint(id), !all_read);
                    }
                })
            }
            Action::Mark => {
                if let Some(id) = self.current().map(|a| a.id.to_string()) {
                    if !self.list.marked.remove(&id) {
                        self.list.marked.insert(id);
                    }
                    self.list.selected =
                        (self.list.selected + 1).min(self.list.visible.len().saturating_sub(1));
                }
                Vec::new()
            }
            Action::MarkAll => {
                let ids: Vec<String> = self
                    .list
                    .visible
                    .iter()
                    .map(|&i| self.corpus.articles[i].id.to_string())
                    .collect();
                if !ids.is_empty() && ids.iter().all(|id| self.list.marked.contains(id)) {
                    self.list.marked.clear();
                    self.screen.message = Some("marks cleared".into());
                } else {
                    self.list.marked.extend(ids);
                    self.screen.message = Some(format!(
                        "{} marked: t, 1–9 and r now apply to all",
                        self.list.marked.len()
                    ));
                }
                Vec::new()
            }
            Action::Export => {
                self.open_export_dialog();
                Vec::new()
            }
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            _ => Vec::new(),
        }
    }

    /// Sets a note from outside the popup editor (`$EDITOR`).
    pub fn note_edited_externally(&mut self, id: &str, text: &str) -> Vec<Effect> {
        let text = text.trim_end_matches(['\n', '\r']).to_string();
        self.record_change(
            "note saved".into(),
            Some(vec![id.to_string()]),
            |store, app| {
                store.set_note(id, &app.hint(id), &text);
            },
        )
    }

    /// The mark-as-read timer ran out while `id` was still being read.
    pub fn mark_read_by_timer(&mut self, id: &str) -> Vec<Effect> {
        if self.reading() != Some(id) {
            return Vec::new();
        }
        let hint = self.hint(id);
        self.store.set_read(id, &hint, true);
        self.after_store_edit();
        vec![Effect::Save]
    }

    /// Rows of the tag picker for `query`: "create" first when the name is new, then matching
    /// tags, best first.
    pub(super) fn picker_rows_for(&self, query: &str) -> Vec<PickerRow> {
        let query = query.trim();
        let targets = self.targets();
        let mut rows: Vec<(i64, PickerRow)> = self
            .tag_counts
            .iter()
            .filter_map(|(name, count)| {
                let score = crate::search::fuzzy_score(name, query)?;
                let on = !targets.is_empty()
                    && targets
                        .iter()
                        .all(|id| self.store.record(id).is_some_and(|r| r.has_tag(name)));
                Some((
                    score,
                    PickerRow::Existing {
                        name: name.clone(),
                        count: *count,
                        on,
                    },
                ))
            })
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut rows: Vec<PickerRow> = rows.into_iter().map(|(_, r)| r).collect();
        if let Some(new) = clean_tag(query) {
            if self.store.existing_tag(&new).is_none() {
                rows.insert(0, PickerRow::Create(new));
            }
        }
        rows
    }
}

impl TagPicker {
    /// The row Enter acts on until the user moves: the tag whose name was typed exactly, else a
    /// tag whose name starts with what was typed (completion), else "create" — so a new name
    /// followed by Enter creates it, and the first letters of a known tag pick that tag.
    fn default_row(&self) -> usize {
        let query = self.query.text.trim().to_lowercase();
        let position = |pred: &dyn Fn(&str) -> bool| {
            self.rows.iter().position(
                |r| matches!(r, PickerRow::Existing { name, .. } if pred(&name.to_lowercase())),
            )
        };
        position(&|name| name == query)
            .or_else(|| position(&|name| !query.is_empty() && name.starts_with(&query)))
            .unwrap_or(0)
    }

    fn query_changed(&mut self, app: &App) {
        self.rows = self.rows_for(app);
        self.selected = self.default_row();
    }

    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let last = self.rows.len().saturating_sub(1);
        match input {
            Input::Action(Action::Cancel) => return Outcome::close(),
            Input::Action(Action::Confirm) => {
                let effects = match self.rows.get(self.selected) {
                    Some(PickerRow::Existing { name, .. }) | Some(PickerRow::Create(name)) => {
                        let name = name.clone();
                        self.toggle(&name, app)
                    }
                    None => Vec::new(),
                };
                if !app.settings.picker_stays_open {
                    return Outcome::Close(effects);
                }
                self.query = TextEditor::default();
                self.query_changed(app);
                self.selected = 0;
                return Outcome::Consumed(effects);
            }
            Input::Action(Action::MoveDown) => self.selected = (self.selected + 1).min(last),
            Input::Action(Action::MoveUp) => self.selected = self.selected.saturating_sub(1),
            other => {
                if self.query.query_input(&other) {
                    self.query_changed(app);
                }
            }
        }
        Outcome::stay()
    }
}

impl NoteEditor {
    /// Saves the note as edited (also when quitting with the editor open).
    pub(super) fn save(&mut self, app: &mut App) -> Vec<Effect> {
        if let Some(effects) = super::passages::memo_saved(self, app) {
            return effects;
        }
        let (id, text) = (self.id.clone(), self.editor.text.clone());
        let scope = Some(vec![id.clone()]);
        app.record_change("note saved".into(), scope, |store, app| {
            store.set_note(&id, &app.hint(&id), text.trim_end());
        })
    }

    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        match input {
            Input::Action(Action::Save) => {
                let effects = self.save(app);
                if effects.is_empty() {
                    app.screen.message = Some(
                        if self.memo_for.is_some() {
                            "memo unchanged"
                        } else {
                            "note unchanged"
                        }
                        .into(),
                    );
                }
                Outcome::Close(effects)
            }
            Input::Action(Action::Cancel) if !self.changed() => Outcome::close(),
            Input::Action(Action::Cancel) => {
                app.popups.push(Overlay::Confirm(Confirm {
                    question: " Discard changes? y / n ".into(),
                    on_yes: OnYes::DiscardNote,
                }));
                Outcome::stay()
            }
            Input::Paste(text) => {
                self.editor.insert(&text);
                Outcome::stay()
            }
            other => {
                self.editor.apply(&other);
                Outcome::stay()
            }
        }
    }
}
