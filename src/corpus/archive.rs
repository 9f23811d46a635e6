//! Multi-article exports of news archives, as paragraphs (from a `.docx`), split into articles
//! the way LexisNexisTools and similar tools do. Two layouts are recognised:
//!
//! - **Nexis Uni / LexisNexis**: each article ends with an `End of Document` paragraph. Before
//!   its fields come the headline, the publication and the date (an optional cover page with
//!   the search and a list of documents goes before the first article); then `Section:`,
//!   `Length: N words`, `Byline:`, `Dateline:`…; the text follows a `Body` paragraph and stops
//!   at `Classification`, `Graphic`, `Notes` or `Load-Date:`.
//! - **Factiva**: each article ends with a `Document <id>` paragraph. It starts with the
//!   headline, an optional byline, `N words`, the date, an optional time, the source name, the
//!   source code, the language and an optional copyright line, then the text.
//!
//! Anything else is one article: the first paragraph its title when it reads like one.

use super::formats::{self, split_authors, Draft, Format, Problem};

/// Splits an archive export's paragraphs into drafts; see the module comment for the layouts.
pub fn split(paras: &[String]) -> (Vec<Draft>, Vec<Problem>) {
    let paras: Vec<&str> = paras.iter().map(|p| p.trim()).collect();
    if paras.iter().any(|p| is_nexis_end(p)) {
        split_by(&paras, is_nexis_end, nexis_article)
    } else if paras.iter().any(|p| is_factiva_end(p)) {
        split_by(&paras, is_factiva_end, factiva_article)
    } else {
        let text = paras.join("\n\n");
        formats::parse_document(Format::Text, &text)
    }
}

fn is_nexis_end(p: &str) -> bool {
    p.eq_ignore_ascii_case("End of Document")
}

/// `Document QCOUR00020250314el3e0000b`: Factiva's accession number.
fn is_factiva_end(p: &str) -> bool {
    p.strip_prefix("Document ").is_some_and(|id| {
        id.len() >= 10 && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

fn split_by(
    paras: &[&str],
    is_end: fn(&str) -> bool,
    article: fn(&[&str]) -> Result<Draft, &'static str>,
) -> (Vec<Draft>, Vec<Problem>) {
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    let blocks: Vec<&[&str]> = paras.split(|p| is_end(p)).collect();
    let last = blocks.len().saturating_sub(1);
    for (i, block) in blocks.into_iter().enumerate() {
        let content: Vec<&str> = block.iter().copied().filter(|p| !p.is_empty()).collect();
        // What follows the last end marker is the export's tail (usually nothing).
        if i == last && content.is_empty() {
            continue;
        }
        match article(&content) {
            Ok(d) => drafts.push(d),
            Err(why) => problems.push(Problem {
                line: None,
                message: format!(
                    "article {} ({}): {why}; skipped",
                    i + 1,
                    content.first().map_or("empty".to_string(), |h| quote(h))
                ),
            }),
        }
    }
    (drafts, problems)
}

fn quote(s: &str) -> String {
    let short: String = s.chars().take(60).collect();
    if short.len() < s.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// The key of a Nexis field paragraph (`Byline: Jo Roe` → `byline`), lowercased.
fn nexis_field(p: &str) -> Option<(String, &str)> {
    const FIELDS: &[&str] = &[
        "section",
        "length",
        "byline",
        "dateline",
        "highlight",
        "edition",
        "series",
        "type",
        "publication-type",
        "journal code",
        "correction-date",
        "correction",
        "subject",
        "language",
        "load-date",
    ];
    let (key, value) = p.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    FIELDS.contains(&key.as_str()).then(|| (key, value.trim()))
}

fn nexis_article(paras: &[&str]) -> Result<Draft, &'static str> {
    // Fields that come before the text (Language:, Load-Date:… come after it, and may be on a
    // cover page too).
    const HEAD: &[&str] = &[
        "section",
        "length",
        "byline",
        "dateline",
        "highlight",
        "edition",
    ];
    let first_field = paras
        .iter()
        .position(|p| {
            nexis_field(p).is_some_and(|(k, _)| HEAD.contains(&k.as_str()))
                || p.eq_ignore_ascii_case("Body")
        })
        .ok_or("no Byline:/Length:/Body fields of a Nexis document")?;
    let head = &paras[..first_field];
    // Headline, publication, date (a cover page may come before them); the date is the anchor.
    let date_at = head.iter().rposition(|p| parse_date(p).is_some());
    let (title, outlet, date) = match date_at {
        Some(d) if d >= 1 => (
            head.get(d.wrapping_sub(2)).filter(|_| d >= 2),
            head.get(d - 1),
            head.get(d).and_then(|p| parse_date(p)),
        ),
        // A date this reader cannot parse: headline, publication and date are still the last
        // three paragraphs before the fields (after a copyright line), the date kept as given.
        _ => {
            let end = head
                .iter()
                .rposition(|p| !is_copyright(p))
                .map_or(0, |i| i + 1);
            let last3 = &head[end.saturating_sub(3)..end];
            match last3 {
                [t, o, d] => (Some(t), Some(o), Some(d.to_string())),
                [t, o] => (Some(t), Some(o), None),
                [t] => (Some(t), None, None),
                _ => (None, None, None),
            }
        }
    };
    let mut draft = Draft {
        title: title.map(|t| t.to_string()),
        outlet: outlet.map(|t| t.to_string()),
        date,
        ..Draft::default()
    };
    let mut body_start = None;
    for (i, p) in paras.iter().enumerate().skip(first_field) {
        if p.eq_ignore_ascii_case("Body") {
            body_start = Some(i + 1);
            break;
        }
        if let Some((key, value)) = nexis_field(p) {
            if key == "byline" {
                draft.authors = split_authors(strip_by(value));
            }
            continue;
        }
        // Older exports have no `Body` paragraph: the text starts after the last field.
        body_start = Some(i);
        break;
    }
    let start = body_start.ok_or("no text after the fields")?;
    let rest = paras.get(start..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|p| {
            ["Classification", "Graphic", "Notes"]
                .iter()
                .any(|m| p.eq_ignore_ascii_case(m))
                || p.to_ascii_lowercase().starts_with("load-date:")
        })
        .unwrap_or(rest.len());
    draft.body = rest[..end].join("\n\n");
    if draft.body.trim().is_empty() {
        return Err("no text after the fields");
    }
    Ok(draft)
}

fn factiva_article(paras: &[&str]) -> Result<Draft, &'static str> {
    let words_at = paras
        .iter()
        .position(|p| is_word_count(p))
        .ok_or("no \"N words\" line of a Factiva document")?;
    if words_at == 0 {
        return Err("no headline before the word count");
    }
    let byline = paras[1..words_at].join(", ");
    let mut draft = Draft {
        title: Some(paras[0].to_string()),
        authors: split_authors(strip_by(&byline)),
        ..Draft::default()
    };
    let mut i = words_at + 1;
    draft.date = paras.get(i).and_then(|p| parse_date(p));
    if draft.date.is_some() {
        i += 1;
    }
    if paras.get(i).is_some_and(|p| is_time(p)) {
        i += 1;
    }
    draft.outlet = paras.get(i).map(|p| p.to_string());
    i += 1;
    if paras.get(i).is_some_and(|p| is_source_code(p)) {
        i += 1;
    }
    if paras.get(i).is_some_and(|p| is_language(p)) {
        i += 1;
    }
    if paras.get(i).is_some_and(|p| is_copyright(p)) {
        i += 1;
    }
    draft.body = paras.get(i..).unwrap_or_default().join("\n\n");
    if draft.body.trim().is_empty() {
        return Err("no text after the source lines");
    }
    Ok(draft)
}

fn is_word_count(p: &str) -> bool {
    p.strip_suffix("words")
        .or_else(|| p.strip_suffix("Words"))
        .map(str::trim)
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == ','))
}

fn is_time(p: &str) -> bool {
    let mut parts = p.split_whitespace();
    parts.next().is_some_and(|t| {
        t.split_once(':').is_some_and(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
        })
    }) && parts.count() <= 2
}

fn is_source_code(p: &str) -> bool {
    (2..=10).contains(&p.len())
        && p.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn is_language(p: &str) -> bool {
    (4..=12).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic)
}

fn is_copyright(p: &str) -> bool {
    let lower = p.to_lowercase();
    lower.starts_with('©')
        || lower.starts_with("(c)")
        || lower.starts_with("copyright")
        || lower.contains("all rights reserved")
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    match t.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => t[3..].trim_start(),
        _ => t,
    }
}

/// An archive's date line as `YYYY-MM-DD`: `March 14, 2025 Friday`, `14 March 2025`,
/// `Friday 14 March 2025 10:30 AM GMT`, `Mar. 14, 2025`, `2025-03-14` (English month names).
/// Every word must belong to a date, so a headline with a month and a number in it is not one.
pub(super) fn parse_date(p: &str) -> Option<String> {
    let p = p.trim();
    if formats::is_iso_date(p.get(..10).unwrap_or("")) {
        return Some(p[..10].to_string()).filter(|_| p.len() <= 30);
    }
    let (mut day, mut month, mut year) = (None, None, None);
    for word in p.split(|c: char| c.is_whitespace() || c == ',' || c == '.') {
        let digits = word.bytes().all(|b| b.is_ascii_digit());
        if word.is_empty() || is_weekday(word) || is_time(word) {
            continue;
        }
        if let Some(m) = month_number(word) {
            month = month.or(Some(m));
        } else if word.len() == 4 && digits {
            year = year.or(word.parse::<u32>().ok());
        } else if (1..=2).contains(&word.len()) && digits {
            day = day.or(word.parse::<u32>().ok().filter(|d| (1..=31).contains(d)));
        } else if !(word.len() <= 4 && word.bytes().all(|b| b.is_ascii_uppercase())) {
            // AM, PM and zone abbreviations (GMT, EST) are the only other words a date line has.
            return None;
        }
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => None,
    }
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const GERMAN: [&str; 8] = [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonnabend",
        "sonntag",
    ];
    let w = word.to_lowercase();
    if GERMAN.contains(&w.as_str()) {
        return true;
    }
    w.len() >= 3
        && DAYS
            .iter()
            .any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // German exports (Nexis DE) spell them so; the other names are the same or abbreviations.
    const GERMAN: [(&str, u32); 8] = [
        ("januar", 1),
        ("februar", 2),
        ("märz", 3),
        ("maerz", 3),
        ("mai", 5),
        ("juni", 6),
        ("juli", 7),
        ("oktober", 10),
    ];
    let w = word.to_lowercase();
    if w == "sept" {
        return Some(9);
    }
    if let Some((_, m)) = GERMAN.iter().find(|(name, _)| *name == w) {
        return Some(*m);
    }
    if w == "dezember" {
        return Some(12);
    }
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_date_lines() {
        assert_eq!(
            parse_date("March 14, 2025 Friday").as_deref(),
            Some("2025-03-14")
        );
        assert_eq!(parse_date("14 March 2025").as_deref(), Some("2025-03-14"));
        assert_eq!(
            parse_date("Friday 7 Nov. 2025 10:30 AM GMT").as_deref(),
            Some("2025-11-07")
        );
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("Sept 3, 2021").as_deref(), Some("2021-09-03"));
        assert_eq!(
            parse_date("14. März 2025 Freitag").as_deref(),
            Some("2025-03-14")
        );
        assert_eq!(
            parse_date("Dienstag 2. Dezember 2025").as_deref(),
            Some("2025-12-02")
        );
        assert_eq!(parse_date("The Valley Post"), None);
        assert_eq!(parse_date("May the best team win in 2025"), None);
        assert_eq!(parse_date("5 things that may change in 2025"), None);
        assert_eq!(parse_date("Copyright 2025 The Courier"), None);
    }

    #[test]
    fn a_nexis_head_with_an_unreadable_date_still_finds_headline_and_outlet() {
        let paras: Vec<String> = [
            "Documents (1)",
            "Client/Matter: -None-",
            "Headline here",
            "Le Courrier",
            "14 mars 2025 vendredi",
            "Copyright 2025 Le Courrier",
            "Length: 12 words",
            "Body",
            "Le texte.",
            "End of Document",
        ]
        .map(String::from)
        .to_vec();
        let (drafts, problems) = split(&paras);
        assert!(problems.is_empty(), "{problems:?}");
        let d = &drafts[0];
        assert_eq!(d.title.as_deref(), Some("Headline here"));
        assert_eq!(d.outlet.as_deref(), Some("Le Courrier"));
        assert_eq!(d.date.as_deref(), Some("14 mars 2025 vendredi"));
        assert_eq!(d.body, "Le texte.");
    }

    #[test]
    fn factiva_line_kinds() {
        assert!(is_factiva_end("Document QCOUR00020250314el3e0000b"));
        assert!(!is_factiva_end("Document this sentence is text"));
        assert!(is_word_count("1,204 words"));
        assert!(!is_word_count("words"));
        assert!(is_time("10:30"));
        assert!(is_time("10:30 GMT"));
        assert!(is_source_code("QCOUR"));
        assert!(!is_source_code("The Courier"));
        assert!(is_copyright(
            "(c) 2025 The Quayside Courier. All Rights Reserved."
        ));
    }
}
