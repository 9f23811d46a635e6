//! Cutting one capitalised phrase into entities and classifying each part.
//!
//! A run of capitals in news is often several names glued by titles and roles ("Russian Foreign
//! Ministry Spokesperson Maria Zakharova"), so the cut comes before the label: whole-name
//! gazetteer entries first (they know "New York Times" is one name), then titles, organisation
//! and place head words, known names at either end, and given names inside. What the phrase
//! itself cannot decide is left unlabelled for the article-wide pass in `entities`.

use super::entities::{joined, word, Chunk, Evidence, CONNECTORS};
use super::gazetteer;
use super::tokens::Token;
use super::Label;

/// Cuts a capitalised phrase into entities, pushing them onto `out`.
pub(super) fn split(
    text: &str,
    tokens: &[Token],
    mut a: usize,
    b: usize,
    after_title: bool,
    out: &mut Vec<Chunk>,
) {
    // Capitals that only mark a sentence start are not names; a title there still is one
    // ("President Barack Obama spoke." names him as fully as mid-sentence).
    while a < b
        && tokens[a].forced_cap
        && gazetteer::is_common(word(text, tokens, a))
        && !gazetteer::is_title(word(text, tokens, a))
        && !known_starts_at(text, tokens, a, b)
    {
        a += 1;
    }
    while a < b
        && (CONNECTORS.contains(&word(text, tokens, a))
            || matches!(word(text, tokens, a), "the" | "The" | "for")
            || is_number_word(word(text, tokens, a)))
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
        // "Mr. Rubio", "Sen. Houston": after an honorific or a title a town's name is a person.
        if after_title && label == Label::Place && b - a <= 2 {
            return push_person(text, tokens, a, b, out);
        }
        return push(out, a, b, Some(label), Evidence::Strong);
    }
    // A company's legal form ends its name: "Chrysler LLC Jim Press" is a company and a person.
    if let Some(k) = (a + 1..b.saturating_sub(2)).find(|&k| is_legal_form(word(text, tokens, k))) {
        push(out, a, k + 1, Some(Label::Org), Evidence::Strong);
        return split(text, tokens, k + 1, b, after_title, out);
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
    // "Fort Lee", "Mount Kenya", "Lake Geneva", "Cape Town": a place whatever follows.
    if b - a >= 2 && matches!(first, "Fort" | "Mount" | "Mt." | "Lake" | "Cape") {
        return push(out, a, b, Some(Label::Place), Evidence::Strong);
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
                // "Marco Rubio", "Adam Houston": a given name and a family name that is also a
                // town make one person; a longer place after the name is a place ("… Hong Kong").
                let surname = gazetteer::is_surname(word(text, tokens, b - 1));
                if len == 1 && label == Label::Place && b - a <= 3 && surname {
                    return push_person(text, tokens, a, b, out);
                }
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
        let elided = w.contains(['\'', '\u{2019}']) && !is_apostrophe_name(w);
        if w.chars().count() < 2 || gazetteer::is_common(w) || elided {
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
        let after_the = a > 0 && word(text, tokens, a - 1).eq_ignore_ascii_case("the");
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
        if let Some((head, tail)) = w.rsplit_once('-') {
            if tail.starts_with(char::is_lowercase) {
                return; // "T-shirt", "Scientology-related"
            }
            // "African-American", "Mexican-Americans": peoples joined are a people.
            if gazetteer::known(tail) == Some(Label::Group)
                || gazetteer::known(head) == Some(Label::Group)
            {
                return push(out, a, b, Some(Label::Group), Evidence::Strong);
            }
        }
        if gazetteer::given_name(w).is_some() && !gazetteer::is_vocabulary(w) {
            return push(out, a, b, Some(Label::Person), Evidence::Weak);
        }
    }
    // "the Obama administration", "the Cruz campaign": a politician's name, not an organisation.
    let plain = |k: usize| {
        let w = word(text, tokens, k);
        !gazetteer::is_org_word(w) && !gazetteer::is_vocabulary(w) && gazetteer::known(w).is_none()
    };
    if b - a <= 2 && is_tenure_word(word(text, tokens, b)) && (a..b).all(plain) {
        return push(out, a, b, Some(Label::Person), Evidence::Strong);
    }
    push(out, a, b, None, Evidence::Weak);
}

/// Pushes a person, cutting off what precedes the name proper: "Refugee Council Enver Solomon",
/// "Education Stefania Giannini" (after "Minister of").
fn push_person(text: &str, tokens: &[Token], a: usize, b: usize, out: &mut Vec<Chunk>) {
    // "Mr. P.": an initial alone is an abbreviation, not a name to list.
    if b - a == 1 && word(text, tokens, a).trim_end_matches('.').chars().count() <= 1 {
        return;
    }
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

/// "O’Malley", "D'Angelo", "N’Diaye": a one-letter prefix, an apostrophe (curly or straight)
/// The legal forms companies put after their names.
fn is_legal_form(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "LLC" | "Inc" | "Corp" | "Ltd" | "plc" | "PLC" | "GmbH" | "AG" | "SpA" | "NV" | "LLP"
    )
}

/// and a capitalised name, unlike "I’m" or "Don’t".
fn is_apostrophe_name(w: &str) -> bool {
    let mut parts = w.split(['\'', '\u{2019}']);
    let (Some(head), Some(tail), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    head.chars().count() == 1
        && head.starts_with(char::is_uppercase)
        && tail.chars().count() >= 2
        && tail.starts_with(char::is_uppercase)
}

/// Lowercase words after a politician's name that make it the holder of an office or a race.
fn is_tenure_word(w: &str) -> bool {
    matches!(
        w,
        "administration" | "campaign" | "presidency" | "camp" | "aides"
    )
}

/// "Three Democrats", "Big Three": counted words are not part of a name.
fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "One"
            | "Two"
            | "Three"
            | "Four"
            | "Five"
            | "Six"
            | "Seven"
            | "Eight"
            | "Nine"
            | "Ten"
            | "Eleven"
            | "Twelve"
            | "Twenty"
            | "Thirty"
            | "Forty"
            | "Fifty"
            | "Hundred"
            | "Hundreds"
            | "Thousand"
            | "Thousands"
            | "Million"
            | "Millions"
            | "Dozens"
    )
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

/// A lone capitalised word with a family-name ending ("Peskov", "Zelensky", "Kovalenko",
/// "Rodriguez") that is not an ordinary word. The census surname list is not used here: it
/// holds too many English nouns ("Crown", "Church") to label a word on its own.
pub(super) fn looks_like_surname(w: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ov", "ova", "ev", "eva", "enko", "sky", "ski", "skiy", "vich", "yahu", "stein", "berg",
        "ez", "escu", "idis", "opoulos", "yan", "shvili", "adze", "oglu", "owski", "czyk",
    ];
    !gazetteer::is_vocabulary(w)
        && !gazetteer::is_org_word(w)
        && !gazetteer::is_place_word(w)
        && ENDINGS
            .iter()
            .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
}
