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
        split(text, tokens, a, b, false, &mut chunks);
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
        !(single_caps && (after_number || terms.contains(word(text, tokens, c.a)))) && !spelt_out
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

    #[test]
    fn a_surname_that_is_also_a_town_is_a_person() {
        let got = ents(
            "Voters in Austin cheered. Sen. Adam Houston spoke. Later Mr. Houston said no, and \
             Houston left for Dallas, Texas.",
        );
        assert!(
            got.contains(&("Adam Houston".to_string(), Label::Person)),
            "{got:?}"
        );
        let houstons = got.iter().filter(|(w, _)| w == "Houston");
        assert!(houstons.clone().count() == 2, "{got:?}");
        assert!(
            houstons.clone().all(|(_, l)| *l == Label::Person),
            "{got:?}"
        );
        assert!(
            got.contains(&("Austin".to_string(), Label::Place)),
            "{got:?}"
        );
        let got = ents("Reporters met Mr. Ortega of Ohio and Mr. P. on Monday.");
        assert!(
            got.contains(&("Ortega".to_string(), Label::Person)),
            "{got:?}"
        );
        assert!(!got.iter().any(|(w, _)| w.starts_with('P')), "{got:?}");
    }

    #[test]
    fn administrations_peoples_and_programme_titles() {
        let got = ents(
            "Critics of the Obama administration spoke to African-American voters and the Ku \
             Klux Klan was condemned on Face the Nation.",
        );
        assert!(
            got.contains(&("Obama".to_string(), Label::Person)),
            "{got:?}"
        );
        assert!(
            got.contains(&("African-American".to_string(), Label::Group)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Ku Klux Klan".to_string(), Label::Org)),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(w, _)| w == "Face" || w == "Nation"),
            "{got:?}"
        );
    }

    #[test]
    fn an_unknown_name_after_in_or_near_is_a_place_everywhere_in_the_article() {
        let got =
            ents("The ferry stops near Vrelgard twice a day. Residents say Vrelgard needs a pier.");
        let labels: Vec<Label> = got
            .iter()
            .filter(|(w, _)| w == "Vrelgard")
            .map(|(_, l)| *l)
            .collect();
        assert_eq!(labels, [Label::Place, Label::Place], "{got:?}");
    }

    #[test]
    fn a_name_followed_by_the_place_it_lies_in_is_a_place_unless_the_place_describes_it() {
        let got = ents(
            "The probe lifted off from Port Quendal, Florida, on Tuesday and landed near \
             Skarvik Bay, Norway. Tomas Villareal, Panama coach, said little. Later \
             Villareal, Panama's best scorer, left.",
        );
        let label = |name: &str| {
            got.iter()
                .find(|(w, _)| w == name)
                .map(|(_, l)| *l)
                .unwrap_or_else(|| panic!("{name} not found in {got:?}"))
        };
        assert_eq!(label("Port Quendal"), Label::Place, "{got:?}");
        let got_in = ents("Farmers in Velder Hollow sold wheat. Anna Mirov lives near Osk Tarrin.");
        for name in ["Velder Hollow", "Osk Tarrin"] {
            assert!(
                got_in.contains(&(name.to_string(), Label::Place)),
                "{name}: {got_in:?}"
            );
        }
        assert!(
            got_in.contains(&("Anna Mirov".to_string(), Label::Person)),
            "{got_in:?}"
        );
        // One label per name: mostly used as a name, a name stays one after "in".
        let got_one = ents(
            "Velmar Tarkos bought ships. Velmar Tarkos hired crews. Investors put money in \
             Velmar Tarkos.",
        );
        let labels: std::collections::BTreeSet<Label> = got_one
            .iter()
            .filter(|(w, _)| w == "Velmar Tarkos")
            .map(|(_, l)| *l)
            .collect();
        assert_eq!(labels.len(), 1, "{got_one:?}");
        assert!(!labels.contains(&Label::Place), "{got_one:?}");
        assert_eq!(label("Skarvik Bay"), Label::Place, "{got:?}");
        assert_ne!(label("Tomas Villareal"), Label::Place, "{got:?}");
        assert!(
            got.iter()
                .all(|(w, l)| w != "Villareal" || *l != Label::Place),
            "{got:?}"
        );
    }

    #[test]
    fn a_name_introduced_as_an_airline_or_a_broadcaster_is_an_organisation_everywhere() {
        let got = ents(
            "The airline Brenvik Air cut routes on Monday. Pension funds hold a stake in \
             Brenvik Air, and the broadcaster Telvora reported the cuts. Viewers in Telvora's \
             home market shrugged.",
        );
        for name in ["Brenvik Air", "Telvora"] {
            let labels: std::collections::BTreeSet<Label> = got
                .iter()
                .filter(|(w, _)| w == name)
                .map(|(_, l)| *l)
                .collect();
            assert_eq!(
                labels.into_iter().collect::<Vec<_>>(),
                [Label::Org],
                "{name}: {got:?}"
            );
        }
    }

    #[test]
    fn the_words_an_acronym_stands_for_are_no_person_and_a_name_in_brackets_still_is() {
        let got = ents(
            "Skyline will fly the new K900 QLR (Quiet Long Range) jets. Its founder (Anna \
             Mirov) signed the order, said the TPA (Tomas Petrov). The CDS (Clara Stone) \
             agreed.",
        );
        assert!(!got.iter().any(|(w, _)| w == "Quiet Long Range"), "{got:?}");
        assert!(
            got.contains(&("Anna Mirov".to_string(), Label::Person)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Tomas Petrov".to_string(), Label::Person)),
            "initials that do not spell the acronym: {got:?}"
        );
        assert!(
            got.contains(&("Clara Stone".to_string(), Label::Person)),
            "two words that are not the whole acronym: {got:?}"
        );
    }

    #[test]
    fn a_fort_a_mount_a_lake_or_a_cape_is_a_place_whatever_its_name() {
        let got = ents(
            "Troops left Fort Haldane for Mount Ostrel, Lake Vrana and Cape Morrow on Monday.",
        );
        for place in ["Fort Haldane", "Mount Ostrel", "Lake Vrana", "Cape Morrow"] {
            assert!(
                got.contains(&(place.to_string(), Label::Place)),
                "{place}: {got:?}"
            );
        }
    }

    #[test]
    fn laws_are_not_organisations() {
        let got = ents(
            "Judges cited the Brenvik Clean Water Act, the Second Amendment and the Constitution, \
             and the Ostrava Marriage Act. The Brenvik Water Authority objected.",
        );
        let names: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        for law in [
            "Brenvik Clean Water Act",
            "Second Amendment",
            "Constitution",
            "Ostrava Marriage Act",
        ] {
            assert!(!names.contains(&law), "{law}: {got:?}");
        }
        assert!(
            got.contains(&("Brenvik Water Authority".to_string(), Label::Org)),
            "{got:?}"
        );
    }

    #[test]
    fn cities_written_with_or_without_their_diacritics_are_places() {
        let got = ents(
            "The mayor of Łódź met Kraków's council. Later, the Lodz delegation and bankers \
             from Zurich and Zürich signed the deal.",
        );
        for city in ["Łódź", "Kraków", "Lodz", "Zurich", "Zürich"] {
            assert!(
                got.contains(&(city.to_string(), Label::Place)),
                "{city}: {got:?}"
            );
        }
    }

    #[test]
    fn facilities_complexes_and_terminals_are_places() {
        let got = ents("Engineers left the Brennick Assembly Facility for Harl Launch Complex and then Ostrava Cargo Terminal.");
        for name in [
            "Brennick Assembly Facility",
            "Harl Launch Complex",
            "Ostrava Cargo Terminal",
        ] {
            assert!(
                got.contains(&(name.to_string(), Label::Place)),
                "{name}: {got:?}"
            );
        }
    }

    #[test]
    fn abbreviations_of_ordinary_terms_and_units_after_counts_are_not_names() {
        let got = ents(
            "Buoys measured the surface water temperature (SWT) daily. The SWT rose. \
             Tickets cost 40 DKK each, and the Zorvath Foundation (ZF) paid for 2019 ZF grants.",
        );
        let names: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert!(!names.contains(&"SWT"), "{got:?}");
        assert!(!names.contains(&"DKK"), "{got:?}");
        // An organisation's abbreviation stays, and a year is not a count.
        assert_eq!(names.iter().filter(|w| **w == "ZF").count(), 2, "{got:?}");
    }

    #[test]
    fn a_term_spelt_out_in_capitals_is_no_name_but_a_body_or_a_person_spelt_out_is() {
        let got = ents(
            "Most homes use the Compact Halogen Light (CHL) now. A CHL lasts for years, the \
             Brenvik Lighting Council (BLC) says, and Anna Marie Kowal (AMK) agrees. Lamps \
             were tested at the Morrison Test Range (MTR). Zorvex Quantum Computing (ZQC) \
             makes chips, and Ostrel Compact Fluorescent Light (CFL) bulbs sell well.",
        );
        let names: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert!(!names.contains(&"CHL"), "{got:?}");
        assert!(!names.contains(&"Compact Halogen Light"), "{got:?}");
        assert!(
            names.contains(&"ZQC"),
            "capitals alone: a coined name: {got:?}"
        );
        assert!(
            names.iter().any(|w| w.starts_with("Ostrel")),
            "the maker before the term stays: {got:?}"
        );
        assert!(names.contains(&"BLC"), "{got:?}");
        assert!(names.contains(&"Brenvik Lighting Council"), "{got:?}");
        assert!(
            names.contains(&"MTR") && names.contains(&"Morrison Test Range"),
            "named after someone: {got:?}"
        );
        assert!(
            got.contains(&("Anna Marie Kowal".to_string(), Label::Person)),
            "{got:?}"
        );
    }

    #[test]
    fn a_legal_form_ends_a_company_name_and_ordinary_words_are_no_person() {
        let got = ents("The board of Vostrel Inc. Maria Lindqvist met on Monday.");
        assert!(
            got.contains(&("Vostrel Inc.".to_string(), Label::Org)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Maria Lindqvist".to_string(), Label::Person)),
            "{got:?}"
        );
        let got = ents("A spokesman for Vostrel Space Systems said the launch was delayed.");
        assert!(
            !got.iter()
                .any(|(w, l)| w == "Space Systems" && *l == Label::Person),
            "{got:?}"
        );
        let got = ents("The regulator for Digital Services Anna Kowalczyk said no.");
        assert!(
            got.contains(&("Anna Kowalczyk".to_string(), Label::Person)),
            "{got:?}"
        );
    }
}
