//! The formats news comes in (#19), loaded from fixtures written for these tests
//! (`tests/fixtures/formats/`): saved pages and feeds as files; every new format against any
//! bytes. CSV and archive exports are in `formats_exports.rs`.

mod formats_common;

use std::path::Path;

use formats_common::{fixture, load, paragraphs, titled};
use presscut::corpus::{Corpus, LoadOptions, Source};

#[test]
fn a_page_with_open_graph_and_author_meta_tags() {
    let corpus = load("article-meta.html");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.articles.len(), 1);
    let a = &corpus.articles[0];
    assert_eq!(a.title, "Harbour ferry returns after winter repairs");
    assert_eq!(a.date.as_deref(), Some("2025-03-14"));
    assert_eq!(a.authors, ["Marta Llobet", "Tomás Øvrebø"]);
    assert_eq!(a.outlet.as_deref(), Some("The Quayside Courier"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/2025/03/harbour-ferry")
    );
    let paras = paragraphs(a);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[0].starts_with("The small ferry that links Nordby"));
    // Entities decoded: &euro; &mdash; &ldquo; &rsquo;
    assert!(
        paras[1].contains("cost €310,000 — roughly a third more"),
        "{}",
        paras[1]
    );
    assert!(paras[1].contains(
        "“We found corrosion nobody could see from the outside,” said the yard’s foreman"
    ));
    // Navigation, the sidebar and the footer are not the article.
    for clutter in ["Most read", "Privacy", "Weather", "bike lanes"] {
        assert!(!a.body.contains(clutter), "{clutter} in {}", a.body);
    }
}

#[test]
fn a_page_with_json_ld_news_article_metadata() {
    let corpus = load("article-jsonld.html");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let a = &corpus.articles[0];
    assert_eq!(a.title, "Orchard growers count the cost of a late frost");
    assert_eq!(a.date.as_deref(), Some("2024-05-02"));
    assert_eq!(a.authors, ["Aino Virtanen"]);
    assert_eq!(a.outlet.as_deref(), Some("Valley Post"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://valleypost.example/news/late-frost")
    );
    let paras = paragraphs(a);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[1].starts_with("The cooperative's chair, Henrik Sæther"));
    assert!(paras[2].contains("\"We ran out at four in the morning,\""));
    assert!(!a.body.contains("Front page"));
    assert!(!a.body.contains("All rights reserved"));
}

#[test]
fn a_page_without_metadata_falls_back_to_its_title_element() {
    let corpus = load("article-plain.html");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let a = &corpus.articles[0];
    assert_eq!(a.title, "Library extends its opening hours");
    assert_eq!((a.date.as_deref(), a.outlet.as_deref()), (None, None));
    assert!(a.authors.is_empty());
    assert_eq!(paragraphs(a).len(), 3);
    assert!(a.body.contains("council's culture committee"));
}

#[test]
fn a_page_without_an_article_is_one_warning_naming_it() {
    let corpus = load("no-article.html");
    assert!(corpus.articles.is_empty());
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    let w = &corpus.warnings[0];
    assert!(w.origin.path.ends_with("no-article.html"));
    assert_eq!(w.message, "no article text found; skipped");
}

#[test]
fn rss2_items_prefer_content_encoded_and_report_empty_items() {
    let corpus = load("feed-rss2.xml");
    assert_eq!(corpus.articles.len(), 3);
    let bridge = titled(&corpus, "Bridge reopens to cyclists after resurfacing");
    assert_eq!(bridge.date.as_deref(), Some("2025-06-11"));
    assert_eq!(bridge.authors, ["Pilar Ortega"]);
    assert_eq!(bridge.outlet.as_deref(), Some("Riverside Gazette & Times"));
    assert_eq!(
        bridge.url.as_deref(),
        Some("https://gazette.example/2025/06/bridge")
    );
    assert_eq!(bridge.source_id.as_deref(), Some("gazette-2025-0611"));
    assert_eq!(
        paragraphs(bridge),
        [
            "The old iron bridge over the Mell reopened to cyclists on Tuesday after six weeks of resurfacing work.",
            "Walkers had kept a narrow path throughout; the council says the new surface is rated for \"at least twenty years\" of use & costs less to maintain.",
        ]
    );
    // description (escaped markup) when there is no content:encoded; the name from an address.
    let hall = titled(&corpus, "Market hall gets new roof");
    assert_eq!(hall.authors, ["Olu Adebayo"]);
    assert_eq!(hall.date.as_deref(), Some("2025-06-10"));
    assert_eq!(
        paragraphs(hall),
        [
            "Roofers began replacing the market hall’s slate roof on Monday.",
            "Stalls move to the car park until August."
        ]
    );
    // A headline-only item reads as its headline; an empty item is one warning with its number.
    let regatta = titled(&corpus, "Headline-only item about the regatta");
    assert_eq!(regatta.body, "Headline-only item about the regatta");
    let messages: Vec<&str> = corpus.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "item 4: no title, summary or text; skipped",
            "1 of 3 item(s) without a date (no published or updated time); listed as undated"
        ]
    );
    assert!(corpus.warnings[0].origin.path.ends_with("feed-rss2.xml"));
}

#[test]
fn atom_entries_use_content_then_summary() {
    let corpus = load("feed-atom.atom");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.articles.len(), 2);
    let meals = titled(&corpus, "School meals & the new supplier");
    assert_eq!(meals.date.as_deref(), Some("2024-11-01"));
    assert_eq!(meals.authors, ["Keiko Tanaka"]);
    assert_eq!(meals.outlet.as_deref(), Some("Hill Country Observer"));
    assert_eq!(meals.url.as_deref(), Some("https://observer.example/meals"));
    assert_eq!(paragraphs(meals).len(), 2);
    assert!(meals
        .body
        .starts_with("From January the district’s eight schools"));
    let snow = titled(&corpus, "Snow gates closed on the pass road");
    assert_eq!(
        snow.date.as_deref(),
        Some("2024-10-30"),
        "updated when never published"
    );
    assert_eq!(
        snow.body,
        "The gates at both ends of the pass road closed at six this morning."
    );
}

#[test]
fn a_json_feed_is_read_as_a_feed_and_other_json_as_before() {
    let corpus = load("feed.json");
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    assert!(corpus.warnings[0]
        .message
        .starts_with("1 of 2 item(s) without a date"));
    assert_eq!(corpus.articles.len(), 2);
    let guards = titled(&corpus, "Lifeguards return to the north beach");
    assert_eq!(guards.date.as_deref(), Some("2025-07-04"));
    assert_eq!(guards.authors, ["Sander de Wit"]);
    assert_eq!(guards.outlet.as_deref(), Some("Coastal Weekly"));
    assert_eq!(paragraphs(guards).len(), 2, "content_html over summary");
    let tides = titled(&corpus, "Tide tables for August");
    assert_eq!(
        paragraphs(tides).len(),
        2,
        "content_text keeps its paragraphs"
    );
    assert_eq!(tides.date, None);

    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.json");
    std::fs::write(&plain, r#"{"version":"2","title":"T","text":"Body."}"#).unwrap();
    let corpus = Corpus::load(&[Source::Path(plain)], &LoadOptions::default());
    assert_eq!(corpus.articles[0].title, "T");
}

#[test]
fn an_xml_file_that_is_not_a_feed_and_a_broken_feed_are_warnings() {
    let corpus = load("not-a-feed.xml");
    assert!(corpus.articles.is_empty());
    assert_eq!(corpus.warnings.len(), 1);
    assert!(
        corpus.warnings[0]
            .message
            .starts_with("not an RSS, Atom or JSON feed"),
        "{:?}",
        corpus.warnings
    );
    let corpus = load("broken.rss");
    assert!(corpus.articles.is_empty());
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    assert!(corpus.warnings[0].origin.path.ends_with("broken.rss"));
}

#[test]
fn the_whole_fixture_folder_loads_with_one_warning_per_bad_file() {
    let corpus = Corpus::load(&[Source::Path(fixture(""))], &LoadOptions::default());
    assert!(corpus.ignored.iter().all(|p| !p.ends_with(".html")));
    for bad in ["no-article.html", "not-a-feed.xml", "broken.rss"] {
        let n = corpus
            .warnings
            .iter()
            .filter(|w| w.origin.path.ends_with(bad))
            .count();
        assert_eq!(n, 1, "{bad}: {:?}", corpus.warnings);
    }
    assert!(corpus.articles.len() >= 10, "{}", corpus.articles.len());
}

#[test]
fn a_page_in_a_declared_legacy_charset_is_decoded_by_it() {
    let corpus = load("article-cp1252.html");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let a = &corpus.articles[0];
    assert_eq!(a.title, "Café on the square reopens under new owners");
    assert!(a.body.contains("the “dish of the day” board"), "{}", a.body);
    assert!(a.body.contains("twenty-two years — long enough"));
}

/// Markup-ish text: tags, entities, CDATA, feed and archive keywords, multi-byte characters.
fn markupish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<rss version=\"2.0\"><channel>".to_string()),
        Just("<item><title>".to_string()),
        Just("</title></item>".to_string()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>".to_string()),
        Just("<![CDATA[".to_string()),
        Just("]]>".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("&#99999999;".to_string()),
        Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",".to_string()),
        Just("<meta property=\"og:title\" content=\"".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("End of Document".to_string()),
        Just("Document ABCDEF0123456789".to_string()),
        Just("412 words".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("北京".to_string()),
        "[a-zA-Z ]{1,12}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest::proptest! {
    /// The new formats take any bytes (markup-ish or random) without panicking.
    #[test]
    fn the_new_formats_accept_any_bytes(
        text in markupish(),
        noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
    ) {
        use presscut::corpus::{parse_bytes, Format};
        for format in [Format::Html, Format::Feed, Format::Csv, Format::Docx, Format::Json] {
            for bytes in [text.as_bytes(), &noise[..]] {
                let (articles, _) = parse_bytes(Path::new("fuzz"), format, bytes);
                for a in &articles {
                    proptest::prop_assert!(!a.body.is_empty());
                    proptest::prop_assert!(!a.body.contains('\r'));
                }
            }
        }
    }

    /// A damaged archive export (bytes changed anywhere in the zip) is a warning, not a panic.
    #[test]
    fn a_damaged_docx_never_panics(
        changes in proptest::collection::vec((0usize..4096, proptest::prelude::any::<u8>()), 1..8),
    ) {
        let mut bytes = std::fs::read(fixture("archive-nexis.docx")).unwrap();
        for (at, byte) in changes {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let (articles, warnings) = presscut::corpus::parse_bytes(
            Path::new("damaged.docx"),
            presscut::corpus::Format::Docx,
            &bytes,
        );
        proptest::prop_assert!(!articles.is_empty() || !warnings.is_empty());
    }
}
