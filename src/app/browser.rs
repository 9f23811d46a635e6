//! The tag browser (`T`): every tag with its count; filter the list by tags (AND, and NOT with
//! `!`), rename (onto an existing name: merge) and delete across the whole store, each after a
//! confirmation that says how many articles change.

use crossterm::event::KeyCode;

use super::editor::TextEditor;
use super::popup::{BrowserMode, Overlay};
use super::{Action, App, Effect, KeyPress, TagFilter};
use crate::store::{clean_tag, same_tag};

impl App {
    /// Keys of the tag browser. `None` means "not handled here: resolve through the keymap".
    pub(super) fn browser_key(&mut self, key: KeyPress) -> Option<Vec<Effect>> {
        let Some(Overlay::TagBrowser(mut browser)) = self.overlay.take() else {
            return None;
        };
        let tags = self.store.tag_counts();
        let current = tags.get(browser.selected).map(|(t, c)| (t.clone(), *c));
        let mut effects = Vec::new();
        let mut handled = true;
        let cancel = key.code == KeyCode::Esc;
        match std::mem::take(&mut browser.mode) {
            BrowserMode::Browse => match (key.code, current) {
                (KeyCode::Enter, Some((tag, _))) => {
                    TagFilter::toggle(&mut self.filter.include, &mut self.filter.exclude, &tag);
                    self.refilter();
                }
                (KeyCode::Char('!'), Some((tag, _))) => {
                    TagFilter::toggle(&mut self.filter.exclude, &mut self.filter.include, &tag);
                    self.refilter();
                }
                (KeyCode::Char('R'), Some((tag, _))) => {
                    browser.mode = BrowserMode::Rename {
                        from: tag.clone(),
                        input: TextEditor::new(&tag),
                    };
                }
                (KeyCode::Char('D'), Some((tag, count))) => {
                    browser.mode = BrowserMode::ConfirmDelete { tag, count }
                }
                (KeyCode::Char('c'), _) if self.filter.is_empty() => {}
                (KeyCode::Char('c'), _) => {
                    self.filter = TagFilter::default();
                    self.refilter();
                }
                _ => handled = false,
            },
            BrowserMode::Rename { from, mut input } => match key.code {
                _ if cancel => {}
                KeyCode::Enter => match clean_tag(&input.text) {
                    Some(to) if to != from => {
                        let count = self
                            .store
                            .articles
                            .values()
                            .filter(|r| r.has_tag(&from))
                            .count();
                        browser.mode = BrowserMode::ConfirmRename { from, to, count };
                    }
                    _ => {}
                },
                _ => {
                    input.handle(key);
                    browser.mode = BrowserMode::Rename { from, input };
                }
            },
            BrowserMode::ConfirmRename { from, to, count } => {
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    let merging = self
                        .store
                        .existing_tag(&to)
                        .is_some_and(|t| !same_tag(t, &from));
                    let label = format!(
                        "{} #{from} {} #{to} on {count} article(s)",
                        if merging { "merged" } else { "renamed" },
                        if merging { "into" } else { "to" }
                    );
                    effects = self.record_change(label, None, |store, _| {
                        store.rename_tag(&from, &to);
                    });
                    for list in [&mut self.filter.include, &mut self.filter.exclude] {
                        for t in list.iter_mut().filter(|t| same_tag(t, &from)) {
                            t.clone_from(&to);
                        }
                    }
                    self.refilter();
                }
            }
            BrowserMode::ConfirmDelete { tag, count } => {
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    effects = self.record_change(
                        format!("deleted #{tag} from {count} article(s)"),
                        None,
                        |store, _| {
                            store.delete_tag(&tag);
                        },
                    );
                    self.filter.include.retain(|t| !same_tag(t, &tag));
                    self.filter.exclude.retain(|t| !same_tag(t, &tag));
                    self.refilter();
                }
            }
        }
        if handled {
            let len = self.store.tags.len();
            browser.selected = browser.selected.min(len.saturating_sub(1));
            self.overlay = Some(Overlay::TagBrowser(browser));
            return Some(effects);
        }
        // Motions and closing come from the keymap.
        let action = match self.keymap.resolve(key) {
            super::Resolution::Action(a) => a,
            _ => {
                self.overlay = Some(Overlay::TagBrowser(browser));
                return Some(Vec::new());
            }
        };
        let last = tags.len().saturating_sub(1);
        match action {
            Action::MoveDown => browser.selected = (browser.selected + 1).min(last),
            Action::MoveUp => browser.selected = browser.selected.saturating_sub(1),
            Action::Top => browser.selected = 0,
            Action::Bottom => browser.selected = last,
            Action::Quit => return Some(vec![Effect::Quit]),
            Action::Back | Action::Cancel | Action::TagBrowser => {
                self.relayout();
                return Some(Vec::new());
            }
            _ => {}
        }
        self.overlay = Some(Overlay::TagBrowser(browser));
        Some(Vec::new())
    }
}
