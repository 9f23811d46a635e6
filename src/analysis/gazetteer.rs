//! The word lists in `assets/analysis/`, compiled into the binary and parsed once on first use.
//!
//! Plain text files rather than Rust tables so that a reviewer can diff and extend them, and so
//! that their provenance (ATTRIBUTION.md) stays next to the data. Lookups are by exact surface
//! form: names are capitalised in news text, and case-folding would make "Nice" a city and "May"
//! a woman. Multi-word entries are keyed by their words joined with one space.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::Label;

fn entries(src: &'static str) -> impl Iterator<Item = String> {
    src.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(|e| e.replace('_', " "))
}

fn set(src: &'static str) -> HashSet<String> {
    entries(src).collect()
}

/// Words that end in a full stop that does not end a sentence.
pub static ABBREVIATIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Maj", "Sgt", "Cpl", "Pvt",
        "Adm", "Cmdr", "Gov", "Sen", "Rep", "Rev", "St", "Mt", "Ft", "Jr", "Sr", "Inc", "Corp",
        "Co", "Ltd", "Bros", "vs", "etc", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
        "Sep", "Sept", "Oct", "Nov", "Dec", "Mx", "Messrs", "approx", "est", "Pres", "Supt",
    ]
    .into_iter()
    .collect()
});

/// Lowercase entries plus their capitalised forms, so that the usual lookups ("The",
/// "Internet") need no allocation; only all-caps words are lowercased first.
fn folded_set(src: &'static str) -> HashSet<String> {
    let mut out = HashSet::new();
    for e in entries(src) {
        let lower = e.to_lowercase();
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            out.insert(first.to_uppercase().chain(chars).collect());
        }
        out.insert(lower);
    }
    out
}

fn folded_contains(set: &HashSet<String>, word: &str) -> bool {
    set.contains(word)
        || (word.chars().skip(1).any(char::is_uppercase) && set.contains(&word.to_lowercase()))
}

static COMMON: LazyLock<HashSet<String>> =
    LazyLock::new(|| folded_set(include_str!("../../assets/analysis/common_words.txt")));

/// Whether a capitalised word is an ordinary English word that is capitalised only because of
/// its position (compared case-insensitively).
pub fn is_common(word: &str) -> bool {
    folded_contains(&COMMON, word)
}

static VOCABULARY: LazyLock<HashSet<String>> =
    LazyLock::new(|| folded_set(include_str!("../../assets/analysis/vocabulary.txt")));

/// Whether a capitalised word is an ordinary noun or adjective ("Internet", "Passion"),
/// which makes a phrase unlikely to be a person's name (compared case-insensitively).
pub fn is_vocabulary(word: &str) -> bool {
    folded_contains(&VOCABULARY, word) || folded_contains(&COMMON, word)
}

/// Multi-word and single-word names with a known label: places, demonyms, organisations.
static KNOWN: LazyLock<HashMap<String, Label>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for e in entries(include_str!("../../assets/analysis/places_geonames.txt")) {
        map.insert(e, Label::Place);
    }
    for e in entries(include_str!("../../assets/analysis/places.txt")) {
        map.insert(e, Label::Place);
    }
    for e in entries(include_str!("../../assets/analysis/demonyms.txt")) {
        map.insert(e, Label::Group);
    }
    for e in entries(include_str!("../../assets/analysis/org_names.txt")) {
        map.insert(e, Label::Org);
    }
    for e in entries(include_str!("../../assets/analysis/events.txt")) {
        map.insert(e, Label::Event);
    }
    map
});

/// The label of a name known as a whole (`"United States"`, `"NATO"`, `"Ukrainians"`).
pub fn known(name: &str) -> Option<Label> {
    KNOWN.get(name).copied()
}

/// Longest entry in KNOWN, in words; bounds prefix searches.
pub static KNOWN_MAX_WORDS: LazyLock<usize> = LazyLock::new(|| {
    KNOWN
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1)
});

static TITLES: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/titles.txt")));

pub fn is_title(words: &str) -> bool {
    TITLES.contains(words)
}

static ORG_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/org_words.txt")));

/// A US politician's party and state as news tags a name with it: `R-Wis.`, `D-N.Y.`.
pub fn is_party_and_state(word: &str) -> bool {
    word.strip_prefix(['D', 'R', 'I'])
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|state| {
            [state, &format!("{state}.")]
                .iter()
                .any(|s| known(s) == Some(Label::Place))
        })
}

pub fn is_org_word(word: &str) -> bool {
    ORG_WORDS.contains(word)
}

static PLACE_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/place_words.txt")));

/// Words that make a capitalised phrase a place when they end it ("Grand Mosque", "Red Square").
pub fn is_place_word(word: &str) -> bool {
    PLACE_WORDS.contains(word)
}

static EVENT_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/event_words.txt")));

/// Words that make a capitalised phrase an event when they end it ("Lantern Festival").
pub fn is_event_word(word: &str) -> bool {
    EVENT_WORDS.contains(word)
}

static SPEECH_VERBS: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/speech_verbs.txt")));

pub fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(word)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    /// A person, or a name that may be one: "he", "she" or "it" can refer to it.
    Unknown,
    /// Not a person (an organisation): "it" can refer to it, never "he" or "she".
    Neuter,
}

static MALE: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/given_male.txt")));
static FEMALE: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/given_female.txt")));
static EXTRA_GIVEN: LazyLock<HashMap<String, Gender>> =
    LazyLock::new(|| gendered(include_str!("../../assets/analysis/given_world.txt")));

/// A word list in `[male]` / `[female]` sections (words before any section: gender unknown),
/// `#` comments, several words per line.
fn gendered(src: &str) -> HashMap<String, Gender> {
    let mut map = HashMap::new();
    let mut gender = Gender::Unknown;
    for line in src.lines() {
        match line.trim() {
            "[male]" => gender = Gender::Male,
            "[female]" => gender = Gender::Female,
            l if l.starts_with('#') => {}
            l => {
                for w in l.split_whitespace() {
                    map.insert(w.to_string(), gender);
                }
            }
        }
    }
    map
}

/// Lowercase nouns for people ("senator", "spokeswoman") with the gender they state, if any.
static ROLE_NOUNS: LazyLock<HashMap<String, Gender>> =
    LazyLock::new(|| gendered(include_str!("../../assets/analysis/role_nouns.txt")));

/// Whether a lowercase word describes a person ("senator"), and the gender it states.
pub fn role_noun(word: &str) -> Option<Gender> {
    ROLE_NOUNS.get(word).copied()
}

static SURNAMES: LazyLock<HashSet<String>> =
    LazyLock::new(|| set(include_str!("../../assets/analysis/surnames.txt")));

/// Whether `word` is a frequent family name (US census, which covers many origins).
pub fn is_surname(word: &str) -> bool {
    SURNAMES.contains(word)
}

/// Whether `word` is a known given name, and of which gender ("Unknown" when used for both).
pub fn given_name(word: &str) -> Option<Gender> {
    let m = MALE.contains(word);
    let f = FEMALE.contains(word);
    match (m, f) {
        (true, false) => Some(Gender::Male),
        (false, true) => Some(Gender::Female),
        (true, true) => Some(Gender::Unknown),
        (false, false) => EXTRA_GIVEN.get(word).copied(),
    }
}

/// Forces every list to parse, so a benchmark or a server pays it up front.
pub fn warm_up() {
    let _ = (
        COMMON.len(),
        KNOWN.len(),
        TITLES.len(),
        ORG_WORDS.len(),
        PLACE_WORDS.len(),
        EVENT_WORDS.len(),
        SPEECH_VERBS.len(),
        MALE.len(),
        FEMALE.len(),
        EXTRA_GIVEN.len(),
        SURNAMES.len(),
        ROLE_NOUNS.len(),
        VOCABULARY.len(),
        ABBREVIATIONS.len(),
        *KNOWN_MAX_WORDS,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_and_answer() {
        assert_eq!(known("United States"), Some(Label::Place));
        assert_eq!(known("Russian"), Some(Label::Group));
        assert_eq!(known("NATO"), Some(Label::Org));
        assert!(is_title("President") && is_title("Lt."));
        assert!(is_org_word("Ministry"));
        assert!(is_speech_verb("said"));
        assert_eq!(given_name("Maria"), Some(Gender::Female));
        assert_eq!(given_name("John"), Some(Gender::Male));
        assert!(is_common("The") && !is_common("Moscow"));
    }
}
