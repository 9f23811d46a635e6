//! Who said each quote: the attribution around it (`attribution`), pronouns and descriptions
//! resolved to a person (`coref`), and quotes without an attribution of their own.
//!
//! Every speaker carries its evidence. A quote with no attribution that continues a speaker's
//! paragraph inherits that speaker, as readers do; one that only sits near a reporting
//! sentence gets that sentence's subject as a guess. A wrong name shown as fact misleads a
//! reader more than a missing one, so the reader can hide guesses while `analyze` keeps them
//! for scripts that want recall.

use super::attribution::{
    after, before, dash_signature, named_right_after, next_sentence, previous_paragraph, Found,
};
use super::coref::{aliases, outermost, Ctx};
use super::entities::Mention;
use super::gazetteer::Gender;
use super::tokens::Token;
use super::{Entity, Quote, QuoteKind, SpeakerEvidence};

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
    // Whether the last attributed quote's speaker was only a guess: a quote continuing it is
    // no surer than it.
    let mut last_guessed = false;
    // Where the last attributed quote and its attribution end: what follows is new text.
    let mut attributed_until = 0;
    for q in &mut quotes {
        if q.kind == QuoteKind::Other {
            continue;
        }
        let qa = tokens.partition_point(|t| t.start < q.range.start);
        let qb = tokens.partition_point(|t| t.start < q.range.end);
        let para_a = tokens.get(qa).map_or(0, |t| t.paragraph);
        let para_b = tokens.get(qb.saturating_sub(1)).map_or(0, |t| t.paragraph);
        // `He said, “…”` is attributed before the quote; `“….” After the match, X said` is
        // a new sentence about the next quote, unless it is only the speaker's name and verb
        // (`“…?” Borger asked`). Otherwise the cue after the quote comes first.
        let lead = text.get(..q.range.start).unwrap_or("").trim_end();
        let introduced = lead.ends_with([':', ',']);
        let inner = text
            .get(q.range.clone())
            .unwrap_or("")
            .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', '\u{201C}', '\u{00BB}']);
        let closed_sentence = inner.ends_with(['.', '!', '?']);
        let question = inner.ends_with(['!', '?']);
        let next_cap = tokens.get(qb).is_some_and(|t| t.cap);
        let opens_next = closed_sentence && next_cap && !named_right_after(&ctx, qb, question);
        let mut found = Found::default();
        if introduced {
            found = before(&ctx, qa, para_a, q.kind, &speakers);
        }
        if found.cue.is_none() && !opens_next {
            // An attribution after the quote wins over a name before it without a verb
            // (`Harry Reid: “…”`), which stays when nothing follows.
            let later = after(&ctx, qa, qb, para_b, &speakers);
            if later.cue.is_some() || found.speaker.is_none() {
                found = later;
            }
        }
        if found.cue.is_none() && !introduced {
            found = before(&ctx, qa, para_a, q.kind, &speakers);
        }
        if found.speaker.is_none() && found.cue.is_none() {
            found = dash_signature(&ctx, qb);
        }
        if found.speaker.is_none() && found.cue.is_none() {
            // A quote continuing a speaker's paragraph, or opening the next one.
            if let Some(last) = speakers.last() {
                let starts_para =
                    qa == 0 || tokens.get(qa - 1).is_none_or(|t| t.paragraph != para_a);
                let someone_else = named_between(text, tokens, attributed_until, qa, &last.0);
                if !someone_else && (last.2 == para_a || (starts_para && last.2 + 1 == para_a)) {
                    found.speaker = Some((last.0.clone(), last.1));
                    found.evidence = Some(if last_guessed {
                        SpeakerEvidence::Guess
                    } else {
                        SpeakerEvidence::Continued
                    });
                }
            }
        }
        if found.speaker.is_none() && found.cue.is_none() && q.kind == QuoteKind::Direct {
            found = next_sentence(&ctx, qb);
        }
        if found.speaker.is_none() && found.cue.is_none() && q.kind == QuoteKind::Direct {
            found.speaker = previous_paragraph(&ctx, qa, para_a, &speakers);
            found.evidence = found.speaker.as_ref().map(|_| SpeakerEvidence::Guess);
        }
        if let Some((name, gender)) = &found.speaker {
            speakers.push((name.clone(), *gender, para_b, q.range.end));
            attributed_until = found
                .attribution
                .as_ref()
                .map_or(q.range.end, |a| a.end.max(q.range.end));
            last_guessed = found.evidence == Some(SpeakerEvidence::Guess);
        }
        q.evidence = found.speaker.as_ref().and(found.evidence);
        q.speaker = found.speaker.map(|s| s.0);
        q.cue = found.cue;
        q.attribution = found.attribution;
    }
    quotes
}

/// Whether a capitalised word other than a part of `speaker`'s name or a title stands between
/// byte `from` (the end of the last attributed quote and its attribution) and token `upto`:
/// someone or something else entered the text ("…,” Diaz said. According to a spokesman for
/// the Clinton campaign, … Merkel sagte: „…“), so a quote there does not simply continue the
/// last speaker. Pronouns and the words that open a sentence about the speaker do not count,
/// nor where and on what they spoke (`… said Ryan, R-Wis., in an interview on CNN.`): a name
/// after `on`, `in`, `at`, `from` or `of` is a place or a programme, not someone who spoke.
fn named_between(text: &str, tokens: &[Token], from: usize, upto: usize, speaker: &str) -> bool {
    let start = tokens.partition_point(|t| t.start < from);
    // "KCNA" for the Korean Central News Agency.
    let initials: String = speaker
        .split_whitespace()
        .filter_map(|part| part.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    let mut governed = false;
    tokens.get(start..upto).unwrap_or(&[]).iter().any(|t| {
        let w = t.text(text);
        let after_preposition = governed;
        // A capitalised run stays governed by the preposition before it: `on the Fox News`.
        governed = match w {
            "on" | "in" | "at" | "from" | "of" => true,
            "the" => governed,
            _ => governed && t.cap,
        };
        t.cap
            && !after_preposition
            && !super::gazetteer::is_party_and_state(w)
            && t.kind == super::tokens::Kind::Word
            && !speaker.split_whitespace().any(|part| part == w)
            && w != initials
            && !super::gazetteer::is_title(w)
            && !matches!(
                w,
                "He" | "She"
                    | "They"
                    | "I"
                    | "We"
                    | "It"
                    | "The"
                    | "But"
                    | "And"
                    | "Then"
                    | "Later"
            )
    })
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
    fn a_name_in_an_of_phrase_is_not_the_subject_of_the_attribution() {
        let text = "Yesterday Ann Lee of The Harbour Globe and Ledger called the plan “a slow \
                    disaster”.\n\nIts chairman Ivo Petrak met reporters. The chairman of \
                    Vostrel Inc. said on Monday: “We were not asked.”\n\nMinister of State \
                    Tomas Varga said: “We will answer.”";
        assert_eq!(speaker_of(text, "“a slow").as_deref(), Some("Ann Lee"));
        assert_eq!(speaker_of(text, "“We were").as_deref(), Some("Ivo Petrak"));
        let minister = speaker_of(text, "“We will");
        assert!(
            minister
                .as_deref()
                .is_some_and(|s| s.ends_with("Tomas Varga")),
            "a person after a title's 'of' is the subject: {minister:?}"
        );
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
        // Nor when a description opens the sentence (written for this test, invented names).
        let text = "Ada Brink toured the plant on Monday.\n\nThe billionaire, who has often \
                    praised Tom Albers, said the deal was “a disaster.”";
        assert_eq!(
            speaker_of(text, "“a disaster").as_deref(),
            Some("Ada Brink")
        );
        assert_eq!(evidence_of(text, "“a disaster"), Some("description"));
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

    fn evidence_of(text: &str, quote_start: &str) -> Option<&'static str> {
        analyze(text)
            .quotes
            .into_iter()
            .find(|q| text[q.range.clone()].starts_with(quote_start))
            .and_then(|q| q.evidence.map(|e| e.as_str()))
    }

    #[test]
    fn a_pronoun_is_the_subject_not_the_last_man_named() {
        let text = "Governor Tom Albers phoned Viktor Orlov on Tuesday about the harbour deal.\n\n\
                    “We agreed on nothing,” he said.";
        assert_eq!(
            speaker_of(text, "“We agreed").as_deref(),
            Some("Tom Albers")
        );
        assert_eq!(evidence_of(text, "“We agreed"), Some("pronoun"));
    }

    #[test]
    fn he_or_she_is_never_an_organisation_that_spoke_before() {
        // Written for this test: an invented carmaker and a speech with no man named in it.
        let text = "“Sales fell in every market,” Ostvik Motors said in a statement.\n\n\
                    He pointed to the closure of Ostvik Motors as a warning, but stated that the \
                    group was a “more complex company” than its rival.\n\n\
                    “It will be hard,” it said.";
        assert_eq!(
            speaker_of(text, "“Sales fell").as_deref(),
            Some("Ostvik Motors")
        );
        assert_ne!(
            speaker_of(text, "“more complex").as_deref(),
            Some("Ostvik Motors")
        );
        assert_eq!(
            speaker_of(text, "“It will be hard").as_deref(),
            Some("Ostvik Motors"),
            "“it” can be the company"
        );
    }

    #[test]
    fn the_organisation_a_speaker_belongs_to_is_not_the_speaker() {
        // Written for this test, with invented names.
        let text = "“Orders are up,” said the vice president and chairman of Vostrel Holdings \
                    Ada Brink.\n\n“We expected less,” said the head of Ostvik Motors.";
        assert_eq!(speaker_of(text, "“Orders").as_deref(), Some("Ada Brink"));
        assert_eq!(
            speaker_of(text, "“We expected").as_deref(),
            Some("Ostvik Motors"),
            "with no name after it, the organisation is the nearest thing to a speaker"
        );
    }

    #[test]
    fn a_name_ending_an_of_phrase_is_not_the_speaker() {
        // Written for this test, with invented names; only "Mail" is a name presscut knows.
        let text = "Writing in a blog post, Ana Brink of The Harbour and Mail dubbed the dispute: \
                    “another small skirmish in a long war”.";
        assert_eq!(speaker_of(text, "“another").as_deref(), Some("Ana Brink"));
    }

    #[test]
    fn a_name_after_a_question_wins() {
        let text = "Senator Ruth Calloway spoke first.\n\n\
                    “Why would anyone sign that?” Pemberton asked.";
        assert_eq!(speaker_of(text, "“Why would").as_deref(), Some("Pemberton"));
        assert_eq!(evidence_of(text, "“Why would"), Some("named"));
        // Written for this test, with invented names: the person behind their employer's name.
        let text = "Senator Ruth Calloway spoke first.\n\n\
                    “Is that a plan?” Radio Vostrel's Ida Marsh asked.";
        assert_eq!(speaker_of(text, "“Is that").as_deref(), Some("Ida Marsh"));
    }

    #[test]
    fn where_and_on_what_someone_spoke_does_not_interrupt_their_quotes() {
        // Written for this test, with invented names.
        let text = "“I am not ready,” said Rep. Ada Brink, D-Ore., in an interview on Radio \
                    Vostrel. “Not yet.”\n\n“We agree,” Ida Marsh said. Brink met Tom Albers later. \
                    “It went well.”";
        assert_eq!(speaker_of(text, "“Not yet").as_deref(), Some("Ada Brink"));
        assert_eq!(evidence_of(text, "“Not yet"), Some("continued"));
        assert_ne!(
            evidence_of(text, "“It went"),
            Some("continued"),
            "two other people named since: not a continuation"
        );
    }

    #[test]
    fn a_pronoun_inside_an_earlier_quote_is_not_the_subject() {
        // Written for this test, with invented names.
        let text = "Talks ended.\n\n“We will pass it,” Ada Brink told reporters, adding that \
                    Tom Albers “knows better.”";
        assert_eq!(speaker_of(text, "“knows").as_deref(), Some("Ada Brink"));
        assert_eq!(evidence_of(text, "“knows"), Some("named"));
    }

    #[test]
    fn a_name_before_a_colon_stays_the_speaker_when_nothing_follows_the_quote() {
        // Written for this test, with invented names.
        let text = "Votes were counted on Friday.\n\nSaid Senate Minority Leader Ada Brink: \
                    “This is a sad day.”\n\nCouncillor Tom Albers: “We will appeal.”";
        assert_eq!(speaker_of(text, "“This is").as_deref(), Some("Ada Brink"));
        assert_eq!(speaker_of(text, "“We will").as_deref(), Some("Tom Albers"));
        let cues: Vec<_> = attributions(text).into_iter().map(|a| a.2).collect();
        assert_eq!(cues, [Some("said".to_string()), None]);
    }

    #[test]
    fn a_place_that_is_the_whole_subject_speaks_for_its_government() {
        // Written for this test.
        let text = "Talks stalled on Friday.\n\n“We reject the claim,” Moscow said.\n\n\
                    “The border stays open,” a spokesman in Berlin said.";
        assert_eq!(speaker_of(text, "“We reject").as_deref(), Some("Moscow"));
        assert_eq!(evidence_of(text, "“We reject"), Some("named"));
        assert_eq!(
            speaker_of(text, "“The border"),
            None,
            "a place inside the subject is where, not who"
        );
    }

    #[test]
    fn a_speaker_introduced_later_is_not_used_earlier() {
        let text = "“The figures do not add up,” she wrote in a memo.\n\n\
                    Later that week, Dana Whitfield joined the board.";
        let q = analyze(text).quotes;
        assert_ne!(q[0].speaker.as_deref(), Some("Dana Whitfield"));
    }

    #[test]
    fn descriptions_resolve_to_the_subject() {
        let text = "Sen. Howard Quill toured the plant on Monday.\n\n\
                    “Nobody wants this closed,” the senator said.";
        assert_eq!(speaker_of(text, "“Nobody").as_deref(), Some("Howard Quill"));
        assert_eq!(evidence_of(text, "“Nobody"), Some("description"));
        let text = "“Nobody wants this,” a spokesman told reporters.";
        assert_eq!(speaker_of(text, "“Nobody"), None);
        assert_eq!(evidence_of(text, "“Nobody"), None);
    }

    #[test]
    fn the_attribution_range_covers_the_clause_after_the_quote() {
        let text = "“Fine,” she said in a statement on Monday. Next.";
        let q = &analyze(text).quotes[0];
        let range = q.attribution.clone().expect("an attribution");
        assert_eq!(&text[range], "she said in a statement on Monday");
    }

    #[test]
    fn a_surname_is_the_person_just_named_not_the_one_named_most() {
        let text = "Walter Brandt built the firm. Walter Brandt retired in May.\n\n\
                    His daughter Greta Brandt runs it now. “We will grow,” Brandt said.";
        assert_eq!(
            speaker_of(text, "“We will").as_deref(),
            Some("Greta Brandt")
        );
    }

    #[test]
    fn doubled_apostrophes_and_tweet_credits_get_speakers() {
        let text = "Mayor Dora Kemp spoke. ''Taxes stay low,'' Kemp said.\n\n\
                    “We will fix every road in this town.” — Dora Kemp (@dorakemp) March 3, 2016";
        assert_eq!(speaker_of(text, "''Taxes").as_deref(), Some("Dora Kemp"));
        assert_eq!(
            speaker_of(text, "“We will fix").as_deref(),
            Some("Dora Kemp")
        );
        assert_eq!(evidence_of(text, "“We will fix"), Some("named"));
    }

    #[test]
    fn curly_and_straight_apostrophe_names_speak() {
        let text = "Former governor Martin O’Malley spoke. “We can win,” O’Malley said. \
                    “Count on it,” D'Angelo said.";
        assert_eq!(
            speaker_of(text, "“We can").as_deref(),
            Some("Martin O’Malley")
        );
        assert_eq!(speaker_of(text, "“Count").as_deref(), Some("D'Angelo"));
    }

    #[test]
    fn a_possessor_or_an_affiliation_is_not_the_speaker() {
        let text = "Anna Varga’s campaign manager, Tomas Ostrel, called the remarks “absurd.” \
                    According to a spokesman for the Varga campaign, “the numbers are good.” \
                    Petra Lind’s statement added, “We will appeal.”";
        assert_eq!(speaker_of(text, "“absurd").as_deref(), Some("Tomas Ostrel"));
        assert_eq!(speaker_of(text, "“the numbers"), None);
        // With nobody named after it, the possessor's statement is hers.
        assert_eq!(speaker_of(text, "“We will").as_deref(), Some("Petra Lind"));
    }

    #[test]
    fn a_quote_after_someone_else_enters_the_paragraph_does_not_continue_the_last_speaker() {
        let text = "“We will win,” said Senator Anna Varga. “Count on it.” Brenner sagte: \
                    „Wir schaffen das.“";
        assert_eq!(speaker_of(text, "“Count").as_deref(), Some("Anna Varga"));
        assert_ne!(speaker_of(text, "„Wir").as_deref(), Some("Anna Varga"));
        // Her title and surname in her own attribution do not stop the continuation.
        let text = "“We will win,” Senator Varga said. “Count on it.”";
        assert_eq!(speaker_of(text, "“Count").as_deref(), Some("Varga"));
    }

    #[test]
    fn a_name_that_who_refers_to_is_a_person() {
        let got = super::super::analyze("“It is over,” said Kravel, who chairs the panel.");
        assert!(got
            .entities
            .iter()
            .any(|e| e.label == super::super::Label::Person && e.range.len() == "Kravel".len()));
    }

    #[test]
    fn the_subject_is_sought_in_the_clause_of_the_verb() {
        let text = "The Varga administration declined to comment, and a ministry spokesman, \
                    Tomas Ostrel, said, “We will wait.” Senator Lind said the plan was sound, \
                    and said it was “long overdue.”";
        assert_eq!(
            speaker_of(text, "“We will").as_deref(),
            Some("Tomas Ostrel")
        );
        // Right after ", and" the verb shares the first clause's subject.
        assert_eq!(speaker_of(text, "“long").as_deref(), Some("Lind"));
    }
}
