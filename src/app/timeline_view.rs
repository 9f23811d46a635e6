//! The timeline (`D`): articles per period for the list as it stands — whatever search, tag,
//! code or entity filter made it — as bars, one period per row, the period chosen by the span
//! of the dates; `Enter` narrows the list to the selected period (a `date:` filter added to
//! the search); `Tab` cycles day, week, month and year.

use super::popup::{Input, Outcome, Overlay};
use super::{Action, App};
use crate::timeline::{self, Bar, Period};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineView {
    pub period: Period,
    pub bars: Vec<Bar>,
    pub selected: usize,
    /// How many articles the bars count (the list as it stood).
    pub articles: usize,
}

impl App {
    fn timeline_bars(&self, period: Option<Period>) -> (Period, Vec<Bar>) {
        let articles = &self.corpus.articles;
        let dates = || {
            self.list
                .visible
                .iter()
                .map(|&i| articles.get(i).and_then(|a| a.date.as_deref()))
        };
        let period = period.unwrap_or_else(|| timeline::choose(dates().flatten()));
        (period, timeline::count(dates(), period))
    }

    /// `D`: the timeline of the list as it stands.
    pub(super) fn open_timeline(&mut self) {
        if self.list.visible.is_empty() {
            self.screen.message = Some("the list is empty: nothing to count".into());
            return;
        }
        let (period, bars) = self.timeline_bars(None);
        // The newest period selected: where a reader of news looks first.
        let selected = bars.iter().rposition(|b| b.period.is_some()).unwrap_or(0);
        self.popups.push(Overlay::Timeline(TimelineView {
            period,
            bars,
            selected,
            articles: self.list.visible.len(),
        }));
    }
}

impl TimelineView {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::stay();
        };
        if super::popup::move_in_list(&mut self.selected, self.bars.len(), action, 10) {
            return Outcome::stay();
        }
        match action {
            Action::FocusNext => {
                let next = match self.period {
                    Period::Day => Period::Week,
                    Period::Week => Period::Month,
                    Period::Month => Period::Year,
                    Period::Year => Period::Day,
                };
                let (period, bars) = app.timeline_bars(Some(next));
                self.period = period;
                self.bars = bars;
                self.selected = self
                    .bars
                    .iter()
                    .rposition(|b| b.period.is_some())
                    .unwrap_or(0);
            }
            Action::Confirm | Action::Open => {
                let Some(period) = self.bars.get(self.selected).and_then(|b| b.period.clone())
                else {
                    app.screen.message =
                        Some("undated articles have no date: filter to narrow to".into());
                    return Outcome::stay();
                };
                let filter = timeline::date_filter(&period);
                let text = match &app.list.search {
                    Some(search) if !search.text.trim().is_empty() => {
                        format!("{} {filter}", search.text.trim())
                    }
                    _ => filter,
                };
                app.apply_search_text(&text);
                return Outcome::close();
            }
            Action::Back | Action::Cancel | Action::Timeline => return Outcome::close(),
            _ => {}
        }
        Outcome::stay()
    }
}
