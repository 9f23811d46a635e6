//! News feeds as a corpus — RSS 0.9x/1.0/2.0, Atom and JSON Feed, parsed by feed-rs: every item
//! an article. The feed's title is the outlet; `content:encoded` (Atom `content`) is preferred
//! over `description` (Atom `summary`); markup becomes paragraphs with entities decoded. The same
//! parser serves `presscut fetch`, which also needs each item's stable key.

use feed_rs::model::{Entry, Feed, Text};

use super::formats::{split_authors, Draft, Problem};
use super::html::fragment_text;

/// One item of a feed, ready to load or to write out.
#[derive(Debug, Clone)]
pub struct FeedItem {
    /// What identifies the item across fetches: the feed's own id (guid), else its link, else a
    /// hash of its title and text. Never empty.
    pub key: String,
    pub draft: Draft,
}

#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
    /// Items that could not be used (1-based item numbers in the messages).
    pub problems: Vec<Problem>,
}

/// True when a JSON document is a JSON Feed (its `version` names jsonfeed.org).
pub fn is_json_feed(value: &serde_json::Value) -> bool {
    value
        .get("version")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
}

/// Parses a feed from its raw bytes (XML feeds name their own encoding in the prolog).
/// `base` resolves relative links. The error says what is wrong with it.
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<ParsedFeed, String> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        // No invented ids: feed-rs would make a random UUID for an item with neither link nor
        // title, and a random key would write the same item again on every fetch.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser.parse(bytes).map_err(|e| match e {
        feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        ) => "not an RSS, Atom or JSON feed (no <rss>, <feed> or <rdf:RDF> root)".to_string(),
        feed_rs::parser::ParseFeedError::JsonUnsupportedVersion(v) => {
            format!("JSON Feed version {v:?} is not supported (1.0 and 1.1 are)")
        }
        other => format!("not a readable feed ({other})"),
    })?;
    Ok(convert(feed))
}

/// A feed file as drafts for the loader.
pub fn parse_feed_document(bytes: &[u8]) -> (Vec<Draft>, Vec<Problem>) {
    match parse_feed(bytes, None) {
        Ok(mut feed) => {
            let undated = feed.items.iter().filter(|i| i.draft.date.is_none()).count();
            if undated > 0 {
                feed.problems.push(Problem {
                    line: None,
                    message: format!(
                        "{undated} of {} item(s) without a date (no published or updated time); listed as undated",
                        feed.items.len()
                    ),
                });
            }
            (
                feed.items.into_iter().map(|i| i.draft).collect(),
                feed.problems,
            )
        }
        Err(why) => (
            Vec::new(),
            vec![Problem {
                line: None,
                message: format!("{why}; skipped"),
            }],
        ),
    }
}

fn convert(feed: Feed) -> ParsedFeed {
    let title = feed.title.as_ref().map(plain).filter(|t| !t.is_empty());
    let mut parsed = ParsedFeed {
        title: title.clone(),
        ..ParsedFeed::default()
    };
    for (i, entry) in feed.entries.iter().enumerate() {
        match item(entry, title.as_deref()) {
            Some(item) => parsed.items.push(item),
            None => parsed.problems.push(Problem {
                line: None,
                message: format!("item {}: no title, summary or text; skipped", i + 1),
            }),
        }
    }
    parsed
}

fn item(entry: &Entry, outlet: Option<&str>) -> Option<FeedItem> {
    let title = entry.title.as_ref().map(plain).filter(|t| !t.is_empty());
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(fragment_text)
        .filter(|t| !t.is_empty());
    let summary = entry
        .summary
        .as_ref()
        .map(|s| fragment_text(&s.content))
        .filter(|t| !t.is_empty());
    // The fullest text the item has; a headline-only item reads as its headline.
    let body = content.or(summary).or_else(|| title.clone())?;
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let date = entry
        .published
        .or(entry.updated)
        .map(|d| d.date_naive().to_string());
    let authors = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref())
        .flat_map(|n| split_authors(&person_name(n)))
        .collect();
    let id = entry.id.trim();
    let key = if !id.is_empty() {
        id.to_string()
    } else if let Some(url) = &url {
        url.clone()
    } else {
        let hash = blake3::hash(format!("{}\n{body}", title.as_deref().unwrap_or("")).as_bytes());
        hash.to_hex()[..16].to_string()
    };
    Some(FeedItem {
        key,
        draft: Draft {
            title,
            date,
            authors,
            outlet: outlet.map(str::to_string),
            url,
            source_id: (!id.is_empty()).then(|| id.to_string()),
            body,
            line: None,
        },
    })
}

/// RSS `<author>` is an e-mail address with the name in parentheses: `jo@example.org (Jo Roe)`.
fn person_name(raw: &str) -> String {
    let raw = raw.trim();
    // feed-rs has already taken the address away from some of them.
    if let Some(inner) = raw.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return inner.trim().to_string();
    }
    if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
        let inside = raw[open + 1..raw.len() - 1].trim();
        if raw[..open].contains('@') && !inside.is_empty() {
            return inside.to_string();
        }
    }
    raw.to_string()
}

/// A one-line feed field (a title) as plain text on one line: markup stripped when it has any
/// (titles often carry escaped entities even when declared plain).
fn plain(text: &Text) -> String {
    fragment_text(&text.content)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_author_addresses_give_the_name() {
        assert_eq!(person_name("jo@example.org (Jo Roe)"), "Jo Roe");
        assert_eq!(person_name("Jo Roe"), "Jo Roe");
        assert_eq!(person_name(" (Jo Roe) "), "Jo Roe");
        assert_eq!(person_name("Jo (Joanna) Roe"), "Jo (Joanna) Roe");
    }

    #[test]
    fn json_feed_is_recognised_by_its_version() {
        let yes = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "items": []});
        let no = serde_json::json!({"version": "2", "text": "x"});
        assert!(is_json_feed(&yes));
        assert!(!is_json_feed(&no));
    }
}
