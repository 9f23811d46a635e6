//! The shapes of attribution around one quote: `“…,” she said`, `“…?” Borger asked`, `said X`,
//! `X said: “…”`, `according to X`, `“…” — X`, and the descriptions news uses instead of a
//! name (`the senator said`).
//!
//! News attributes quotes in a handful of fixed shapes, so they are matched on tokens around
//! the quote instead of parsing sentences. Each match reports what supports its speaker (a name,
//! a pronoun, a description), because the reader treats a name the text states differently from
//! one the analysis infers.
//!
//! The shapes after the quote are in `after_quote`; here are those before it and what both
//! share (resolving pronouns and descriptions, the name after a verb).

mod after_quote;

use std::ops::Range;

pub(super) use after_quote::{after, dash_signature, named_right_after, next_sentence};

use super::coref::{is_person, last_named, name_at, pronoun_gender, subject, Ctx, Speakers};
use super::gazetteer::{self, Gender};
use super::tokens::{Kind, Token};
use super::{QuoteKind, SpeakerEvidence as Ev};

/// How many tokens before a quote are searched for its attribution. Real attributions are a
/// clause away; the bound keeps a pathological sentence of thousands of quotes linear.
pub(super) const CLAUSE_WINDOW: usize = 80;

#[derive(Default)]
pub(super) struct Found {
    pub(super) speaker: Option<(String, Gender)>,
    pub(super) cue: Option<String>,
    pub(super) evidence: Option<Ev>,
    /// Byte range of the attribution's words.
    pub(super) attribution: Option<Range<usize>>,
}

impl Found {
    fn new(speaker: Option<(String, Gender)>, evidence: Ev, cue: Option<String>) -> Found {
        Found {
            evidence: speaker.as_ref().map(|_| evidence),
            speaker,
            cue,
            attribution: None,
        }
    }

    fn over(mut self, ctx: &Ctx, from: usize, to: usize) -> Found {
        if let (Some(a), Some(b)) = (ctx.tokens.get(from), to.checked_sub(1)) {
            if let Some(b) = ctx.tokens.get(b).filter(|_| to > from) {
                self.attribution = Some(a.start..b.end);
            }
        }
        self
    }
}

pub(super) fn word<'a>(ctx: &Ctx<'a>, k: usize) -> &'a str {
    ctx.tokens.get(k).map_or("", |t| t.text(ctx.text))
}

pub(super) fn is_quote_mark(s: &str) -> bool {
    matches!(
        s,
        "\"" | "\u{201C}" | "\u{201D}" | "\u{2018}" | "\u{2019}" | "'" | "\u{00AB}" | "\u{00BB}"
    )
}

fn is_verb(t: &Token, text: &str) -> bool {
    t.kind == Kind::Word && !t.cap && gazetteer::is_speech_verb(t.text(text))
}

/// The end of the clause that starts at token `from`: the next stop, semicolon, quote mark or
/// paragraph break (exclusive token index).
fn clause_end(ctx: &Ctx, from: usize, para: u32) -> usize {
    let mut k = from;
    let end = (from + 30).min(ctx.tokens.len());
    while k < end {
        let t = &ctx.tokens[k];
        let w = t.text(ctx.text);
        if t.paragraph != para || matches!(w, "." | "!" | "?" | ";") || is_quote_mark(w) {
            break;
        }
        k += 1;
    }
    k
}

/// A pronoun resolved to the attribution's subject, or else (a guess) the last person named.
fn resolve_pronoun(ctx: &Ctx, g: Gender, qa: usize, at: usize, speakers: &Speakers) -> Found {
    if g == Gender::Unknown {
        // "it said": an organisation, usually; the last speaker is only a guess.
        return Found::new(last_named(ctx, g, 0, speakers), Ev::Guess, None);
    }
    match subject(ctx, g, qa, at, speakers) {
        Some(s) => Found::new(Some(s), Ev::Pronoun, None),
        None => {
            let at = ctx.tokens.get(at.min(qa)).map_or(usize::MAX, |t| t.start);
            Found::new(last_named(ctx, g, at, speakers), Ev::Guess, None)
        }
    }
}

/// `the senator`, `the Republican presidential candidate` in `from..to`: the role noun's token
/// and the gender it states.
fn description(ctx: &Ctx, from: usize, to: usize) -> Option<(usize, Gender)> {
    let the = (from..to).find(|&k| word(ctx, k).eq_ignore_ascii_case("the"))?;
    for k in the + 1..(the + 5).min(to) {
        let t = &ctx.tokens[k];
        if t.kind != Kind::Word {
            return None;
        }
        let w = t.text(ctx.text);
        if let Some(g) = gazetteer::role_noun(w) {
            // "the president of the company" still names a person; "the senator's office" not.
            let owned = ctx
                .tokens
                .get(k + 1)
                .is_some_and(|n| n.kind == Kind::Possessive);
            return (!owned).then_some((k, g));
        }
    }
    None
}

/// A description resolved like a pronoun; nobody if its subject cannot be found.
fn resolve_description(ctx: &Ctx, g: Gender, qa: usize, at: usize, speakers: &Speakers) -> Found {
    Found::new(subject(ctx, g, qa, at, speakers), Ev::Description, None)
}

fn introduced_by_colon(ctx: &Ctx, qa: usize) -> bool {
    qa.checked_sub(1).is_some_and(|k| word(ctx, k) == ":")
}

/// A quote after a sentence that reports someone's speech, in its paragraph or the previous
/// one: `Wilkins also said Warhol was … “As a way to commercialize his work …”`. Nothing ties
/// the quote to that sentence but nearness, so the result is a guess.
pub(super) fn previous_paragraph(
    ctx: &Ctx,
    qa: usize,
    para: u32,
    speakers: &Speakers,
) -> Option<(String, Gender)> {
    let starts_para = qa == 0 || ctx.tokens.get(qa - 1).is_none_or(|t| t.paragraph != para);
    if starts_para && para == 0 {
        return None;
    }
    // The paragraph so far, or the previous one for a quote that opens its paragraph.
    let from = if starts_para { para - 1 } else { para };
    let start = ctx
        .tokens
        .partition_point(|t| t.paragraph < from)
        .max(qa.saturating_sub(4 * CLAUSE_WINDOW));
    let verb = (start..qa).rev().find(|&k| {
        let t = &ctx.tokens[k];
        is_verb(t, ctx.text) || (t.kind == Kind::Word && t.text(ctx.text) == "statement")
    })?;
    let sentence = ctx.tokens[verb].sentence;
    let mut j = ctx.tokens[..verb]
        .partition_point(|t| t.sentence < sentence)
        .max(start);
    let mut best = None;
    while j < verb {
        if let Some((name, g, first, last)) = name_at(ctx, j) {
            if is_person(ctx, first) {
                best = Some((name, g));
            }
            j = last.max(j + 1);
            continue;
        }
        if let Some(g) = pronoun_gender(word(ctx, j)).filter(|g| *g != Gender::Unknown) {
            best = subject(ctx, g, j, j, speakers).or_else(|| {
                let at = ctx.tokens.get(j).map_or(0, |t| t.start);
                last_named(ctx, g, at, speakers)
            });
        }
        j += 1;
    }
    best
}

/// The first name within a few words after a verb: "said Russian President Vladimir Putin".
/// A person wins over an organisation before it: "the Crown prosecutor, Mark Tedeschi".
fn name_following(ctx: &Ctx, from: usize, para: u32) -> Option<(String, Gender)> {
    let mut org = None;
    // An organisation in an "of" phrase ("said the chairman of Vostrel Inc. Ada Brink") says
    // whose the speaker is: the speaker only when no other name follows.
    let mut affiliation = None;
    for j in from..(from + 12).min(ctx.tokens.len()) {
        let t = &ctx.tokens[j];
        let w = t.text(ctx.text);
        if t.paragraph != para || matches!(w, "." | "!" | "?" | ";" | ":") || is_quote_mark(w) {
            break;
        }
        if let Some((name, g, first, last)) = name_at(ctx, j) {
            // "said Cornyn’s spokesman", "according to a spokesman for the Clinton campaign":
            // someone described, not the person named.
            if qualifier(ctx, first, last).is_some() {
                continue;
            }
            if is_person(ctx, first) {
                return Some((name, g));
            }
            let before = |n: usize| first.checked_sub(n).map_or("", |k| word(ctx, k));
            let of_phrase = before(1) == "of" || (before(1) == "the" && before(2) == "of");
            if of_phrase {
                affiliation.get_or_insert((name, g));
            } else {
                org.get_or_insert((name, g));
            }
        }
    }
    org.or(affiliation)
}

/// Whether the name starting at token `first` stands in an "of" phrase: right after "of" or
/// "of the", or ending a capitalised one whose first words are not a name of their own ("Ann
/// Lee of The Globe and Mail", where only "Mail" may be known).
fn in_of_phrase_at(ctx: &Ctx, first: usize) -> bool {
    let mut k = first;
    for _ in 0..6 {
        let Some(before) = k.checked_sub(1) else {
            return false;
        };
        let w = word(ctx, before);
        if w == "of" {
            return true;
        }
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        if !(capitalised || matches!(w, "and" | "&" | "the")) {
            return false;
        }
        k = before;
    }
    false
}

/// What the name at tokens `first..last` is when it qualifies a noun after it, saying whose
/// the speaker is rather than who speaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    /// "Jeb Bush’s campaign manager, Danny Diaz, called it …" (but "Cornyn’s statement added"
    /// is Cornyn’s: the caller decides).
    Possessor,
    /// "a spokesman for the Clinton campaign": the affiliation of someone described.
    Affiliation,
}

fn qualifier(ctx: &Ctx, first: usize, last: usize) -> Option<Qualifier> {
    let lowercase = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
    let next = ctx.tokens.get(last);
    if next.is_some_and(|t| t.kind == Kind::Possessive) && lowercase(word(ctx, last + 1)) {
        return Some(Qualifier::Possessor);
    }
    let before = |n: usize| first.checked_sub(n).map_or("", |k| word(ctx, k));
    let affiliation = before(1).eq_ignore_ascii_case("the")
        && matches!(before(2), "for" | "of")
        && next.is_some_and(|t| t.kind == Kind::Word && !is_verb(t, ctx.text))
        && lowercase(word(ctx, last))
        && !matches!(
            word(ctx, last),
            "and" | "or" | "who" | "which" | "that" | "of" | "in" | "on" | "at"
        );
    affiliation.then_some(Qualifier::Affiliation)
}

/// The subject of `[clause], …, said` when the words before the apposition's first comma hold
/// no name but a description (`The billionaire, who has praised Putin, said`): the description,
/// resolved. `None` when there is a name there or no description (then the first person of the
/// clause is the subject, as before).
fn subject_before_apposition(
    ctx: &Ctx,
    clause: usize,
    verb: usize,
    qa: usize,
    speakers: &Speakers,
) -> Option<Found> {
    let comma = (clause..verb - 1).find(|&j| word(ctx, j) == ",")?;
    if (clause..comma).any(|j| name_at(ctx, j).is_some() || pronoun_gender(word(ctx, j)).is_some())
    {
        return None;
    }
    let (d, g) = description(ctx, clause, comma)?;
    Some(resolve_description(ctx, g, qa, d, speakers))
}

/// `X said: “…”`, `According to X, “…”`, `X called it a “…”`, and the same with the
/// introduction ending the previous paragraph (`Rathbun stated,` / blank line / `“…”`).
pub(super) fn before(
    ctx: &Ctx,
    qa: usize,
    para: u32,
    kind: QuoteKind,
    speakers: &Speakers,
) -> Found {
    let mut para = para;
    let prev = qa.checked_sub(1).and_then(|k| ctx.tokens.get(k));
    if let Some(p) = prev.filter(|p| p.paragraph != para && matches!(p.text(ctx.text), ":" | ",")) {
        para = p.paragraph;
    }
    // The clause before the quote, back to the start of its sentence.
    let mut s = qa;
    let floor = qa.saturating_sub(CLAUSE_WINDOW);
    while s > floor {
        let t = &ctx.tokens[s - 1];
        let w = t.text(ctx.text);
        if t.paragraph != para || matches!(w, "." | "!" | "?") {
            break;
        }
        s -= 1;
    }
    let mut verb: Option<(usize, String)> = None;
    for k in (s..qa).rev() {
        let t = &ctx.tokens[k];
        let w = t.text(ctx.text);
        if w.eq_ignore_ascii_case("according") && word(ctx, k + 1) == "to" {
            let speaker = name_following(ctx, k + 2, para);
            return Found::new(speaker, Ev::Named, Some("according to".into())).over(ctx, s, qa);
        }
        if w == "words" && word(ctx, k + 1) == "of" {
            let speaker = name_following(ctx, k + 2, para);
            return Found::new(speaker, Ev::Named, Some("in the words of".into())).over(ctx, s, qa);
        }
        if is_verb(t, ctx.text) {
            verb = Some((k, w.to_string()));
            break;
        }
    }
    // Candidates in order: (person or pronoun?, what was found). Names in an "of" phrase
    // ("Ann Lee of The Globe and Mail said", "the chairman of Vostrel Inc. said") say whose
    // the subject is, so they are not the subject and are left out: after another name, or
    // when not a person ("Chancellor of the Exchequer Rachel Reeves said" keeps her).
    let candidates = |from: usize, upto: usize| -> Vec<(bool, Found)> {
        let mut out = Vec::new();
        let mut j = from;
        let mut in_of_phrase = false;
        // The possessor last pushed ("Jeb Bush’s campaign manager"), while nothing follows it.
        let mut possessor: Option<usize> = None;
        while j < upto {
            if let Some((name, g, first, last)) = name_at(ctx, j) {
                let before = |n: usize| first.checked_sub(n).map_or("", |k| word(ctx, k));
                in_of_phrase = in_of_phrase_at(ctx, first)
                    || (in_of_phrase && matches!(before(1), "and" | "&"));
                let person = is_person(ctx, first);
                let qualifies = qualifier(ctx, first, last);
                // A possessor gives way to the person named after it (its apposition).
                if let Some(i) = possessor.filter(|_| person) {
                    out.remove(i);
                    possessor = None;
                }
                if qualifies != Some(Qualifier::Affiliation)
                    && (!in_of_phrase || (person && out.is_empty()))
                {
                    out.push((person, Found::new(Some((name, g)), Ev::Named, None)));
                    if qualifies == Some(Qualifier::Possessor) {
                        possessor = Some(out.len() - 1);
                    }
                }
                j = last.max(j + 1);
                continue;
            }
            // A pronoun inside an earlier quote of the sentence is its speaker's, not the
            // writer's: `“We will pass it,” Ryan told reporters, adding that …`.
            let quoted = ctx.quoted(ctx.tokens[j].start, ctx.tokens[j].end);
            if let Some(g) = pronoun_gender(word(ctx, j)).filter(|_| !quoted) {
                out.push((true, resolve_pronoun(ctx, g, qa, j, speakers)));
            }
            j += 1;
        }
        out
    };
    match verb {
        Some((k, cue)) => {
            // The subject is the person (or pronoun) nearest the verb, else the nearest
            // organisation, else a name right after the verb ("said Putin: …"). When a comma
            // comes right before the verb, an apposition or relative clause sits between subject
            // and verb ("Smith, who met Putin, said"): the first person is the subject.
            // The clause of the verb: after the last ", and" or ", but" joining two clauses
            // ("The Obama administration declined to comment, and a White House spokesman,
            // Josh Earnest, said"), unless the verb follows it at once and shares the first
            // clause's subject ("Cooper said …, and said it was").
            let clause = (s + 1..k.saturating_sub(1))
                .rev()
                .find(|&j| matches!(word(ctx, j), "and" | "but") && word(ctx, j - 1) == ",")
                .map_or(s, |j| j + 1);
            let apposition = k > clause && word(ctx, k - 1) == ",";
            // With an apposition, the subject stands before its first comma when anything
            // names someone there: "The billionaire, who has praised Putin, said" is not Putin.
            if let Some(found) = apposition
                .then(|| subject_before_apposition(ctx, clause, k, qa, speakers))
                .flatten()
            {
                let mut found = found;
                found.cue = Some(cue);
                return found.over(ctx, s, qa);
            }
            let mut c = candidates(clause, k);
            let person = if apposition {
                c.iter().position(|c| c.0)
            } else {
                c.iter().rposition(|c| c.0)
            };
            let chosen = person
                .or(c.len().checked_sub(1))
                .map(|i| c.swap_remove(i).1);
            let mut found = match chosen {
                Some(f) if f.speaker.is_some() => f,
                _ => match description(ctx, clause, k) {
                    Some((d, g)) => resolve_description(ctx, g, qa, d, speakers),
                    None => Found::new(name_following(ctx, k + 1, para), Ev::Named, None),
                },
            };
            found.cue = Some(cue);
            found.over(ctx, s, qa)
        }
        None if kind == QuoteKind::Partial || introduced_by_colon(ctx, qa) => {
            // No verb: the sentence's subject, usually its first person.
            let mut c = candidates(s, qa);
            match c.iter().position(|c| c.0) {
                Some(i) => {
                    let mut found = c.swap_remove(i).1;
                    // `Said Senate Minority Leader Harry Reid: “…”`: the verb opens the sentence.
                    let opening = word(ctx, s).to_lowercase();
                    if s < qa && gazetteer::is_speech_verb(&opening) {
                        found.cue = Some(opening);
                    }
                    found.over(ctx, s, qa)
                }
                None => Found::default(),
            }
        }
        None => Found::default(),
    }
}
