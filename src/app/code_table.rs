//! The code tables (`M` in the codebook): code × code co-occurrence, code × outlet and code ×
//! month, the tables a coding study reports — the same counts as `presscut codes --matrix`,
//! computed from the store when opened. `M` again cycles the columns; the list's motions scroll.

use super::popup::{Input, Outcome, Overlay};
use super::{Action, App};
use crate::cooccur::{self, Columns, Table};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeTableView {
    pub columns: Columns,
    pub table: Table,
    /// The first row and column shown.
    pub row: usize,
    pub column: usize,
}

impl App {
    pub(super) fn open_code_table(&mut self, columns: Columns) {
        let table = self.code_table(columns);
        self.popups.push(Overlay::CodeTable(CodeTableView {
            columns,
            table,
            row: 0,
            column: 0,
        }));
    }

    fn code_table(&self, columns: Columns) -> Table {
        let articles = &self.corpus.articles;
        cooccur::table(&self.store, columns, |id| {
            let &index = self.positions.get(id)?;
            let a = articles.get(index)?;
            Some((a.outlet.as_deref(), a.date.as_deref()))
        })
    }
}

impl CodeTableView {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::stay();
        };
        let (rows, columns) = (self.table.rows.len(), self.table.columns.len());
        match action {
            Action::CodeTable => {
                self.columns = match self.columns {
                    Columns::Codes => Columns::Outlet,
                    Columns::Outlet => Columns::Month,
                    Columns::Month => Columns::Codes,
                };
                self.table = app.code_table(self.columns);
                (self.row, self.column) = (0, 0);
            }
            Action::MoveDown => self.row = (self.row + 1).min(rows.saturating_sub(1)),
            Action::MoveUp => self.row = self.row.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => {
                self.row = (self.row + 10).min(rows.saturating_sub(1))
            }
            Action::PageUp | Action::HalfPageUp => self.row = self.row.saturating_sub(10),
            Action::Top => self.row = 0,
            Action::Bottom => self.row = rows.saturating_sub(1),
            Action::FocusReader | Action::WordNext => {
                self.column = (self.column + 1).min(columns.saturating_sub(1))
            }
            Action::FocusList | Action::WordPrev => self.column = self.column.saturating_sub(1),
            _ => return Outcome::close(),
        }
        Outcome::stay()
    }
}
