//! The agreement view (`K`): per tag and code, how far the coders agree (units, percent, κ, α;
//! for codes also on characters), and under each item its disagreements, article by article,
//! side by side; a digit accepts that coder's version, recorded as the adjudicator's (my)
//! operation, which `export --adjudicated` then uses. The shell computes the report from the
//! coders' logs (`Effect::Agreement`), since the app holds only the folded store.

use super::popup::{Input, Outcome, Overlay};
use super::{Action, App, Effect, Focus};
use crate::agree::{Disagreement, Report};

#[derive(Clone, Debug, PartialEq)]
pub struct AgreementView {
    pub report: Report,
    /// The item row selected.
    pub selected: usize,
    /// The item whose disagreements are listed (`Enter` on an item), and the row selected.
    pub open: Option<(String, usize)>,
}

/// The overlay stack compares components; the report's coefficients are never NaN (undefined
/// ones are `None`), so equality is total.
impl Eq for AgreementView {}

impl AgreementView {
    /// The disagreements of the open item.
    pub fn disagreements(&self) -> Vec<&Disagreement> {
        let Some((item, _)) = &self.open else {
            return Vec::new();
        };
        self.report
            .disagreements
            .iter()
            .filter(|d| &d.item == item)
            .collect()
    }

    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::stay();
        };
        match &mut self.open {
            None => {
                let len = self.report.items.len();
                if super::popup::move_in_list(&mut self.selected, len, action, 10) {
                    return Outcome::stay();
                }
                match action {
                    Action::Confirm | Action::Open => {
                        if let Some(item) = self.report.items.keys().nth(self.selected) {
                            self.open = Some((item.clone(), 0));
                        }
                    }
                    Action::Back | Action::Cancel | Action::Agreement => return Outcome::close(),
                    _ => {}
                }
                Outcome::stay()
            }
            Some((_, row)) => {
                let mut row_now = *row;
                let len = self.disagreements().len();
                if super::popup::move_in_list(&mut row_now, len, action, 10) {
                    if let Some((_, row)) = &mut self.open {
                        *row = row_now;
                    }
                    return Outcome::stay();
                }
                let Some(d) = self.disagreements().get(row_now).map(|d| (*d).clone()) else {
                    if matches!(action, Action::Back | Action::Cancel) {
                        self.open = None;
                    }
                    return Outcome::stay();
                };
                match action {
                    Action::QuickTag(n) => {
                        let effects = self.accept(app, &d, usize::from(n));
                        return Outcome::Consumed(effects);
                    }
                    Action::Confirm | Action::Open if app.open_article_by_id(&d.article) => {
                        return Outcome::close();
                    }
                    Action::Back | Action::Cancel => self.open = None,
                    _ => {}
                }
                Outcome::stay()
            }
        }
    }

    /// A digit: coder `n`'s (1-based, in the report's order) version settles the disagreement.
    fn accept(&mut self, app: &mut App, d: &Disagreement, n: usize) -> Vec<Effect> {
        let Some(coder) = self.report.coders.get(n.wrapping_sub(1)).cloned() else {
            app.screen.message = Some(format!(
                "no coder {n}: 1–{} accept a coder's version",
                self.report.coders.len()
            ));
            return Vec::new();
        };
        let value = d.coders.get(&coder).copied().unwrap_or(false);
        let me = app.coder.clone();
        app.store
            .adjudicate(&d.article, &d.item, Some(value), Some(&coder), &me);
        let settled = app.store.adjudication(&d.article, &d.item).cloned();
        for x in &mut self.report.disagreements {
            if x.article == d.article && x.item == d.item {
                x.settled.clone_from(&settled);
            }
        }
        app.after_store_edit();
        app.screen.message = Some(format!(
            "settled: {} {} on this article, as {}",
            crate::text::sanitize(&d.item),
            if value { "applies" } else { "does not apply" },
            crate::text::sanitize(&coder)
        ));
        vec![Effect::Save]
    }
}

impl App {
    /// `K`: asks the shell to measure agreement from the logs.
    pub(super) fn request_agreement(&mut self) -> Vec<Effect> {
        self.screen.message = Some("measuring agreement between coders…".into());
        vec![Effect::Agreement]
    }

    /// The shell's answer to [`Effect::Agreement`].
    pub fn show_agreement(&mut self, report: Result<Report, String>) {
        match report {
            Ok(report) => {
                self.screen.message = Some(format!(
                    "{} coder(s), {} item(s), {} disagreement(s) — Enter lists them",
                    report.coders.len(),
                    report.items.len(),
                    report.disagreements.len()
                ));
                self.popups.push(Overlay::Agreement(AgreementView {
                    report,
                    selected: 0,
                    open: None,
                }));
            }
            Err(why) => self.screen.message = Some(why),
        }
    }

    /// Opens the article with this id in the reader (list filters kept); false when it is not
    /// in the list as shown.
    pub(super) fn open_article_by_id(&mut self, id: &str) -> bool {
        let Some(&index) = self.positions.get(id) else {
            self.screen.message = Some(format!("{id} is not in this corpus"));
            return false;
        };
        let Some(pos) = self.list.visible.iter().position(|&i| i == index) else {
            self.screen.message = Some(format!(
                "{id} is hidden by the list's filter: Esc clears it"
            ));
            return false;
        };
        self.list.selected = pos;
        self.screen.focus = Focus::Reader;
        self.relayout();
        true
    }
}
