//! "Every passage coded X": the retrieval QDA users ask for most. Opened from the codebook, it
//! lists each passage with its article's date, outlet and title and the sentence around it;
//! Enter opens the passage in the reader with the list narrowed to the articles coded so, where
//! `]c`/`[c` go on from passage to passage.

use super::popup::{Input, Outcome};
use super::{Action, App, Focus, SpanCursor, SpanKind};
use crate::store::same_tag;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassageList {
    pub code: String,
    pub rows: Vec<PassageRow>,
    pub selected: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassageRow {
    /// Corpus index of the article.
    pub article: usize,
    /// Code points, as stored (the UI turns them into text when it draws the row).
    pub start: usize,
    pub end: usize,
    pub coder: String,
    pub memo: String,
}

impl App {
    /// Every passage coded `code` in the corpus as loaded, newest article first. Passages of
    /// articles that are not loaded are counted in the message, not listed.
    pub(super) fn passages_coded(&self, code: &str) -> (Vec<PassageRow>, usize) {
        let mut rows = Vec::new();
        let mut elsewhere = 0;
        for (id, passages) in &self.store.passages {
            let shown = passages
                .iter()
                .filter(|p| same_tag(&p.code, code) && self.shows_passage(id, p));
            for p in shown {
                match self.positions.get(id) {
                    Some(&article) => rows.push(PassageRow {
                        article,
                        start: p.start,
                        end: p.end,
                        coder: p.coder.clone(),
                        memo: p.memo.clone(),
                    }),
                    None => elsewhere += 1,
                }
            }
        }
        // Sorting on a number per row, not on the articles' date strings: at 25k passages,
        // comparing strings behind two pointers per comparison was most of the time.
        let articles = &self.corpus.articles;
        rows.sort_by_cached_key(|r| {
            let date = articles[r.article].date.as_deref().map_or(0, date_number);
            (std::cmp::Reverse(date), r.article, r.start)
        });
        (rows, elsewhere)
    }

    pub(super) fn open_passage_list(&mut self, code: &str) -> bool {
        let (rows, elsewhere) = self.passages_coded(code);
        let path = self.code_path(code);
        if rows.is_empty() {
            self.screen.message = Some(if elsewhere > 0 {
                format!("{path}: {elsewhere} passage(s), all in articles not loaded now")
            } else {
                format!("nothing is coded {path} yet")
            });
            return false;
        }
        if elsewhere > 0 {
            self.screen.message = Some(format!(
                "{elsewhere} more passage(s) coded {path} are in articles not loaded now"
            ));
        }
        self.popups.push(super::Overlay::Passages(PassageList {
            code: code.to_string(),
            rows,
            selected: 0,
        }));
        true
    }

    /// Shows a listed passage in the reader: the list narrowed to the articles coded so (the
    /// search `code:"X"`), the article open, the cursor on the passage.
    fn show_passage(&mut self, code: &str, row: &PassageRow) {
        self.apply_search_text(&format!("code:\"{}\"", code.replace('"', "")));
        let position = self.list.visible.iter().position(|&i| i == row.article);
        let Some(position) = position else {
            // Not listed (the search index is still being built): the whole corpus then.
            self.screen.message = Some("the article is not in the list as filtered".into());
            return;
        };
        self.list.selected = position;
        self.screen.focus = Focus::Reader;
        self.relayout();
        let body = &self.corpus.articles[row.article].body;
        let byte = |chars: usize| {
            body.char_indices()
                .nth(chars)
                .map_or(body.len(), |(b, _)| b)
        };
        let range = byte(row.start)..byte(row.end);
        self.reader.anchor = None;
        self.reader.span_cursor = Some(SpanCursor {
            kind: SpanKind::Coded,
            range,
        });
        self.scroll_to_cursor();
        self.screen.message = Some(format!(
            "coded {} by {} — ]c/[c: the next and previous passages",
            self.code_path(code),
            row.coder
        ));
    }
}

/// `2016-03-05` as 20160305, for sorting by date; a partial date counts as its first day
/// (`2016-03` is 20160300, after every day of 2015 and before 5 March).
fn date_number(date: &str) -> u64 {
    let digits: Vec<u64> = date
        .bytes()
        .filter(u8::is_ascii_digit)
        .take(8)
        .map(|d| u64::from(d - b'0'))
        .collect();
    let n = digits.iter().fold(0, |n, d| n * 10 + d);
    n * 10u64.pow(8 - digits.len() as u32)
}

impl PassageList {
    pub(super) fn handle(&mut self, input: Input, app: &mut App) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        if super::popup::move_in_list(&mut self.selected, self.rows.len(), action, 5) {
            return Outcome::stay();
        }
        match action {
            Action::Confirm | Action::Open => {
                if let Some(row) = self.rows.get(self.selected).cloned() {
                    let code = self.code.clone();
                    // The popup closes first so the reader below lays out for the passage.
                    app.show_passage(&code, &row);
                    return Outcome::close();
                }
            }
            Action::Back | Action::Cancel | Action::Codebook => return Outcome::close(),
            _ => return Outcome::Pass,
        }
        Outcome::stay()
    }
}

#[cfg(test)]
mod tests {
    use super::date_number;

    #[test]
    fn partial_dates_sort_among_full_ones() {
        assert_eq!(date_number("2016-03-05"), 20160305);
        assert!(date_number("2016-03") > date_number("2015-12-31"));
        assert!(date_number("2016-03") < date_number("2016-03-05"));
        assert!(date_number("2016") < date_number("2016-01-01"));
        assert_eq!(date_number("März"), 0);
    }
}
