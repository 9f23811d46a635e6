//! The codebook view (`C`): every code under its parent with how often it was applied (by
//! everyone, and by this coder), its key and its definition — the instrument a coding study
//! is run with, kept in view while coding. Enter lists every passage coded so (`retrieve`).

use super::popup::{Input, Outcome, Overlay};
use super::{Action, App};
use crate::store::same_tag;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodebookView {
    pub selected: usize,
    pub rows: Vec<CodebookRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodebookRow {
    pub name: String,
    /// How deep under its parents (0: a top-level code).
    pub depth: usize,
    /// Passages with the code, by every coder.
    pub count: usize,
    /// Passages this coder coded so.
    pub mine: usize,
    pub key: Option<String>,
    pub definition: Option<String>,
}

impl App {
    pub(super) fn open_codebook(&mut self) {
        let rows = self.codebook_rows();
        if rows.is_empty() {
            self.screen.message = Some(
                "the codebook is empty: select a passage (v, s, p) and code it (c), or import one with presscut codebook import"
                    .into(),
            );
            return;
        }
        self.popups
            .push(Overlay::Codebook(CodebookView { selected: 0, rows }));
    }

    /// The codes in tree order: each parent followed by its children, alphabetically.
    pub(super) fn codebook_rows(&self) -> Vec<CodebookRow> {
        // One pass over the passages (at 50k passages, a pass per code was most of the time).
        let mut tally: std::collections::HashMap<&str, (usize, usize)> = self
            .store
            .codes
            .keys()
            .map(|name| (name.as_str(), (0, 0)))
            .collect();
        for p in self.store.passages.values().flatten() {
            // Passages carry the codebook's spelling; another spelling is looked up once.
            let name = match tally.contains_key(p.code.as_str()) {
                true => Some(p.code.as_str()),
                false => self.store.existing_code(&p.code),
            };
            if let Some(entry) = name.and_then(|n| tally.get_mut(n)) {
                entry.0 += 1;
                entry.1 += usize::from(p.coder == self.coder);
            }
        }
        let mut counts: Vec<(String, usize)> = tally
            .iter()
            .map(|(name, (count, _))| (name.to_string(), *count))
            .collect();
        counts.sort_by_key(|(c, _)| c.to_lowercase());
        let mine = |code: &str| tally.get(code).map_or(0, |t| t.1);
        let parent_of = |code: &str| {
            self.store
                .codes
                .get(code)
                .and_then(|r| r.parent.as_deref())
                .and_then(|p| self.store.existing_code(p))
                .filter(|p| !same_tag(p, code))
        };
        let mut rows = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // Roots are codes without a known parent; a cycle of parents is shown from its first
        // member so that no code is ever left out.
        let mut stack: Vec<(String, usize)> = counts
            .iter()
            .rev()
            .filter(|(name, _)| parent_of(name).is_none())
            .map(|(name, _)| (name.clone(), 0))
            .collect();
        let leftovers: Vec<String> = counts.iter().map(|(n, _)| n.clone()).collect();
        while let Some((name, depth)) = stack.pop().or_else(|| {
            leftovers
                .iter()
                .find(|n| !seen.contains(*n))
                .map(|n| (n.clone(), 0))
        }) {
            if !seen.insert(name.clone()) {
                continue;
            }
            let record = self.store.codes.get(&name);
            rows.push(CodebookRow {
                count: counts
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(0, |(_, c)| *c),
                mine: mine(&name),
                key: record.and_then(|r| r.key.clone()),
                definition: record.and_then(|r| r.definition.clone()),
                name: name.clone(),
                depth,
            });
            for (child, _) in counts.iter().rev() {
                if parent_of(child) == Some(name.as_str()) && !seen.contains(child) {
                    stack.push((child.clone(), depth + 1));
                }
            }
        }
        rows
    }
}

impl CodebookView {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        if super::popup::move_in_list(&mut self.selected, self.rows.len(), action, 10) {
            return Outcome::stay();
        }
        match action {
            Action::Confirm | Action::Open => {
                let Some(row) = self.rows.get(self.selected) else {
                    return Outcome::stay();
                };
                let name = row.name.clone();
                if app.open_passage_list(&name) {
                    return Outcome::close();
                }
            }
            Action::CodeTable => app.open_code_table(crate::cooccur::Columns::Codes),
            Action::RenameCode | Action::DeleteCode => {
                if let Some(name) = self.rows.get(self.selected).map(|r| r.name.clone()) {
                    if action == Action::RenameCode {
                        app.ask_code_rename(&name);
                    } else {
                        app.ask_code_delete(&name);
                    }
                }
            }
            Action::Back | Action::Cancel | Action::Codebook => return Outcome::close(),
            _ => return Outcome::Pass,
        }
        Outcome::stay()
    }
}
