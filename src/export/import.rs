//! Reading an export back into the store, so two readers can exchange their coding. Tags are
//! added (never removed), read state is kept if either side read it, and a note replaces ours
//! only where we had none; a different note is a conflict that keeps ours and is reported.

use std::path::Path;

use serde_json::Value;

use super::split_tags;
use crate::model::Article;
use crate::store::{hint_for, ArticleHint, StoreData};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub entries: usize,
    pub tags_added: usize,
    pub notes_added: usize,
    pub marked_read: usize,
    /// Entries matching no article (by id or path): kept in the store as orphans.
    pub unmatched: usize,
    /// (article id, what differed): our value was kept.
    pub conflicts: Vec<(String, String)>,
    /// Entries not taken: an id that is not an article id, or a tag, note or path over the
    /// size limits. One line each, saying which entry and why.
    pub rejected: Vec<String>,
}

/// The largest tag, note and path an import accepts (a tag is a label, not a document).
pub const MAX_TAG_CHARS: usize = 200;
pub const MAX_NOTE_BYTES: usize = 1 << 20;
pub const MAX_PATH_BYTES: usize = 4096;
/// The largest import file read (a bigger one is refused before it is read).
pub const MAX_IMPORT_BYTES: u64 = 256 << 20;

/// Article ids are 12 lowercase hex digits (a prefix of the body's BLAKE3 hash).
pub fn is_article_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Why an entry cannot be imported, if it cannot.
fn rejection(entry: &Incoming) -> Option<String> {
    if let Some(id) = entry.id.as_deref().filter(|id| !is_article_id(id)) {
        let shown: String = id.chars().take(40).collect();
        return Some(format!("id {shown:?} is not an article id (12 hex digits)"));
    }
    if let Some(tag) = entry
        .tags
        .iter()
        .find(|t| t.chars().count() > MAX_TAG_CHARS)
    {
        return Some(format!(
            "a tag of {} characters (at most {MAX_TAG_CHARS})",
            tag.chars().count()
        ));
    }
    if entry.note.len() > MAX_NOTE_BYTES {
        return Some(format!(
            "a note of {} bytes (at most {MAX_NOTE_BYTES})",
            entry.note.len()
        ));
    }
    if entry
        .path
        .as_ref()
        .is_some_and(|p| p.len() > MAX_PATH_BYTES)
    {
        return Some(format!("a path over {MAX_PATH_BYTES} bytes"));
    }
    None
}

struct Incoming {
    id: Option<String>,
    path: Option<String>,
    tags: Vec<String>,
    note: String,
    read: bool,
}

fn from_json(v: &Value) -> Option<Incoming> {
    let obj = v.as_object()?;
    let meta = obj.get("meta").and_then(Value::as_object);
    let text = |k: &str| {
        obj.get(k)
            .or_else(|| meta.and_then(|m| m.get(k)))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let tags = match obj.get("tags") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => split_tags(s),
        _ => Vec::new(),
    };
    Some(Incoming {
        id: text("id"),
        path: text("path"),
        tags,
        note: text("note").unwrap_or_default(),
        read: obj.get("read").and_then(Value::as_bool).unwrap_or(false),
    })
}

fn parse(path: &Path, text: &str) -> Result<Vec<Incoming>, String> {
    let name = path.display();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}');
    if ext == "csv" {
        let mut reader = ::csv::Reader::from_reader(trimmed.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| format!("{name}: not a CSV export ({e})"))?
            .clone();
        let col = |n: &str| headers.iter().position(|h| h == n);
        let (id, p, tags, tag, note) =
            (col("id"), col("path"), col("tags"), col("tag"), col("note"));
        if id.is_none() && p.is_none() {
            return Err(format!(
                "{name}: no id or path column; is this a presscut CSV export?"
            ));
        }
        let mut out = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format!("{name}:{}: {e}", i + 2))?;
            // Cells written with the formula guard (a leading ') come back as they were.
            let get = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(|cell| super::formats::unguard_cell(cell).to_string())
            };
            let mut all_tags = get(tags).map(|t| split_tags(&t)).unwrap_or_default();
            all_tags.extend(get(tag).filter(|t| !t.is_empty()));
            out.push(Incoming {
                id: get(id),
                path: get(p),
                tags: all_tags,
                note: get(note).unwrap_or_default(),
                read: false,
            });
        }
        return Ok(out);
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Object(doc)) if doc.get("articles").is_some_and(Value::is_array) => Ok(doc
            ["articles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(from_json)
            .collect()),
        Ok(Value::Array(items)) => Ok(items.iter().filter_map(from_json).collect()),
        _ => trimmed
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str::<Value>(l)
                    .ok()
                    .and_then(|v| from_json(&v))
                    .ok_or_else(|| {
                        format!(
                            "{name}:{}: not a presscut export line (json, jsonl or csv)",
                            i + 1
                        )
                    })
            })
            .collect(),
    }
}

/// Merges the export at `path` into `store`, matching entries to `articles` by id, else path.
pub fn import(
    path: &Path,
    articles: &[Article],
    store: &mut StoreData,
) -> Result<ImportReport, String> {
    let bytes = crate::store::read_regular_file(path, MAX_IMPORT_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))?;
    let incoming = parse(path, &text)?;
    let mut report = ImportReport {
        entries: incoming.len(),
        ..ImportReport::default()
    };
    for (n, entry) in incoming.into_iter().enumerate() {
        if let Some(why) = rejection(&entry) {
            report
                .rejected
                .push(format!("entry {}: {why}; skipped", n + 1));
            continue;
        }
        let article = entry
            .id
            .as_deref()
            .and_then(|id| articles.iter().find(|a| a.id.as_str() == id))
            .or_else(|| {
                entry
                    .path
                    .as_deref()
                    .and_then(|p| articles.iter().find(|a| a.origin.to_string() == p))
            });
        let (id, hint) = match (article, &entry.id) {
            (Some(a), _) => (a.id.to_string(), hint_for(a)),
            (None, Some(id)) => {
                report.unmatched += 1;
                (
                    id.clone(),
                    ArticleHint {
                        path: entry.path.clone(),
                        title: None,
                        sketch: None,
                    },
                )
            }
            (None, None) => {
                report.unmatched += 1;
                continue;
            }
        };
        for tag in &entry.tags {
            if store.set_tag(&id, &hint, tag, true) {
                report.tags_added += 1;
            }
        }
        let ours = store.note_of(&id).to_string();
        if !entry.note.is_empty() && ours != entry.note {
            if ours.is_empty() {
                store.set_note(&id, &hint, &entry.note);
                report.notes_added += 1;
            } else {
                report
                    .conflicts
                    .push((id.clone(), "note differs; kept yours".into()));
            }
        }
        if entry.read && store.set_read(&id, &hint, true) {
            report.marked_read += 1;
        }
    }
    Ok(report)
}
