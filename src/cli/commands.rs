//! The non-interactive commands. Each prints plain, sanitised text for people and pipes, and
//! reports failure through [`Failure`] so `main` can pick the exit code.

use super::output::{self, Kind};
use std::io::{self, Read, Write};

use serde::Serialize;

use super::{Failure, Session};
use crate::model::Article;
use crate::store::{self, StoreError};
use crate::text::sanitize;

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Runtime(e.to_string())
    }
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    date: Option<&'a str>,
    author: Option<String>,
    outlet: Option<&'a str>,
    tags: &'a [String],
    read: bool,
}

pub(super) fn list(session: &Session, json: bool) -> Result<(), Failure> {
    let mut out = output::stdout(if json { Kind::Json } else { Kind::Text });
    let store = &session.store;
    if json {
        let entries: Vec<ListEntry> = session
            .corpus
            .articles
            .iter()
            .map(|a| ListEntry {
                id: a.id.as_str(),
                path: a.origin.to_string(),
                title: &a.title,
                date: a.date.as_deref(),
                author: a.byline(),
                outlet: a.outlet.as_deref(),
                tags: store.tags_of(a.id.as_str()),
                read: store.is_read(a.id.as_str()),
            })
            .collect();
        crate::json_out::to_writer_pretty(&mut out, &entries)?;
        writeln!(out)?;
    } else {
        for a in session.corpus.articles.iter() {
            let field = |s: Option<&str>| sanitize(s.unwrap_or("-")).into_owned();
            let tags = store.tags_of(a.id.as_str()).join(",");
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                a.id,
                field(a.date.as_deref()),
                field(a.outlet.as_deref()),
                sanitize(&a.title),
                sanitize(&tags)
            )?;
        }
    }
    out.flush()?;
    print_warning_summary(session);
    Ok(())
}

/// One line on stderr so scripts see that something was skipped without parsing stdout.
fn print_warning_summary(session: &Session) {
    let n = session.corpus.warnings.len();
    if n > 0 {
        eprintln!("presscut: {n} warning(s) while loading; run `presscut check` for details");
    }
}

pub(super) fn check(session: &mut Session) -> Result<(), Failure> {
    let mut out = output::stdout(Kind::Text);
    let corpus = &session.corpus;
    for warning in &corpus.warnings {
        writeln!(out, "warning: {}", sanitize(&warning.to_string()))?;
    }
    if !corpus.ignored.is_empty() {
        let names: Vec<String> = corpus
            .ignored
            .iter()
            .take(5)
            .map(|p| sanitize(&p.display().to_string()).into_owned())
            .collect();
        let more = corpus.ignored.len().saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        writeln!(
            out,
            "ignored: {} file(s) not in a corpus format (.txt .md .json .jsonl .csv .html .xml .rss .atom .docx): {}{more}",
            corpus.ignored.len(),
            names.join(", ")
        )?;
    }
    // Re-attaching is a repair the user should know about: check reports it and saves it.
    let moved = store::reattach(&mut session.store, &corpus.articles);
    for m in &moved {
        writeln!(
            out,
            "re-attached: {} → {} ({} changed)",
            m.old_id,
            m.new_id,
            sanitize(&m.path)
        )?;
    }
    if !moved.is_empty() {
        session.store_file.commit(&mut session.store)?;
    }
    let orphans = store::orphans(&session.store, &corpus.articles);
    for (id, record) in &orphans {
        let title = record
            .title
            .as_deref()
            .or(record.path.as_deref())
            .unwrap_or("?");
        writeln!(
            out,
            "orphan: {id} \"{}\" — tags [{}]{} kept; its article is not in this corpus",
            sanitize(title),
            sanitize(&record.tags.join(", ")),
            if record.note.is_empty() { "" } else { ", note" }
        )?;
    }
    let conflicts: Vec<(&String, &store::ArticleRecord)> = session
        .store
        .articles
        .iter()
        .filter(|(_, r)| store::op::has_conflict(&r.note))
        .collect();
    for (id, record) in &conflicts {
        writeln!(
            out,
            "conflict: {id} \"{}\" — its note holds two versions saved at once; edit the note to keep what you want",
            sanitize(record.title.as_deref().or(record.path.as_deref()).unwrap_or("?"))
        )?;
    }
    let by_id: std::collections::HashMap<&str, &Article> =
        corpus.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut lost = 0;
    for (id, passages) in &session.store.passages {
        for p in passages {
            let problem = match by_id.get(id.as_str()) {
                None => "its article is not in this corpus",
                Some(a) if p.anchor(&a.body).is_none() => {
                    "its words are no longer in the article's text"
                }
                Some(_) => continue,
            };
            lost += 1;
            writeln!(
                out,
                "passage not found: {id} {}–{} {} by {} \"{}\" — {problem}; kept",
                p.start,
                p.end,
                sanitize(&p.code),
                sanitize(&p.coder),
                sanitize(&p.exact.chars().take(60).collect::<String>())
            )?;
        }
    }
    if lost > 0 || !session.store.passages.is_empty() {
        writeln!(
            out,
            "passages: {} coded, {lost} not found in the text",
            session.store.passages.values().map(Vec::len).sum::<usize>()
        )?;
    }
    let mut unplaced = 0;
    for (id, corrections) in &session.store.corrections {
        for c in corrections {
            let problem = match by_id.get(id.as_str()) {
                None => "its article is not in this corpus",
                Some(a) if c.anchor(&a.body).is_none() => {
                    "its words are no longer in the article's text"
                }
                Some(_) => continue,
            };
            unplaced += 1;
            writeln!(
                out,
                "correction not found: {id} {}–{} {} by {} \"{}\" — {problem}; kept",
                c.start,
                c.end,
                c.fix.as_str(),
                sanitize(&c.coder),
                sanitize(&c.exact.chars().take(60).collect::<String>())
            )?;
        }
    }
    if !session.store.corrections.is_empty() {
        writeln!(
            out,
            "corrections: {} standing, {unplaced} not found in the text",
            session
                .store
                .corrections
                .values()
                .map(Vec::len)
                .sum::<usize>()
        )?;
    }
    writeln!(
        out,
        "log: {} (coder {}); the other coders' logs are folded in",
        sanitize(&session.store_file.log_path().display().to_string()),
        sanitize(session.store_file.coder())
    )?;
    writeln!(
        out,
        "{}: {} article(s) from {} file(s), {} warning(s); store {}: {} annotated article(s), {} tag(s), {} orphan(s)",
        sanitize(&corpus.name),
        corpus.articles.len(),
        corpus.files_read,
        corpus.warnings.len(),
        sanitize(&session.store_file.path().display().to_string()),
        session.store.articles.len(),
        session.store.tags.len(),
        orphans.len()
    )?;
    out.flush()?;
    Ok(())
}

/// Finds the article a user named: full id, unique id prefix, or file path.
pub(super) fn resolve<'a>(session: &'a Session, name: &str) -> Result<&'a Article, Failure> {
    let articles = &session.corpus.articles;
    if let Some(a) = articles.iter().find(|a| a.id.as_str() == name) {
        return Ok(a);
    }
    let by_path: Vec<&Article> = articles.iter().filter(|a| path_matches(a, name)).collect();
    if let [one] = by_path.as_slice() {
        return Ok(one);
    }
    let by_prefix: Vec<&Article> = articles
        .iter()
        .filter(|a| !name.is_empty() && a.id.as_str().starts_with(name))
        .collect();
    match (by_prefix.as_slice(), by_path.len()) {
        ([one], 0) => Ok(one),
        ([], 0) => Err(Failure::Runtime(format!(
            "no article matches {:?}; give an id, a unique id prefix or a file path (`presscut list` shows ids)",
            sanitize(name)
        ))),
        (many, n) => {
            let ids: Vec<&str> = many.iter().chain(by_path.iter()).take(5).map(|a| a.id.as_str()).collect();
            Err(Failure::Runtime(format!(
                "{:?} matches {} articles ({}…); type more of the id",
                sanitize(name),
                many.len() + n,
                ids.join(", ")
            )))
        }
    }
}

fn path_matches(article: &Article, name: &str) -> bool {
    let path = &article.origin.path;
    if article.origin.to_string() == name || path.as_os_str() == name {
        return true;
    }
    match (std::fs::canonicalize(path), std::fs::canonicalize(name)) {
        (Ok(a), Ok(b)) => a == b && article.origin.line.is_none(),
        _ => false,
    }
}

pub(super) fn tag(
    session: &mut Session,
    name: &str,
    tags: &[String],
    on: bool,
) -> Result<(), Failure> {
    let article = resolve(session, name)?;
    let (id, hint) = (article.id.to_string(), store::hint_for(article));
    let mut changed = Vec::new();
    for tag in tags {
        if store::clean_tag(tag).is_none() {
            return Err(Failure::Usage(format!(
                "{tag:?} is not a tag name (it is empty)"
            )));
        }
        if session.store.declare_tag(&id, &hint, tag, on) {
            changed.push(tag.trim().to_string());
        }
    }
    session.commit()?;
    let now = session.store.tags_of(&id).join(", ");
    writeln!(
        output::stdout(Kind::Text),
        "{id}: {}",
        if now.is_empty() { "no tags" } else { &now }
    )?;
    Ok(())
}

pub(super) fn note(session: &mut Session, name: &str, text: &str) -> Result<(), Failure> {
    let article = resolve(session, name)?;
    let (id, hint) = (article.id.to_string(), store::hint_for(article));
    let note = if text == "-" {
        let mut buf = String::new();
        io::stdin()
            .read_to_string(&mut buf)
            .map_err(|e| Failure::Runtime(format!("cannot read the note from stdin: {e}")))?;
        buf
    } else {
        text.to_string()
    };
    session
        .store
        .set_note(&id, &hint, note.trim_end_matches(['\n', '\r']));
    session.commit()?;
    let chars = session.store.note_of(&id).chars().count();
    writeln!(
        output::stdout(Kind::Text),
        "{id}: note {}",
        if chars == 0 {
            "cleared".to_string()
        } else {
            format!("saved ({chars} characters)")
        }
    )?;
    Ok(())
}

pub(super) struct ExportRequest {
    pub format: crate::export::Format,
    pub output: Option<std::path::PathBuf>,
    pub force: bool,
    pub tags: Vec<String>,
    pub all: bool,
    pub options: crate::export::Options,
    /// Export one coder's layer (their operations alone) instead of everyone's work.
    pub only_coder: Option<String>,
    /// Export the settled layer (agreements and adjudicated decisions).
    pub adjudicated: bool,
}

/// One coder's work alone, folded from their operations in every log.
fn coder_layer(session: &Session, coder: &str) -> Result<store::StoreData, Failure> {
    let dir = session.store_file.dir();
    let tails = store::log::read_tails(dir, &Default::default()).map_err(|e| {
        Failure::Runtime(format!(
            "{}: cannot read the logs: {e}",
            store::log::log_dir(dir).display()
        ))
    })?;
    let mut layers = store::log::fold_by_coder(tails.entries);
    let names: Vec<String> = layers.keys().map(|n| sanitize(n).into_owned()).collect();
    layers.remove(coder).map(|work| work.store).ok_or_else(|| {
        Failure::Runtime(format!(
            "no operations by coder {:?} in the logs; the coders are: {}",
            sanitize(coder),
            if names.is_empty() {
                "none yet".to_string()
            } else {
                names.join(", ")
            }
        ))
    })
}

pub(super) fn export(session: &Session, request: &ExportRequest) -> Result<(), Failure> {
    use crate::export;
    if request.format.is_binary() && request.output.is_none() {
        return Err(Failure::Usage(format!(
            "{} is a zip archive, not text: write it to a file with -o FILE (e.g. -o project.{})",
            request.format.name(),
            request.format.name()
        )));
    }
    let layer = match &request.only_coder {
        Some(coder) => Some(coder_layer(session, coder)?),
        None if request.adjudicated => {
            let coders = super::team::coders_of(session, &[])?;
            let (settled, undecided) = crate::settle::settled(&coders, &session.store);
            if undecided > 0 {
                eprintln!(
                    "presscut: {undecided} disagreement(s) not settled yet are left out (`presscut agree` lists them; `presscut adjudicate` settles one)"
                );
            }
            Some(settled)
        }
        None => None,
    };
    let store = layer.as_ref().unwrap_or(&session.store);
    let articles = &session.corpus.articles;
    let mut chosen = export::select(articles, store, request.all, None, None);
    for tag in &request.tags {
        chosen.retain(|a| store.record(a.id.as_str()).is_some_and(|r| r.has_tag(tag)));
    }
    // Everyone's work (the default): say who applied what, from each coder's layer.
    let attribution = if layer.is_some() {
        None
    } else {
        match export::Attribution::from_logs(session.store_file.dir()) {
            Ok(attribution) => Some(attribution),
            Err(e) => {
                eprintln!(
                    "presscut: {}: cannot read the coders' logs ({e}); exporting without saying who applied what",
                    sanitize(&store::log::log_dir(session.store_file.dir()).display().to_string())
                );
                None
            }
        }
    };
    let write = |out: &mut Vec<u8>| {
        export::write_attributed(
            out,
            request.format,
            &chosen,
            store,
            request.options,
            attribution.as_ref(),
        )
    };
    match &request.output {
        None => {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            let kind = match request.format {
                export::Format::Json | export::Format::Jsonl => Kind::Json,
                _ => Kind::Text,
            };
            let mut out = output::stdout(kind);
            out.write_all(&bytes)?;
            out.flush()?;
        }
        Some(path) => {
            let mut protected = vec![(session.store_file.path(), "the presscut store")];
            protected.extend(export::protected_paths(
                &session.corpus,
                session.store_file.dir(),
            ));
            export::write_file(path, request.force, &protected, write)
                .map_err(|e| Failure::Runtime(sanitize(&e.to_string()).into_owned()))?;
            eprintln!(
                "presscut: exported {} article(s) as {} to {}",
                chosen.len(),
                request.format.name(),
                sanitize(&path.display().to_string())
            );
        }
    }
    // JSONL lists such passages apart ("unanchored"); the project file has no place for them.
    let lost = export::unplaced_passages(&chosen, store);
    if request.format == export::Format::Qdpx && lost > 0 {
        eprintln!(
            "presscut: {lost} coded passage(s) left out: their words are no longer in the article's text (`presscut codes` lists them)"
        );
    }
    Ok(())
}

pub(super) fn import(session: &mut Session, file: &std::path::Path) -> Result<(), Failure> {
    let report = crate::export::import(file, &session.corpus.articles, &mut session.store)
        .map_err(|e| Failure::Runtime(sanitize(&e).into_owned()))?;
    session.commit()?;
    print_import(&report, None)
}

/// `import --as CODER`: a colleague's export becomes their layer. It is merged into what that
/// coder's own operations fold to (not into everyone's work, where a tag someone else gave
/// would hide that they gave it too) and appended to their log, never to mine.
pub(super) fn import_as(
    session: &mut Session,
    file: &std::path::Path,
    coder: &str,
) -> Result<(), Failure> {
    let coder = store::clean_tag(coder)
        .filter(|c| !c.contains(['/', '\\']) && !c.starts_with('.'))
        .ok_or_else(|| Failure::Usage(format!("{:?} is not a coder name", sanitize(coder))))?;
    let dir = session.store_file.dir().to_path_buf();
    let mut layer = if session.store_file.coder() == coder || has_log(&dir, &coder) {
        coder_layer(session, &coder).unwrap_or_default()
    } else {
        store::StoreData::default()
    };
    let report = crate::export::import(file, &session.corpus.articles, &mut layer)
        .map_err(|e| Failure::Runtime(sanitize(&e).into_owned()))?;
    let changes = layer.take_journal();
    let (mut theirs, _) = store::StoreFile::open(&dir, &coder)
        .map_err(|e| Failure::Runtime(sanitize(&e.to_string()).into_owned()))?;
    theirs
        .append(&changes)
        .map_err(|e| Failure::Runtime(sanitize(&e.to_string()).into_owned()))?;
    print_import(&report, Some(&coder))
}

fn has_log(dir: &std::path::Path, coder: &str) -> bool {
    store::log::list_logs(dir)
        .is_ok_and(|logs| logs.keys().any(|name| name == &format!("{coder}.jsonl")))
}

fn print_import(report: &crate::export::ImportReport, coder: Option<&str>) -> Result<(), Failure> {
    let mut out = output::stdout(Kind::Text);
    if let Some(coder) = coder {
        writeln!(
            out,
            "as {}'s work (log/{}.jsonl):",
            sanitize(coder),
            sanitize(coder)
        )?;
    }
    writeln!(
        out,
        "{} entries: {} tag(s) added, {} note(s) added, {} marked read, {} not in this corpus (kept as orphans), {} conflict(s)",
        report.entries,
        report.tags_added,
        report.notes_added,
        report.marked_read,
        report.unmatched,
        report.conflicts.len()
    )?;
    for (id, what) in &report.conflicts {
        writeln!(out, "conflict: {id}: {what}")?;
    }
    for why in &report.rejected {
        writeln!(out, "rejected: {why}")?;
    }
    Ok(())
}
