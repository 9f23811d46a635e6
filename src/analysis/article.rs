//! The article-wide pass over the capitalised phrases `entities` found: one label per name in
//! an article, short forms resolved to the full name just introduced, and genders learned from
//! pronouns; phrases left without evidence get their labels in `defaults`.
//!
//! A phrase alone often cannot say what it is ("Houston", "Moskalik"), but the article usually
//! does somewhere ("Sen. Adam Houston", "Yaroslav Moskalik"): this is where that evidence is
//! shared, the way a reader carries it from one paragraph to the next.

use std::collections::HashMap;

use super::entities::{joined, word, Chunk, Evidence, Mention, Names};
use super::gazetteer::{self, Gender};
use super::tokens::{Kind, Token};
use super::{Entity, Label, Quote, Source};

/// The second pass: labels from evidence elsewhere in the article, then defaults.
pub(super) fn resolve(
    text: &str,
    tokens: &[Token],
    mut chunks: Vec<Chunk>,
    quotes: &[Quote],
) -> Names {
    let mut by_surface: HashMap<String, Label> = HashMap::new();
    // Family name → the full mention, and given name → the same ("Thomas" → "Thomas Sam"). When
    // the article spells the full name more than one way ("Kristin" once, "Kristen" twice), the
    // spelling it uses most wins; on a tie, the first.
    let mut full_counts: HashMap<String, usize> = HashMap::new();
    for c in chunks.iter().filter(|c| c.evidence == Evidence::Strong) {
        if c.label == Some(Label::Person) && c.b - c.a >= 2 {
            *full_counts
                .entry(joined(text, tokens, c.a, c.b))
                .or_default() += 1;
        }
    }
    // Every full mention under each of its words, in text order: (first token, end, count).
    let mut person_words: HashMap<String, Vec<(usize, usize, usize)>> = HashMap::new();
    let mut given_words: HashMap<String, Vec<(usize, usize, usize)>> = HashMap::new();
    for c in chunks.iter().filter(|c| c.evidence == Evidence::Strong) {
        if let Some(label) = c.label {
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(label);
            if label == Label::Person && c.b - c.a >= 2 {
                let count = full_counts
                    .get(&joined(text, tokens, c.a, c.b))
                    .copied()
                    .unwrap_or(1);
                let given = word(text, tokens, c.a);
                given_words
                    .entry(given.to_string())
                    .or_default()
                    .push((c.a, c.b, count));
                let family = word(text, tokens, c.b - 1);
                if family != given {
                    person_words
                        .entry(family.to_string())
                        .or_default()
                        .push((c.a, c.b, count));
                }
            }
        }
    }
    // A name the article introduces with what it is ("the airline Aer Lingus", "the
    // broadcaster Nordvision") is an organisation wherever it stands, even before "said": one
    // label per name.
    for c in &chunks {
        let guessed = c.label.is_none() || c.evidence != Evidence::Strong;
        if guessed && c.a > 0 && ORG_DESCRIPTORS.contains(&word(text, tokens, c.a - 1)) {
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(Label::Org);
        }
    }
    let guessed = |c: &&Chunk| c.label.is_none() || c.evidence != Evidence::Strong;
    // A name of several words right before the common noun for a body is the body's ("the
    // Auto Workers union", "the Verdant Dawn party").
    for c in chunks.iter().filter(guessed).filter(|c| c.b - c.a >= 2) {
        let next = word(text, tokens, c.b);
        let spaced = tokens
            .get(c.b)
            .is_some_and(|t| text.get(tokens[c.b - 1].end..t.start) == Some(" "));
        if spaced && ORG_HEADS.contains(&next) {
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(Label::Org);
        }
    }
    // A name that "who" refers back to is a person ("said Varga, who chairs the panel").
    for c in &chunks {
        let who = word(text, tokens, c.b) == ","
            && matches!(word(text, tokens, c.b + 1), "who" | "whose");
        if c.label.is_none() && who {
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(Label::Person);
        }
    }
    // A phrase followed by a speech verb is someone speaking ("Trump wrote", "Moxon said").
    for c in &mut chunks {
        // …but not a phrase of ordinary words ("Boeing Commercial Airplanes said").
        let ordinary = (c.a..c.b).all(|k| gazetteer::is_vocabulary(word(text, tokens, k)));
        if c.label.is_none() && !ordinary && speaks(text, tokens, c.b) {
            // A title's ordinary words before a two-word name are not the name
            // ("Commissioner for Competition Neelie Kroes said").
            let name = (c.a..c.b)
                .find(|&k| !gazetteer::is_vocabulary(word(text, tokens, k)))
                .unwrap_or(c.a);
            if name > c.a && c.b - name >= 2 {
                c.a = name;
            }
            by_surface
                .entry(joined(text, tokens, c.a, c.b))
                .or_insert(Label::Person);
        }
    }
    // "Washington, D.C.", "Houston, Texas": a place followed by the place it lies in, which
    // ends the phrase ("Irving, Texas, was", "Houston, Texas as a location"). Not "Rubio,
    // Florida's senator" or "Gomez, Panama coach": there the place describes the person.
    let place_starts: std::collections::HashSet<usize> = chunks
        .iter()
        .filter(|c| c.label == Some(Label::Place))
        .filter(|c| {
            let after = text
                .get(tokens.get(c.b - 1).map_or(0, |t| t.end)..)
                .unwrap_or("");
            if ["'s", "\u{2019}s"].iter().any(|s| after.starts_with(s)) {
                return false;
            }
            let rest = after.trim_start();
            match rest.chars().next() {
                None => true,
                Some(ch) if !ch.is_alphanumeric() => true,
                Some(_) => {
                    let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
                    PHRASE_ENDS.contains(&next.as_str())
                }
            }
        })
        .map(|c| c.a)
        .collect();
    // "Mr. Rubio" anywhere makes every lone "Rubio" of the article a person: one label per name.
    let titled: std::collections::HashSet<String> = chunks
        .iter()
        .filter(|c| c.label == Some(Label::Person) && c.evidence == Evidence::Strong)
        .filter(|c| c.b - c.a == 1)
        .map(|c| word(text, tokens, c.a).to_string())
        .collect();
    for c in &mut chunks {
        // "Michael Jackson" … "Jackson": a person named in full outranks a town of that name.
        let located = word(text, tokens, c.b) == "," && place_starts.contains(&(c.b + 1));
        let lone_place = c.label == Some(Label::Place) && c.b - c.a == 1 && !located;
        let w = word(text, tokens, c.a);
        if lone_place && (person_words.contains_key(w) || titled.contains(w)) {
            c.label = Some(Label::Person);
            continue;
        }
        if c.label.is_some() && c.evidence == Evidence::Strong {
            continue;
        }
        let surface = joined(text, tokens, c.a, c.b);
        if let Some(&label) = by_surface.get(&surface) {
            c.label = Some(label);
            continue;
        }
        let lone_given = c.b - c.a == 1 && given_words.contains_key(word(text, tokens, c.a));
        if person_words.contains_key(word(text, tokens, c.b - 1)) || lone_given {
            c.label = Some(Label::Person);
            continue;
        }
        // An unknown name followed by the place it lies in is a place too ("in Cape
        // Canaveral, Florida", "Port Hedland, Australia").
        if c.label.is_none() && located {
            c.label = Some(Label::Place);
        }
    }
    // A person's name is not made of ordinary words ("Commercial Airplanes"), and a title's
    // ordinary words before a name of two or more words are not part of it ("Competition
    // Neelie Kroes").
    for c in &mut chunks {
        if c.label != Some(Label::Person) || c.b - c.a < 2 {
            continue;
        }
        let ordinary = |k: usize| gazetteer::is_vocabulary(word(text, tokens, k));
        match (c.a..c.b).find(|&k| !ordinary(k)) {
            None => c.label = None,
            Some(name) if name > c.a && c.b - name >= 2 => c.a = name,
            Some(_) => {}
        }
    }
    // An unknown single name that the article puts after "in", "at", "near"… somewhere is a
    // place everywhere in it ("in Łódź" … "Łódź's mayor"): one label per name.
    let located: std::collections::HashSet<&str> = chunks
        .iter()
        .filter(|c| c.label.is_none() && c.b - c.a == 1 && c.a > 0)
        .filter(|c| LOCATIVE.contains(&word(text, tokens, c.a - 1)))
        .map(|c| word(text, tokens, c.a))
        .collect();
    // A name of several words that the article mostly puts after "in", "near"… is a place
    // wherever it stands ("in Port Quendal" … "Port Quendal's harbour"), and one it mostly
    // uses otherwise is not ("airline Aer Lingus" … "a share in Aer Lingus"): one label per name.
    let mut placed_uses: HashMap<String, (usize, usize)> = HashMap::new();
    for c in chunks.iter().filter(|c| c.label.is_none() && c.b - c.a > 1) {
        let uses = placed_uses
            .entry(joined(text, tokens, c.a, c.b))
            .or_default();
        uses.1 += 1;
        if c.a > 0 && PLACED_AFTER.contains(&word(text, tokens, c.a - 1)) {
            uses.0 += 1;
        }
    }
    let mut entities = Vec::with_capacity(chunks.len());
    let mut people = Vec::new();
    // Phrases with no evidence: guessed, then made consistent with each other.
    let labels = super::defaults::labels(text, tokens, &mut chunks, quotes, &located, &placed_uses);
    for (c, label) in chunks.iter().zip(labels) {
        let Some(label) = label else {
            continue;
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
                    .and_then(|full| full_mention(text, tokens, full, c.a))
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
            source: Source::Machine,
        });
    }
    entities.sort_by_key(|e| e.range.start);
    entities.dedup_by(|b, a| b.range.start < a.range.end);
    infer_genders(text, tokens, quotes, &mut people);
    Names { entities, people }
}

/// Words that begin a new phrase after a place ("Houston, Texas as a location", "Clearwater,
/// Florida until she left").
const PHRASE_ENDS: &[&str] = &[
    "in",
    "as",
    "until",
    "and",
    "or",
    "on",
    "following",
    "to",
    "for",
    "with",
    "where",
    "when",
    "while",
    "after",
    "before",
    "from",
    "at",
    "by",
    "since",
];

/// Words before a name of several words that make it a place (not "at" or "from", which as
/// often come before an organisation: "at Goldman Sachs", "from Boeing Commercial Airplanes").
const PLACED_AFTER: &[&str] = &["in", "near", "outside", "across", "around", "throughout"];

/// The common nouns for a body that follow its name, in lower case: "the Auto Workers union".
const ORG_HEADS: &[&str] = &[
    "union",
    "unions",
    "party",
    "coalition",
    "alliance",
    "federation",
    "association",
    "movement",
    "militia",
    "consortium",
];

/// What an organisation is called just before its name, in lower case: "the airline Aer
/// Lingus", "the carmaker Tovarna".
const ORG_DESCRIPTORS: &[&str] = &[
    "airline",
    "carrier",
    "company",
    "firm",
    "carmaker",
    "automaker",
    "manufacturer",
    "retailer",
    "insurer",
    "lender",
    "broadcaster",
    "newspaper",
    "publisher",
    "conglomerate",
    "charity",
    "militia",
];

/// Words before a place: "in Łódź", "near Hadibo", "from Svendborg".
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "across",
    "around",
    "outside",
    "inside",
    "towards",
    "toward",
    "throughout",
];

/// The full name behind a short mention at token `at`: the last full mention before it (a
/// short form refers back to who was just named, so "Clinton" after "Hillary Clinton" is not
/// a "Bill Clinton" named more often elsewhere), unless an earlier spelling of the same name is
/// used more often ("Kristin" once, "Kristen" twice). With none before it, the one the article
/// uses most.
fn full_mention(
    text: &str,
    tokens: &[Token],
    full: &[(usize, usize, usize)],
    at: usize,
) -> Option<(usize, usize)> {
    let before = full.partition_point(|m| m.0 < at);
    let Some(&last) = before.checked_sub(1).and_then(|i| full.get(i)) else {
        return full
            .iter()
            .fold(None, |best: Option<&(usize, usize, usize)>, m| match best {
                Some(b) if b.2 >= m.2 => Some(b),
                _ => Some(m),
            })
            .map(|m| (m.0, m.1));
    };
    let first = |m: &(usize, usize, usize)| word(text, tokens, m.0);
    let variant =
        |a: &str, b: &str| a.chars().next() == b.chars().next() && a.len().abs_diff(b.len()) <= 1;
    let best = full[..before]
        .iter()
        .filter(|m| variant(first(m), first(&last)))
        .fold(last, |best, m| if m.2 > best.2 { *m } else { best });
    Some((best.0, best.1))
}

/// Names without a known given name ("Trump", "Mohib") take the gender of a he/she or his/her
/// that follows them in the same sentence before anyone else is named ("Trump has said that he
/// …"), and every mention of the same person shares it.
fn infer_genders(text: &str, tokens: &[Token], quotes: &[Quote], people: &mut [Mention]) {
    // A pronoun inside a quote is the speaker's, not the writer's.
    let outer = super::coref::outermost(quotes.iter().map(|q| q.range.clone()));
    let quoted = |at: usize| {
        let i = outer.partition_point(|r| r.start <= at);
        i.checked_sub(1)
            .and_then(|i| outer.get(i))
            .is_some_and(|r| at < r.end)
    };
    let mut learned: HashMap<String, Gender> = HashMap::new();
    for (i, m) in people.iter().enumerate() {
        if m.gender != Gender::Unknown || learned.contains_key(&m.full) {
            continue;
        }
        let next_person = people.get(i + 1).map_or(usize::MAX, |n| n.start);
        let k = tokens.partition_point(|t| t.start < m.end);
        let Some(sentence) = tokens.get(k).map(|t| t.sentence) else {
            continue;
        };
        let pronoun = tokens[k..]
            .iter()
            .take(15)
            .take_while(|t| t.sentence == sentence && t.start < next_person)
            .filter(|t| !quoted(t.start))
            .find_map(|t| match t.text(text) {
                "he" | "his" | "him" => Some(Gender::Male),
                "she" | "her" | "hers" => Some(Gender::Female),
                _ => None,
            });
        if let Some(g) = pronoun {
            learned.insert(m.full.clone(), g);
        }
    }
    for m in people.iter_mut() {
        if m.gender == Gender::Unknown {
            if let Some(&g) = learned.get(&m.full) {
                m.gender = g;
            }
        }
    }
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
