//! The text export formats. Each writes what a user of the receiving tool expects to find
//! without a single edit: pandas/R/spreadsheets (CSV), Prodigy/doccano (JSONL), scripts (JSON),
//! a notes app (Markdown).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

use super::Options;
use crate::analysis::{QuoteKind, Source};
use crate::model::Article;
use crate::store::StoreData;

/// The fields every format carries for an article.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    date: Option<&'a str>,
    outlet: Option<&'a str>,
    author: Option<String>,
    tags: &'a [String],
    note: &'a str,
    read: bool,
}

fn entry<'a>(article: &'a Article, store: &'a StoreData) -> Entry<'a> {
    let id = article.id.as_str();
    Entry {
        id,
        path: article.origin.to_string(),
        title: &article.title,
        date: article.date.as_deref(),
        outlet: article.outlet.as_deref(),
        author: article.byline(),
        tags: store.tags_of(id),
        note: store.note_of(id),
        read: store.is_read(id),
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

pub fn json(
    out: &mut impl Write,
    articles: &[&Article],
    store: &StoreData,
    attribution: Option<&super::Attribution>,
) -> io::Result<()> {
    let entries: Vec<serde_json::Value> = articles
        .iter()
        .map(|a| {
            let mut value = serde_json::to_value(entry(a, store)).unwrap_or_default();
            if let (Some(attribution), Some(object)) = (attribution, value.as_object_mut()) {
                object.extend(attribution.fields(a.id.as_str(), store));
            }
            value
        })
        .collect();
    let doc = json!({
        "format": "presscut-export",
        "version": 1,
        "exported": now(),
        "articles": entries,
    });
    crate::json_out::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// Byte offset → Unicode code-point offset (the convention of Prodigy, doccano and spaCy).
fn code_points(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.chars().count())
}

pub fn jsonl(
    out: &mut impl Write,
    articles: &[&Article],
    store: &StoreData,
    options: Options,
    attribution: Option<&super::Attribution>,
) -> io::Result<()> {
    for article in articles {
        let e = entry(article, store);
        let mut line = json!({
            "id": e.id,
            "tags": e.tags,
            "note": e.note,
            "read": e.read,
            "meta": {
                "id": e.id, "path": e.path, "title": e.title, "date": e.date,
                "outlet": e.outlet, "author": e.author,
            },
        });
        if let (Some(attribution), Some(object)) = (attribution, line.as_object_mut()) {
            object.extend(attribution.fields(e.id, store));
        }
        if options.with_text || options.with_entities {
            with_text(&mut line, article, store, options.with_entities);
        }
        crate::json_out::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Adds the text, its spans and quotes to a JSONL line. Spans are the coded passages (label =
/// code, `"source": "user"`, with coder and memo) and, with `entities`, the machine's entities
/// (`"source": "machine"`), in text order; a passage whose words are gone from the text is
/// listed apart under `"unanchored"`, with the words it had. The analysis is the corrected one
/// (`crate::corrected`): an entity a person labelled is `"source": "user"` (without a coder),
/// a rejected one is absent, and quotes carry the speakers people set.
fn with_text(line: &mut serde_json::Value, article: &Article, store: &StoreData, entities: bool) {
    let text = &article.body;
    let analysis = crate::corrected::analysis(text, store.corrections_of(article.id.as_str()));
    let (placed, lost) = super::place(article, store);
    let passage = |p: &crate::store::Passage, start: usize, end: usize| {
        let mut span = json!({
            "start": start, "end": end, "label": p.code, "source": "user", "coder": p.coder,
        });
        if !p.memo.is_empty() {
            span["memo"] = json!(p.memo);
        }
        span
    };
    let mut spans: Vec<(usize, usize, &str, serde_json::Value)> = placed
        .iter()
        .map(|p| {
            let span = passage(p.passage, p.start, p.end);
            (p.start, p.end, p.passage.code.as_str(), span)
        })
        .collect();
    if entities {
        spans.extend(analysis.entities.iter().map(|s| {
            let (start, end) = (
                code_points(text, s.range.start),
                code_points(text, s.range.end),
            );
            let label = s.label.as_str();
            let source = match s.source {
                Source::Machine => "machine",
                Source::User => "user",
            };
            let span = json!({"start": start, "end": end, "label": label, "source": source});
            (start, end, label, span)
        }));
    }
    // Stable: at the same place a coder's span comes before the machine's.
    spans.sort_by_key(|(start, end, _, _)| (*start, *end));
    // doccano shows a triple given twice (two coders, or a coder and the machine, agreeing)
    // as two labels: each once.
    let mut seen = std::collections::HashSet::new();
    let triples: Vec<serde_json::Value> = spans
        .iter()
        .filter(|(start, end, label, _)| seen.insert((*start, *end, *label)))
        .map(|(start, end, label, _)| json!([start, end, label]))
        .collect();
    let quotes: Vec<_> = analysis
        .quotes
        .iter()
        .map(|q| {
            let mut quote = json!({
                "start": code_points(text, q.range.start),
                "end": code_points(text, q.range.end),
                "speaker": q.speaker, "cue": q.cue, "kind": q.kind.as_str(),
            });
            if q.source == Source::User {
                quote["source"] = json!("user");
            }
            quote
        })
        .collect();
    line["text"] = json!(text);
    // Prodigy reads "spans"; doccano reads "label" as [start, end, label] triples.
    line["spans"] = spans.into_iter().map(|(_, _, _, span)| span).collect();
    line["label"] = json!(triples);
    line["quotes"] = json!(quotes);
    if !lost.is_empty() {
        line["unanchored"] = lost
            .iter()
            .map(|p| {
                let mut span = passage(p, p.start, p.end);
                span["text"] = json!(p.exact);
                span
            })
            .collect();
    }
}

/// Joins tags with `;`. A tag that itself holds `;` or `"` is put in double quotes, with its
/// quotes doubled (the CSV rule, one level down), so [`split_tags`] gets it back exactly.
pub fn join_tags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| {
            if t.contains([';', '"']) {
                format!("\"{}\"", t.replace('"', "\"\""))
            } else {
                t.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The inverse of [`join_tags`]. Empty items are dropped.
pub fn split_tags(field: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if current.trim().is_empty() => {
                current.clear();
                quoted = true;
            }
            ';' if !quoted => tags.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    tags.push(current);
    tags.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a leading `'`,
/// which spreadsheets show as text and [`unguard_cell`] removes again on import.
pub fn guard_cell(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The inverse of [`guard_cell`]: a `'` before a formula character is dropped.
pub fn unguard_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

pub fn csv(
    out: &mut impl Write,
    articles: &[&Article],
    store: &StoreData,
    options: Options,
) -> io::Result<()> {
    if options.bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = ::csv::Writer::from_writer(out);
    let tag_column = if options.long { "tag" } else { "tags" };
    writer.write_record([
        "id", "path", "date", "outlet", "author", "title", tag_column, "note",
    ])?;
    for article in articles {
        let e = entry(article, store);
        let fixed = |tags: String| {
            [
                e.id.to_string(),
                e.path.clone(),
                e.date.unwrap_or("").to_string(),
                e.outlet.unwrap_or("").to_string(),
                e.author.clone().unwrap_or_default(),
                e.title.to_string(),
                tags,
                e.note.to_string(),
            ]
            .map(|cell| {
                if options.no_formula_guard {
                    cell
                } else {
                    guard_cell(cell)
                }
            })
        };
        if options.long && !e.tags.is_empty() {
            for tag in e.tags {
                writer.write_record(fixed(tag.clone()))?;
            }
        } else if options.long {
            writer.write_record(fixed(String::new()))?;
        } else {
            writer.write_record(fixed(join_tags(e.tags)))?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// A tag as a Markdown `#tag`: notes apps end a tag at whitespace, so spaces become `-`.
fn md_tag(tag: &str) -> String {
    format!("#{}", tag.split_whitespace().collect::<Vec<_>>().join("-"))
}

pub fn markdown(
    out: &mut impl Write,
    articles: &[&Article],
    store: &StoreData,
    attribution: Option<&super::Attribution>,
) -> io::Result<()> {
    writeln!(
        out,
        "# presscut export\n\nExported {} · {} article(s)\n",
        now(),
        articles.len()
    )?;
    for article in articles {
        let e = entry(article, store);
        writeln!(out, "## {}\n", e.title)?;
        let meta: Vec<String> = [
            e.date.map(str::to_string),
            e.author.clone(),
            e.outlet.map(str::to_string),
        ]
        .into_iter()
        .flatten()
        .collect();
        writeln!(out, "{} · `{}` · {}\n", meta.join(" · "), e.id, e.path)?;
        if !e.tags.is_empty() {
            let tags: Vec<String> = e.tags.iter().map(|t| md_tag(t)).collect();
            writeln!(out, "{}\n", tags.join(" "))?;
        }
        let by_coder = attribution.map(|a| a.markdown(e.id)).unwrap_or_default();
        let notes_attributed = attribution.is_some_and(|a| a.has_notes(e.id));
        if !notes_attributed && !e.note.is_empty() {
            writeln!(out, "{}\n", e.note)?;
        }
        for line in by_coder {
            writeln!(out, "{line}\n")?;
        }
        let analysis =
            crate::corrected::analysis(&article.body, store.corrections_of(article.id.as_str()));
        let speech = analysis
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Other);
        let outermost: Vec<_> = speech
            .filter(|q| {
                !analysis.quotes.iter().any(|o| {
                    o.range != q.range
                        && o.range.start <= q.range.start
                        && q.range.end <= o.range.end
                })
            })
            .collect();
        for quote in outermost {
            let text = article.body[quote.range.clone()].replace('\n', " ");
            match &quote.speaker {
                Some(s) => writeln!(out, "> {text} — {s}\n")?,
                None => writeln!(out, "> {text}\n")?,
            }
        }
    }
    Ok(())
}
