//! The attribution after a quote: `“…,” she said`, `“…,” said X`, `“…?” Borger asked`,
//! `“…” — X`, and the sentence after an unattributed quote that opens with its speaker.

use super::{
    clause_end, description, is_quote_mark, is_verb, name_following, resolve_description,
    resolve_pronoun, word, Found,
};
use crate::analysis::coref::{is_person, name_at, pronoun_gender, Ctx, Speakers};
use crate::analysis::gazetteer::Gender;
use crate::analysis::{Label, SpeakerEvidence as Ev};

/// How many tokens after a quote may separate it from its speech verb.
const AFTER_WINDOW: usize = 12;

/// `“…” — Matthew Ingram`: a dash and a name right after the quote (a signature, or the
/// credit line of an embedded tweet).
pub(in crate::analysis) fn dash_signature(ctx: &Ctx, qb: usize) -> Found {
    let Some(dash) = ctx.tokens.get(qb) else {
        return Found::default();
    };
    if !matches!(dash.text(ctx.text), "-" | "\u{2014}" | "\u{2013}") {
        return Found::default();
    }
    let Some((name, g, first, last)) = name_at(ctx, qb + 1) else {
        return Found::default();
    };
    // The name ends the paragraph, or only an embedded tweet's handle and date follow it:
    // `— Dora Kemp (@dorakemp) March 3, 2016`.
    let handle = word(ctx, last) == "(" && word(ctx, last + 1) == "@";
    let alone = handle
        || ctx
            .tokens
            .get(last)
            .is_none_or(|t| t.paragraph != dash.paragraph);
    if is_person(ctx, first) && alone {
        Found::new(Some((name, g)), Ev::Named, None).over(ctx, qb, last)
    } else {
        Found::default()
    }
}

/// `“…?” Borger asked`, `“….” Smith said.`: a person's name and a speech verb right after a
/// quote that closes its sentence still attribute it (the verb ends the clause), also behind
/// the name of who the person works for (`“…?” CNN's Gloria Borger asked`).
pub(in crate::analysis) fn named_right_after(ctx: &Ctx, qb: usize, question: bool) -> bool {
    let mut at = qb;
    if let Some((_, _, _, after_name)) = name_at(ctx, at) {
        if matches!(word(ctx, after_name), "'s" | "’s") {
            at = after_name + 1;
        }
    }
    let Some((_, _, first, last)) = name_at(ctx, at) else {
        return false;
    };
    if !is_person(ctx, first) {
        return false;
    }
    let Some(verb) = ctx.tokens.get(last) else {
        return false;
    };
    if !is_verb(verb, ctx.text) {
        return false;
    }
    question || matches!(word(ctx, last + 1), "." | "," | "" | ";")
}

/// `“…,” she said`, `“…,” Trump wrote`, `“…,” said X`, `“…” according to X`.
pub(in crate::analysis) fn after(
    ctx: &Ctx,
    qa: usize,
    qb: usize,
    para: u32,
    speakers: &Speakers,
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
        if is_verb(t, ctx.text) || according {
            let cue = if according {
                "according to".to_string()
            } else {
                w.to_string()
            };
            let span_end = clause_end(ctx, k, para);
            // Subject between the quote and the verb: a person before an organisation.
            let names: Vec<_> = (qb..k).filter_map(|j| name_at(ctx, j)).collect();
            let person = names.iter().find(|n| is_person(ctx, n.2)).or(names.first());
            if let Some((name, g, _, _)) = person {
                return Found::new(Some((name.clone(), *g)), Ev::Named, Some(cue))
                    .over(ctx, qb, span_end);
            }
            if let Some(place) = place_as_subject(ctx, qb, k) {
                return Found::new(Some((place, Gender::Neuter)), Ev::Named, Some(cue))
                    .over(ctx, qb, span_end);
            }
            for j in qb..k {
                if let Some(g) = pronoun_gender(word(ctx, j)) {
                    let mut f = resolve_pronoun(ctx, g, qa, qa, speakers);
                    f.cue = Some(cue);
                    return f.over(ctx, qb, span_end);
                }
            }
            if let Some((_, g)) = description(ctx, qb, k) {
                let mut f = resolve_description(ctx, g, qa, qa, speakers);
                f.cue = Some(cue);
                return f.over(ctx, qb, span_end);
            }
            // "told AFP": the name after "told" is who listened, not who spoke.
            let addressee = matches!(cue.as_str(), "told" | "tells" | "telling");
            let from = k + if according { 2 } else { 1 };
            let speaker = (!addressee)
                .then(|| name_following(ctx, from, para))
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
                if speaker.is_none() && !addressee {
                    // `said the Republican candidate`
                    if let Some((_, g)) = description(ctx, from, (from + 6).min(span_end)) {
                        let mut f = resolve_description(ctx, g, qa, qa, speakers);
                        f.cue = Some(cue);
                        return f.over(ctx, qb, span_end);
                    }
                }
                return Found::new(speaker, Ev::Named, Some(cue)).over(ctx, qb, span_end);
            }
            break;
        }
        k += 1;
    }
    Found::default()
}

/// `“…,” the White House said`, `“…,” Moscow said`: a place named as the whole subject of
/// the speech verb stands for those who speak for it, as news uses it; it is what the text
/// states, and what a reader expects to see as the speaker.
fn place_as_subject(ctx: &Ctx, from: usize, verb: usize) -> Option<String> {
    let first = from + usize::from(word(ctx, from).eq_ignore_ascii_case("the"));
    let start = ctx.tokens.get(first)?.start;
    let i = ctx.entities.partition_point(|e| e.range.end <= start);
    let place = ctx
        .entities
        .get(i)
        .filter(|e| e.range.start == start && e.label == Label::Place)?;
    let after = ctx.tokens.partition_point(|t| t.start < place.range.end);
    if after != verb {
        return None;
    }
    ctx.text.get(place.range.clone()).map(str::to_string)
}

/// An unattributed quote followed by a sentence that opens with its speaker: `“…”` / `As Heald
/// told the Post, …`, `Allton said he …`.
pub(in crate::analysis) fn next_sentence(ctx: &Ctx, qb: usize) -> Found {
    let Some(first) = ctx.tokens.get(qb) else {
        return Found::default();
    };
    if !first.forced_cap {
        return Found::default();
    }
    let end = (qb + 6).min(ctx.tokens.len());
    for k in qb..end {
        if let Some((name, g, first, last)) = name_at(ctx, k) {
            if !is_person(ctx, first) {
                return Found::default();
            }
            let verb = (last..(last + 2).min(ctx.tokens.len()))
                .find(|&v| is_verb(&ctx.tokens[v], ctx.text));
            return match verb {
                Some(v) => Found::new(Some((name, g)), Ev::Named, Some(word(ctx, v).to_string()))
                    .over(ctx, k, v + 1),
                None => Found::default(),
            };
        }
    }
    Found::default()
}
