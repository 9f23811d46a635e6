//! CSV exports of news databases and media-monitoring tools as a corpus: one article per row,
//! columns recognised by their usual names (Media Cloud's `title`, `publish_date`,
//! `media_name`, `url`; GDELT- and scraper-style `text`, `body`, `content`, `full_text`…).
//! A layout without a text column gets one warning that lists the columns found and the names
//! accepted, so the user can rename a header instead of guessing.

use super::formats::{tidy_date, Draft, Problem};

/// Accepted header names per field, compared trimmed and case-folded.
const TITLE: &[&str] = &["title", "headline"];
const TEXT: &[&str] = &[
    "text",
    "body",
    "content",
    "full_text",
    "fulltext",
    "article",
];
const DATE: &[&str] = &[
    "date",
    "publish_date",
    "published",
    "published_at",
    "pubdate",
];
const AUTHOR: &[&str] = &["author", "authors", "byline"];
const OUTLET: &[&str] = &["source", "outlet", "media_name", "publisher", "site"];
const URL: &[&str] = &["url", "link"];
const ID: &[&str] = &["id", "stories_id", "guid"];

/// Parses a decoded CSV file with a header row.
pub fn parse_csv(text: &str) -> (Vec<Draft>, Vec<Problem>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            return (
                Vec::new(),
                vec![Problem {
                    line: Some(1),
                    message: format!("not a readable CSV header ({e})"),
                }],
            )
        }
    };
    let column = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(text_column) = column(TEXT) else {
        return (
            Vec::new(),
            vec![Problem {
                line: Some(1),
                message: format!(
                    "no text column among {:?}; name the article text one of {} (and optionally {}, {}, {}, {}, {})",
                    headers,
                    TEXT.join("/"),
                    TITLE.join("/"),
                    DATE.join("/"),
                    AUTHOR.join("/"),
                    OUTLET.join("/"),
                    URL.join("/")
                ),
            }],
        );
    };
    let (title, date, author, outlet, url, id) = (
        column(TITLE),
        column(DATE),
        column(AUTHOR),
        column(OUTLET),
        column(URL),
        column(ID),
    );
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    for (n, record) in reader.records().enumerate() {
        // The header is line 1; records are counted by the reader from there.
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(n + 2, |p| p.line() as usize);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem {
                    line: Some(line),
                    message: format!("not a readable CSV row ({e}); skipped"),
                });
                continue;
            }
        };
        let cell = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        let Some(body) = cell(Some(text_column)) else {
            problems.push(Problem {
                line: Some(line),
                message: "empty text; skipped".into(),
            });
            continue;
        };
        drafts.push(Draft {
            title: cell(title),
            date: cell(date).map(|d| tidy_date(&d)),
            authors: cell(author)
                .map(|a| {
                    a.split([';', '|'])
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            outlet: cell(outlet),
            url: cell(url),
            source_id: cell(id),
            body,
            line: Some(line),
        });
    }
    (drafts, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_column_names_are_recognised_and_bad_rows_are_reported() {
        let csv = "Title,Publish_Date,media_name,url,full_text,Byline\n\
                   Brücke eröffnet,2025-04-26T10:00:00Z,Kölner Blatt,https://e.example/1,\"Die Stadt, endlich: \"\"fertig\"\".\nZweiter Absatz.\",Åsa Berg; Jan Novák\n\
                   Ohne Text,2025-04-27,,,,\n";
        let (drafts, problems) = parse_csv(csv);
        assert_eq!(drafts.len(), 1);
        let d = &drafts[0];
        assert_eq!(d.title.as_deref(), Some("Brücke eröffnet"));
        assert_eq!(d.date.as_deref(), Some("2025-04-26"));
        assert_eq!(d.outlet.as_deref(), Some("Kölner Blatt"));
        assert_eq!(d.authors, ["Åsa Berg", "Jan Novák"]);
        assert_eq!(d.body, "Die Stadt, endlich: \"fertig\".\nZweiter Absatz.");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(4), "{problems:?}");
        assert!(problems[0].message.contains("empty text"));
    }

    #[test]
    fn a_layout_without_a_text_column_says_which_names_are_accepted() {
        let (drafts, problems) = parse_csv("headline,when\nA,2025\n");
        assert!(drafts.is_empty());
        assert!(
            problems[0].message.contains("[\"headline\", \"when\"]"),
            "{problems:?}"
        );
        assert!(problems[0].message.contains("text/body/content/full_text"));
    }
}
