//! PERSON, ORG, PLACE, GROUP and EVENT: capitalised phrases, split and classified.
//!
//! English marks names with capitals, but also sentence starts, headlines, titles and words
//! like "Ministry". So a phrase is first cut where titles and known names end ("Russian Foreign
//! Ministry Spokesperson Maria Zakharova" → ORG, title, PERSON), then classified by the
//! strongest evidence available: a gazetteer entry for the whole phrase, a head word ("…
//! Ministry", "… Hall", "… Festival"), a title before it, a given name at its start, a speech
//! verb after it. Phrases with no evidence wait for a second pass over the article, where a
//! name seen earlier with evidence ("Yaroslav Moskalik") labels its later short forms
//! ("Moskalik"), which is also how news text introduces people.

use std::collections::HashMap;

use super::gazetteer::{self, Gender};
use super::tokens::{Kind, Token};
use super::{Entity, Label, Quote, QuoteKind};

/// A person named in the article, with the fullest form of the name the article gives.
#[derive(Clone, Debug)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub full: String,
    pub gender: Gender,
}

pub struct Names {
    pub entities: Vec<Entity>,
    /// Every PERSON mention in text order, resolved to its full name.
    pub people: Vec<Mention>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    Strong,
    /// Only guesses; a label from elsewhere in the article overrides it.
    Weak,
    /// Probably not a name at all; kept only if the article names it elsewhere.
    Doubtful,
}

#[derive(Clone, Debug)]
struct Chunk {
    a: usize,
    b: usize,
    label: Option<Label>,
    evidence: Evidence,
}

const CONNECTORS: &[&str] = &[
    "of", "de", "del", "der", "da", "di", "du", "van", "von", "bin", "ibn", "al", "la", "le", "&",
];

fn word<'a>(text: &'a str, tokens: &[Token], i: usize) -> &'a str {
    tokens.get(i).map_or("", |t| t.text(text))
}

fn joined(text: &str, tokens: &[Token], a: usize, b: usize) -> String {
    let mut s = String::new();
    for i in a..b {
        if i > a {
            s.push(' ');
        }
        s.push_str(word(text, tokens, i));
    }
    s
}

fn only_spaces_between(text: &str, tokens: &[Token], i: usize) -> bool {
    match (tokens.get(i), tokens.get(i + 1)) {
        (Some(x), Some(y)) => {
            x.sentence == y.sentence
                && text
                    .get(x.end..y.start)
                    .is_some_and(|g| !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}'))
        }
        _ => false,
    }
}

fn is_name_word(t: &Token, claimed: bool) -> bool {
    t.kind == Kind::Word && t.cap && !claimed
}

/// Arabic family names with a lowercase article: "al-Amr", "el-Sisi".
fn is_particle_name(w: &str) -> bool {
    ["al-", "el-", "ad-", "as-", "ash-", "ibn-", "bin-"]
        .iter()
        .any(|p| {
            w.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
        })
}

/// Finds named entities (not dates or quantities), sorted and non-overlapping.
pub fn find(text: &str, tokens: &[Token], numeric: &[Entity], quotes: &[Quote]) -> Names {
    let claimed = claimed_tokens(tokens, numeric);
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_word(&tokens[i], claimed[i]) {
            i += 1;
            continue;
        }
        let a = i;
        let mut b = i + 1;
        loop {
            if !only_spaces_between(text, tokens, b - 1) {
                break;
            }
            let Some(t) = tokens.get(b) else { break };
            // A capitalised function word inside a run ("… Regina Ip In the …") is a sentence
            // start that lost its full stop (captions, lists).
            let w = t.text(text);
            let function_word = matches!(
                w,
                "In" | "On"
                    | "At"
                    | "The"
                    | "A"
                    | "An"
                    | "With"
                    | "But"
                    | "And"
                    | "As"
                    | "By"
                    | "From"
                    | "After"
                    | "Before"
                    | "During"
                    | "When"
                    | "While"
                    | "If"
                    | "It"
            );
            if function_word {
                break;
            }
            if is_name_word(t, claimed[b]) || (t.kind == Kind::Word && is_particle_name(w)) {
                b += 1;
                continue;
            }
            // "of", "of the", "bin": only when a capitalised word follows.
            let w = t.text(text);
            let mut k = b;
            if CONNECTORS.contains(&w)
                || (w == "for" && gazetteer::is_org_word(word(text, tokens, b - 1)))
            {
                k += 1;
                if word(text, tokens, k) == "the" && only_spaces_between(text, tokens, k - 1) {
                    k += 1;
                }
                let next_ok = tokens.get(k).is_some_and(|t| is_name_word(t, claimed[k]));
                if next_ok && only_spaces_between(text, tokens, k - 1) {
                    b = k + 1;
                    continue;
                }
            }
            break;
        }
        split(text, tokens, a, b, false, &mut chunks);
        i = b;
    }
    resolve(text, tokens, chunks, quotes)
}

fn claimed_tokens(tokens: &[Token], numeric: &[Entity]) -> Vec<bool> {
    let mut claimed = vec![false; tokens.len()];
    let mut k = 0;
    for (i, t) in tokens.iter().enumerate() {
        while k < numeric.len() && numeric[k].range.end <= t.start {
            k += 1;
        }
        if let Some(e) = numeric.get(k) {
            claimed[i] = e.range.start < t.end && t.start < e.range.end;
        }
    }
    claimed
}

/// Cuts a capitalised phrase into entities, pushing them onto `out`.
fn split(
    text: &str,
    tokens: &[Token],
    mut a: usize,
    b: usize,
    after_title: bool,
    out: &mut Vec<Chunk>,
) {
    // Capitals that only mark a sentence start are not names.
    while a < b
        && tokens[a].forced_cap
        && gazetteer::is_common(word(text, tokens, a))
        && !known_starts_at(text, tokens, a, b)
    {
        a += 1;
    }
    while a < b
        && (CONNECTORS.contains(&word(text, tokens, a))
            || matches!(word(text, tokens, a), "the" | "The" | "for"))
        && !known_starts_at(text, tokens, a, b)
    {
        a += 1;
    }
    let mut b = b;
    while b > a
        && (CONNECTORS.contains(&word(text, tokens, b - 1))
            || matches!(word(text, tokens, b - 1), "the" | "for"))
    {
        b -= 1;
    }
    // "… Image:" — a caption label glued to the name before it.
    if b > a + 1
        && tokens.get(b).is_some_and(|t| t.text(text) == ":")
        && gazetteer::is_common(word(text, tokens, b - 1))
    {
        b -= 1;
    }
    if a >= b {
        return;
    }
    let push =
        |out: &mut Vec<Chunk>, a: usize, b: usize, label: Option<Label>, evidence: Evidence| {
            out.push(Chunk {
                a,
                b,
                label,
                evidence,
            });
        };
    let whole = joined(text, tokens, a, b);
    if let Some(label) = gazetteer::known(&whole) {
        return push(out, a, b, Some(label), Evidence::Strong);
    }
    // Titles: "… Spokesperson Maria Zakharova", "Lt. Gen. Yaroslav Moskalik".
    for k in a..b {
        for len in (1..=3).rev() {
            if k + len > b || !gazetteer::is_title(&joined(text, tokens, k, k + len)) {
                continue;
            }
            let after = k + len;
            if after < b && gazetteer::is_org_word(word(text, tokens, after)) {
                continue; // "General Staff", "Justice Department"
            }
            if k > a {
                split(text, tokens, a, k, false, out);
            }
            let mut rest = after;
            while rest < b && CONNECTORS.contains(&word(text, tokens, rest)) {
                rest += 1;
            }
            if rest < b {
                split(text, tokens, rest, b, rest == after, out);
            }
            return;
        }
    }
    let last = word(text, tokens, b - 1);
    let first = word(text, tokens, a);
    let has_of = (a..b).any(|k| word(text, tokens, k) == "of");
    let forced = tokens[a].forced_cap;
    // "Pro-Beijing DAB", "Pan-democrat Gary Fan": a stance, not part of the name.
    if b - a >= 2
        && ["Pro-", "Anti-", "Pan-", "Ex-", "Non-"]
            .iter()
            .any(|p| first.starts_with(p))
    {
        return split(text, tokens, a + 1, b, after_title, out);
    }
    // "Foundation for the Visual Arts", "Centre for Control of …": an organisation and its remit.
    if (a..b.saturating_sub(1)).any(|k| {
        gazetteer::is_org_word(word(text, tokens, k))
            && matches!(word(text, tokens, k + 1), "for" | "of")
    }) && !after_title
    {
        return push(out, a, b, Some(Label::Org), Evidence::Strong);
    }
    // "Yaroslav Moskalik of the General Staff": a person, then where they work.
    if has_of && (after_title || gazetteer::given_name(first).is_some()) {
        if let Some(k) = (a..b).find(|&k| word(text, tokens, k) == "of") {
            split(text, tokens, a, k, after_title, out);
            split(text, tokens, k + 1, b, false, out);
            return;
        }
    }
    if gazetteer::is_org_word(last) && b - a >= 2 {
        return push(out, a, b, Some(Label::Org), Evidence::Strong);
    }
    if has_of && gazetteer::is_org_word(first) {
        return push(out, a, b, Some(Label::Org), Evidence::Strong);
    }
    let given_first = gazetteer::given_name(first).is_some() && b - a <= 3;
    if b - a >= 2 && gazetteer::is_place_word(last) && !given_first {
        return push(out, a, b, Some(Label::Place), Evidence::Strong);
    }
    if b - a >= 2 && gazetteer::is_event_word(last) {
        return push(out, a, b, Some(Label::Event), Evidence::Strong);
    }
    if has_of {
        // "Moskalik of Russia" is two names; "Conflicts of Interest" is one.
        if let Some(k) = (a..b).find(|&k| word(text, tokens, k) == "of") {
            let mut r = k + 1;
            if word(text, tokens, r) == "the" {
                r += 1;
            }
            let acronym = r + 1 == b && tokens[r].all_caps;
            // "Wong Pik-wan of the Democratic Party": the right side is an organisation.
            let org_right = b - r >= 2 && gazetteer::is_org_word(word(text, tokens, b - 1));
            if acronym || org_right || gazetteer::known(&joined(text, tokens, r, b)).is_some() {
                split(text, tokens, a, k, after_title, out);
                split(text, tokens, r, b, false, out);
                return;
            }
        }
        return push(out, a, b, None, Evidence::Weak);
    }
    // A known name at the start: "Russian Armed …", "United States Hamdullah Mohib".
    let max = (*gazetteer::KNOWN_MAX_WORDS).min(b - a - 1);
    for len in (1..=max).rev() {
        if let Some(label) = gazetteer::known(&joined(text, tokens, a, a + len)) {
            if len == 1 && label == Label::Place && gazetteer::given_name(first).is_some() {
                break; // "Maria Zakharova", not the town of Maria
            }
            if label == Label::Place && b - a - len == 1 && is_compass(word(text, tokens, b - 1)) {
                return push(out, a, b, Some(Label::Place), Evidence::Strong); // "Kowloon West"
            }
            push(out, a, a + len, Some(label), Evidence::Strong);
            return split(text, tokens, a + len, b, after_title, out);
        }
    }
    // An organisation, then a person: "… Islamic Relations Alia Salem" (a given name starts
    // the person), "the Refugee Council Enver Solomon" (an organisation word ends the rest).
    let ordinary = |k: usize| {
        let w = word(text, tokens, k);
        gazetteer::is_vocabulary(w) || gazetteer::is_org_word(w) || gazetteer::known(w).is_some()
    };
    let org_then_name = (a + 1..b.saturating_sub(1)).rev().find(|&k| {
        gazetteer::is_org_word(word(text, tokens, k - 1))
            || gazetteer::is_vocabulary(word(text, tokens, k - 1))
    });
    let person_like = |k: usize| {
        gazetteer::given_name(word(text, tokens, k)).is_some()
            || gazetteer::is_surname(word(text, tokens, b - 1))
    };
    if let Some(k) = org_then_name
        .filter(|&k| (2..=3).contains(&(b - k)) && !(k..b).any(ordinary) && person_like(k))
    {
        if !tokens[k..b].iter().any(|t| t.all_caps) {
            split(text, tokens, a, k, false, out);
            return push(out, k, b, Some(Label::Person), Evidence::Strong);
        }
    }
    if let Some(k) = (a + 1..b).find(|&k| {
        gazetteer::given_name(word(text, tokens, k)).is_some() && b - k >= 2 && b - k <= 3
    }) {
        if !tokens[k..b].iter().any(|t| t.all_caps) && (a..k).any(ordinary) {
            split(text, tokens, a, k, false, out);
            return push(out, k, b, Some(Label::Person), Evidence::Strong);
        }
    }
    // …and at the end: "Kowloon West" is not, but "Taikoo Hong Kong" is.
    for len in (1..=max).rev() {
        if let Some(label @ (Label::Place | Label::Org)) =
            gazetteer::known(&joined(text, tokens, b - len, b))
        {
            if b - len > a && gazetteer::given_name(first).is_some() {
                push(out, a, b - len, Some(Label::Person), Evidence::Strong);
                return push(out, b - len, b, Some(label), Evidence::Strong);
            }
        }
    }
    if after_title {
        return push_person(text, tokens, a, b, out);
    }
    let given = gazetteer::given_name(first).is_some();
    let initial = (a..b).any(|k| {
        let w = word(text, tokens, k);
        w.len() == 2 && w.ends_with('.') && k + 1 < b
    });
    if b - a >= 2 && (given || initial) && !tokens[a..b].iter().any(|t| t.all_caps) {
        return push_person(text, tokens, a, b, out);
    }
    if b - a == 1 {
        let w = first;
        if w.chars().count() < 2 || gazetteer::is_common(w) || w.contains(['\'', '\u{2019}']) {
            return; // "I", "The", "I’m"
        }
        if tokens[a].all_caps && w.chars().count() <= 6 {
            let roman = w.chars().all(|c| "IVXLCDM".contains(c));
            if roman || w.chars().any(|c| c.is_ascii_digit()) {
                return; // "XVII", "IE6", "STS-1": numerals and model names
            }
            return push(out, a, b, Some(Label::Org), Evidence::Weak);
        }
        // "the Church", "the Army": an organisation named by its head word alone.
        let after_the = a > 0 && word(text, tokens, a - 1) == "the";
        if gazetteer::is_org_word(w) && after_the && !forced {
            return push(out, a, b, Some(Label::Org), Evidence::Weak);
        }
        // Adjectives and nouns of English morphology are not names; "-ese"/"-ian" are peoples.
        let lower = w.to_lowercase();
        if ["ese", "ian", "ians"].iter().any(|e| lower.ends_with(e)) && !forced {
            return push(out, a, b, Some(Label::Group), Evidence::Weak);
        }
        if ["ing", "al", "ive", "ous", "ism", "ist", "ists", "ed"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            return push(out, a, b, None, Evidence::Doubtful);
        }
        if w.chars().any(|c| c.is_ascii_digit()) {
            return; // "A350", "Cloud9": model numbers and handles
        }
        if let Some((_, tail)) = w.rsplit_once('-') {
            if tail.starts_with(char::is_lowercase) {
                return; // "T-shirt", "Scientology-related"
            }
        }
        if gazetteer::given_name(w).is_some() && !forced {
            return push(out, a, b, Some(Label::Person), Evidence::Weak);
        }
    }
    push(out, a, b, None, Evidence::Weak);
}

/// Pushes a person, cutting off what precedes the name proper: "Refugee Council Enver Solomon",
/// "Education Stefania Giannini" (after "Minister of").
fn push_person(text: &str, tokens: &[Token], a: usize, b: usize, out: &mut Vec<Chunk>) {
    let cut = (a..b.saturating_sub(1)).rev().find(|&k| {
        let w = word(text, tokens, k);
        gazetteer::is_org_word(w) || gazetteer::is_vocabulary(w)
    });
    let start = match cut {
        Some(k) if b - a >= 3 => {
            split(text, tokens, a, k + 1, false, out);
            k + 1
        }
        _ => a,
    };
    out.push(Chunk {
        a: start,
        b,
        label: Some(Label::Person),
        evidence: Evidence::Strong,
    });
}

/// The second pass: labels from evidence elsewhere in the article, then defaults.
fn resolve(text: &str, tokens: &[Token], mut chunks: Vec<Chunk>, quotes: &[Quote]) -> Names {
    let mut by_surface: HashMap<String, Label> = HashMap::new();
    // Family name → the first full mention, and given name → the same ("Thomas" → "Thomas Sam").
    let mut person_words: HashMap<String, (usize, usize)> = HashMap::new();
    let mut given_words: HashMap<String, (usize, usize)> = HashMap::new();
    for c in chunks.iter().filter(|c| c.evidence == Evidence::Strong) {
        if let Some(label) = c.label {
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(label);
            if label == Label::Person && c.b - c.a >= 2 {
                let key = word(text, tokens, c.b - 1).to_string();
                person_words.entry(key).or_insert((c.a, c.b));
                let first = word(text, tokens, c.a).to_string();
                given_words.entry(first).or_insert((c.a, c.b));
            }
        }
    }
    // A phrase followed by a speech verb is someone speaking ("Trump wrote", "Moxon said").
    for c in &chunks {
        if c.label.is_none() && speaks(text, tokens, c.b) {
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(Label::Person);
        }
    }
    for c in &mut chunks {
        if c.label.is_some() && c.evidence == Evidence::Strong {
            continue;
        }
        let surface = joined(text, tokens, c.a, c.b);
        if let Some(&label) = by_surface.get(&surface) {
            c.label = Some(label);
            continue;
        }
        if person_words.contains_key(word(text, tokens, c.b - 1)) {
            c.label = Some(Label::Person);
            continue;
        }
    }
    // Remaining phrases with no evidence: a lone capitalised word at a sentence start stays
    // unlabelled; mid-sentence, names of two or three words are usually people, longer ones
    // organisations; single words are usually organisations or products.
    let mut entities = Vec::with_capacity(chunks.len());
    let mut people = Vec::new();
    for c in &chunks {
        let label = match c.label {
            Some(l) => l,
            None if c.evidence == Evidence::Doubtful => continue,
            None => {
                let n = c.b - c.a;
                if tokens[c.a].forced_cap && n == 1 {
                    continue;
                }
                // Speakers capitalise for emphasis ("the Peace Negotiations", "GET IT DONE"),
                // and so do phrases of ordinary words: without evidence they are not names.
                let start = tokens[c.a].start;
                let quoted = quotes.iter().any(|q| {
                    q.kind != QuoteKind::Other && q.range.start < start && start < q.range.end
                });
                let ordinary = (c.a..c.b).all(|k| gazetteer::is_vocabulary(word(text, tokens, k)));
                let shouting = n >= 2 && tokens[c.a..c.b].iter().all(|t| t.all_caps);
                if quoted || ordinary || shouting {
                    continue;
                }
                // A person's name has no ordinary words, acronyms or initials-only parts.
                let name_like = (c.a..c.b).all(|k| {
                    let w = word(text, tokens, k);
                    !gazetteer::is_vocabulary(w)
                        && !gazetteer::is_org_word(w)
                        && !gazetteer::is_place_word(w)
                        && gazetteer::known(w).is_none()
                }) && !tokens[c.a..c.b]
                    .iter()
                    .any(|t| t.all_caps || t.end - t.start < 2)
                    || (gazetteer::is_surname(word(text, tokens, c.b - 1))
                        && !gazetteer::is_vocabulary(word(text, tokens, c.a))
                        && !tokens[c.a].all_caps);
                let w = word(text, tokens, c.a);
                match n {
                    1 if w.ends_with('s') && !looks_like_surname(w) => continue, // "Polaroids"
                    1 if looks_like_surname(w) => Label::Person,
                    1 => Label::Org,
                    2 | 3 if name_like => Label::Person,
                    _ => Label::Org,
                }
            }
        };
        let (Some(first), Some(last)) = (tokens.get(c.a), tokens.get(c.b - 1)) else {
            continue;
        };
        if label == Label::Person {
            let (fa, fb) = if c.b - c.a == 1 {
                let w = word(text, tokens, c.a);
                person_words
                    .get(w)
                    .or_else(|| given_words.get(w))
                    .copied()
                    .unwrap_or((c.a, c.b))
            } else {
                (c.a, c.b)
            };
            let full = text
                .get(tokens[fa].start..tokens[fb - 1].end)
                .unwrap_or("")
                .to_string();
            let gender = gazetteer::given_name(word(text, tokens, fa)).unwrap_or(Gender::Unknown);
            people.push(Mention {
                start: first.start,
                end: last.end,
                full,
                gender,
            });
        }
        entities.push(Entity {
            range: first.start..last.end,
            label,
        });
    }
    entities.sort_by_key(|e| e.range.start);
    entities.dedup_by(|b, a| b.range.start < a.range.end);
    Names { entities, people }
}

/// A lone capitalised word that is a frequent family name or has a family-name ending
/// ("Peskov", "Zelensky", "Kovalenko", "Rodriguez") and is not an ordinary word.
fn looks_like_surname(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ov", "ova", "ev", "eva", "enko", "sky", "ski", "skiy", "vich", "yahu", "stein", "berg",
        "ez", "escu", "idis", "opoulos", "yan", "shvili", "adze", "oglu", "owski", "czyk",
    ];
    !gazetteer::is_vocabulary(w)
        && !gazetteer::is_org_word(w)
        && !gazetteer::is_place_word(w)
        && (gazetteer::is_surname(w)
            || ENDINGS
                .iter()
                .any(|e| w.len() > e.len() + 2 && w.ends_with(e)))
}

fn is_compass(w: &str) -> bool {
    matches!(
        w,
        "North"
            | "South"
            | "East"
            | "West"
            | "Central"
            | "Northeast"
            | "Northwest"
            | "Southeast"
            | "Southwest"
    )
}

fn known_starts_at(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    let max = (*gazetteer::KNOWN_MAX_WORDS).min(b - a);
    (2..=max).any(|len| gazetteer::known(&joined(text, tokens, a, a + len)).is_some())
}

/// Whether the words after token `b` make the phrase before it the subject of a speech verb.
fn speaks(text: &str, tokens: &[Token], b: usize) -> bool {
    for k in b..b + 3 {
        let Some(t) = tokens.get(k) else { return false };
        if t.kind != Kind::Word || t.cap {
            return false;
        }
        let w = t.text(text);
        if gazetteer::is_speech_verb(w) {
            return true;
        }
        if !(w.ends_with("ly") || matches!(w, "has" | "had" | "have" | "also" | "later" | "then")) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::numeric;
    use super::super::tokens::tokenize;
    use super::*;

    fn ents(text: &str) -> Vec<(String, Label)> {
        let tokens = tokenize(text);
        let numeric = numeric::find(text, &tokens);
        find(text, &tokens, &numeric, &[])
            .entities
            .into_iter()
            .map(|e| (text[e.range].to_string(), e.label))
            .collect()
    }

    #[test]
    fn titles_split_phrases() {
        let got = ents("Yesterday Russian Foreign Ministry Spokesperson Maria Zakharova spoke.");
        assert_eq!(
            got,
            [
                ("Russian Foreign Ministry".to_string(), Label::Org),
                ("Maria Zakharova".to_string(), Label::Person)
            ]
        );
        let got = ents("It was Lt. Gen. Yaroslav Moskalik of the General Staff. Moskalik died.");
        assert!(
            got.contains(&("Yaroslav Moskalik".to_string(), Label::Person)),
            "{got:?}"
        );
        assert!(
            got.contains(&("General Staff".to_string(), Label::Org)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Moskalik".to_string(), Label::Person)),
            "{got:?}"
        );
    }

    #[test]
    fn demonyms_and_places() {
        let got = ents(
            "He met Ukrainian President Volodymyr Zelensky in Kiev, not in the United States.",
        );
        assert_eq!(
            got,
            [
                ("Ukrainian".to_string(), Label::Group),
                ("Volodymyr Zelensky".to_string(), Label::Person),
                ("Kiev".to_string(), Label::Place),
                ("United States".to_string(), Label::Place)
            ]
        );
    }
}
