//! Working as a team from the command line: agreement between coders (`agree`) and the audit
//! trail of who did what (`log`).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::{self, Kind};
use super::{Failure, Session};
use crate::store::{self, log};
use crate::text::sanitize;

/// Each coder's work alone, from the files named (logs or stores), else from every log in the
/// data folder.
type Coder = crate::agree::Layer;

pub(super) fn coders_of(session: &Session, files: &[PathBuf]) -> Result<Vec<Coder>, Failure> {
    let log_files: Vec<PathBuf> = if files.is_empty() {
        let dir = log::log_dir(session.store_file.dir());
        log::list_logs(session.store_file.dir())
            .map_err(|e| Failure::Runtime(format!("{}: cannot read the logs: {e}", dir.display())))?
            .into_keys()
            .map(|name| dir.join(name))
            .collect()
    } else {
        files.to_vec()
    };
    let mut entries = Vec::new();
    let mut stores: Vec<Coder> = Vec::new();
    // Logs are read in parallel (the bulk of `agree` at 100k articles is parsing them).
    let is_store = |file: &PathBuf| file.extension().is_some_and(|e| e == "json");
    let logs: Vec<PathBuf> = log_files.iter().filter(|f| !is_store(f)).cloned().collect();
    let mut read = log::read_log_files(&logs).into_iter();
    for file in &log_files {
        let shown = sanitize(&file.display().to_string()).into_owned();
        if is_store(file) {
            let data = store::read_store(file)
                .map_err(|e| Failure::Runtime(sanitize(&e.to_string()).into_owned()))?
                .ok_or_else(|| Failure::Runtime(format!("{shown}: no such file")))?;
            let name = file
                .file_stem()
                .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
            let touched = crate::agree::touched(&data);
            stores.push((name, data, touched));
            continue;
        }
        let result = read
            .next()
            .unwrap_or_else(|| Err(std::io::Error::other("not read")));
        let (found, warnings) = result.map_err(|e| {
            Failure::Runtime(format!(
                "{shown}: cannot read it ({e}); name coders' logs (log/NAME.jsonl) or stores (store.json)"
            ))
        })?;
        for warning in warnings {
            eprintln!("presscut: {}", sanitize(&warning));
        }
        entries.extend(found);
    }
    let mut coders: Vec<Coder> = crate::agree::layers(entries);
    coders.extend(stores);
    if coders.len() < 2 {
        return Err(Failure::Runtime(format!(
            "agreement needs at least two coders; found {} ({}) — name their logs, e.g. `presscut agree log/ana.jsonl log/ben.jsonl`",
            coders.len(),
            sanitize(&coders.iter().map(|(n, _, _)| n.as_str()).collect::<Vec<_>>().join(", "))
        )));
    }
    Ok(coders)
}

pub(super) fn agree(session: &Session, files: &[PathBuf], json: bool) -> Result<(), Failure> {
    let coders = coders_of(session, files)?;
    let mut report = crate::agree::agreement(&coders);
    report.mark_settled(&session.store);
    let result = print_agreement(&report, json);
    // The process ends now: freeing every coder's store and 100k's of rows one by one took a
    // tenth of `agree` at 100k articles, for memory the OS takes back at once.
    std::mem::forget(coders);
    std::mem::forget(report);
    result
}

fn print_agreement(report: &crate::agree::Report, json: bool) -> Result<(), Failure> {
    if json {
        let mut out = output::stdout(Kind::Json);
        crate::json_out::to_writer(&mut out, report)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut out = output::stdout(Kind::Text);
    let number = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"));
    writeln!(
        out,
        "coders: {} · units: articles every coder touched; for codes also the characters anyone coded in them",
        sanitize(&report.coders.join(", "))
    )?;
    writeln!(
        out,
        "item\tunits\tagreement\tkappa\talpha\tcoded characters\tagreement\tkappa\talpha"
    )?;
    for (item, a) in &report.items {
        // Codes also on characters (the passages themselves); tags have no passages.
        let span = a.span.as_ref().map_or_else(String::new, |s| {
            format!(
                "\t{}\t{:.1}%\t{}\t{}",
                s.characters,
                s.agreement * 100.0,
                number(s.kappa),
                number(s.alpha)
            )
        });
        writeln!(
            out,
            "{}\t{}\t{:.1}%\t{}\t{}{span}",
            sanitize(item),
            a.units,
            a.agreement * 100.0,
            number(a.kappa),
            number(a.alpha)
        )?;
    }
    for d in &report.disagreements {
        let who: Vec<String> = d
            .coders
            .iter()
            .map(|(c, v)| format!("{}={}", sanitize(c), if *v { "yes" } else { "no" }))
            .collect();
        let settled = d.settled.as_ref().map_or_else(String::new, |a| {
            format!(
                " settled={} by {}{}",
                if a.value { "yes" } else { "no" },
                sanitize(&a.adjudicator),
                a.from
                    .as_deref()
                    .map_or_else(String::new, |f| format!(" as {}", sanitize(f)))
            )
        });
        writeln!(
            out,
            "disagree: {} {} {}{settled}",
            d.article,
            sanitize(&d.item),
            who.join(" ")
        )?;
    }
    Ok(())
}

pub(super) fn log(
    session: &Session,
    by: Option<&str>,
    article: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let dir: &Path = session.store_file.dir();
    let tails = log::read_tails(dir, &Default::default()).map_err(|e| {
        Failure::Runtime(format!(
            "{}: cannot read the logs: {e}",
            log::log_dir(dir).display()
        ))
    })?;
    let mut entries = tails.entries;
    log::sort(&mut entries);
    let ops: Vec<&store::Op> = entries
        .iter()
        .map(|e| &e.op)
        .filter(|op| by.is_none_or(|c| op.coder == c))
        .filter(|op| {
            article.is_none_or(|a| op.change.article().is_some_and(|id| id.starts_with(a)))
        })
        .filter(|op| since.is_none_or(|s| op.at.as_str() >= s))
        .collect();
    if json {
        let mut out = output::stdout(Kind::Json);
        crate::json_out::to_writer(&mut out, &ops)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut out = output::stdout(Kind::Text);
    for op in ops {
        let value = serde_json::to_value(&op.change).unwrap_or_default();
        let kind = value["op"].as_str().unwrap_or("?").to_string();
        let detail: Vec<String> = value
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !matches!(k.as_str(), "op" | "id" | "sketch" | "prefix" | "suffix"))
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}={}", excerpt(s)),
                other => format!("{k}={other}"),
            })
            .collect();
        writeln!(
            out,
            "{}\t{}\t{kind}\t{}\t{}",
            op.at,
            sanitize(&op.coder),
            op.change.article().unwrap_or("-"),
            sanitize(&detail.join(" "))
        )?;
    }
    Ok(())
}

fn excerpt(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(50) {
        Some((at, _)) => format!("{:?}…", &one_line[..at]),
        None => format!("{one_line:?}"),
    }
}

/// What `adjudicate` decides.
pub(super) enum Decision {
    /// The named coder's version.
    Accept(String),
    Value(bool),
    Undo,
}

pub(super) fn adjudicate(
    session: &mut Session,
    article: &str,
    item: &str,
    decision: Decision,
) -> Result<(), Failure> {
    let id = super::commands::resolve(session, article)?.id.to_string();
    let Some((kind, name)) = item
        .split_once(':')
        .filter(|(k, n)| (*k == "tag" || *k == "code") && !n.trim().is_empty())
    else {
        return Err(Failure::Usage(format!(
            "{:?}: name the item as tag:NAME or code:NAME, as `presscut agree` lists it",
            sanitize(item)
        )));
    };
    let item = format!("{kind}:{}", name.trim());
    let me = session.store_file.coder().to_string();
    let (settled, from) = match &decision {
        Decision::Accept(coder) => {
            let coders = coders_of(session, &[])?;
            let Some((_, layer, _)) = coders.iter().find(|(n, _, _)| n == coder) else {
                return Err(Failure::Runtime(format!(
                    "no coder {:?} in the logs; the coders are: {}",
                    sanitize(coder),
                    sanitize(
                        &coders
                            .iter()
                            .map(|(n, _, _)| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                )));
            };
            let applied = match kind {
                "tag" => layer
                    .tags_of(&id)
                    .iter()
                    .any(|t| store::same_tag(t, name.trim())),
                _ => layer
                    .passages_of(&id)
                    .iter()
                    .any(|p| store::same_tag(&p.code, name.trim())),
            };
            (Some(applied), Some(coder.as_str()))
        }
        Decision::Value(v) => (Some(*v), None),
        Decision::Undo => (None, None),
    };
    let changed = session.store.adjudicate(&id, &item, settled, from, &me);
    session.commit()?;
    let what = match (settled, from) {
        (None, _) => "decision taken back".to_string(),
        (Some(v), Some(coder)) => format!(
            "settled: {} (as {})",
            if v { "applies" } else { "does not apply" },
            sanitize(coder)
        ),
        (Some(v), None) => format!("settled: {}", if v { "applies" } else { "does not apply" }),
    };
    let unchanged = if changed { "" } else { " (already so)" };
    writeln!(
        output::stdout(Kind::Text),
        "{id} {}: {what}{unchanged}",
        sanitize(&item)
    )?;
    Ok(())
}
