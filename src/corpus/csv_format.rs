//! CSV exports of news databases and media-monitoring tools as a corpus: one article per row,
//! columns recognised by their usual names (Media Cloud's `title`, `publish_date`,
//! `media_name`, `url`; GDELT- and scraper-style `text`, `body`, `content`, `full_text`…).
//! A layout without a text column gets one warning that lists the columns found and the names
//! accepted, so the user can rename a header instead of guessing.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

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
    parse_csv_reader(text.as_bytes(), u64::MAX, sniff_delimiter(text.as_bytes()))
}

/// The delimiter of a CSV file from its first line: `,`, or `;` (spreadsheets in locales with
/// a decimal comma) or a tab when the header has more of those, counted outside quotes.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (1..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    [b',', b';', b'\t'][best]
}

/// Reads CSV record by record from `input` (a file: never decoded whole), so an export larger
/// than the per-file limit still loads; `max_record_bytes` bounds one record instead. Fields
/// that are not UTF-8 are read as Latin-1, counted in one note.
pub fn parse_csv_reader(
    input: impl Read,
    max_record_bytes: u64,
    delimiter: u8,
) -> (Vec<Draft>, Vec<Problem>) {
    let guard = RecordGuard {
        inner: input,
        since_record: Rc::new(Cell::new(0)),
        max: max_record_bytes,
    };
    let since_record = Rc::clone(&guard.since_record);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(guard);
    let headers: Vec<String> = match reader.byte_headers() {
        Ok(h) => h.iter().map(|c| field(c).0.trim().to_lowercase()).collect(),
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
    let mut latin1_rows = 0usize;
    let mut record = csv::ByteRecord::new();
    loop {
        since_record.set(0);
        // The header is line 1; records are counted by the reader from there.
        let line = reader.position().line() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let over = e.is_io_error() && since_record.get() > max_record_bytes;
                problems.push(Problem {
                    line: Some(line),
                    message: if over {
                        format!(
                            "a row over the {:.1} MB limit; rest of file skipped (raise it with --max-file-mb)",
                            max_record_bytes as f64 / 1_048_576.0
                        )
                    } else {
                        format!("not a readable CSV row ({e}); skipped")
                    },
                });
                if e.is_io_error() {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line() as usize);
        let mut latin1 = false;
        let mut cell = |i: Option<usize>| {
            let (text, was_latin1) = field(i.and_then(|i| record.get(i))?);
            latin1 |= was_latin1;
            Some(text.trim().to_string()).filter(|c| !c.is_empty())
        };
        let Some(body) = cell(Some(text_column)) else {
            problems.push(Problem {
                line: Some(line),
                message: "empty text; skipped".into(),
            });
            continue;
        };
        let draft = Draft {
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
        };
        latin1_rows += usize::from(latin1);
        drafts.push(draft);
    }
    if latin1_rows > 0 {
        problems.push(Problem {
            line: None,
            message: format!(
                "{latin1_rows} row(s) not valid UTF-8; read as Latin-1 (save it as UTF-8 to silence this)"
            ),
        });
    }
    (drafts, problems)
}

/// A field's text: UTF-8 (a leading BOM dropped), else every byte as a Latin-1 code point.
fn field(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (
            Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
            true,
        ),
    }
}

/// Fails the read once one record has taken more than `max` bytes, so a file without line
/// breaks (or with an unclosed quote) cannot make one field as big as the file.
struct RecordGuard<R> {
    inner: R,
    since_record: Rc<Cell<u64>>,
    max: u64,
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.since_record.get() > self.max {
            return Err(std::io::Error::other("row over the size limit"));
        }
        let n = self.inner.read(buf)?;
        self.since_record.set(self.since_record.get() + n as u64);
        Ok(n)
    }
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
    fn semicolons_and_tabs_are_recognised_from_the_header() {
        assert_eq!(sniff_delimiter(b"title;text;note\n\"a,b\";c"), b';');
        assert_eq!(sniff_delimiter(b"\"x;y\",text\n"), b',');
        assert_eq!(sniff_delimiter(b"title\ttext\n"), b'\t');
        assert_eq!(sniff_delimiter(b"text\n"), b',');
        let (drafts, problems) =
            parse_csv("title;text;date\nBr\u{fc}cke;\"Sie ist fertig; endlich.\";2025-04-26\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(drafts[0].body, "Sie ist fertig; endlich.");
        assert_eq!(drafts[0].title.as_deref(), Some("Br\u{fc}cke"));
        assert_eq!(drafts[0].date.as_deref(), Some("2025-04-26"));
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
