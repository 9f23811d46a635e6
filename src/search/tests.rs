use std::collections::BTreeSet;
use std::path::PathBuf;

use super::*;
use crate::model::{Article, ArticleId, Origin};

#[test]
fn typos_by_omission_and_case_still_match() {
    assert!(fuzzy_score("Crimea annexation", "crim").is_some());
    assert!(fuzzy_score("Zelensky", "zlsk").is_some());
    assert!(fuzzy_score("Überwachung", "über").is_some());
    assert!(fuzzy_score("economy", "xyz").is_none());
    let exact = fuzzy_score("russia", "russia").unwrap();
    let spread = fuzzy_score("r-u-s-s-i-a", "russia").unwrap();
    assert!(exact > spread);
}

fn article(title: &str, date: &str, author: &str, outlet: &str, body: &str) -> Article {
    Article {
        id: ArticleId::of_body(body),
        origin: Origin {
            path: PathBuf::from(format!("{title}.txt")),
            line: None,
        },
        title: title.into(),
        date: Some(date.into()),
        authors: vec![author.into()],
        outlet: Some(outlet.into()),
        url: None,
        source_id: None,
        body: body.into(),
    }
}

/// Newest first, like the corpus the app loads.
fn corpus() -> Vec<Article> {
    vec![
        article(
            "Talks stall in Riyadh",
            "2025-04-26",
            "Kyle Anzalone",
            "Antiwar.com",
            "Steve Witkoff met officials. Zelenskyy said the ceasefire must hold.\n\nThe Kremlin disagreed.",
        ),
        article(
            "Zelensky visits Brussels",
            "2025-03-10",
            "Ana Núñez",
            "Le Monde",
            "The president met leaders of the European Union in Brussels.",
        ),
        article(
            "Markets calm",
            "2025-02-01",
            "Mei Chen",
            "Reuters",
            "Analysts cited Moskalik, a general, and said Zelensky's plan helped. São Paulo traders agreed.",
        ),
        article(
            "Weather report",
            "2024-12-24",
            "Jan Kowalski",
            "Der Spiegel",
            "Snow in Kyiv. Maria Zakharova said nothing about the weather. The exact phrase appears here.",
        ),
    ]
}

fn titles(articles: &[Article], outcome: &Outcome) -> Vec<String> {
    outcome
        .hits
        .iter()
        .map(|&(d, _)| articles[d].title.clone())
        .collect()
}

fn search(articles: &[Article], text: &str) -> Outcome {
    let index = SearchIndex::build(articles, &Default::default());
    Searcher::default().run(&index, articles, &Query::parse(text), &NoFacts)
}

#[test]
fn partial_and_misspelt_names_find_what_the_reader_meant() {
    let articles = corpus();
    assert_eq!(
        titles(&articles, &search(&articles, "moskalk")),
        ["Markets calm"]
    );
    assert_eq!(
        titles(&articles, &search(&articles, "witkof")),
        ["Talks stall in Riyadh"]
    );
    let zelensk = search(&articles, "zelensk");
    assert_eq!(zelensk.hits.len(), 3, "Zelensky and Zelenskyy both found");
    assert!(zelensk.terms.contains("zelensky") && zelensk.terms.contains("zelenskyy"));
    // One typo (a swap) still finds the word.
    assert_eq!(
        titles(&articles, &search(&articles, "zakharvoa")),
        ["Weather report"]
    );
    // Accents need not be typed.
    assert_eq!(
        titles(&articles, &search(&articles, "sao paulo")),
        ["Markets calm"]
    );
    assert!(search(&articles, "qqqq").hits.is_empty());
}

#[test]
fn title_hits_rank_first_then_newer() {
    let articles = corpus();
    let got = titles(&articles, &search(&articles, "zelensky"));
    assert_eq!(
        got[0], "Zelensky visits Brussels",
        "title beats body: {got:?}"
    );
    let got = titles(&articles, &search(&articles, "brussels"));
    assert_eq!(got, ["Zelensky visits Brussels"]);
}

#[test]
fn exact_words_beat_fuzzy_ones() {
    let articles = vec![
        article(
            "One",
            "2025-01-02",
            "A",
            "X",
            "The general spoke at length about the markets.",
        ),
        article(
            "Two",
            "2025-01-01",
            "A",
            "X",
            "The generalissimo spoke at length about the markets.",
        ),
    ];
    let got = titles(&articles, &search(&articles, "general"));
    assert_eq!(got, ["One", "Two"]);
    // Even when the fuzzy one is newer.
    let articles = vec![articles[1].clone(), articles[0].clone()];
    assert_eq!(
        titles(&articles, &search(&articles, "general")),
        ["One", "Two"]
    );
}

#[test]
fn rarer_words_weigh_more() {
    // "news" is everywhere, "moskalik" in two articles: repeating the rare word counts more.
    let mut articles: Vec<Article> = (0..6)
        .map(|i| {
            article(
                &format!("Common {i}"),
                "2025-01-01",
                "A",
                "X",
                &format!("ceasefire news {i}"),
            )
        })
        .collect();
    articles.push(article(
        "Common word twice",
        "2025-01-01",
        "A",
        "X",
        "moskalik news news",
    ));
    articles.push(article(
        "Rare word twice",
        "2024-01-01",
        "A",
        "X",
        "moskalik moskalik news",
    ));
    let got = titles(&articles, &search(&articles, "news moskalik"));
    assert_eq!(got, ["Rare word twice", "Common word twice"]);
}

#[test]
fn words_are_anded_and_minus_excludes() {
    let articles = corpus();
    assert_eq!(
        titles(&articles, &search(&articles, "zelensky brussels")),
        ["Zelensky visits Brussels"]
    );
    let got = titles(&articles, &search(&articles, "zelensky -brussels"));
    assert_eq!(got.len(), 2);
    assert!(!got.contains(&"Zelensky visits Brussels".to_string()));
}

#[test]
fn quoted_phrases_match_literally() {
    let articles = corpus();
    assert_eq!(
        titles(&articles, &search(&articles, "\"exact phrase\"")),
        ["Weather report"]
    );
    assert!(search(&articles, "\"phrase exact\"").hits.is_empty());
    // A phrase made only of stopwords is still checked literally.
    assert_eq!(
        titles(&articles, &search(&articles, "\"the weather\"")),
        ["Weather report"]
    );
    let got = titles(&articles, &search(&articles, "-\"the kremlin\""));
    assert_eq!(got.len(), 3);
}

#[test]
fn metadata_filters_narrow_and_compose_with_words() {
    let articles = corpus();
    assert_eq!(
        titles(&articles, &search(&articles, "by:nunez")),
        ["Zelensky visits Brussels"]
    );
    assert_eq!(
        titles(&articles, &search(&articles, "from:reuters")),
        ["Markets calm"]
    );
    assert_eq!(
        titles(&articles, &search(&articles, "date:2025-01..2025-03")),
        ["Zelensky visits Brussels", "Markets calm"]
    );
    assert_eq!(
        titles(&articles, &search(&articles, "date:2024")),
        ["Weather report"]
    );
    assert_eq!(
        titles(&articles, &search(&articles, "zelensky date:2025-04")),
        ["Talks stall in Riyadh"]
    );
    assert_eq!(
        titles(&articles, &search(&articles, "zelensky -from:\"le monde\"")).len(),
        2
    );
}

struct FakeFacts;

impl Facts for FakeFacts {
    fn has_tag(&self, doc: usize, tag: &str) -> bool {
        doc == 2 && tag == "économie"
    }
    fn tag_count(&self, doc: usize) -> usize {
        usize::from(doc == 2)
    }
    fn is_read(&self, doc: usize) -> bool {
        doc == 0
    }
    fn has_note(&self, doc: usize) -> bool {
        doc == 3
    }
    fn naming(&self, name: &str) -> Option<Vec<usize>> {
        (name == "Maria Zakharova").then(|| vec![3])
    }
}

#[test]
fn store_and_entity_filters_use_the_facts() {
    let articles = corpus();
    let index = SearchIndex::build(&articles, &Default::default());
    let run = |q: &str| {
        let outcome = Searcher::default().run(&index, &articles, &Query::parse(q), &FakeFacts);
        outcome.hits.iter().map(|h| h.0).collect::<Vec<_>>()
    };
    assert_eq!(run("tag:économie"), [2]);
    assert_eq!(run("-tag:économie"), [0, 1, 3]);
    assert_eq!(run("is:unread"), [1, 2, 3]);
    assert_eq!(run("is:read"), [0]);
    assert_eq!(run("is:tagged"), [2]);
    assert_eq!(run("is:untagged"), [0, 1, 3]);
    assert_eq!(run("has:note"), [3]);
    assert_eq!(run("who:\"Maria Zakharova\""), [3]);
    assert_eq!(run("zelensky is:unread"), [1, 2]);
}

#[test]
fn parser_reads_every_filter_quoting_and_negation() {
    let q = Query::parse("zelensky -russia \"exact phrase\" tag:x -tag:y by:anzalone from:\"Le Monde\" date:2025-04 date:2025-01..2025-03 who:\"Maria Zakharova\" is:unread is:tagged has:note");
    assert!(q.errors.is_empty(), "{:?}", q.errors);
    let kinds: Vec<(bool, ClauseKind)> =
        q.clauses.into_iter().map(|c| (c.negated, c.kind)).collect();
    let range = |f: &str, t: &str| DateRange {
        from: Some(f.into()),
        to: Some(t.into()),
    };
    assert_eq!(
        kinds,
        [
            (false, ClauseKind::Word("zelensky".into())),
            (true, ClauseKind::Word("russia".into())),
            (false, ClauseKind::Phrase("exact phrase".into())),
            (false, ClauseKind::Tag("x".into())),
            (true, ClauseKind::Tag("y".into())),
            (false, ClauseKind::Author("anzalone".into())),
            (false, ClauseKind::Outlet("Le Monde".into())),
            (false, ClauseKind::Date(range("2025-04", "2025-04"))),
            (false, ClauseKind::Date(range("2025-01", "2025-03"))),
            (false, ClauseKind::Who("Maria Zakharova".into())),
            (false, ClauseKind::Is(State::Unread)),
            (false, ClauseKind::Is(State::Tagged)),
            (false, ClauseKind::Is(State::Noted)),
        ]
    );
}

#[test]
fn parser_keeps_unicode_and_colons_inside_quotes() {
    let q = Query::parse("  Δελφοί  \"note: 北京\"  tag:économie  10:30 -");
    assert!(q.errors.is_empty(), "{:?}", q.errors);
    let kinds: Vec<ClauseKind> = q.clauses.into_iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ClauseKind::Word("Δελφοί".into()),
            ClauseKind::Phrase("note: 北京".into()),
            ClauseKind::Tag("économie".into()),
            ClauseKind::Word("10:30".into()),
        ]
    );
    // An unclosed quote is a phrase still being typed.
    assert_eq!(
        Query::parse("\"half typ").clauses[0].kind,
        ClauseKind::Phrase("half typ".into())
    );
}

#[test]
fn parser_explains_what_it_cannot_use_and_keeps_the_rest() {
    let q =
        Query::parse("zelensky colour:red date:2025-13 is:maybe tag: date:2025-05..2025-01 \"\"");
    assert_eq!(q.clauses.len(), 1, "the word still applies");
    assert_eq!(q.errors.len(), 6, "{:?}", q.errors);
    assert!(q.errors[0].contains("unknown filter colour:") && q.errors[0].contains("tag:"));
    assert!(q.errors[1].contains("bad date \"2025-13\""));
    assert!(q.errors[2].contains("is:unread"));
    assert!(q.errors[3].contains("tag: needs"));
    assert!(q.errors[4].contains("ends before it starts"));
    assert!(q.errors[5].contains("empty phrase"));
    for bad in [
        "date:",
        "date:..",
        "date:25-01",
        "date:2025-02-32",
        "date:2025/01",
    ] {
        assert_eq!(Query::parse(bad).errors.len(), 1, "{bad}");
    }
    let open = Query::parse("date:2025-02.. date:..2024");
    assert!(open.errors.is_empty());
}

#[test]
fn date_ranges_cover_whole_periods() {
    let r = DateRange {
        from: Some("2025-01".into()),
        to: Some("2025-03".into()),
    };
    assert!(r.contains("2025-01-01") && r.contains("2025-03-31"));
    assert!(!r.contains("2024-12-31") && !r.contains("2025-04-01"));
    let day = DateRange {
        from: Some("2025-04-26".into()),
        to: Some("2025-04-26".into()),
    };
    assert!(day.contains("2025-04-26") && !day.contains("2025-04-27"));
}

#[test]
fn highlights_cover_matched_words_and_phrases_in_any_script() {
    let terms: BTreeSet<String> = ["zelensky", "sao", "北京"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let text = "ZELENSKY met São Paulo traders in 北京; Zelenskyy's aide said an exact phrase.";
    let ranges = match_ranges(text, &terms, &["EXACT phrase".into()]);
    let got: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(got, ["ZELENSKY", "São", "北京", "exact phrase"]);
}

#[test]
fn matched_terms_per_article_are_reported() {
    let articles = corpus();
    let index = SearchIndex::build(&articles, &Default::default());
    let outcome = Searcher::default().run(&index, &articles, &Query::parse("zelensk"), &NoFacts);
    let first = outcome.hits[0].0;
    assert_eq!(outcome.terms_in(&articles[first]), ["zelensky"]);
    assert_eq!(outcome.terms_in(&articles[0]), ["zelenskyy"]);
}

#[test]
fn titles_only_index_searches_titles_and_says_so() {
    let articles = corpus();
    let index = SearchIndex::build_titles(&articles);
    let outcome = Searcher::default().run(&index, &articles, &Query::parse("brussels"), &NoFacts);
    assert_eq!(titles(&articles, &outcome), ["Zelensky visits Brussels"]);
    assert!(outcome.messages.iter().any(|m| m.contains("titles only")));
    assert!(!index.has_bodies());
}

#[test]
fn a_pasted_wall_of_text_is_cut_to_a_bounded_query_with_a_message() {
    let articles = corpus();
    let many: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
    let q = Query::parse(&many.join(" "));
    assert_eq!(q.clauses.len(), 32);
    assert!(
        q.errors[0].contains("only the first 32 of 100"),
        "{:?}",
        q.errors
    );
    // Punctuation-joined words inside one token are bounded too.
    let outcome = search(&articles, &vec!["zelensky"; 1000].join(","));
    assert!(outcome
        .messages
        .iter()
        .any(|m| m.contains("only the first 32 of 1000 words")));
    assert_eq!(outcome.hits.len(), 3);
}

#[test]
fn apostrophes_match_whichever_way_they_were_typed() {
    let articles = vec![
        article(
            "Curly",
            "2016-01-02",
            "A",
            "X",
            "O’Malley said they don’t agree.",
        ),
        article(
            "Straight",
            "2016-01-01",
            "B",
            "Y",
            "O'Malley said they don't agree.",
        ),
    ];
    for query in ["\"don't agree\"", "\"don’t agree\"", "O'Malley", "O’Malley"] {
        let mut got = titles(&articles, &search(&articles, query));
        got.sort();
        assert_eq!(got, ["Curly", "Straight"], "{query}");
    }
    let terms = BTreeSet::new();
    let text = "They don’t.";
    let got = match_ranges(text, &terms, &["don't".to_string()]);
    assert_eq!(got.first(), Some(&(5..12)));
    assert_eq!(got.len(), 1);
    assert_eq!(tokens::apostrophe_variants("a'b").len(), 4);
}

#[test]
fn typing_a_query_key_by_key_ranks_as_a_fresh_search_would() {
    // One searcher kept across keystrokes (as the reader keeps it) resumes from the words
    // before the last; every prefix must still get exactly the fresh answer.
    let articles = corpus();
    let index = SearchIndex::build(&articles, &Default::default());
    let mut typing = Searcher::default();
    for query in [
        "zelensky said ceasefire",
        "\"exact phrase\" kyiv zakharova",
        "said the president",
        "met -kremlin leaders",
    ] {
        for end in 1..=query.len() {
            let typed = Query::parse(&query[..end]);
            let kept = typing.run(&index, &articles, &typed, &NoFacts);
            let fresh = Searcher::default().run(&index, &articles, &typed, &NoFacts);
            assert_eq!(kept, fresh, "after typing {:?}", &query[..end]);
        }
    }
}

#[test]
fn a_searcher_never_answers_from_another_index() {
    // Same number of articles, different words: what the searcher remembered of the first
    // index must not leak into answers from the second.
    let first = corpus();
    let mut second = corpus();
    for article in &mut second {
        article.body = article.body.replace("said", "wrote").into();
    }
    let mut searcher = Searcher::default();
    let first_index = SearchIndex::build(&first, &Default::default());
    let second_index = SearchIndex::build(&second, &Default::default());
    let said = searcher.run(&first_index, &first, &Query::parse("said zak"), &NoFacts);
    assert_eq!(titles(&first, &said), ["Weather report"]);
    let typed = Query::parse("said zakh");
    let outcome = searcher.run(&second_index, &second, &typed, &NoFacts);
    assert!(outcome.hits.is_empty(), "{:?}", titles(&second, &outcome));
}

#[test]
fn halves_scored_on_two_threads_answer_as_one_pass_does() {
    // One segment per article: the corpus is cut in two halves, each scored on its own thread,
    // and typing resumes each half from its own memo.
    let articles = corpus();
    let halved = SearchIndex::build_with(&articles, true, &Default::default(), 1);
    let whole = SearchIndex::build(&articles, &Default::default());
    let mut typing = Searcher::always_parallel();
    for query in [
        "zelensky said ceasefire",
        "the president met",
        "\"exact phrase\" kyiv",
    ] {
        for end in 1..=query.len() {
            let typed = Query::parse(&query[..end]);
            let kept = typing.run(&halved, &articles, &typed, &NoFacts);
            let fresh = Searcher::default().run(&whole, &articles, &typed, &NoFacts);
            assert_eq!(kept, fresh, "after typing {:?}", &query[..end]);
        }
    }
    assert!(!search(&articles, "said").hits.is_empty());
}
