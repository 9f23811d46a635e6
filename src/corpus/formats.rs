//! One parser per corpus format (DESIGN.md §2). Each turns decoded text into [`Draft`]s plus
//! per-line problems; identity, normalisation and duplicate handling live in the caller so that
//! every format gets them the same way.

use serde_json::Value;

/// An article as a format found it, before normalisation and id assignment.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: Option<String>,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub source_id: Option<String>,
    pub body: String,
    /// 1-based line for formats with one article per line.
    pub line: Option<usize>,
}

/// A problem local to part of a file (a JSONL line, an array element).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: the seed header format when the first line starts with `date YYYY-MM-DD`.
    Text,
    Markdown,
    Json,
    JsonLines,
    /// `.csv` with a header row: one article per row (see `csv_format.rs`).
    Csv,
    /// `.html`, `.htm`: a saved page, its main text one article (see `html.rs`).
    Html,
    /// `.xml`, `.rss`, `.atom`: an RSS/Atom feed, every item an article (see `feed.rs`). A
    /// `.json` file that is a JSON Feed is read as one too.
    Feed,
    /// `.docx`: a news archive's multi-article export, or one article (see `archive.rs`).
    Docx,
}

impl Format {
    /// The format for a file extension, or `None` for files a folder walk should pass over.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "xml" | "rss" | "atom" => Some(Format::Feed),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Parses a whole decoded file of a single-document format.
pub fn parse_document(format: Format, text: &str) -> (Vec<Draft>, Vec<Problem>) {
    match format {
        Format::Text => (vec![parse_text(text)], Vec::new()),
        Format::Markdown => (vec![parse_markdown(text)], Vec::new()),
        Format::Json => parse_json_document(text),
        Format::Csv => super::csv_format::parse_csv(text),
        Format::Html => super::html::parse_html(text),
        Format::Feed => super::feed::parse_feed_document(text.as_bytes()),
        // Loading hands a docx over as bytes (see `read.rs`); this is for completeness.
        Format::Docx => super::docx::parse_docx(text.as_bytes(), super::DEFAULT_MAX_FILE_BYTES),
        Format::JsonLines => {
            let mut drafts = Vec::new();
            let mut problems = Vec::new();
            for (i, line) in text.lines().enumerate() {
                match parse_json_line(line, i + 1) {
                    Ok(Some(draft)) => drafts.push(draft),
                    Ok(None) => {}
                    Err(problem) => problems.push(problem),
                }
            }
            (drafts, problems)
        }
    }
}

/// Parses one JSONL line (`line_no` is 1-based). Blank lines are `Ok(None)`.
pub fn parse_json_line(line: &str, line_no: usize) -> Result<Option<Draft>, Problem> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let problem = |message: String| Problem {
        line: Some(line_no),
        message,
    };
    let value: Value =
        serde_json::from_str(line).map_err(|e| problem(format!("not valid JSON ({e})")))?;
    let mut draft = draft_from_json(&value).map_err(problem)?;
    draft.line = Some(line_no);
    Ok(Some(draft))
}

fn parse_json_document(text: &str) -> (Vec<Draft>, Vec<Problem>) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let problem = Problem {
                line: Some(e.line()),
                message: format!("not valid JSON ({e})"),
            };
            return (Vec::new(), vec![problem]);
        }
    };
    if super::feed::is_json_feed(&value) {
        return super::feed::parse_feed_document(text.as_bytes());
    }
    match value {
        Value::Array(items) => {
            let mut drafts = Vec::new();
            let mut problems = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match draft_from_json(item) {
                    Ok(d) => drafts.push(d),
                    Err(message) => problems.push(Problem {
                        line: None,
                        message: format!("array element {}: {message}", i + 1),
                    }),
                }
            }
            (drafts, problems)
        }
        other => match draft_from_json(&other) {
            Ok(d) => (vec![d], Vec::new()),
            Err(message) => (
                Vec::new(),
                vec![Problem {
                    line: None,
                    message,
                }],
            ),
        },
    }
}

fn draft_from_json(value: &Value) -> Result<Draft, String> {
    let Value::Object(map) = value else {
        return Err("expected a JSON object with a \"text\" field".into());
    };
    let first_string = |keys: &[&str]| keys.iter().find_map(|k| map.get(*k).and_then(json_text));
    let body = first_string(&["text", "body", "content"])
        .ok_or("no text: expected a \"text\", \"body\" or \"content\" field")?;
    let authors = ["author", "authors", "byline"]
        .iter()
        .find_map(|k| map.get(*k).map(json_names))
        .unwrap_or_default();
    Ok(Draft {
        title: first_string(&["title", "headline"]),
        date: first_string(&["date", "published", "published_at", "pubdate"])
            .map(|d| tidy_date(&d)),
        authors,
        outlet: first_string(&["source", "outlet", "publisher", "site"]),
        url: first_string(&["url", "link"]),
        source_id: first_string(&["id"]),
        body,
        line: None,
    })
}

/// A field as text: strings as they are, numbers printed, objects by their `name`.
fn json_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("name").and_then(json_text),
        _ => None,
    }
}

fn json_names(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(json_text).collect(),
        Value::String(s) => split_authors(s),
        other => json_text(other).into_iter().collect(),
    }
}

/// "A and B" and "A, B and C" are several authors; DESIGN.md §2.
pub(super) fn split_authors(byline: &str) -> Vec<String> {
    byline
        .split(" and ")
        .flat_map(|part| part.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Keeps the `YYYY-MM-DD` of an ISO timestamp; other date spellings are kept as given.
pub(super) fn tidy_date(raw: &str) -> String {
    let raw = raw.trim();
    if raw.len() >= 10 && raw.is_char_boundary(10) && is_iso_date(&raw[..10]) {
        raw[..10].to_string()
    } else {
        raw.to_string()
    }
}

pub(super) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Seed format: ` date 2025-04-26 (Byline, Outlet) First paragraph…` then the body; otherwise a
/// plain text whose short first line, when it reads like a headline, is the title.
fn parse_text(text: &str) -> Draft {
    // Scraped text keeps the page's `&amp;`s; a plain-text file means the characters.
    let text = super::char_refs::decode(text);
    let trimmed = text.trim_start_matches(['\u{feff}', '\n', '\r', ' ', '\t']);
    if let Some(draft) = parse_seed_header(trimmed) {
        return draft;
    }
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let first = first.trim();
    let headline = first.chars().count() <= 150
        && !rest.trim().is_empty()
        && !first.ends_with(['.', ',', ';', ':']);
    if headline {
        Draft {
            title: Some(first.to_string()),
            body: rest.to_string(),
            ..Draft::default()
        }
    } else {
        Draft {
            body: trimmed.to_string(),
            ..Draft::default()
        }
    }
}

fn parse_seed_header(text: &str) -> Option<Draft> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let after = first.trim_start().strip_prefix("date ")?.trim_start();
    let date = after.get(..10).filter(|d| is_iso_date(d))?;
    let mut lead = after[10..].trim_start();
    let mut draft = Draft {
        date: Some(date.to_string()),
        ..Draft::default()
    };
    if let Some(inside_and_after) = lead.strip_prefix('(') {
        if let Some(close) = matching_paren(inside_and_after) {
            let inside = &inside_and_after[..close];
            let mut items: Vec<&str> = top_level_items(inside)
                .into_iter()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            draft.outlet = items.pop().map(str::to_string);
            draft.authors = split_authors(&items.join(", "));
            lead = inside_and_after[close + 1..].trim_start();
        }
    }
    draft.body = if lead.is_empty() {
        rest.to_string()
    } else {
        format!("{lead}\n{rest}")
    };
    Some(draft)
}

/// The byte index of the `)` that closes an already opened `(`, counting nested pairs:
/// `Michael Symons, Asbury (N.J.) Park Press, USA Today)`.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Comma-separated items, ignoring commas inside nested parentheses.
fn top_level_items(s: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&s[start..]);
    items
}

/// Markdown: optional `---` front matter (`title/date/author/source/url`), first `# ` heading as
/// the title when the front matter has none.
fn parse_markdown(text: &str) -> Draft {
    let text = text.trim_start_matches('\u{feff}');
    let mut draft = Draft::default();
    let mut body = text;
    let normalised_start = text.replace("\r\n", "\n");
    if normalised_start.starts_with("---\n") {
        let lines: Vec<&str> = text.lines().collect();
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim(), "---" | "..."))
        {
            for line in &lines[1..=end] {
                apply_front_matter(&mut draft, line);
            }
            body = skip_lines(text, end + 2);
        }
    }
    if draft.title.is_none() {
        let mut offset = 0;
        for line in body.split_inclusive('\n') {
            let content = line.trim();
            if content.is_empty() {
                offset += line.len();
                continue;
            }
            if let Some(heading) = content.strip_prefix("# ") {
                draft.title = Some(heading.trim().to_string());
                body = &body[offset + line.len()..];
            }
            break;
        }
    }
    draft.body = body.to_string();
    draft
}

/// The text after the first `count` lines, whatever their line terminators.
fn skip_lines(text: &str, count: usize) -> &str {
    let mut rest = text;
    for _ in 0..count {
        match rest.find('\n') {
            Some(i) => rest = &rest[i + 1..],
            None => return "",
        }
    }
    rest
}

fn apply_front_matter(draft: &mut Draft, line: &str) {
    let Some((key, value)) = line.split_once(':') else {
        return;
    };
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if value.is_empty() {
        return;
    }
    match key.trim().to_ascii_lowercase().as_str() {
        "title" => draft.title = Some(value.to_string()),
        "date" | "published" => draft.date = Some(tidy_date(value)),
        "author" | "authors" | "byline" => {
            draft.authors = split_authors(value.trim_matches(['[', ']']))
        }
        "source" | "outlet" | "publisher" => draft.outlet = Some(value.to_string()),
        "url" | "link" => draft.url = Some(value.to_string()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_header_gives_date_byline_outlet_and_keeps_the_lead() {
        let d = parse_text(
            " date 2025-04-26 (Kyle Anzalone, Antiwar.com) A commander was killed.\n\nMore.",
        );
        assert_eq!(d.date.as_deref(), Some("2025-04-26"));
        assert_eq!(d.authors, vec!["Kyle Anzalone"]);
        assert_eq!(d.outlet.as_deref(), Some("Antiwar.com"));
        assert_eq!(d.body, "A commander was killed.\n\nMore.");
        assert_eq!(d.title, None);
    }

    #[test]
    fn seed_header_with_nested_parentheses() {
        let d = parse_text(
            "date 2016-03-01 (Ann Roe, Lakeside (Minn.) Gazette, (Wire) Daily News) The vote.\n\nMore.",
        );
        assert_eq!(d.outlet.as_deref(), Some("(Wire) Daily News"));
        assert_eq!(d.authors, ["Ann Roe", "Lakeside (Minn.) Gazette"]);
        assert_eq!(d.body, "The vote.\n\nMore.");
    }

    #[test]
    fn seed_header_with_outlet_only_and_two_authors() {
        let d = parse_text("date 2017-07-18 (Wikinews) Text.");
        assert_eq!(
            (d.authors.len(), d.outlet.as_deref()),
            (0, Some("Wikinews"))
        );
        let d = parse_text("date 2020-01-02 (Ana Núñez and 王伟, El País) Texto.");
        assert_eq!(d.authors, vec!["Ana Núñez", "王伟"]);
        assert_eq!(d.outlet.as_deref(), Some("El País"));
    }

    #[test]
    fn plain_text_uses_a_headline_first_line_only() {
        let d = parse_text("Storm hits coast\n\nThe storm arrived.");
        assert_eq!(d.title.as_deref(), Some("Storm hits coast"));
        let d = parse_text("The storm arrived on Monday. It was bad.");
        assert_eq!(d.title, None);
        assert_eq!(d.body, "The storm arrived on Monday. It was bad.");
    }

    #[test]
    fn markdown_front_matter_and_heading() {
        let md = "---\r\ntitle: \"Ünïcode title\"\r\ndate: 2024-03-01T10:00:00Z\r\nauthor: A, B\r\nsource: Zeit\r\n---\r\nBody text.\r\n";
        let d = parse_markdown(md);
        assert_eq!(d.title.as_deref(), Some("Ünïcode title"));
        assert_eq!(d.date.as_deref(), Some("2024-03-01"));
        assert_eq!(d.authors, vec!["A", "B"]);
        assert_eq!(d.outlet.as_deref(), Some("Zeit"));
        assert_eq!(d.body.trim(), "Body text.");
        let d = parse_markdown("\n# Heading here\n\nPara one.\n");
        assert_eq!(d.title.as_deref(), Some("Heading here"));
        assert_eq!(d.body.trim(), "Para one.");
    }

    #[test]
    fn json_object_array_and_field_synonyms() {
        let (d, p) = parse_document(
            Format::Json,
            r#"[{"headline":"H","content":"C","published":"2021-05-06T00:00:00Z","authors":[{"name":"X"}],"publisher":{"name":"P"},"id":7}, 3]"#,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].title.as_deref(), Some("H"));
        assert_eq!(d[0].date.as_deref(), Some("2021-05-06"));
        assert_eq!(d[0].authors, vec!["X"]);
        assert_eq!(d[0].outlet.as_deref(), Some("P"));
        assert_eq!(d[0].source_id.as_deref(), Some("7"));
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("array element 2"));
    }

    #[test]
    fn jsonl_reports_broken_lines_with_numbers() {
        let (d, p) = parse_document(
            Format::JsonLines,
            "{\"text\":\"a\"}\n{broken\n\n{\"title\":\"no text\"}\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            p.iter().map(|p| p.line).collect::<Vec<_>>(),
            vec![Some(2), Some(4)]
        );
    }

    #[test]
    fn deeply_nested_json_is_a_problem_not_a_crash() {
        let deep = "[".repeat(100_000);
        let (d, p) = parse_document(Format::Json, &deep);
        assert!(d.is_empty());
        assert_eq!(p.len(), 1);
    }
}
