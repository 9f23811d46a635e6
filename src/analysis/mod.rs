//! Named entities and quotes with their speakers, as pure functions of an article's text.
//!
//! Rules and gazetteers instead of a statistical model: the product must run anywhere without
//! an ML runtime, analyse a whole corpus faster than it can be read from disk, and explain every
//! span it colours (a rule can be read; a weight cannot). The price is recall on unusual names,
//! which the evaluation in the README measures rather than guesses.
//!
//! The pipeline, each step a module: `tokens` (words, sentences, headline case) →
//! `numeric` with `units` (DATE, QUANTITY: they claim their words first, so "May 2015" is
//! never a woman) → `quotes` (quoted spans and their kind) → `entities` (capitalised runs,
//! cut and classified by `phrases` with the `gazetteer` lists, then `article`, an article-wide
//! pass for short forms and one label per name) → `speakers` with `attribution` and `coref`
//! (who said each quote, and on what evidence). `jsonl` is the `presscut analyze` command.
//!
//! Ranges are byte offsets into the analysed text, always on char boundaries; they become
//! Unicode code-point offsets only in the JSON output.

mod article;
mod attribution;
mod coref;
mod defaults;
mod entities;
mod gazetteer;
pub mod jsonl;
mod numeric;
mod phrases;
mod quotes;
mod speakers;
mod tokens;
mod units;

use std::ops::Range;

/// What an entity is. The set is DESIGN.md §3's.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Label {
    Person,
    Org,
    Place,
    /// Nationalities, religious and political groups: "Russian", "Ukrainians".
    Group,
    Event,
    Date,
    Quantity,
}

impl Label {
    /// The contract name used in JSON output (`PERSON`, `ORG`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Place => "PLACE",
            Label::Group => "GROUP",
            Label::Event => "EVENT",
            Label::Date => "DATE",
            Label::Quantity => "QUANTITY",
        }
    }
}

impl Label {
    /// The label a user names: the contract name or the word, any case (`person`, `LOC`).
    pub fn from_name(name: &str) -> Option<Label> {
        Some(match name.trim().to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => Label::Person,
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Label::Org,
            "PLACE" | "LOC" | "GPE" | "LOCATION" => Label::Place,
            "GROUP" | "NORP" => Label::Group,
            "EVENT" => Label::Event,
            "DATE" => Label::Date,
            "QUANTITY" => Label::Quantity,
            _ => return None,
        })
    }

    pub const ALL: [Label; 7] = [
        Label::Person,
        Label::Org,
        Label::Place,
        Label::Group,
        Label::Event,
        Label::Date,
        Label::Quantity,
    ];
}

/// Who stands behind an entity or a quote's speaker: the rules, or a person's correction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Source {
    #[default]
    Machine,
    User,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Byte range into the analysed text.
    pub range: Range<usize>,
    pub label: Label,
    pub source: Source,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    /// Reported speech standing as its own sentence or clause.
    Direct,
    /// A fragment of someone's words inside the writer's own sentence.
    Partial,
    /// Not speech: scare quotes, titles, names.
    Other,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Other => "other",
        }
    }
}

/// What in the text supports a quote's speaker, strongest first. A reader can show a name the
/// text states and hide one the analysis only infers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpeakerEvidence {
    /// The attribution names the speaker: `“…,” Borger asked`, `said Sen. Marco Rubio`.
    Named,
    /// `he`/`she` in the attribution, resolved to the subject of its sentence or the one before.
    Pronoun,
    /// A title or description in the attribution (`the senator said`), resolved the same way.
    Description,
    /// No attribution of its own: the quote continues the paragraph of an attributed speaker.
    Continued,
    /// The nearest plausible person, with nothing in the attribution to confirm it.
    Guess,
}

impl SpeakerEvidence {
    /// The contract name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerEvidence::Named => "named",
            SpeakerEvidence::Pronoun => "pronoun",
            SpeakerEvidence::Description => "description",
            SpeakerEvidence::Continued => "continued",
            SpeakerEvidence::Guess => "guess",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Byte range including the quotation marks; a quote over several paragraphs runs from the
    /// first opening mark to the last closing one.
    pub range: Range<usize>,
    /// The speaker's name as the article gives it in full ("Maria Zakharova" even where the
    /// attribution says "she" or "Zakharova").
    pub speaker: Option<String>,
    /// The speech verb ("said", "wrote", "according to").
    pub cue: Option<String>,
    pub kind: QuoteKind,
    /// How the text supports `speaker`; `None` exactly when there is no speaker.
    pub evidence: Option<SpeakerEvidence>,
    /// Byte range of the attribution in the text (`she said in a statement`, `Borger asked`),
    /// so that a reader can put a label after it rather than inside the sentence.
    pub attribution: Option<Range<usize>>,
    /// `User` when a person set or cleared the speaker (or marked the quote).
    pub source: Source,
}

/// Everything found in one text. Entities are sorted and never overlap each other; quotes are
/// sorted by start and may contain entities and (nested quotes) each other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
}

impl Analysis {
    /// The words of `text` found with `label`, in order (for people reading results, and tests).
    pub fn texts<'t>(&self, text: &'t str, label: Label) -> Vec<&'t str> {
        self.entities
            .iter()
            .filter(|e| e.label == label)
            .filter_map(|e| text.get(e.range.clone()))
            .collect()
    }
}

/// The sentences of a text as byte ranges, from the first token to the last (the reader's
/// sentence motions and "select the sentence" use the analyser's own idea of where a sentence
/// ends, so `Gen.` or `U.S.` does not cut one).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut current: Option<u32> = None;
    for token in tokens::tokenize(text) {
        match spans.last_mut() {
            Some(last) if current == Some(token.sentence) => last.end = token.end,
            _ => {
                spans.push(token.start..token.end);
                current = Some(token.sentence);
            }
        }
    }
    spans
        .into_iter()
        .flat_map(|s| split_after_initialism(text, s))
        .collect()
}

/// Words that begin a sentence rather than continue a name: after `D.C.` or `U.S.` the
/// tokenizer keeps a sentence open (`U.S. President` goes on), but `U.S. The` does not.
const SENTENCE_STARTERS: &[&str] = &[
    "A", "After", "An", "And", "At", "But", "He", "Her", "His", "However", "I", "In", "It", "Its",
    "On", "She", "That", "The", "Their", "There", "These", "They", "This", "Those", "We", "When",
];

fn split_after_initialism(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(span.clone()) else {
        return vec![span];
    };
    let mut out = Vec::new();
    let mut start = span.start;
    for (i, _) in slice.match_indices(". ") {
        let next = slice[i + 2..].trim_start();
        let word: &str = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if SENTENCE_STARTERS.contains(&word) {
            let end = span.start + i + 1;
            let next_start = span.start + slice.len() - next.len();
            if end > start {
                out.push(start..end);
            }
            start = next_start;
        }
    }
    if span.end > start {
        out.push(start..span.end);
    }
    out
}

/// Analyses one article's text. Pure and thread-safe: the gazetteers are built once, on first
/// use, and shared.
pub fn analyze(text: &str) -> Analysis {
    let tokens = tokens::tokenize(text);
    let spans = quotes::find(text, &tokens);
    let numeric = numeric::find(text, &tokens);
    let names = entities::find(text, &tokens, &numeric, &spans);
    let mut entities: Vec<Entity> = numeric.into_iter().chain(names.entities).collect();
    entities.sort_by_key(|e| (e.range.start, e.range.end));
    entities.dedup_by(|b, a| b.range.start < a.range.end);
    let quotes = speakers::attribute(text, &tokens, &entities, &names.people, spans);
    Analysis { entities, quotes }
}

/// Parses the gazetteers now rather than on the first `analyze` call.
pub fn warm_up() {
    gazetteer::warm_up();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_but_not_at_titles_and_end_after_an_initialism_before_the() {
        let text = "Gen. Müller arrived in Washington D.C. The talks began. “Wir sind da,” sagte er.\n\nU.S. President Lee spoke.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "Gen. Müller arrived in Washington D.C.",
                "The talks began.",
                "“Wir sind da,” sagte er.",
                "U.S. President Lee spoke."
            ]
        );
    }

    fn check_invariants(text: &str) -> Analysis {
        let a = analyze(text);
        let mut last_end = 0;
        for e in &a.entities {
            assert!(e.range.start < e.range.end, "empty entity in {text:?}");
            assert!(
                e.range.start >= last_end,
                "overlap in {text:?}: {:?}",
                a.entities
            );
            assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            last_end = e.range.end;
        }
        for q in &a.quotes {
            assert!(q.range.start < q.range.end && q.range.end <= text.len());
            assert!(text.is_char_boundary(q.range.start) && text.is_char_boundary(q.range.end));
        }
        a
    }

    fn found(text: &str, a: &Analysis, label: Label) -> Vec<String> {
        a.texts(text, label)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let many_open = "“".repeat(10_000);
        let many_straight = "\"a ".repeat(5_000);
        // Shapes that were quadratic before their scans got bounded.
        let long_run = "Paris ".repeat(20_000);
        let long_sentence = "John went \"a b c d e\" and ".repeat(5_000);
        let many_pronouns = "Mary Jones arrived. \"We are here,\" he said. ".repeat(5_000);
        for text in [
            "",
            "\"",
            "“",
            "’",
            "'",
            "«",
            "“a ‘b” c’",
            "‘a “b’ c”",
            "”backwards“",
            "\n\n\n",
            "...",
            "Mr.",
            "$",
            "$ million",
            "more than",
            many_open.as_str(),
            many_straight.as_str(),
            long_run.as_str(),
            long_sentence.as_str(),
            many_pronouns.as_str(),
        ] {
            check_invariants(text);
        }
    }

    /// Random soup of the characters the rules react to: no panic, spans stay valid.
    #[test]
    fn random_texts_keep_the_invariants() {
        let alphabet: Vec<char> =
            "aZ Mr. Gen. “”‘’\"'«»$%0123456789,:;!?\n\n-–—()[]東😀é\u{301}\tMay Friday \
                                   said he she Ann Lee of the Ministry U.S. 300 grams"
                .chars()
                .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..(state % 80) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            check_invariants(&text);
        }
    }

    #[test]
    fn non_ascii_text_keeps_exact_spans() {
        let text = "東京で 😀 “Ça va,” said Zoë Ünal, adding that José Martínez visited Paris on \
                    Friday. 👩‍👩‍👧 e\u{301}lan “Crème brûlée is 20 % cheaper,” she said.";
        let a = check_invariants(text);
        assert!(found(text, &a, Label::Place).contains(&"Paris".to_string()));
        assert!(found(text, &a, Label::Date).contains(&"Friday".to_string()));
        assert!(found(text, &a, Label::Person).contains(&"José Martínez".to_string()));
        assert_eq!(a.quotes.len(), 2);
        assert_eq!(&text[a.quotes[0].range.clone()], "“Ça va,”");
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Zoë Ünal"));
    }

    #[test]
    fn sentence_initial_words_are_not_names() {
        let text = "Authorities believe the bomb was small. The attack happened at night.";
        let a = check_invariants(text);
        assert!(
            found(text, &a, Label::Person).is_empty(),
            "{:?}",
            a.entities
        );
        assert!(found(text, &a, Label::Org).is_empty(), "{:?}", a.entities);
    }

    #[test]
    fn nested_and_multi_paragraph_quotes() {
        let text = "“We are close, but the man with ‘no cards to play’ must act,” he said.\n\n\
                    “This is the first part.\n\n“And this is the second,” she said.";
        let a = check_invariants(text);
        let spans: Vec<&str> = a.quotes.iter().map(|q| &text[q.range.clone()]).collect();
        assert!(spans.contains(&"‘no cards to play’"), "{spans:?}");
        assert!(
            spans.contains(&"“This is the first part.\n\n“And this is the second,”"),
            "{spans:?}"
        );
    }

    #[test]
    fn one_paragraph_per_line_text_keeps_quotes_to_their_paragraph() {
        // Without blank lines, each line is a paragraph: an unclosed mark on one line does not
        // swallow the next, and a continuing quote takes the speaker of its own paragraph.
        let text = "Mayor Dora Kemp spoke on Monday.\n“We will fix the roads,” Kemp said.\n\
                    “And the bridges too.”\nThe council met on Tuesday with \"no plan at all.\n\
                    Nobody said why it took so long, and nobody asked.";
        let a = check_invariants(text);
        let spans: Vec<&str> = a.quotes.iter().map(|q| &text[q.range.clone()]).collect();
        assert_eq!(
            spans,
            ["“We will fix the roads,”", "“And the bridges too.”"]
        );
        assert_eq!(a.quotes[1].speaker.as_deref(), Some("Dora Kemp"));
    }
}
