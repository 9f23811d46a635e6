//! Everything that changes the store from the interactive app: tags (picker, quick keys,
//! browser), notes, read state, marks for bulk work, and undo/redo. Each change is recorded as
//! the records it touched, before and after, so undo restores exactly those and nothing else.

use crossterm::event::{KeyCode, KeyModifiers};

use super::editor::{EditOutcome, TextEditor};
use super::popup::{NoteEditor, Overlay, PickerRow, TagBrowser, TagPicker};
use super::{Action, App, Effect, KeyPress};
use crate::store::{clean_tag, hint_for, same_tag, ArticleRecord, StoreData, TagRecord};

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

/// One undoable change: the records it touched and the tag registry, before and after.
#[derive(Clone, Debug)]
pub struct Change {
    pub label: String,
    records: Vec<(String, Option<ArticleRecord>, Option<ArticleRecord>)>,
    tags_before: std::collections::BTreeMap<String, TagRecord>,
    tags_after: std::collections::BTreeMap<String, TagRecord>,
}

/// Undo and redo stacks. Bounded so a day of tagging cannot grow memory without limit.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
}

const HISTORY_LIMIT: usize = 1000;

fn diff(label: String, before: &StoreData, after: &StoreData) -> Option<Change> {
    let ids: std::collections::BTreeSet<&String> = before
        .articles
        .keys()
        .chain(after.articles.keys())
        .collect();
    let records: Vec<_> = ids
        .into_iter()
        .filter(|id| before.articles.get(*id) != after.articles.get(*id))
        .map(|id| {
            (
                id.clone(),
                before.articles.get(id).cloned(),
                after.articles.get(id).cloned(),
            )
        })
        .collect();
    if records.is_empty() && before.tags == after.tags {
        return None;
    }
    Some(Change {
        label,
        records,
        tags_before: before.tags.clone(),
        tags_after: after.tags.clone(),
    })
}

impl App {
    /// The articles a change applies to: the marked ones, else the highlighted one.
    pub fn targets(&self) -> Vec<String> {
        if !self.marked.is_empty() {
            return self.marked.iter().cloned().collect();
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

    /// Runs `change` on the store and records it for undo. Returns the save effect if anything
    /// changed.
    /// `scope`: the only articles the change can touch, so that only their records are copied
    /// for undo (a tag toggle must not copy a store of 20,000 annotated articles); `None` for
    /// changes that may touch any article (renaming or deleting a tag).
    pub(super) fn record_change(
        &mut self,
        label: String,
        scope: Option<Vec<String>>,
        change: impl FnOnce(&mut StoreData, &App),
    ) -> Vec<Effect> {
        let entry = match scope {
            None => {
                let before = self.store.clone();
                let mut store = std::mem::take(&mut self.store);
                change(&mut store, self);
                self.store = store;
                diff(label.clone(), &before, &self.store)
            }
            Some(ids) => {
                let before: Vec<Option<ArticleRecord>> = ids
                    .iter()
                    .map(|id| self.store.record(id).cloned())
                    .collect();
                let tags_before = self.store.tags.clone();
                let mut store = std::mem::take(&mut self.store);
                change(&mut store, self);
                self.store = store;
                let records: Vec<_> = ids
                    .into_iter()
                    .zip(before)
                    .filter_map(|(id, before)| {
                        let after = self.store.record(&id).cloned();
                        (after != before).then_some((id, before, after))
                    })
                    .collect();
                let tags_after = self.store.tags.clone();
                (!records.is_empty() || tags_before != tags_after).then(|| Change {
                    label: label.clone(),
                    records,
                    tags_before,
                    tags_after,
                })
            }
        };
        let Some(entry) = entry else {
            return Vec::new();
        };
        self.history.undo.push(entry);
        if self.history.undo.len() > HISTORY_LIMIT {
            self.history.undo.remove(0);
        }
        self.history.redo.clear();
        self.after_store_change();
        self.message = Some(label);
        vec![Effect::Save]
    }

    fn after_store_change(&mut self) {
        self.refresh_read_flags();
        self.refilter();
        self.reader_stale = true;
        self.relayout();
    }

    fn hint(&self, id: &str) -> crate::store::ArticleHint {
        self.corpus
            .articles
            .iter()
            .find(|a| a.id.as_str() == id)
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
                    self.overlay = Some(Overlay::TagPicker(TagPicker::default()));
                }
                Vec::new()
            }
            Action::QuickTag(n) => match self.store.quick_tag(n).map(str::to_string) {
                Some(tag) => self.toggle_tag(&tag),
                None => {
                    self.message = Some(format!(
                        "no quick tag {n} yet: tags get keys 1–9 as they are created (t)"
                    ));
                    Vec::new()
                }
            },
            Action::TagBrowser => {
                self.overlay = Some(Overlay::TagBrowser(TagBrowser::default()));
                Vec::new()
            }
            Action::Note => {
                if let Some(article) = self.current() {
                    let id = article.id.to_string();
                    let text = self.store.note_of(&id).to_string();
                    let editor = TextEditor::new(&text);
                    self.overlay = Some(Overlay::NoteEditor(NoteEditor {
                        id,
                        editor,
                        original: text,
                        confirm_discard: false,
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
                    if !self.marked.remove(&id) {
                        self.marked.insert(id);
                    }
                    self.selected = (self.selected + 1).min(self.visible.len().saturating_sub(1));
                }
                Vec::new()
            }
            Action::MarkAll => {
                let ids: Vec<String> = self
                    .visible
                    .iter()
                    .map(|&i| self.corpus.articles[i].id.to_string())
                    .collect();
                if !ids.is_empty() && ids.iter().all(|id| self.marked.contains(id)) {
                    self.marked.clear();
                    self.message = Some("marks cleared".into());
                } else {
                    self.marked.extend(ids);
                    self.message = Some(format!(
                        "{} marked: t, 1–9 and r now apply to all",
                        self.marked.len()
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

    fn undo_redo(&mut self, undo: bool) -> Vec<Effect> {
        let (from, to) = if undo {
            (&mut self.history.undo, &mut self.history.redo)
        } else {
            (&mut self.history.redo, &mut self.history.undo)
        };
        let Some(change) = from.pop() else {
            self.message = Some(format!("nothing to {}", if undo { "undo" } else { "redo" }));
            return Vec::new();
        };
        for (id, before, after) in &change.records {
            self.store
                .put_record(id, if undo { before.clone() } else { after.clone() });
        }
        self.store.tags = if undo {
            change.tags_before.clone()
        } else {
            change.tags_after.clone()
        };
        self.message = Some(format!(
            "{}: {}",
            if undo { "undone" } else { "redone" },
            change.label
        ));
        to.push(change);
        self.after_store_change();
        vec![Effect::Save]
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
        self.after_store_change();
        vec![Effect::Save]
    }

    /// Rows of the tag picker for its current query: "create" first when the name is new, then
    /// matching tags, best first.
    pub fn picker_rows(&self) -> Vec<PickerRow> {
        let Some(Overlay::TagPicker(picker)) = &self.overlay else {
            return Vec::new();
        };
        let query = picker.query.text.trim();
        let targets = self.targets();
        let mut rows: Vec<(i64, PickerRow)> = self
            .store
            .tag_counts()
            .into_iter()
            .filter_map(|(name, count)| {
                let score = crate::search::fuzzy_score(&name, query)?;
                let on = !targets.is_empty()
                    && targets
                        .iter()
                        .all(|id| self.store.record(id).is_some_and(|r| r.has_tag(&name)));
                Some((score, PickerRow::Existing { name, count, on }))
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

    /// The row Enter acts on until the user moves: the tag whose name was typed exactly, else a
    /// tag whose name starts with what was typed (completion), else "create" — so a new name
    /// followed by Enter creates it, and the first letters of a known tag pick that tag.
    pub(super) fn picker_default(&self) -> usize {
        let Some(Overlay::TagPicker(picker)) = &self.overlay else {
            return 0;
        };
        let query = picker.query.text.trim().to_lowercase();
        let rows = self.picker_rows();
        let position = |pred: &dyn Fn(&str) -> bool| {
            rows.iter().position(
                |r| matches!(r, PickerRow::Existing { name, .. } if pred(&name.to_lowercase())),
            )
        };
        position(&|name| name == query)
            .or_else(|| position(&|name| !query.is_empty() && name.starts_with(&query)))
            .unwrap_or(0)
    }

    /// Keys for popups with a text field.
    pub(super) fn popup_key(&mut self, key: KeyPress) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let cancel = key.code == KeyCode::Esc || (ctrl && key.code == KeyCode::Char('c'));
        match self.overlay.take() {
            Some(Overlay::TagPicker(mut picker)) => {
                let rows_len = {
                    self.overlay = Some(Overlay::TagPicker(picker.clone()));
                    self.picker_rows().len()
                };
                match key.code {
                    _ if cancel => {
                        self.overlay = None;
                        return Vec::new();
                    }
                    KeyCode::Enter => {
                        let row = self.picker_rows().into_iter().nth(picker.selected);
                        let effects = match row {
                            Some(PickerRow::Existing { name, .. })
                            | Some(PickerRow::Create(name)) => self.toggle_tag(&name),
                            None => Vec::new(),
                        };
                        picker.query = TextEditor::default();
                        picker.selected = 0;
                        self.overlay = Some(Overlay::TagPicker(picker));
                        return effects;
                    }
                    KeyCode::Down => {
                        picker.selected = (picker.selected + 1).min(rows_len.saturating_sub(1))
                    }
                    KeyCode::Char('n') if ctrl => {
                        picker.selected = (picker.selected + 1).min(rows_len.saturating_sub(1))
                    }
                    KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
                    KeyCode::Char('p') if ctrl => {
                        picker.selected = picker.selected.saturating_sub(1)
                    }
                    _ => {
                        if picker.query.handle(key) == EditOutcome::Edited {
                            self.overlay = Some(Overlay::TagPicker(picker.clone()));
                            picker.selected = self.picker_default();
                        }
                    }
                }
                self.overlay = Some(Overlay::TagPicker(picker));
                Vec::new()
            }
            Some(Overlay::NoteEditor(mut note)) => {
                if note.confirm_discard {
                    match key.code {
                        KeyCode::Char('y') | KeyCode::Char('Y') => {
                            self.message = Some("note changes discarded".into());
                            return Vec::new();
                        }
                        _ => note.confirm_discard = false,
                    }
                } else if ctrl && key.code == KeyCode::Char('s') {
                    let (id, text) = (note.id.clone(), note.editor.text.clone());
                    let scope = Some(vec![id.clone()]);
                    let effects = self.record_change("note saved".into(), scope, |store, app| {
                        store.set_note(&id, &app.hint(&id), text.trim_end());
                    });
                    if effects.is_empty() {
                        self.message = Some("note unchanged".into());
                    }
                    return effects;
                } else if cancel {
                    if !note.changed() {
                        return Vec::new();
                    }
                    note.confirm_discard = true;
                } else {
                    note.editor.handle(key);
                }
                self.overlay = Some(Overlay::NoteEditor(note));
                Vec::new()
            }
            Some(Overlay::TagBrowser(browser)) => {
                self.overlay = Some(Overlay::TagBrowser(browser));
                self.browser_key(key).unwrap_or_default()
            }
            Some(Overlay::Export(dialog)) => self.export_key(dialog, key),
            other => {
                self.overlay = other;
                Vec::new()
            }
        }
    }
}
