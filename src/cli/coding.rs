//! Coding passages from the command line (DESIGN.md §7): `code`, `uncode` and `codes` (the
//! codebook is `codebook.rs`). Offsets are character (code point) offsets into the article's
//! text, the ones `analyze` reports, so a script can code what the analysis found.

use std::io::Write;

use serde::Serialize;

use super::commands::resolve;
use super::output::{self, Kind};
use super::{Failure, Session};
use crate::store::{self, check_span};
use crate::text::sanitize;

pub(super) fn code(
    session: &mut Session,
    article: &str,
    span: (usize, usize),
    codes: &[String],
    memo: Option<&str>,
) -> Result<(), Failure> {
    let (id, selector) = span_in(session, article, span)?;
    if let Some(bad) = codes.iter().find(|c| store::clean_tag(c).is_none()) {
        return Err(Failure::Usage(format!(
            "{bad:?} is not a code name (it is empty)"
        )));
    }
    let coder = session.store_file.coder().to_string();
    for code in codes {
        session
            .store
            .code_passage(&id, span, code, &selector, memo.unwrap_or(""), &coder);
    }
    session.commit()?;
    let mine: Vec<&str> = session
        .store
        .passages_of(&id)
        .iter()
        .filter(|p| (p.start, p.end) == span && p.coder == coder)
        .map(|p| p.code.as_str())
        .collect();
    writeln!(
        output::stdout(Kind::Text),
        "{id} {}–{} \"{}\": {}",
        span.0,
        span.1,
        sanitize(&excerpt(&selector.exact)),
        sanitize(&mine.join(", "))
    )?;
    Ok(())
}

/// The article named on the command line and the span's words there (with its path, so the
/// span follows the article if its text changes); a usage error for an empty span or one
/// beyond the text.
pub(super) fn span_in(
    session: &Session,
    article: &str,
    span: (usize, usize),
) -> Result<(String, store::Selector), Failure> {
    let article = resolve(session, article)?;
    let id = article.id.to_string();
    let mut selector = check_span(&article.body, span.0, span.1)
        .map_err(|e| Failure::Usage(format!("{id}: {e}")))?;
    selector.path = Some(article.origin.to_string());
    Ok((id, selector))
}

pub(super) fn uncode(
    session: &mut Session,
    article: &str,
    span: (usize, usize),
    codes: &[String],
) -> Result<(), Failure> {
    let id = resolve(session, article)?.id.to_string();
    let coder = session.store_file.coder().to_string();
    let mut removed = 0;
    if codes.is_empty() {
        removed = session.store.uncode_passage(&id, span, None, &coder);
    }
    for code in codes {
        removed += session.store.uncode_passage(&id, span, Some(code), &coder);
    }
    session.commit()?;
    if removed == 0 {
        return Err(Failure::Runtime(format!(
            "{id} {}–{}: no passage coded by {} there{}; `presscut codes` lists them",
            span.0,
            span.1,
            sanitize(&coder),
            if codes.is_empty() {
                String::new()
            } else {
                format!(" with {}", sanitize(&codes.join(", ")))
            }
        )));
    }
    writeln!(
        output::stdout(Kind::Text),
        "{id} {}–{}: {removed} code(s) taken off",
        span.0,
        span.1
    )?;
    Ok(())
}

/// One coded passage as `codes` prints it (the columns of DESIGN.md §7).
#[derive(Serialize)]
struct CodedRow<'a> {
    article: &'a str,
    start: usize,
    end: usize,
    text: String,
    code: &'a str,
    memo: &'a str,
    coder: &'a str,
    created: &'a str,
}

/// The loaded articles by id.
fn articles_by_id(session: &Session) -> std::collections::HashMap<&str, &crate::model::Article> {
    session
        .corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect()
}

/// Every coded passage, where it is in the article's text now (re-anchored by its words when
/// the text changed; where it was, with its own words, when the article is gone or the words
/// are).
fn coded_rows<'a>(session: &'a Session, only: Option<&str>) -> Vec<CodedRow<'a>> {
    let by_id = articles_by_id(session);
    let mut rows = Vec::new();
    for (id, passages) in &session.store.passages {
        let body = by_id.get(id.as_str()).map(|a| a.body.as_str());
        for p in passages {
            if only.is_some_and(|c| !store::same_tag(&p.code, c)) {
                continue;
            }
            let anchored = body.and_then(|b| p.anchor(b).map(|at| (b, at)));
            let (start, end, text) = match anchored {
                Some((body, (start, end))) => (
                    start,
                    end,
                    body.chars().skip(start).take(end - start).collect(),
                ),
                None => (p.start, p.end, p.exact.clone()),
            };
            rows.push(CodedRow {
                article: id,
                start,
                end,
                text,
                code: &p.code,
                memo: &p.memo,
                coder: &p.coder,
                created: &p.created,
            });
        }
    }
    rows
}

pub(super) fn codes(
    session: &Session,
    only: Option<&str>,
    json: bool,
    csv: bool,
) -> Result<(), Failure> {
    let rows = coded_rows(session, only);
    if json {
        let mut out = output::stdout(Kind::Json);
        crate::json_out::to_writer(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    if csv {
        let mut writer = csv::Writer::from_writer(output::stdout(Kind::Text));
        let csv_error = |e: csv::Error| Failure::Runtime(format!("cannot write CSV: {e}"));
        writer
            .write_record([
                "article", "start", "end", "text", "code", "memo", "coder", "created",
            ])
            .map_err(csv_error)?;
        for row in &rows {
            let cells = [
                row.article.to_string(),
                row.start.to_string(),
                row.end.to_string(),
                crate::export::guard_cell(row.text.clone()),
                crate::export::guard_cell(row.code.to_string()),
                crate::export::guard_cell(row.memo.to_string()),
                crate::export::guard_cell(row.coder.to_string()),
                row.created.to_string(),
            ];
            writer.write_record(&cells).map_err(csv_error)?;
        }
        writer.flush()?;
        return Ok(());
    }
    let mut out = output::stdout(Kind::Text);
    for row in &rows {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            row.article,
            row.start,
            row.end,
            sanitize(row.code),
            sanitize(row.coder),
            sanitize(&excerpt(&row.text))
        )?;
    }
    Ok(())
}

/// `codes --matrix`: a table of counts by code (rows) and codes, outlets or months (columns).
pub(super) fn code_table(
    session: &Session,
    columns: &str,
    json: bool,
    csv: bool,
) -> Result<(), Failure> {
    use crate::cooccur::{table, Columns};
    let by_id = articles_by_id(session);
    let columns_are = match columns {
        "codes" => Columns::Codes,
        "outlet" => Columns::Outlet,
        _ => Columns::Month,
    };
    let t = table(&session.store, columns_are, |id| {
        by_id
            .get(id)
            .map(|a| (a.outlet.as_deref(), a.date.as_deref()))
    });
    if json {
        let mut out = output::stdout(Kind::Json);
        crate::json_out::to_writer(&mut out, &t)?;
        writeln!(out)?;
        return Ok(());
    }
    let header: Vec<String> = std::iter::once("code".to_string())
        .chain(t.columns.iter().cloned())
        .collect();
    let lines = t.rows.iter().zip(&t.counts).map(|(row, counts)| {
        std::iter::once(row.clone())
            .chain(counts.iter().map(usize::to_string))
            .collect::<Vec<String>>()
    });
    if csv {
        let mut writer = csv::Writer::from_writer(output::stdout(Kind::Text));
        let csv_error = |e: csv::Error| Failure::Runtime(format!("cannot write CSV: {e}"));
        let guarded = |cells: Vec<String>| -> Vec<String> {
            cells.into_iter().map(crate::export::guard_cell).collect()
        };
        writer.write_record(guarded(header)).map_err(csv_error)?;
        for line in lines {
            writer.write_record(guarded(line)).map_err(csv_error)?;
        }
        writer.flush()?;
        return Ok(());
    }
    let mut out = output::stdout(Kind::Text);
    let clean = |cells: Vec<String>| -> String {
        cells
            .iter()
            .map(|c| sanitize(c).replace('\t', " "))
            .collect::<Vec<_>>()
            .join("\t")
    };
    writeln!(out, "{}", clean(header))?;
    for line in lines {
        writeln!(out, "{}", clean(line))?;
    }
    Ok(())
}

/// The first 60 characters of a passage, on one line.
pub(super) fn excerpt(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}
