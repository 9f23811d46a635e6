//! `presscut codebook`: the codebook as a whole — list, define, rename or merge, delete, and
//! exchange with other QDA tools as REFI-QDA QDC or JSON. Split from `coding.rs` (passages)
//! because the codebook is the team's instrument and changes on its own schedule.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::args::CodebookAction;
use super::output::{self, Kind};
use super::{Failure, Session};
use crate::export::qdc::{self, CodeDef};
use crate::store::{self, CodeRecord};
use crate::text::sanitize;

/// A code as the JSON codebook has it (import and export).
#[derive(Serialize, Deserialize)]
struct CodebookEntry {
    name: String,
    #[serde(flatten)]
    record: CodeRecord,
    #[serde(default, skip_deserializing)]
    passages: usize,
}

impl CodebookEntry {
    fn def(&self) -> CodeDef {
        CodeDef {
            name: self.name.clone(),
            parent: self.record.parent.clone(),
            definition: self.record.definition.clone(),
            color: self.record.color.clone(),
            guid: self.record.guid.clone(),
        }
    }
}

fn entries(session: &Session) -> Vec<CodebookEntry> {
    session
        .store
        .code_counts()
        .into_iter()
        .map(|(name, passages)| CodebookEntry {
            record: session.store.codes.get(&name).cloned().unwrap_or_default(),
            name,
            passages,
        })
        .collect()
}

pub(super) fn codebook(
    session: &mut Session,
    action: Option<CodebookAction>,
    json: bool,
) -> Result<(), Failure> {
    match action {
        None => {
            let entries = entries(session);
            if json {
                let mut out = output::stdout(Kind::Json);
                crate::json_out::to_writer(&mut out, &entries)?;
                writeln!(out)?;
                return Ok(());
            }
            let mut out = output::stdout(Kind::Text);
            for e in &entries {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    sanitize(&e.name),
                    e.passages,
                    sanitize(e.record.parent.as_deref().unwrap_or("")),
                    sanitize(e.record.definition.as_deref().unwrap_or(""))
                )?;
            }
            Ok(())
        }
        Some(CodebookAction::Define {
            name,
            parent,
            definition,
            color,
            key,
        }) => {
            if let Some(color) = color.as_deref().filter(|c| !is_hex_colour(c)) {
                return Err(Failure::Usage(format!(
                    "--color {color:?}: expected #rrggbb, e.g. #d9534f"
                )));
            }
            let record = CodeRecord {
                parent,
                definition,
                color,
                key,
                guid: None,
            };
            if store::clean_tag(&name).is_none() {
                return Err(Failure::Usage(format!(
                    "{name:?} is not a code name (it is empty)"
                )));
            }
            session.store.define_code(&name, &record);
            session.commit()?;
            writeln!(
                output::stdout(Kind::Text),
                "code {}: defined",
                sanitize(&name)
            )?;
            Ok(())
        }
        Some(CodebookAction::Rename { from, to }) => rename(session, &from, &to),
        Some(CodebookAction::Delete { code }) => delete(session, &code),
        Some(CodebookAction::Import { file }) => import(session, &file),
        Some(CodebookAction::Export {
            format,
            output,
            force,
        }) => export(session, &format, output.as_deref(), force),
    }
}

fn no_such_code(session: &Session, code: &str) -> Failure {
    Failure::Runtime(format!(
        "no code {:?} in the codebook; `presscut codebook` lists them ({} code(s))",
        sanitize(code),
        session.store.codes.len()
    ))
}

fn usage_line(usage: store::CodeUsage) -> String {
    format!(
        "{} passage(s) in {} article(s) by {} coder(s)",
        usage.passages, usage.articles, usage.coders
    )
}

fn rename(session: &mut Session, from: &str, to: &str) -> Result<(), Failure> {
    let Some(from) = session.store.existing_code(from).map(str::to_string) else {
        return Err(no_such_code(session, from));
    };
    let Some(to) = store::clean_tag(to) else {
        return Err(Failure::Usage(format!(
            "{to:?} is not a code name (it is empty)"
        )));
    };
    let merging = session
        .store
        .existing_code(&to)
        .filter(|t| !store::same_tag(t, &from))
        .map(str::to_string);
    let usage = session.store.code_usage(&from);
    session.store.rename_code(&from, &to);
    session.commit()?;
    let verb = if merging.is_some() {
        "merged into"
    } else {
        "renamed to"
    };
    writeln!(
        output::stdout(Kind::Text),
        "code {} {verb} {}: {}",
        sanitize(&from),
        sanitize(merging.as_deref().unwrap_or(&to)),
        usage_line(usage)
    )?;
    Ok(())
}

fn delete(session: &mut Session, code: &str) -> Result<(), Failure> {
    let Some(code) = session.store.existing_code(code).map(str::to_string) else {
        return Err(no_such_code(session, code));
    };
    let usage = session.store.code_usage(&code);
    session.store.delete_code(&code);
    session.commit()?;
    writeln!(
        output::stdout(Kind::Text),
        "code {} deleted with its {}",
        sanitize(&code),
        usage_line(usage)
    )?;
    Ok(())
}

fn import(session: &mut Session, file: &Path) -> Result<(), Failure> {
    let shown = sanitize(&file.display().to_string()).into_owned();
    let bytes = store::read_regular_file(file, 64 << 20)
        .map_err(|e| Failure::Runtime(format!("{shown}: cannot read the codebook: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::Runtime(format!(
            "{shown}: not UTF-8 text; a codebook is .qdc (XML) or .json"
        ))
    })?;
    let defs: Vec<CodeDef> = if text.trim_start().starts_with('<') {
        qdc::read_qdc(&text).map_err(|e| Failure::Runtime(format!("{shown}: {}", sanitize(&e))))?
    } else {
        let entries: Vec<CodebookEntry> = serde_json::from_str(&text).map_err(|e| {
            Failure::Runtime(format!(
                "{shown}:{}: not a codebook (a JSON array of {{\"name\", \"parent\", \"definition\", \"color\"}}): {e}",
                e.line()
            ))
        })?;
        entries.iter().map(CodebookEntry::def).collect()
    };
    let (mut added, mut merged) = (0, 0);
    for def in &defs {
        let existed = session.store.existing_code(&def.name).is_some();
        let record = CodeRecord {
            parent: def.parent.clone(),
            definition: def.definition.clone(),
            color: def.color.clone().filter(|c| is_hex_colour(c)),
            key: None,
            guid: def.guid.clone(),
        };
        if session.store.define_code(&def.name, &record) || existed {
            if existed {
                merged += 1;
            } else {
                added += 1;
            }
        }
    }
    session.commit()?;
    writeln!(
        output::stdout(Kind::Text),
        "{shown}: {} code(s): {added} added, {merged} already in the codebook (merged: the file's definition, parent and colour win)",
        defs.len()
    )?;
    Ok(())
}

fn export(
    session: &Session,
    format: &str,
    path: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let entries = entries(session);
    let write = |out: &mut Vec<u8>| -> std::io::Result<()> {
        if format == "json" {
            crate::json_out::to_writer(&mut *out, &entries)?;
            out.push(b'\n');
        } else {
            let defs: Vec<CodeDef> = entries.iter().map(CodebookEntry::def).collect();
            out.extend_from_slice(qdc::write_qdc(&defs, "presscut").as_bytes());
        }
        Ok(())
    };
    match path {
        None => {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            let kind = if format == "json" {
                Kind::Json
            } else {
                Kind::Text
            };
            output::stdout(kind).write_all(&bytes)?;
        }
        Some(path) => {
            let data_dir = session.store_file.dir();
            let mut protected = vec![(session.store_file.path(), "the presscut store")];
            protected.extend(crate::export::protected_paths(&session.corpus, data_dir));
            crate::export::write_file(path, force, &protected, write)
                .map_err(|e| Failure::Runtime(sanitize(&e.to_string()).into_owned()))?;
            eprintln!(
                "presscut: wrote the codebook ({} code(s), {format}) to {}",
                entries.len(),
                sanitize(&path.display().to_string())
            );
        }
    }
    Ok(())
}

fn is_hex_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
}
