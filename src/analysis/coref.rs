//! Within-article coreference for speakers: which entity a token belongs to, the full name
//! behind a short mention, acronyms introduced in parentheses, and he/she or "the senator"
//! resolved to the subject of the attribution's sentence or of the one before it.
//!
//! The subject, not the last person named: in "Obama spoke to Putin on Friday. “…,” he said"
//! the reader takes "he" for Obama, and a rule that takes the last man named prints Putin's
//! name under Obama's words. When no subject fits, the last person named is still offered, but
//! marked as a guess.

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
    // An organisation that spoke is not who a later "he" or "she" is: "He pointed to
    // Chrysler's bankruptcy, but stated that…" is not Chrysler speaking.
    let gender = match e.label {
        Label::Org => Gender::Neuter,
        _ => Gender::Unknown,
    };
    Some((name, gender, first, last))
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

/// Quotes attributed so far: (speaker, gender, paragraph, byte end of the quote).
pub(super) type Speakers = [(String, Gender, u32, usize)];

fn fits(want: Gender, have: Gender) -> bool {
    want == Gender::Unknown || have == Gender::Unknown || want == have
}

/// Words after which a name is an object, not the subject of its sentence.
fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "to" | "with"
            | "about"
            | "of"
            | "for"
            | "against"
            | "by"
            | "from"
            | "on"
            | "at"
            | "in"
            | "than"
            | "like"
            | "toward"
            | "towards"
            | "before"
            | "after"
            | "under"
            | "over"
            | "between"
            | "among"
            | "and"
            | "or"
            | "told"
            | "met"
            | "asked"
    )
}

/// The subject of the sentence holding the attribution, or of the sentence before it: the first
/// person of a fitting gender named outside quotes there, who is not an object (`to Clinton`) or a
/// possessor (`Clinton’s aide`). `qa` is the quote's first token, `upto` the pronoun or
/// description (or `qa`): nobody introduced after them counts. With no such person, the
/// speaker of a quote in that stretch (`“…,” he said. “…,” he added.`).
pub(super) fn subject(
    ctx: &Ctx,
    g: Gender,
    qa: usize,
    upto: usize,
    speakers: &Speakers,
) -> Option<(String, Gender)> {
    let tokens = ctx.tokens;
    let upto = upto.min(qa).min(tokens.len());
    let sentence_of = |k: usize| tokens.get(k).map(|t| t.sentence);
    let sentence_start = |k: usize| {
        let s = tokens[k].sentence;
        tokens[..k].partition_point(|t| t.sentence < s)
    };
    // Region A: the attribution's own sentence, before the quote; region B: the sentence
    // before that, skipping quoted words (a previous quote's own sentences).
    let a_start = match tokens.get(qa.min(tokens.len().saturating_sub(1))) {
        Some(_) if qa < tokens.len() => sentence_start(qa),
        _ => upto,
    };
    let mut p = a_start;
    let floor = a_start.saturating_sub(400);
    while p > floor {
        let t = &tokens[p - 1];
        if !ctx.quoted(t.start, t.end) {
            break;
        }
        p -= 1;
    }
    let mut regions = vec![(a_start, upto)];
    if p > floor && p > 0 {
        let b_sentence = sentence_of(p - 1);
        let b_start = sentence_start(p - 1).max(floor);
        if b_sentence.is_some() {
            regions.push((b_start, a_start));
        }
    }
    for (from, to) in regions {
        if from >= to {
            continue;
        }
        let (Some(ft), Some(tt)) = (tokens.get(from), tokens.get(to - 1)) else {
            continue;
        };
        let (lo, hi) = (ft.start, tt.end);
        let first = ctx.people.partition_point(|m| m.start < lo);
        for m in ctx.people[first..].iter().take_while(|m| m.end <= hi) {
            if !fits(g, m.gender) || ctx.quoted(m.start, m.end) {
                continue;
            }
            let k = tokens.partition_point(|t| t.start < m.start);
            let prev = k.checked_sub(1).and_then(|j| tokens.get(j));
            if prev.is_some_and(|t| is_preposition(t.text(ctx.text))) {
                continue;
            }
            let last = tokens.partition_point(|t| t.start < m.end);
            let possessor = tokens
                .get(last)
                .is_some_and(|t| t.kind == super::tokens::Kind::Possessive);
            if possessor {
                continue;
            }
            return Some((m.full.clone(), m.gender));
        }
        if let Some(s) = speakers.last() {
            if s.3 > lo && s.3 <= hi.max(lo) + 4 && fits(g, s.1) {
                return Some((s.0.clone(), s.1));
            }
        }
    }
    None
}

/// "he"/"she" → the most recent person of that gender (or of unknown gender) named before `at`
/// outside quotes, or the most recent such speaker; "it" → the last speaker. Only a fallback
/// when `subject` finds nobody: it is a guess, the way a careless reader would take it.
pub(super) fn last_named(
    ctx: &Ctx,
    g: Gender,
    at: usize,
    speakers: &Speakers,
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
