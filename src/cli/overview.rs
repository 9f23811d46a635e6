//! The corpus as a whole from the command line: who said what (`quotes`), how coverage moved
//! over time (`timeline`) and which articles are one story (`clusters`), with the same analysis
//! (corrections included) and the same query language as the reader.

use std::io::Write;

use serde::Serialize;

use super::output::{self, Kind};
use super::{Failure, Session};
use crate::text::sanitize;
use crate::timeline::{self, Period};

#[derive(Serialize)]
struct QuoteOut<'a> {
    speaker: &'a str,
    article: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    date: Option<&'a str>,
    outlet: Option<&'a str>,
}

#[derive(Serialize)]
struct SpeakerOut<'a> {
    speaker: &'a str,
    quotes: usize,
    articles: usize,
    outlets: usize,
}

pub(super) fn quotes(
    session: &Session,
    speaker: Option<&str>,
    speakers: bool,
    json: bool,
) -> Result<(), Failure> {
    let index = session.indexes().quotes;
    let articles = &session.corpus.articles;
    let mut out = output::stdout(if json { Kind::Json } else { Kind::Text });
    if speakers {
        let rows: Vec<SpeakerOut> = index
            .speakers
            .iter()
            .map(|s| SpeakerOut {
                speaker: &s.name,
                quotes: s.quotes,
                articles: s.articles,
                outlets: s.outlets,
            })
            .collect();
        if json {
            crate::json_out::to_writer(&mut out, &rows)?;
            writeln!(out)?;
        } else {
            for r in rows {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    r.quotes,
                    r.articles,
                    r.outlets,
                    sanitize(r.speaker)
                )?;
            }
        }
        return Ok(());
    }
    let chosen: Vec<usize> = match speaker {
        Some(name) => match index.find(name) {
            Some(i) => vec![i],
            None => {
                return Err(Failure::Runtime(format!(
                    "no speaker {:?} is quoted in this corpus (or the name fits several); `presscut quotes --speakers` lists them",
                    sanitize(name)
                )))
            }
        },
        None => (0..index.speakers.len()).collect(),
    };
    let mut rows = Vec::new();
    for s in chosen {
        for q in index.quotes_of(s, articles) {
            let article = &articles[q.article];
            let body = article.body.as_str();
            let cp = |byte: usize| body.get(..byte).map_or(0, |t| t.chars().count());
            rows.push(QuoteOut {
                speaker: &index.speakers[s].name,
                article: article.id.as_str(),
                start: cp(q.range.start),
                end: cp(q.range.end),
                text: body.get(q.range.clone()).unwrap_or(""),
                date: article.date.as_deref(),
                outlet: article.outlet.as_deref(),
            });
        }
    }
    if json {
        crate::json_out::to_writer(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for r in rows {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            sanitize(r.speaker),
            r.date.unwrap_or(""),
            sanitize(r.outlet.unwrap_or("")),
            r.article,
            sanitize(r.text)
        )?;
    }
    Ok(())
}

pub(super) fn timeline(
    session: &Session,
    query: Option<&str>,
    by: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let articles = &session.corpus.articles;
    let docs: Vec<usize> = match query.filter(|q| !q.trim().is_empty()) {
        Some(text) => super::search::matching(session, text),
        None => (0..articles.len()).collect(),
    };
    let dates = || docs.iter().map(|&d| articles[d].date.as_deref());
    let by = by
        .and_then(Period::from_name)
        .unwrap_or_else(|| timeline::choose(dates().flatten()));
    let bars = timeline::count(dates(), by);
    let mut out = output::stdout(if json { Kind::Json } else { Kind::Text });
    if json {
        crate::json_out::to_writer(&mut out, &bars)?;
        writeln!(out)?;
        return Ok(());
    }
    let widest = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    for bar in &bars {
        let width = (bar.count * 40).div_ceil(widest);
        writeln!(
            out,
            "{}\t{}\t{}",
            bar.period.as_deref().unwrap_or("undated"),
            bar.count,
            "█".repeat(width)
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ClusterOut<'a> {
    articles: Vec<&'a str>,
}

pub(super) fn clusters(session: &Session, json: bool) -> Result<(), Failure> {
    let articles = &session.corpus.articles;
    let groups = session.indexes().stories;
    let mut out = output::stdout(if json { Kind::Json } else { Kind::Text });
    if json {
        let rows: Vec<ClusterOut> = groups
            .iter()
            .map(|g| ClusterOut {
                articles: g.iter().map(|&i| articles[i].id.as_str()).collect(),
            })
            .collect();
        crate::json_out::to_writer(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for g in &groups {
        let ids: Vec<&str> = g.iter().map(|&i| articles[i].id.as_str()).collect();
        writeln!(
            out,
            "{}\t{}\t{}",
            g.len(),
            ids.join(" "),
            sanitize(&articles[g[0]].title)
        )?;
    }
    Ok(())
}
