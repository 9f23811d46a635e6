//! Who said each quote: the speech verb next to it, the name or pronoun that is its subject,
//! and pronouns resolved to the last speaker the article named.
//!
//! News attributes quotes in a handful of fixed shapes (`“…,” she said`, `“…,” Trump wrote`,
//! `said X`, `X said: “…”`, `according to X`), so shapes are matched on tokens around the quote
//! instead of parsing sentences. A quote with no attribution of its own that continues a
//! speaker's paragraph inherits that speaker, as readers do.

use super::coref::{aliases, is_person, name_at, outermost, pronoun_gender, resolve_pronoun, Ctx};
use super::entities::Mention;
use super::gazetteer::{self, Gender};
use super::tokens::{Kind, Token};
use super::{Entity, Quote, QuoteKind};

/// How many tokens after a quote may separate it from its speech verb.
const AFTER_WINDOW: usize = 12;

/// How many tokens before a quote are searched for its attribution. Real attributions are a
/// clause away; the bound keeps a pathological sentence of thousands of quotes linear.
const CLAUSE_WINDOW: usize = 80;

struct Found {
    speaker: Option<(String, Gender)>,
    cue: Option<String>,
}

pub fn attribute(
    text: &str,
    tokens: &[Token],
    entities: &[Entity],
    people: &[Mention],
    mut quotes: Vec<Quote>,
) -> Vec<Quote> {
    let ctx = Ctx {
        text,
        tokens,
        entities,
        people,
        inside: outermost(
            quotes
                .iter()
                .filter(|q| q.kind != QuoteKind::Other)
                .map(|q| q.range.clone()),
        ),
        aliases: aliases(text, entities),
    };
    // (speaker, gender, paragraph, byte end) of quotes attributed so far.
    let mut speakers: Vec<(String, Gender, u32, usize)> = Vec::new();
    for q in &mut quotes {
        if q.kind == QuoteKind::Other {
            continue;
        }
        let qa = tokens.partition_point(|t| t.start < q.range.start);
        let qb = tokens.partition_point(|t| t.start < q.range.end);
        let para_a = tokens.get(qa).map_or(0, |t| t.paragraph);
        let para_b = tokens.get(qb.saturating_sub(1)).map_or(0, |t| t.paragraph);
        // `He said, “…”` is attributed before the quote; `“….” After the match, X said` is
        // a new sentence about the next quote. Otherwise the cue after the quote comes first.
        let lead = text.get(..q.range.start).unwrap_or("").trim_end();
        let introduced = lead.ends_with([':', ',']);
        let inner = text.get(q.range.clone()).unwrap_or("");
        let closed_sentence = inner
            .trim_end_matches(['"', '\u{201D}', '\u{201C}', '\u{00BB}'])
            .ends_with(['.', '!', '?']);
        let next_cap = tokens.get(qb).is_some_and(|t| t.cap);
        let mut found = Found {
            speaker: None,
            cue: None,
        };
        if introduced {
            found = before(&ctx, qa, para_a, q.range.start, q.kind, &speakers);
        }
        if found.cue.is_none() && !(closed_sentence && next_cap) {
            found = after(&ctx, qb, para_b, q.range.start, &speakers);
        }
        if found.cue.is_none() && !introduced {
            found = before(&ctx, qa, para_a, q.range.start, q.kind, &speakers);
        }
        if found.speaker.is_none() && found.cue.is_none() {
            found.speaker = dash_signature(&ctx, qb);
        }
        if found.speaker.is_none() && found.cue.is_none() {
            // A quote continuing a speaker's paragraph, or opening the next one.
            if let Some(last) = speakers.last() {
                let starts_para =
                    qa == 0 || tokens.get(qa - 1).is_none_or(|t| t.paragraph != para_a);
                if last.2 == para_a || (starts_para && last.2 + 1 == para_a) {
                    found.speaker = Some((last.0.clone(), last.1));
                }
            }
        }
        if found.speaker.is_none() && found.cue.is_none() && q.kind == QuoteKind::Direct {
            found = next_sentence(&ctx, qb);
        }
        if found.speaker.is_none() && found.cue.is_none() && q.kind == QuoteKind::Direct {
            found.speaker = previous_paragraph(&ctx, qa, para_a, q.range.start, &speakers);
        }
        if let Some((name, gender)) = &found.speaker {
            speakers.push((name.clone(), *gender, para_b, q.range.end));
        }
        q.speaker = found.speaker.map(|s| s.0);
        q.cue = found.cue;
    }
    quotes
}

fn word<'a>(ctx: &Ctx<'a>, k: usize) -> &'a str {
    ctx.tokens.get(k).map_or("", |t| t.text(ctx.text))
}

fn is_quote_mark(s: &str) -> bool {
    matches!(
        s,
        "\"" | "\u{201C}" | "\u{201D}" | "\u{2018}" | "\u{2019}" | "'" | "\u{00AB}" | "\u{00BB}"
    )
}

/// `“…” — Matthew Ingram`: a dash and a name right after the quote.
fn dash_signature(ctx: &Ctx, qb: usize) -> Option<(String, Gender)> {
    let dash = ctx.tokens.get(qb)?;
    if !matches!(dash.text(ctx.text), "-" | "\u{2014}" | "\u{2013}") {
        return None;
    }
    let (name, g, first, last) = name_at(ctx, qb + 1)?;
    let alone = ctx
        .tokens
        .get(last)
        .is_none_or(|t| t.paragraph != dash.paragraph);
    (is_person(ctx, first) && alone).then_some((name, g))
}

/// `“…,” she said`, `“…,” Trump wrote`, `“…,” said X`, `“…” according to X`.
fn after(
    ctx: &Ctx,
    qb: usize,
    para: u32,
    at: usize,
    speakers: &[(String, Gender, u32, usize)],
) -> Found {
    let mut k = qb;
    let end = (qb + AFTER_WINDOW).min(ctx.tokens.len());
    while k < end {
        let t = &ctx.tokens[k];
        let w = t.text(ctx.text);
        if t.paragraph != para || matches!(w, "." | "!" | "?" | ";") || is_quote_mark(w) {
            break;
        }
        let according = w.eq_ignore_ascii_case("according") && word(ctx, k + 1) == "to";
        if t.kind == Kind::Word && !t.cap && gazetteer::is_speech_verb(w) || according {
            let cue = if according {
                "according to".to_string()
            } else {
                w.to_string()
            };
            // Subject between the quote and the verb: a person before an organisation.
            let names: Vec<_> = (qb..k).filter_map(|j| name_at(ctx, j)).collect();
            let person = names.iter().find(|n| is_person(ctx, n.2)).or(names.first());
            if let Some((name, g, _, _)) = person {
                return Found {
                    speaker: Some((name.clone(), *g)),
                    cue: Some(cue),
                };
            }
            for j in qb..k {
                if let Some(g) = pronoun_gender(word(ctx, j)) {
                    return Found {
                        speaker: resolve_pronoun(ctx, g, at, speakers),
                        cue: Some(cue),
                    };
                }
            }
            // "told AFP": the name after "told" is who listened, not who spoke.
            let addressee = matches!(cue.as_str(), "told" | "tells" | "telling");
            let speaker = (!addressee)
                .then(|| name_following(ctx, k + if according { 2 } else { 1 }, para))
                .flatten();
            // `“…,” said the official` has a cue without a name; `“…”, and said it was` is the
            // writer's sentence going on, attributed before the quote.
            // A comma inside the closing mark is the attribution comma: `“…,” the minister said`.
            let attribution_comma = ctx
                .text
                .get(..ctx.tokens.get(qb).map_or(ctx.text.len(), |t| t.start))
                .is_some_and(|s| {
                    s.trim_end()
                        .trim_end_matches(['"', '\u{201D}'])
                        .ends_with(',')
                });
            if speaker.is_some()
                || k == qb
                || (k == qb + 1 && word(ctx, qb) == ",")
                || attribution_comma
            {
                return Found {
                    speaker,
                    cue: Some(cue),
                };
            }
            break;
        }
        k += 1;
    }
    Found {
        speaker: None,
        cue: None,
    }
}

/// An unattributed quote followed by a sentence that opens with its speaker: `“…”` / `As Heald
/// told the Post, …`, `Allton said he …`.
fn next_sentence(ctx: &Ctx, qb: usize) -> Found {
    let none = Found {
        speaker: None,
        cue: None,
    };
    let Some(first) = ctx.tokens.get(qb) else {
        return none;
    };
    if !first.forced_cap {
        return none;
    }
    let end = (qb + 6).min(ctx.tokens.len());
    let mut k = qb;
    while k < end {
        if let Some((name, g, first, last)) = name_at(ctx, k) {
            if !is_person(ctx, first) {
                return none;
            }
            let verb = (last..(last + 2).min(ctx.tokens.len())).find(|&v| {
                let t = &ctx.tokens[v];
                t.kind == Kind::Word && !t.cap && gazetteer::is_speech_verb(t.text(ctx.text))
            });
            return match verb {
                Some(v) => Found {
                    speaker: Some((name, g)),
                    cue: Some(word(ctx, v).to_string()),
                },
                None => none,
            };
        }
        k += 1;
    }
    none
}

fn introduced_by_colon(ctx: &Ctx, qa: usize) -> bool {
    qa.checked_sub(1).is_some_and(|k| word(ctx, k) == ":")
}

/// A quote after a sentence that reports someone's speech, in its paragraph or the previous
/// one: `Wilkins also said Warhol was … “As a way to commercialize his work …”`.
fn previous_paragraph(
    ctx: &Ctx,
    qa: usize,
    para: u32,
    at: usize,
    speakers: &[(String, Gender, u32, usize)],
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
        let w = t.text(ctx.text);
        t.kind == Kind::Word && !t.cap && (gazetteer::is_speech_verb(w) || w == "statement")
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
            best = resolve_pronoun(ctx, g, at, speakers);
        }
        j += 1;
    }
    best
}

/// The first name within a few words after a verb: "said Russian President Vladimir Putin".
/// A person wins over an organisation before it: "the Crown prosecutor, Mark Tedeschi".
fn name_following(ctx: &Ctx, from: usize, para: u32) -> Option<(String, Gender)> {
    let mut org = None;
    for j in from..(from + 8).min(ctx.tokens.len()) {
        let t = &ctx.tokens[j];
        let w = t.text(ctx.text);
        if t.paragraph != para || matches!(w, "." | "!" | "?" | ";" | ":") || is_quote_mark(w) {
            break;
        }
        if let Some((name, g, first, _)) = name_at(ctx, j) {
            if is_person(ctx, first) {
                return Some((name, g));
            }
            org.get_or_insert((name, g));
        }
    }
    org
}

/// `X said: “…”`, `According to X, “…”`, `X called it a “…”`, and the same with the
/// introduction ending the previous paragraph (`Rathbun stated,` / blank line / `“…”`).
fn before(
    ctx: &Ctx,
    qa: usize,
    para: u32,
    at: usize,
    kind: QuoteKind,
    speakers: &[(String, Gender, u32, usize)],
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
            return Found {
                speaker,
                cue: Some("according to".into()),
            };
        }
        if w == "words" && word(ctx, k + 1) == "of" {
            let speaker = name_following(ctx, k + 2, para);
            return Found {
                speaker,
                cue: Some("in the words of".into()),
            };
        }
        if t.kind == Kind::Word && !t.cap && gazetteer::is_speech_verb(w) {
            verb = Some((k, w.to_string()));
            break;
        }
    }
    // Candidates in order: (token, person-or-pronoun?, resolved name).
    let candidates = |upto: usize| -> Vec<(bool, Option<(String, Gender)>)> {
        let mut out = Vec::new();
        let mut j = s;
        while j < upto {
            if let Some((name, g, first, last)) = name_at(ctx, j) {
                out.push((is_person(ctx, first), Some((name, g))));
                j = last.max(j + 1);
                continue;
            }
            if let Some(g) = pronoun_gender(word(ctx, j)) {
                out.push((true, resolve_pronoun(ctx, g, at, speakers)));
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
            let c = candidates(k);
            let apposition = k > s && word(ctx, k - 1) == ",";
            let person = if apposition {
                c.iter().find(|c| c.0)
            } else {
                c.iter().rev().find(|c| c.0)
            };
            let speaker = person
                .or(c.last())
                .and_then(|c| c.1.clone())
                .or_else(|| name_following(ctx, k + 1, para));
            Found {
                speaker,
                cue: Some(cue),
            }
        }
        None if kind == QuoteKind::Partial || introduced_by_colon(ctx, qa) => {
            // No verb: the sentence's subject, usually its first person.
            let c = candidates(qa);
            let speaker = c.iter().find(|c| c.0).and_then(|c| c.1.clone());
            Found { speaker, cue: None }
        }
        None => Found {
            speaker: None,
            cue: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze;

    /// (quote text, speaker, cue) for every quote in `text`.
    fn attributions(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        analyze(text)
            .quotes
            .into_iter()
            .map(|q| (text[q.range].to_string(), q.speaker, q.cue))
            .collect()
    }

    fn speaker_of(text: &str, quote_start: &str) -> Option<String> {
        attributions(text)
            .into_iter()
            .find(|(q, _, _)| q.starts_with(quote_start))
            .and_then(|(_, s, _)| s)
    }

    #[test]
    fn attribution_shapes() {
        let text = "“We will rebuild,” said Mayor John Smith. Spokeswoman Anna Kowalski said: \
                    “Nothing changes.” According to Peter Brown, “the plan is dead.”";
        let got = attributions(text);
        assert_eq!(got[0].1.as_deref(), Some("John Smith"));
        assert_eq!(got[0].2.as_deref(), Some("said"));
        assert_eq!(got[1].1.as_deref(), Some("Anna Kowalski"));
        assert_eq!(got[2].1.as_deref(), Some("Peter Brown"));
        assert_eq!(got[2].2.as_deref(), Some("according to"));
    }

    #[test]
    fn pronouns_follow_gender_and_surnames_resolve() {
        let text = "Officials met Maria Lopez and David Cohen on Monday.\n\n\
                    “It went well,” she said. “We agreed on the budget,” he added.\n\n\
                    “We will meet again,” Lopez told reporters.";
        assert_eq!(speaker_of(text, "“It went").as_deref(), Some("Maria Lopez"));
        assert_eq!(
            speaker_of(text, "“We agreed").as_deref(),
            Some("David Cohen")
        );
        assert_eq!(
            speaker_of(text, "“We will meet").as_deref(),
            Some("Maria Lopez")
        );
    }

    #[test]
    fn continuation_and_signature() {
        let text = "“First part,” Anna Kowalski said. “Second part without a cue.”\n\n\
                    “A motto for the ages.” — Peter Brown";
        assert_eq!(
            speaker_of(text, "“Second").as_deref(),
            Some("Anna Kowalski")
        );
        assert_eq!(speaker_of(text, "“A motto").as_deref(), Some("Peter Brown"));
    }

    #[test]
    fn listeners_and_descriptions_are_not_speakers() {
        let text = "“It is a disaster,” a ministry spokesman told AFP. \
                    “We regret it,” the company said in a statement.";
        let got = attributions(text);
        assert_eq!(got[0].1, None);
        assert_eq!(got[0].2.as_deref(), Some("told"));
        assert_eq!(got[1].1, None);
        assert_eq!(got[1].2.as_deref(), Some("said"));
    }

    #[test]
    fn relative_clauses_do_not_steal_the_subject() {
        let text = "Anna Kowalski, who met Vladimir Putin on Friday, said: “Nothing changes.”";
        assert_eq!(
            speaker_of(text, "“Nothing").as_deref(),
            Some("Anna Kowalski")
        );
    }

    #[test]
    fn gender_is_learned_from_the_text() {
        let text = "Officials met Commissioner Okafor and Judge Brandt on Monday. Okafor said he \
                    was tired. Brandt said her court would decide.\n\n“We are done,” he added.";
        assert_eq!(speaker_of(text, "“We are done").as_deref(), Some("Okafor"));
    }

    #[test]
    fn names_inside_quotes_are_not_speakers() {
        let text = "“Ask John Smith about it,” he said.";
        assert_ne!(speaker_of(text, "“Ask").as_deref(), Some("John Smith"));
    }
}
