//! The search line's little language: words (fuzzy, ANDed), `-word` (excluded), `"exact
//! phrase"`, and filters `tag:` `code:` `by:` `from:` `date:` `who:` `said:` `quote:` `is:` `has:` (each negatable with
//! `-`). Parsing never fails: what it cannot use becomes a message for the user and the rest of
//! the query still applies, because a half-typed query must keep showing results.

/// One parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
    /// What could not be used, one short sentence each (shown inline in the search line).
    pub errors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub kind: ClauseKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    /// A word, matched fuzzily against the vocabulary.
    Word(String),
    /// Text that must occur literally (ASCII case ignored).
    Phrase(String),
    Tag(String),
    /// A code of a coded passage in the article.
    Code(String),
    Author(String),
    Outlet(String),
    Date(DateRange),
    /// An entity the analysis found (a person, organisation, place…), by name.
    Who(String),
    /// A speaker of a quote in the article (as the analysis, or a person's correction, says).
    Said(String),
    /// A word inside one of the article's quotes.
    Quote(String),
    Is(State),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Unread,
    Read,
    Tagged,
    Untagged,
    Noted,
}

/// Inclusive bounds as date prefixes (`2025`, `2025-04`, `2025-04-26`); `None` is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl DateRange {
    /// Whether an article dated `date` (`YYYY-MM-DD`) falls in the range. A bound covers its
    /// whole period: `..2025-03` includes the 31st of March.
    pub fn contains(&self, date: &str) -> bool {
        let after = self.from.as_deref().is_none_or(|from| date >= from);
        let before = self.to.as_deref().is_none_or(|to| {
            let head = date.get(..to.len()).unwrap_or(date);
            head <= to
        });
        after && before
    }
}

/// Words, phrases and filters used from one query; a paste of a whole article into the search
/// line must not stall the reader while every word is matched against the vocabulary.
pub const MAX_CLAUSES: usize = 32;

/// Filter names, for messages and completion.
pub const FILTERS: &str = "tag: code: by: from: date: who: said: quote: is: has:";
const STATES: &str = "is:unread is:read is:tagged is:untagged has:note";

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        let tokens = split(input);
        let total = tokens.len();
        for (negated, token) in tokens.into_iter().take(MAX_CLAUSES) {
            match classify(&token) {
                Ok(kind) => query.clauses.push(Clause { negated, kind }),
                Err(message) => query.errors.push(message),
            }
        }
        if total > MAX_CLAUSES {
            query.errors.push(format!(
                "only the first {MAX_CLAUSES} of {total} words and filters are used"
            ));
        }
        query
    }

    /// Whether the query asks for anything at all.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// The words to match (not excluded), in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.clauses.iter().filter_map(|c| match &c.kind {
            ClauseKind::Word(w) if !c.negated => Some(w.as_str()),
            _ => None,
        })
    }
}

/// A raw token: quoted parts keep their spaces, the quotes are dropped; `-` in front negates.
#[derive(Debug, PartialEq, Eq)]
struct Token {
    text: String,
    /// Where in `text` the first quoted part begins: a `name:` before it is a filter, a colon
    /// inside it is just text.
    quoted_from: Option<usize>,
}

/// Splits on whitespace outside quotes. An unclosed quote runs to the end (the user is still
/// typing it).
fn split(input: &str) -> Vec<(bool, Token)> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        let mut negated = false;
        if first == '-' {
            chars.next();
            negated = true;
        }
        let mut text = String::new();
        let mut quoted_from = None;
        while let Some(c) = chars.next() {
            if c == '"' {
                quoted_from.get_or_insert(text.len());
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    text.push(c);
                }
            } else if c.is_whitespace() {
                break;
            } else {
                text.push(c);
            }
        }
        if text.trim().is_empty() && quoted_from.is_none() {
            continue;
        }
        out.push((negated, Token { text, quoted_from }));
    }
    out
}

fn classify(token: &Token) -> Result<ClauseKind, String> {
    let text = token.text.as_str();
    if let Some((name, value)) = text.split_once(':') {
        let is_filter_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
        let before_quote = token.quoted_from.is_none_or(|q| name.len() < q);
        if is_filter_name && before_quote {
            return filter(name, value.trim());
        }
    }
    if token.quoted_from.is_some() {
        let phrase = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if phrase.is_empty() {
            return Err("empty phrase \"\" — type words between the quotes".into());
        }
        return Ok(ClauseKind::Phrase(phrase));
    }
    Ok(ClauseKind::Word(text.trim().to_string()))
}

fn filter(name: &str, value: &str) -> Result<ClauseKind, String> {
    let lower = name.to_ascii_lowercase();
    let needs_value = |what: &str| format!("{lower}: needs {what}");
    match lower.as_str() {
        "tag" if value.is_empty() => Err(needs_value("a tag name, e.g. tag:ukraine")),
        "tag" => Ok(ClauseKind::Tag(value.to_string())),
        "code" if value.is_empty() => Err(needs_value("a code name, e.g. code:Akteur")),
        "code" => Ok(ClauseKind::Code(value.to_string())),
        "by" if value.is_empty() => Err(needs_value("an author, e.g. by:anzalone")),
        "by" => Ok(ClauseKind::Author(value.to_string())),
        "from" if value.is_empty() => Err(needs_value("an outlet, e.g. from:reuters")),
        "from" => Ok(ClauseKind::Outlet(value.to_string())),
        "who" if value.is_empty() => Err(needs_value("a name, e.g. who:\"Maria Zakharova\"")),
        "who" => Ok(ClauseKind::Who(value.to_string())),
        "said" if value.is_empty() => Err(needs_value("a name, e.g. said:zakharova")),
        "said" => Ok(ClauseKind::Said(value.to_string())),
        "quote" if value.is_empty() => Err(needs_value("a word, e.g. quote:terrorist")),
        "quote" => Ok(ClauseKind::Quote(value.to_string())),
        "date" => parse_dates(value).map(ClauseKind::Date),
        "is" | "has" => {
            let state = match (lower.as_str(), value.to_ascii_lowercase().as_str()) {
                ("is", "unread") => State::Unread,
                ("is", "read") => State::Read,
                ("is", "tagged") | ("has", "tag" | "tags") => State::Tagged,
                ("is", "untagged") => State::Untagged,
                ("has", "note" | "notes") => State::Noted,
                _ => return Err(format!("unknown {lower}:{value} — valid: {STATES}")),
            };
            Ok(ClauseKind::Is(state))
        }
        _ => Err(format!("unknown filter {name}: — valid: {FILTERS}")),
    }
}

fn parse_dates(value: &str) -> Result<DateRange, String> {
    let bad = || {
        format!(
            "bad date \"{value}\" — use YYYY, YYYY-MM or YYYY-MM-DD, or a range like 2025-01..2025-03"
        )
    };
    let (from, to) = match value.split_once("..") {
        Some((from, to)) => (from.trim(), to.trim()),
        None => (value.trim(), value.trim()),
    };
    if from.is_empty() && to.is_empty() {
        return Err(bad());
    }
    let check = |part: &str| -> Result<Option<String>, String> {
        if part.is_empty() {
            return Ok(None);
        }
        if valid_date_prefix(part) {
            Ok(Some(part.to_string()))
        } else {
            Err(bad())
        }
    };
    let range = DateRange {
        from: check(from)?,
        to: check(to)?,
    };
    if let (Some(f), Some(t)) = (&range.from, &range.to) {
        if f.as_str() > t.as_str() && !t.starts_with(f.as_str()) {
            return Err(format!("date range {value} ends before it starts"));
        }
    }
    Ok(range)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day number.
fn valid_date_prefix(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| range.contains(&n))
    };
    match parts.as_slice() {
        [y] => number(y, 4, 0..=9999),
        [y, m] => number(y, 4, 0..=9999) && number(m, 2, 1..=12),
        [y, m, d] => number(y, 4, 0..=9999) && number(m, 2, 1..=12) && number(d, 2, 1..=31),
        _ => false,
    }
}
