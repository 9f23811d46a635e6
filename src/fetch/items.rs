//! A fetched item as a file the loader reads: one JSON object per item (the loader's `.json`
//! format keeps every field), named stably from the feed's host and the item's id or link, so
//! the same item is never written twice.

use std::path::Path;

use serde_json::{json, Value};

use crate::corpus::Draft;

/// The file stem of an item: `<host>-<16 hex>`, the hash of the item's key (a permalink alone,
/// so one story in two feeds is one file; any other id together with the feed's address, since
/// ids like "42" repeat across feeds).
pub fn stem(feed_url: &str, key: &str) -> String {
    let host = super::http::host_of(feed_url)
        .map(|h| {
            h.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .unwrap_or_else(|| "feed".to_string());
    let hashed = if key.starts_with("https://") || key.starts_with("http://") {
        key.to_string()
    } else {
        format!("{feed_url}\n{key}")
    };
    let hash = blake3::hash(hashed.as_bytes()).to_hex();
    format!("{host}-{}", &hash[..16])
}

/// The JSON an item is written as (the fields the loader reads, plus where it came from).
pub fn to_json(draft: &Draft, feed_url: &str, fetched: &str) -> Value {
    let mut object = json!({
        "title": draft.title,
        "date": draft.date,
        "authors": draft.authors,
        "outlet": draft.outlet,
        "url": draft.url,
        "id": draft.source_id,
        "text": draft.body,
        "feed": feed_url,
        "fetched": fetched,
    });
    if let Value::Object(map) = &mut object {
        map.retain(|_, v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()));
    }
    object
}

/// Writes an item as `DIR/<stem>.json`, atomically. `Ok(false)` when the file is already there.
pub fn write(dir: &Path, stem: &str, json: &Value) -> std::io::Result<bool> {
    let path = dir.join(format!("{stem}.json"));
    if path.exists() {
        return Ok(false);
    }
    let mut bytes = serde_json::to_vec_pretty(json).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    super::state::write_atomically(&path, &bytes)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_stable_and_permalinks_ignore_the_feed() {
        let a = stem("https://g.example/rss", "https://g.example/story/1");
        assert_eq!(
            a,
            stem("https://g.example/rss", "https://g.example/story/1")
        );
        assert!(a.starts_with("g.example-") && a.len() == "g.example-".len() + 16);
        let hash = |s: &str| s[s.len() - 16..].to_string();
        let elsewhere = stem("https://other.example/feed", "https://g.example/story/1");
        assert_eq!(hash(&a), hash(&elsewhere));
        let (one, two) = (
            stem("https://a.example/rss", "42"),
            stem("https://b.example/rss", "42"),
        );
        assert_ne!(hash(&one), hash(&two));
        assert_eq!(
            stem("http://127.0.0.1:8080/f", "x").split('-').next(),
            Some("127.0.0.1_8080")
        );
    }

    #[test]
    fn the_json_loads_back_with_the_same_fields() {
        let draft = Draft {
            title: Some("T".into()),
            date: Some("2025-01-02".into()),
            authors: vec!["A B".into()],
            outlet: Some("O".into()),
            url: Some("https://o.example/t".into()),
            source_id: Some("g-1".into()),
            body: "One.\n\nTwo.".into(),
            line: None,
        };
        let value = to_json(&draft, "https://o.example/rss", "2025-01-02T00:00:00Z");
        let text = serde_json::to_string(&value).unwrap();
        let (articles, warnings) = crate::corpus::parse_bytes(
            Path::new("x.json"),
            crate::corpus::Format::Json,
            text.as_bytes(),
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let a = &articles[0];
        assert_eq!(
            (a.title.as_str(), a.date.as_deref(), a.outlet.as_deref()),
            ("T", Some("2025-01-02"), Some("O"))
        );
        assert_eq!(a.authors, ["A B"]);
        assert_eq!(a.url.as_deref(), Some("https://o.example/t"));
        assert_eq!(a.source_id.as_deref(), Some("g-1"));
        assert_eq!(a.body, "One.\n\nTwo.");
    }
}
