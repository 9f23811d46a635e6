//! Within-article coreference for speakers: which entity a token belongs to, the full name
//! behind a short mention, acronyms introduced in parentheses, and he/she/it resolved to the
//! person the article last named.

use std::collections::HashMap;

use super::entities::Mention;
use super::gazetteer::Gender;
use super::tokens::Token;
use super::{Entity, Label};

pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: &'a [Token],
    pub(super) entities: &'a [Entity],
    pub(super) people: &'a [Mention],
    /// Outermost ranges of speech quotes (not scare quotes), sorted and disjoint: names inside
    /// them are not speakers.
    pub(super) inside: Vec<std::ops::Range<usize>>,
    /// Acronyms introduced in parentheses → the full name: "KCNA" → "Korean Central News Agency".
    pub(super) aliases: HashMap<String, String>,
}

impl Ctx<'_> {
    /// Whether `start..end` lies inside a speech quote (binary search: articles can hold
    /// thousands of quotes).
    pub(super) fn quoted(&self, start: usize, end: usize) -> bool {
        let i = self.inside.partition_point(|r| r.start <= start);
        i.checked_sub(1)
            .and_then(|i| self.inside.get(i))
            .is_some_and(|r| end <= r.end)
    }
}

/// The outermost of sorted, possibly nested ranges.
pub(super) fn outermost(
    ranges: impl Iterator<Item = std::ops::Range<usize>>,
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        if out.last().is_none_or(|l| r.start >= l.end) {
            out.push(r);
        }
    }
    out
}

pub(super) fn aliases(text: &str, entities: &[Entity]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for pair in entities.windows(2) {
        let (full, short) = (&pair[0], &pair[1]);
        let between = text.get(full.range.end..short.range.start);
        let after = text.get(short.range.end..).unwrap_or("");
        if between.is_some_and(|b| b.trim() == "(") && after.starts_with(')') {
            if let (Some(f), Some(s)) =
                (text.get(full.range.clone()), text.get(short.range.clone()))
            {
                if s.chars().all(|c| c.is_uppercase() || c == '.') {
                    map.entry(s.to_string()).or_insert_with(|| f.to_string());
                }
            }
        }
    }
    map
}

/// The PERSON or ORG entity covering token `k`, unless it lies inside a quote.
pub(super) fn name_at(ctx: &Ctx, k: usize) -> Option<(String, Gender, usize, usize)> {
    let t = ctx.tokens.get(k)?;
    let i = ctx.entities.partition_point(|e| e.range.end <= t.start);
    let e = ctx.entities.get(i)?;
    if e.range.start > t.start || !matches!(e.label, Label::Person | Label::Org) {
        return None;
    }
    if ctx.quoted(e.range.start, e.range.end) {
        return None;
    }
    let first = ctx.tokens.partition_point(|t| t.start < e.range.start);
    let last = ctx.tokens.partition_point(|t| t.start < e.range.end);
    if e.label == Label::Person {
        let j = ctx.people.partition_point(|m| m.start < e.range.start);
        if let Some(m) = ctx.people.get(j).filter(|m| m.start == e.range.start) {
            return Some((m.full.clone(), m.gender, first, last));
        }
    }
    let name = ctx.text.get(e.range.clone())?;
    let name = ctx
        .aliases
        .get(name)
        .map_or(name, String::as_str)
        .to_string();
    Some((name, Gender::Unknown, first, last))
}

pub(super) fn is_person(ctx: &Ctx, k: usize) -> bool {
    let Some(t) = ctx.tokens.get(k) else {
        return false;
    };
    let i = ctx.entities.partition_point(|e| e.range.end <= t.start);
    ctx.entities
        .get(i)
        .is_some_and(|e| e.label == Label::Person && e.range.start <= t.start)
}

pub(super) fn pronoun_gender(w: &str) -> Option<Gender> {
    match w.to_ascii_lowercase().as_str() {
        "he" => Some(Gender::Male),
        "she" => Some(Gender::Female),
        "it" => Some(Gender::Unknown),
        _ => None,
    }
}

/// "he"/"she" → the most recent person of that gender (or of unknown gender) named before `at`
/// outside quotes, or the most recent such speaker; "it"/"they" → the last speaker.
pub(super) fn resolve_pronoun(
    ctx: &Ctx,
    g: Gender,
    at: usize,
    speakers: &[(String, Gender, u32, usize)],
) -> Option<(String, Gender)> {
    if g == Gender::Unknown {
        return speakers.last().map(|s| (s.0.clone(), s.1));
    }
    let fits = |x: Gender| x == g || x == Gender::Unknown;
    // Only people named before `at`, most recent first, and only so far back: a pronoun refers
    // to someone named recently, and the scan must stay cheap on long articles.
    let before = ctx.people.partition_point(|m| m.start < at);
    let mention = ctx.people[..before]
        .iter()
        .rev()
        .take(200)
        .find(|m| fits(m.gender) && !ctx.quoted(m.start, m.end));
    let speaker = speakers.iter().rev().take(200).find(|s| fits(s.1));
    match (mention, speaker) {
        (Some(m), Some(s)) if s.3 > m.start => Some((s.0.clone(), s.1)),
        (Some(m), _) => Some((m.full.clone(), m.gender)),
        (None, Some(s)) => Some((s.0.clone(), s.1)),
        (None, None) => None,
    }
}
