//! Labels for the phrases the article gives no evidence for, after `article` has shared what
//! it does say: a lone capitalised word stays unlabelled unless it looks like a family name or
//! the article places it ("in Kherson"); names of two or three words are usually people, longer
//! ones organisations. Then the guesses are made consistent with each other
//! (the tail of an organisation's name, a family name after a full name).
//!
//! Guesses of people are where a wrong speaker comes from, so each rule here errs towards
//! "not a person": ordinary words (the lists, or the article's own lower-case use), laws,
//! acronyms spelt out.

use std::collections::{HashMap, HashSet};

use super::entities::{joined, word, Chunk, Evidence};
use super::gazetteer;
use super::phrases::looks_like_surname;
use super::tokens::{Kind, Token};
use super::{Label, Quote, QuoteKind};

/// Each chunk's label, `None` for no entity; may move a chunk's start past an ordinary word
/// before a given name. `located`: single names the article puts after "in", "near"…;
/// `placed_uses`: (uses after "in"/"near"…, all uses) of each name of several words.
pub(super) fn labels(
    text: &str,
    tokens: &[Token],
    chunks: &mut [Chunk],
    quotes: &[Quote],
    located: &HashSet<&str>,
    placed_uses: &HashMap<String, (usize, usize)>,
) -> Vec<Option<Label>> {
    // Words the article itself writes in lower case somewhere: ordinary words, whatever the
    // lists know ("the current version" … "Current PowerPC").
    // Made only when a guess needs it, hashed cheaply: most of an article's words go in.
    let lower_words: std::cell::OnceCell<
        std::collections::HashSet<&str, foldhash::fast::RandomState>,
    > = std::cell::OnceCell::new();
    let written_lower = |w: &str| {
        let lower = w.to_lowercase();
        lower != w
            && lower_words
                .get_or_init(|| {
                    tokens
                        .iter()
                        .filter(|t| t.kind == Kind::Word && !t.cap)
                        .map(|t| t.text(text))
                        .filter(|w| w.chars().all(|ch| !ch.is_uppercase()))
                        .collect()
                })
                .contains(lower.as_str())
    };
    // An ordinary word before a given name and more is not part of the name ("Employee Phil
    // Schiller", "Nonpartisan Paul Tse"): the name starts at the given name.
    let maybe_person = |c: &&mut Chunk| matches!(c.label, None | Some(Label::Person));
    for c in chunks
        .iter_mut()
        .filter(maybe_person)
        .filter(|c| c.b - c.a >= 3)
    {
        let first = word(text, tokens, c.a);
        let ordinary = gazetteer::is_vocabulary(first) || written_lower(first);
        if ordinary && gazetteer::given_name(word(text, tokens, c.a + 1)).is_some() {
            c.a += 1;
        }
    }
    // Lone words left unlabelled for want of evidence (by their first token): a family name
    // of the article's people still makes them people (below).
    let unlabelled_lone = std::cell::RefCell::new(HashSet::new());
    let mut labels: Vec<Option<Label>> = chunks
        .iter()
        .map(|c| -> Option<Label> {
            Some(match c.label {
                Some(l) => l,
                None if c.evidence == Evidence::Doubtful => return None,
                None => {
                    let n = c.b - c.a;
                    if tokens[c.a].forced_cap && n == 1 {
                        // A sentence start says nothing, but the article may have placed the
                        // word elsewhere ("in Neiafu" … "Neiafu is small").
                        let w = word(text, tokens, c.a);
                        return located.contains(w).then_some(Label::Place);
                    }
                    // "the Clean Air Act", "the First Amendment", "the Constitution": laws, which
                    // the labels have no name for; not organisations.
                    if LAW_WORDS.contains(&word(text, tokens, c.b - 1)) {
                        return None;
                    }
                    // Speakers capitalise for emphasis ("the Peace Negotiations", "GET IT DONE"),
                    // and so do phrases of ordinary words: without evidence they are not names.
                    let start = tokens[c.a].start;
                    let quoted = quotes.iter().any(|q| {
                        q.kind != QuoteKind::Other && q.range.start < start && start < q.range.end
                    });
                    let ordinary =
                        (c.a..c.b).all(|k| gazetteer::is_vocabulary(word(text, tokens, k)));
                    let shouting = n >= 2 && tokens[c.a..c.b].iter().all(|t| t.all_caps);
                    if quoted || ordinary || shouting {
                        return None;
                    }
                    // A person's name has no ordinary words, acronyms or initials-only parts.
                    let name_like = (c.a..c.b).all(|k| {
                        let w = word(text, tokens, k);
                        !gazetteer::is_vocabulary(w)
                            && !gazetteer::is_org_word(w)
                            && !gazetteer::is_place_word(w)
                            && gazetteer::known(w).is_none()
                            && !written_lower(w)
                    }) && !tokens[c.a..c.b]
                        .iter()
                        .any(|t| t.all_caps || t.end - t.start < 2)
                        || (gazetteer::is_surname(word(text, tokens, c.b - 1))
                            && !gazetteer::is_vocabulary(word(text, tokens, c.a))
                            && !written_lower(word(text, tokens, c.a))
                            && !tokens[c.a].all_caps)
                        || given_then_name(text, tokens, c.a, c.b);
                    let w = word(text, tokens, c.a);
                    // "in Port Quendal", "near Skarvik Bay": where things happen, not who.
                    let placed = n > 1
                        && placed_uses
                            .get(&joined(text, tokens, c.a, c.b))
                            .is_some_and(|&(placed, all)| 2 * placed >= all);
                    match n {
                        1 if w.ends_with('s') && !looks_like_surname(w) => return None, // "Polaroids"
                        1 if looks_like_surname(w) => Label::Person,
                        1 if located.contains(w) => Label::Place,
                        // A lone word nothing labels: a film, a product, a concept, a
                        // ship as often as a company ("Stardust", "GIS", "Formica"); guessed
                        // an organisation, it was wrong two times in three on other genres.
                        1 => {
                            unlabelled_lone.borrow_mut().insert(c.a);
                            return None;
                        }
                        _ if placed => Label::Place,
                        // "the A350 XWB (Extra Wide Body)": what the letters stand for, no one.
                        2 | 3 if name_like && spells_out_acronym(text, tokens, c.a, c.b) => {
                            return None
                        }
                        2 | 3 if name_like => Label::Person,
                        _ => Label::Org,
                    }
                }
            })
        })
        .collect();
    // The tail of an organisation's name is the organisation's ("the United Auto Workers" …
    // "the Canadian Auto Workers union"), not a person's: one label per name.
    let org_names: Vec<String> = chunks
        .iter()
        .zip(&labels)
        .filter(|(c, l)| **l == Some(Label::Org) && c.b - c.a >= 3)
        .map(|(c, _)| joined(text, tokens, c.a, c.b))
        .collect();
    // A lone word left to the default that ends a person's full name in the article, one that
    // starts with a known given name, is that person ("Bill Vandermeer" … "said president
    // Vandermeer"): one label per name. (Any full name would spread one wrong guess of a
    // person to every lone use of its last word.)
    let family_names: std::collections::HashSet<&str> = chunks
        .iter()
        .zip(&labels)
        .filter(|(c, l)| **l == Some(Label::Person) && c.b - c.a >= 2)
        .filter(|(c, _)| {
            let first = word(text, tokens, c.a);
            gazetteer::given_name(first).is_some() || WORD_GIVEN_NAMES.contains(&first)
        })
        .map(|(c, _)| word(text, tokens, c.b - 1))
        .collect();
    // News names a person in full once and by the family name after, never by the given name
    // alone; a pair whose first word also stands alone is a maker and a product ("Ford" …
    // "the Ford Falcon", "Warhol" … "Warhol Polaroid"), not a person.
    let alone: HashSet<&str> = chunks
        .iter()
        .filter(|c| c.b - c.a == 1)
        .map(|c| word(text, tokens, c.a))
        .collect();
    let person_tails: HashSet<&str> = chunks
        .iter()
        .zip(&labels)
        .filter(|(c, l)| **l == Some(Label::Person) && c.b - c.a >= 2)
        .filter(|(c, _)| !alone.contains(word(text, tokens, c.a)))
        .map(|(c, _)| word(text, tokens, c.b - 1))
        .collect();
    for (c, label) in chunks.iter().zip(labels.iter_mut()) {
        let weak = c.label.is_none() || c.evidence != Evidence::Strong;
        if weak && *label == Some(Label::Person) && c.b - c.a >= 2 {
            let tail = format!(" {}", joined(text, tokens, c.a, c.b));
            if org_names.iter().any(|org| org.ends_with(&tail)) {
                *label = Some(Label::Org);
            }
        }
        let lone_default = c.label.is_none() && c.b - c.a == 1 && label.is_some();
        let w = word(text, tokens, c.a);
        if lone_default && family_names.contains(w) {
            *label = Some(Label::Person);
        }
        // A lone word nothing else labels that ends a name the article gives a person ("Ana
        // Stroe" … "concluded Stroe"): that person, even when the given name is not known
        // (without this it would be nothing, where it once defaulted to an organisation).
        if c.label.is_none()
            && c.b - c.a == 1
            && label.is_none()
            && unlabelled_lone.borrow().contains(&c.a)
            && person_tails.contains(w)
        {
            *label = Some(Label::Person);
        }
    }
    labels
}

/// "Bill Vandermeer", "Art Hollis": a given name that is also an ordinary word ("bill", "art"),
/// then a known family name or a word that is nothing else, is a person's name.
fn given_then_name(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    let (first, last) = (word(text, tokens, a), word(text, tokens, b - 1));
    let nothing_else = !gazetteer::is_vocabulary(last)
        && !gazetteer::is_org_word(last)
        && !gazetteer::is_place_word(last)
        && gazetteer::known(last).is_none();
    b - a == 2
        && (gazetteer::given_name(first).is_some() || WORD_GIVEN_NAMES.contains(&first))
        && !tokens[a..b]
            .iter()
            .any(|t| t.all_caps || t.end - t.start < 2)
        && (nothing_else || gazetteer::is_surname(last))
}

/// Given names the census lists lost for being ordinary words too ("bill", "art"): names only
/// before a word that can be nothing but a family name (`given_then_name`).
const WORD_GIVEN_NAMES: &[&str] = &[
    "Bill", "Art", "Will", "Guy", "Pat", "Don", "Rose", "Hope", "Joy", "Faith", "Chip", "Rich",
    "Mick",
];

/// Last words of the names of laws and charters.
const LAW_WORDS: [&str; 6] = [
    "Act",
    "Acts",
    "Amendment",
    "Code",
    "Constitution",
    "Statute",
];

/// Whether the words `a..b` stand in parentheses right after an acronym whose letters they
/// spell out ("XWB (Extra Wide Body)"): the initials found in order in the acronym (one may
/// be missing when there are three or more), the last one its last letter.
fn spells_out_acronym(text: &str, tokens: &[Token], a: usize, b: usize) -> bool {
    let (Some(first), Some(last)) = (tokens.get(a), tokens.get(b.saturating_sub(1))) else {
        return false;
    };
    let Some(before) = text[..first.start].trim_end().strip_suffix('(') else {
        return false;
    };
    if !text[last.end..].trim_start().starts_with(')') {
        return false;
    }
    let acronym = before
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let letters: Vec<char> = acronym.chars().filter(char::is_ascii_uppercase).collect();
    if letters.len() < 2 || acronym.chars().any(char::is_lowercase) {
        return false;
    }
    let initials: Vec<char> = (a..b)
        .filter_map(|k| word(text, tokens, k).chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut at = 0;
    let mut found = 0;
    for initial in &initials {
        if let Some(p) = letters[at..].iter().position(|l| l == initial) {
            at += p + 1;
            found += 1;
        }
    }
    // One initial may be missing from a longer spelling-out (XWB: eXtra Wide Body); two words
    // must be the whole acronym ("NHS (John Smith)", "CDS (Clara Stone)" are people).
    let spelt = match initials.len() {
        2 => found == 2 && letters.len() == 2,
        n => found + 1 >= n && letters.len().abs_diff(n) <= 1,
    };
    initials.last() == letters.last() && spelt
}
