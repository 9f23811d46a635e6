//! Property-based fuzzing (no nightly needed): the corpus parsers, the analyser, wrapping and
//! sanitising take arbitrary input without panicking and keep their invariants.
//!
//! In the normal test run each property tries a few hundred inputs. For a long run:
//! `PROPTEST_CASES=2000000 timeout 600 cargo test --release --test fuzz_props -- --nocapture`
//! (each property until the time runs out; README "Fuzzing"). Inputs that ever failed are kept
//! below as regression cases.

use std::path::Path;

use presscut::corpus::{parse_bytes, Format};
use proptest::prelude::*;

/// Text that looks like news more often than random bytes do: quotes, capitals, punctuation,
/// newlines, multi-byte characters, and JSON-ish structure.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(" said ".to_string()),
        Just("Maria Zakharova".to_string()),
        Just(" Moscow".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just(" date 2025-04-26 (A, B) ".to_string()),
        Just("---\ntitle: x\n---\n".to_string()),
        Just("{\"text\":".to_string()),
        Just("[".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{202e}".to_string()),
        Just("300 grams".to_string()),
        Just("e\u{301}".to_string()),
        Just("北京".to_string()),
        Just("🎉".to_string()),
        "[a-zA-Z]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        newsish().prop_map(String::into_bytes),
    ]
}

proptest! {
    #[test]
    fn every_parser_accepts_any_bytes(bytes in any_bytes()) {
        for format in [Format::Text, Format::Markdown, Format::Json, Format::JsonLines] {
            let (articles, _warnings) = parse_bytes(Path::new("fuzz.txt"), format, &bytes);
            for a in &articles {
                prop_assert_eq!(a.id.as_str().len(), 12);
                prop_assert!(!a.body.is_empty());
                prop_assert!(!a.body.contains('\r'));
            }
        }
    }

    #[test]
    fn the_analyser_keeps_its_span_invariants(text in newsish()) {
        let analysis = presscut::analysis::analyze(&text);
        let mut last_end = 0;
        for e in &analysis.entities {
            prop_assert!(e.range.start < e.range.end && e.range.end <= text.len());
            prop_assert!(e.range.start >= last_end, "entities overlap");
            prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            last_end = e.range.end;
        }
        for q in &analysis.quotes {
            prop_assert!(q.range.start < q.range.end && q.range.end <= text.len());
            prop_assert!(text.is_char_boundary(q.range.start) && text.is_char_boundary(q.range.end));
        }
    }

    #[test]
    fn wrapping_loses_no_word_and_sanitising_leaves_no_control(text in newsish(), width in 1usize..60) {
        let lines = presscut::app::reader::wrap(&text, width);
        let words: usize = lines.iter().map(Vec::len).sum();
        prop_assert!(words >= text.split_whitespace().count());
        let safe = presscut::text::sanitize(&text);
        prop_assert!(!safe.chars().any(|c| c.is_control()));
    }

    /// The query parser and the search take anything typed: no panic, every hit is a real
    /// article listed once, and highlights fall on character boundaries of the text.
    #[test]
    fn any_query_is_answered_and_highlights_stay_on_char_boundaries(
        query in query_text(),
        body in newsish(),
    ) {
        use presscut::search::{match_ranges, NoFacts, Query, SearchIndex, Searcher};
        let articles = presscut::corpus::parse_bytes(Path::new("a.txt"), Format::Text, body.as_bytes()).0;
        let index = SearchIndex::build(&articles, &Default::default());
        let parsed = Query::parse(&query);
        let outcome = Searcher::default().run(&index, &articles, &parsed, &NoFacts);
        let mut seen: Vec<usize> = outcome.hits.iter().map(|h| h.0).collect();
        prop_assert!(seen.iter().all(|&d| d < articles.len()));
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen.len(), outcome.hits.len());
        for article in &articles {
            for r in match_ranges(&article.body, &outcome.terms, &outcome.phrases) {
                prop_assert!(article.body.is_char_boundary(r.start) && article.body.is_char_boundary(r.end));
                prop_assert!(r.start < r.end);
            }
        }
    }
}

/// What people type into a search line, and what they paste by mistake.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("-".to_string()),
        Just(":".to_string()),
        Just("..".to_string()),
        Just(" ".to_string()),
        Just("tag:".to_string()),
        Just("date:".to_string()),
        Just("who:".to_string()),
        Just("is:".to_string()),
        Just("has:".to_string()),
        Just("by:".to_string()),
        Just("from:".to_string()),
        Just("2025-04".to_string()),
        Just("zakharova".to_string()),
        Just("moscow".to_string()),
        Just("北京".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{1b}[2J".to_string()),
        "[a-z]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}
