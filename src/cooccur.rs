//! Code tables, as QDA tools show them: which codes occur together (code × code: passages that
//! overlap in one article), and where codes occur (code × outlet, code × month). Pure counting
//! over the store; the caller says what it knows of each article (outlet and date), because an
//! article that is not loaded now still has its passages.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::store::{same_tag, StoreData};

/// What the columns of the table are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Columns {
    /// Other codes: how many pairs of overlapping passages carry the two codes (the diagonal:
    /// how many passages carry the code).
    Codes,
    Outlet,
    /// `YYYY-MM` of the article's date.
    Month,
}

/// A table of counts: `counts[row][column]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub counts: Vec<Vec<usize>>,
}

/// The column of an article that is not loaded, or has no outlet or date.
pub const UNKNOWN: &str = "(unknown)";

/// Counts the store's passages by code and `columns`. `article` gives an article's outlet and
/// date by id (`None` when it is not loaded).
pub fn table<'a>(
    store: &StoreData,
    columns: Columns,
    article: impl Fn(&str) -> Option<(Option<&'a str>, Option<&'a str>)>,
) -> Table {
    let codes: Vec<String> = {
        let mut codes: Vec<String> = store.codes.keys().cloned().collect();
        codes.sort_by_key(|c| c.to_lowercase());
        codes
    };
    let index_of = |code: &str| {
        codes
            .iter()
            .position(|c| c == code)
            .or_else(|| codes.iter().position(|c| same_tag(c, code)))
    };
    match columns {
        Columns::Codes => {
            let mut counts = vec![vec![0; codes.len()]; codes.len()];
            for passages in store.passages.values() {
                let coded: Vec<(usize, usize, usize)> = passages
                    .iter()
                    .filter_map(|p| Some((index_of(&p.code)?, p.start, p.end)))
                    .collect();
                for (i, &(a, start, end)) in coded.iter().enumerate() {
                    counts[a][a] += 1;
                    for &(b, other_start, other_end) in &coded[i + 1..] {
                        if a != b && start < other_end && other_start < end {
                            counts[a][b] += 1;
                            counts[b][a] += 1;
                        }
                    }
                }
            }
            Table {
                rows: codes.clone(),
                columns: codes,
                counts,
            }
        }
        Columns::Outlet | Columns::Month => {
            let mut cells: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (id, passages) in &store.passages {
                let (outlet, date) = article(id).unwrap_or((None, None));
                let column = match columns {
                    Columns::Outlet => outlet.map(str::to_string),
                    _ => date
                        .and_then(|d| d.get(..7))
                        .filter(|m| m.as_bytes().get(4) == Some(&b'-'))
                        .map(str::to_string),
                }
                .unwrap_or_else(|| UNKNOWN.to_string());
                let cell = cells.entry(column).or_insert_with(|| vec![0; codes.len()]);
                for p in passages {
                    if let Some(row) = index_of(&p.code) {
                        cell[row] += 1;
                    }
                }
            }
            let columns: Vec<String> = cells.keys().cloned().collect();
            let counts = (0..codes.len())
                .map(|row| cells.values().map(|cell| cell[row]).collect())
                .collect();
            Table {
                rows: codes,
                columns,
                counts,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::check_span;

    fn code(store: &mut StoreData, id: &str, text: &str, span: (usize, usize), name: &str) {
        let selector = check_span(text, span.0, span.1).expect("a span in the text");
        store.code_passage(id, span, name, &selector, "", "ana");
    }

    #[test]
    fn overlapping_passages_count_as_co_occurring_and_distant_ones_do_not() {
        let text = "Die Stadt baut eine Brücke über den Fluß, sagt die Bürgermeisterin.";
        let mut store = StoreData::default();
        code(&mut store, "a", text, (0, 26), "Bau");
        code(&mut store, "a", text, (10, 40), "Kosten"); // overlaps Bau
        code(&mut store, "a", text, (45, 67), "Akteurin"); // overlaps neither
        code(&mut store, "b", text, (0, 9), "Bau");
        let t = table(&store, Columns::Codes, |_| None);
        assert_eq!(t.rows, ["Akteurin", "Bau", "Kosten"]);
        assert_eq!(t.counts, vec![vec![1, 0, 0], vec![0, 2, 1], vec![0, 1, 1]]);
    }

    #[test]
    fn codes_by_outlet_and_month_with_unknown_for_missing_articles() {
        let text = "Zürich plant ein neues Stadion für 2027.";
        let mut store = StoreData::default();
        code(&mut store, "a", text, (0, 6), "Ort");
        code(&mut store, "b", text, (0, 6), "Ort");
        code(&mut store, "gone", text, (0, 6), "Ort");
        let info = |id: &str| match id {
            "a" => Some((Some("NZZ"), Some("2024-05-02"))),
            "b" => Some((Some("Blick"), Some("2024-06"))),
            _ => None,
        };
        let by_outlet = table(&store, Columns::Outlet, info);
        assert_eq!(by_outlet.columns, ["(unknown)", "Blick", "NZZ"]);
        assert_eq!(by_outlet.counts, vec![vec![1, 1, 1]]);
        let by_month = table(&store, Columns::Month, info);
        assert_eq!(by_month.columns, ["(unknown)", "2024-05", "2024-06"]);
    }
}
