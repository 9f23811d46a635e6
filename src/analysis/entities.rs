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

use super::gazetteer::{self, Gender};
use super::phrases::split;
use super::tokens::{Kind, Token};
use super::{Entity, Label, Quote};

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
pub(super) enum Evidence {
    Strong,
    /// Only guesses; a label from elsewhere in the article overrides it.
    Weak,
    /// Probably not a name at all; kept only if the article names it elsewhere.
    Doubtful,
}

#[derive(Clone, Debug)]
pub(super) struct Chunk {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) label: Option<Label>,
    pub(super) evidence: Evidence,
}

/// Longest run of capitalised words taken as one phrase ("Australian Centre for Control of
/// Iodine Deficiency Disorders" has 8).
const MAX_RUN: usize = 14;

pub(super) const CONNECTORS: &[&str] = &[
    "of", "de", "del", "der", "da", "di", "du", "van", "von", "bin", "ibn", "al", "la", "le", "&",
];

pub(super) fn word<'a>(text: &'a str, tokens: &[Token], i: usize) -> &'a str {
    tokens.get(i).map_or("", |t| t.text(text))
}

pub(super) fn joined(text: &str, tokens: &[Token], a: usize, b: usize) -> String {
    let mut s = String::new();
    for i in a..b {
        if i > a {
            s.push(' ');
        }
        s.push_str(word(text, tokens, i));
    }
    s
}

/// Roles that, written in lower case right before a capitalised name, make it a person's
/// ("president Obama", "spokeswoman Ada Brink"). Only nouns that are nothing else: "major",
/// "general", "chief" or "private" before a capital are as often adjectives ("major Ford
/// plant").
const ROLES_BEFORE_NAMES: &[&str] = &[
    "president",
    "president-elect",
    "vice-president",
    "minister",
    "senator",
    "chancellor",
    "premier",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "secretary",
    "ambassador",
    "commissioner",
    "judge",
    "professor",
    "coach",
    "economist",
    "analyst",
    "lawyer",
    "activist",
    "prosecutor",
    "sheriff",
    "detective",
    "inspector",
    "sergeant",
    "captain",
    "lieutenant",
    "colonel",
    "admiral",
    "councillor",
    "councilor",
    "congressman",
    "congresswoman",
    "superintendent",
    "correspondent",
];

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
            // Real names stay short; the cap keeps a run of thousands of capitals linear.
            if b - a >= MAX_RUN || !only_spaces_between(text, tokens, b - 1) {
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
        if let Some(end) = programme_title(text, tokens, &claimed, a, b) {
            i = end;
            continue;
        }
        // "said American president Obama": a role written in lower case before a name.
        let after_role = a > 0
            && only_spaces_between(text, tokens, a - 1)
            && ROLES_BEFORE_NAMES.contains(&word(text, tokens, a - 1));
        split(text, tokens, a, b, after_role, &mut chunks);
        i = b;
    }
    // Abbreviations of ordinary terms ("sea surface salinity (SSS)", "System Under Test
    // (SUT)") and units after a number ("225 DKK", "43 RBIs") are not names, anywhere.
    let terms = abbreviated_terms(text, tokens);
    chunks.retain(|c| {
        let single_caps = c.b - c.a == 1 && tokens[c.a].all_caps;
        // A count right before it, not a year ("2018 FIFA") or a line ending in a date.
        let after_number = c.a > 0
            && tokens[c.a - 1].kind == Kind::Number
            && only_spaces_between(text, tokens, c.a - 1)
            && word(text, tokens, c.a - 1).len() != 4;
        // The words a term's acronym stands for name nothing either (when they are the whole
        // phrase: "Philips Compact Fluorescent Light (CFL)" keeps its maker).
        let acronym = word(text, tokens, c.b + 1);
        let spelt_out = word(text, tokens, c.b) == "("
            && terms.contains(acronym)
            && word(text, tokens, c.b + 2) == ")"
            && (c.a..c.b)
                .filter_map(|k| word(text, tokens, k).chars().next())
                .filter(|c| c.is_uppercase())
                .eq(acronym.chars());
        // A US politician's party and state ("(D-N.Y.)", "R-Calif."): no name of its own.
        let party_tag = c.b - c.a == 1 && gazetteer::is_party_and_state(word(text, tokens, c.a));
        // A hashtag or a handle ("#MAGA", "@Reuters") is markup, not a name as written.
        let tagged = text
            .get(..tokens[c.a].start)
            .is_some_and(|before| before.ends_with(['#', '@']));
        !(single_caps && (after_number || terms.contains(word(text, tokens, c.a))))
            && !spelt_out
            && !tagged
            && !party_tag
    });
    super::article::resolve(text, tokens, chunks, quotes)
}

/// Acronyms the article defines as abbreviations of ordinary words: `(ABC)` right after words
/// whose initials spell it, none of them a name, a place's or an organisation's word.
fn abbreviated_terms<'a>(text: &'a str, tokens: &[Token]) -> std::collections::HashSet<&'a str> {
    let mut terms = std::collections::HashSet::new();
    for k in 1..tokens.len().saturating_sub(1) {
        let acronym = word(text, tokens, k);
        let defined = word(text, tokens, k - 1) == "("
            && word(text, tokens, k + 1) == ")"
            && tokens[k].all_caps
            && (2..=6).contains(&acronym.len());
        if !defined {
            continue;
        }
        let letters: Vec<char> = acronym.chars().rev().collect();
        let mut matched = 0;
        let mut ordinary = true;
        // At least one word an ordinary term would have ("Light", "System", a lowercase
        // word): capitals alone may be a coined brand.
        let mut common_word = false;
        let mut j = k - 1;
        while matched < letters.len() && j > 0 && k - j <= 2 * letters.len() + 1 {
            j -= 1;
            let w = word(text, tokens, j);
            if matches!(w, "of" | "and" | "the" | "for" | "in" | "on" | "-") {
                continue;
            }
            let initial = w.chars().next().map(|c| c.to_ascii_uppercase());
            if initial != Some(letters[matched]) {
                ordinary = false;
                break;
            }
            // Capitalised words may spell out a term too ("Compact Fluorescent Light (CFL)"),
            // unless a word says organisation, place or person: a given name, or a surname
            // first ("Kennedy Space Center"; later, the census's surnames include Light and
            // Test).
            let lowercase = w.starts_with(char::is_lowercase);
            let first_word = matched + 1 == letters.len();
            let named = !lowercase
                && !gazetteer::is_vocabulary(w)
                && (gazetteer::is_place_word(w)
                    || gazetteer::given_name(w).is_some()
                    || (first_word && gazetteer::is_surname(w)));
            if gazetteer::is_org_word(w) || gazetteer::known(w).is_some() || named {
                ordinary = false;
            }
            common_word |= lowercase || gazetteer::is_vocabulary(w);
            matched += 1;
        }
        if ordinary && common_word && matched == letters.len() {
            terms.insert(acronym);
        }
    }
    terms
}

/// "Face the Nation", "Meet the Press": a capitalised word mid-sentence, a lowercase "the" and
/// more capitals are the title of a programme or a work, not two names; returns its end.
fn programme_title(
    text: &str,
    tokens: &[Token],
    claimed: &[bool],
    a: usize,
    b: usize,
) -> Option<usize> {
    let w = word(text, tokens, a);
    if b != a + 1
        || tokens[a].forced_cap
        || gazetteer::is_common(w)
        || gazetteer::given_name(w).is_some()
        || gazetteer::known(w).is_some()
        || word(text, tokens, b) != "the"
        || !only_spaces_between(text, tokens, a)
        || !only_spaces_between(text, tokens, b)
    {
        return None;
    }
    let mut end = b + 1;
    while tokens
        .get(end)
        .is_some_and(|t| is_name_word(t, claimed[end]))
    {
        end += 1;
        if !only_spaces_between(text, tokens, end - 1) {
            break;
        }
    }
    let rest = joined(text, tokens, b + 1, end);
    (end > b + 1 && end - b <= 4 && gazetteer::known(&rest).is_none()).then_some(end)
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

#[cfg(test)]
mod tests;
