//! DATE and QUANTITY: expressions built around numbers, weekdays and month names.
//!
//! They run before names so that their capitalised words ("Friday", "May 2015", "TNT" in
//! "300 grams of TNT") are claimed as parts of a date or amount and not offered to the name
//! rules. A span grows left over hedges ("more than", "last", "nearly") and right over units
//! and their substance, because that is what a reader highlights as one amount.

use super::tokens::{Kind, Token};
use super::units::*;
use super::{Entity, Label};

fn is(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Finds DATE and QUANTITY spans, sorted and non-overlapping.
pub fn find(text: &str, tokens: &[Token]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let w = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    let mut i = 0;
    while i < tokens.len() {
        if let Some((start, end, label)) = match_at(text, tokens, i) {
            let start = extend_left(tokens, &w, start, label);
            if let (Some(a), Some(b)) = (tokens.get(start), tokens.get(end - 1)) {
                if out.last().is_none_or(|l| l.range.end <= a.start) {
                    out.push(Entity {
                        range: a.start..b.end,
                        label,
                        source: super::Source::Machine,
                    });
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Same sentence and nothing but spaces between two tokens.
fn adjacent(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    match (tokens.get(a), tokens.get(b)) {
        (Some(x), Some(y)) => {
            x.sentence == y.sentence
                && text
                    .get(x.end..y.start)
                    .is_some_and(|g| g.chars().all(|c| c == ' ' || c == '\u{a0}'))
        }
        _ => false,
    }
}

fn is_day_number(s: &str) -> bool {
    let d = s
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>();
    s.len() <= 4 && d.is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

fn is_number(t: &Token, s: &str) -> bool {
    t.kind == Kind::Number && s.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Tries to match a DATE or QUANTITY beginning at token `i`; returns its token range.
fn match_at(text: &str, tokens: &[Token], i: usize) -> Option<(usize, usize, Label)> {
    let t = tokens.get(i)?;
    let s = t.text(text);
    let w = |k: usize| tokens.get(k).map_or("", |t| t.text(text));
    let adj = |a: usize, b: usize| adjacent(text, tokens, a, b);
    let adj_comma = |a: usize| w(a + 1) == "," && adjacent_any(text, tokens, a, a + 1);
    if is(WEEKDAYS, s) {
        let mut end = i + 1;
        if adj(i, end) && is(PARTS_OF_DAY, w(end)) {
            end += 1;
        }
        return Some((i, end, Label::Date));
    }
    if is(MONTHS, s) {
        let mut end = i + 1;
        if adj(i, end) && is_day_number(w(end)) {
            end += 1;
            if adj_comma(end - 1) && is_year(w(end + 1)) {
                end += 2;
            } else if adj(end - 1, end) && is_year(w(end)) {
                end += 1;
            }
        } else if adj(i, end) && is_year(w(end)) {
            end += 1;
        } else if s == "May" || s == "March" {
            // Also a verb and a name: only a date with a number.
            return None;
        }
        // "21 July": a day number before the month.
        let start = if i > 0 && is_day_number(w(i - 1)) && adj(i - 1, i) {
            i - 1
        } else {
            i
        };
        return Some((start, end, Label::Date));
    }
    if DEICTIC.contains(&s.to_ascii_lowercase().as_str()) {
        return Some((i, i + 1, Label::Date));
    }
    let lower = s.to_ascii_lowercase();
    if is(RELATIVE, &lower) && adj(i, i + 1) {
        let next = w(i + 1);
        if is(TIME_UNITS, next) || is(WEEKDAYS, next) || is(MONTHS, next) {
            return Some((i, i + 2, Label::Date));
        }
    }
    if t.kind == Kind::Punct && is(CURRENCY_SIGNS, s) {
        if let Some(n) = tokens.get(i + 1).filter(|n| n.start == t.end) {
            if is_number(n, w(i + 1)) {
                let mut end = i + 2;
                if adj(end - 1, end) && is(MULTIPLIERS, w(end)) {
                    end += 1;
                }
                return Some((i, end, Label::Quantity));
            }
        }
        return None;
    }
    let numeric = is_number(t, s);
    let word_number = t.kind == Kind::Word && is(NUMBER_WORDS, &lower) && lower != "a";
    if !numeric && !word_number {
        if lower == "a" && adj(i, i + 1) && is(TIME_UNITS, w(i + 1)) && w(i + 2) == "ago" {
            return Some((i, i + 3, Label::Date));
        }
        return None;
    }
    if numeric {
        if s.contains(':') && s.split(':').all(|p| !p.is_empty()) {
            let mut end = i + 1;
            if adj(i, end) && is(CLOCK, w(end)) {
                end += 1;
            }
            return Some((i, end, Label::Date));
        }
        if is_iso_date(s) {
            return Some((i, i + 1, Label::Date));
        }
        if let Some((_, unit)) = s.split_once('-') {
            if is(TIME_UNITS, unit) {
                return Some((i, i + 1, Label::Date));
            }
        }
        if s.len() == 5 && s.ends_with('s') && is_year(&s[..4]) {
            return Some((i, i + 1, Label::Date));
        }
    }
    // A run of number words and digits: "two", "1.5 million", "twenty-five".
    let mut end = i + 1;
    while adj(end - 1, end) {
        let n = w(end).to_ascii_lowercase();
        let more = is(MULTIPLIERS, &n)
            || (is(NUMBER_WORDS, &n) && n != "a" && n != "few" && n != "several");
        if !more {
            break;
        }
        end += 1;
    }
    let unit = w(end);
    if !adj(end - 1, end) && unit != "%" {
        return (numeric && is_year(s) && !s.contains(',')).then_some((i, i + 1, Label::Date));
    }
    if is(TIME_UNITS, unit) {
        let mut e = end + 1;
        if adj(end, e) && w(e) == "ago" {
            e += 1;
        }
        return Some((i, e, Label::Date));
    }
    if unit == "%"
        && tokens
            .get(end)
            .is_some_and(|u| u.start <= tokens[end - 1].end + 1)
    {
        return Some((i, end + 1, Label::Quantity));
    }
    if unit == "per" && w(end + 1) == "cent" {
        return Some((i, end + 2, Label::Quantity));
    }
    if is(MASS_UNITS, unit) || is(OTHER_UNITS, unit) {
        let mut e = end + 1;
        if is(MASS_UNITS, unit) && adj(end, e) && w(e) == "of" && adj(e, e + 1) {
            let substance = tokens.get(e + 1);
            if substance.is_some_and(|t| t.kind == Kind::Word) && !is_function_word(w(e + 1)) {
                e += 2;
            }
        }
        return Some((i, e, Label::Quantity));
    }
    (numeric && is_year(s) && end == i + 1).then_some((i, i + 1, Label::Date))
}

fn adjacent_any(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    match (tokens.get(a), tokens.get(b)) {
        (Some(x), Some(y)) => x.sentence == y.sentence && x.end == y.start && !text.is_empty(),
        _ => false,
    }
}

fn is_function_word(s: &str) -> bool {
    matches!(
        s,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "that"
            | "these"
            | "those"
    )
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4)
}

/// Grows a span left over the hedges that belong to it: "more than 300 grams", "the last five
/// months", "nearly two decades".
fn extend_left<'a>(
    tokens: &[Token],
    w: &dyn Fn(usize) -> &'a str,
    mut start: usize,
    label: Label,
) -> usize {
    let first = w(start).to_ascii_lowercase();
    if is(RELATIVE, &first) || is(WEEKDAYS, w(start)) || is(MONTHS, w(start)) {
        return start;
    }
    while start > 0 {
        let prev = w(start - 1).to_ascii_lowercase();
        let same = tokens
            .get(start - 1)
            .zip(tokens.get(start))
            .is_some_and(|(a, b)| a.sentence == b.sentence && a.kind == Kind::Word);
        let ok = same
            && match prev.as_str() {
                "than" => matches!(
                    w(start.saturating_sub(2)).to_ascii_lowercase().as_str(),
                    "more" | "less" | "fewer"
                ),
                "more" | "less" | "fewer" => false,
                "least" => w(start.saturating_sub(2)).eq_ignore_ascii_case("at"),
                "to" => w(start.saturating_sub(2)).eq_ignore_ascii_case("up"),
                "last" | "past" | "next" | "first" | "final" => label == Label::Date,
                "the" | "another" => false,
                p => is(HEDGES, p),
            };
        if !ok {
            break;
        }
        start -= 1;
        if matches!(prev.as_str(), "than" | "least" | "to") {
            start -= 1;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn spans(text: &str) -> Vec<(String, Label)> {
        find(text, &tokenize(text))
            .into_iter()
            .map(|e| (text[e.range].to_string(), e.label))
            .collect()
    }

    #[test]
    fn dates() {
        let got = spans(
            "On Friday, July 21, 2017 and Thursday night, for the last five months, \
             nearly two decades, at 6:00am and 15:11 GMT since 2008 a 20-minute talk, 2025-04-26.",
        );
        let texts: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Friday",
                "July 21, 2017",
                "Thursday night",
                "last five months",
                "nearly two decades",
                "6:00am",
                "15:11 GMT",
                "2008",
                "20-minute",
                "2025-04-26"
            ]
        );
        assert!(got.iter().all(|(_, l)| *l == Label::Date));
    }

    #[test]
    fn quantities() {
        let got = spans(
            "It had more than 300 grams of TNT, cost $4.5 million and rose 12% or 3 per cent.",
        );
        let texts: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "more than 300 grams of TNT",
                "$4.5 million",
                "12%",
                "3 per cent"
            ]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_date() {
        assert!(spans("They May go. May 5 was quiet.")
            .iter()
            .all(|(s, _)| s == "May 5"));
    }
}
