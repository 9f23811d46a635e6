//! The index as built and as read back from the cache, postings by postings.
use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::model::Article;

#[test]
fn varints_round_trip_at_every_width() {
    let values = [0u32, 1, 127, 128, 16_383, 16_384, 2_097_151, u32::MAX];
    let mut bytes = Vec::new();
    for v in values {
        push_varint(&mut bytes, v);
    }
    let mut at = 0;
    let back: Vec<u32> = values
        .iter()
        .map(|_| read_varint(&bytes, &mut at))
        .collect();
    assert_eq!(back, values);
    assert_eq!(at, bytes.len());
}

fn article(title: &str, body: &str) -> Article {
    Article {
        id: crate::model::ArticleId::of_body(body),
        origin: crate::model::Origin {
            path: "a.txt".into(),
            line: None,
        },
        title: title.into(),
        date: None,
        authors: Vec::new(),
        outlet: None,
        url: None,
        source_id: None,
        body: body.into(),
    }
}

#[test]
fn chunked_builds_equal_a_single_chunk_build() {
    // Gaps of every size cross chunk borders: article i mentions "every", multiples of 3
    // "third", and only the first and the 300th "rare".
    let articles: Vec<Article> = (0..400)
        .map(|i| {
            let mut body = format!("every article {i} ");
            if i % 3 == 0 {
                body.push_str("third third ");
            }
            if i == 0 || i == 299 {
                body.push_str("rare ");
            }
            article(if i % 7 == 0 { "Third title" } else { "Plain" }, &body)
        })
        .collect();
    let progress = AtomicUsize::new(0);
    let one = SearchIndex::build_with(&articles, true, &progress, 100_000);
    assert_eq!(progress.load(Ordering::Relaxed), 400);
    for chunk in [1, 7, 128] {
        let many = SearchIndex::build_with(&articles, true, &AtomicUsize::new(0), chunk);
        assert_eq!(one.terms, many.terms, "chunk {chunk}");
        assert_eq!(one.dfs, many.dfs, "chunk {chunk}");
        for t in 0..one.terms.len() {
            let postings = |i: &SearchIndex| i.postings(t).collect::<Vec<_>>();
            let titles = |i: &SearchIndex| i.title_postings(t).collect::<Vec<_>>();
            assert_eq!(postings(&one), postings(&many), "chunk {chunk}");
            assert_eq!(titles(&one), titles(&many), "chunk {chunk}");
        }
    }
    let third = one.term("third").expect("indexed");
    let docs: Vec<(u32, u8)> = one.postings(third).collect();
    // 134 multiples of 3, and 38 multiples of 7 that are not, by title.
    assert_eq!(docs.len(), 172);
    assert_eq!(docs[0], (0, 3 | IN_TITLE));
    assert_eq!(docs[1], (3, 2));
    assert_eq!(one.title_postings(third).count(), 58);
    let rare = one.term("rare").expect("indexed");
    assert_eq!(
        one.postings(rare).map(|p| p.0).collect::<Vec<_>>(),
        [0, 299]
    );
    assert_eq!(one.df(rare), 2);
}

#[test]
fn an_index_read_back_in_place_answers_as_the_one_built() {
    let articles: Vec<Article> = (0..300)
        .map(|i| {
            let body = format!("Zürich {} Kyiv élan {i} Міністр", "every ".repeat(i % 5));
            article(
                if i % 4 == 0 {
                    "Élan in titles"
                } else {
                    "Plain"
                },
                &body,
            )
        })
        .collect();
    let built = SearchIndex::build_with(&articles, true, &AtomicUsize::new(0), 64);
    let bytes: Owner = Arc::new(postcard::to_allocvec(&built).expect("encodes"));
    let wire: WireIndex = postcard::from_bytes((*bytes).as_ref()).expect("decodes");
    let in_place = SearchIndex::from_wire(wire, Some(&bytes)).expect("whole");
    let wire: WireIndex = postcard::from_bytes((*bytes).as_ref()).expect("decodes");
    let copied = SearchIndex::from_wire(wire, None).expect("whole");
    assert!(in_place
        .segments
        .iter()
        .all(|s| matches!(s.bytes, SharedBytes::Within { .. })));
    assert!(copied
        .segments
        .iter()
        .all(|s| matches!(s.bytes, SharedBytes::Owned(_))));
    assert!(in_place.heap_bytes() < copied.heap_bytes());
    for read in [&in_place, &copied] {
        assert_eq!(read.terms, built.terms);
        assert!(read.check(articles.len()).is_ok());
        for word in ["every", "zürich", "élan", "міністр", "299"] {
            let word = crate::search::fold(word);
            let t = built.term(&word).expect("indexed");
            assert_eq!(read.term(&word), Some(t));
            assert_eq!(
                read.postings(t).collect::<Vec<_>>(),
                built.postings(t).collect::<Vec<_>>(),
                "{word}"
            );
            assert_eq!(
                read.title_postings(t).collect::<Vec<_>>(),
                built.title_postings(t).collect::<Vec<_>>()
            );
        }
    }
    assert_eq!(
        in_place.postings(in_place.term("every").unwrap()).count(),
        240
    );
}

/// Encodes each piece it is given after the last, as the cache's stream does.
#[derive(Default)]
struct Encoded(Vec<u8>);

impl IndexSink for Encoded {
    fn piece<T: serde::Serialize>(&mut self, piece: &T) {
        let bytes = std::mem::take(&mut self.0);
        self.0 = postcard::to_extend(piece, bytes).expect("encodes");
    }
}

#[test]
fn a_streamed_build_writes_the_index_built_in_memory_and_a_stopped_one_says_so() {
    let articles: Vec<Article> = (0..300)
        .map(|i| {
            let body = format!("Łódź {} Kyiv {i} Міністр", "every ".repeat(i % 3));
            article(if i % 5 == 0 { "Łódź" } else { "Plain" }, &body)
        })
        .collect();
    for chunk in [1, 7, 64, 1000] {
        let built = SearchIndex::build_with(&articles, true, &AtomicUsize::new(0), chunk);
        let mut streamed = Encoded::default();
        let progress = AtomicUsize::new(0);
        let never = std::sync::atomic::AtomicBool::new(false);
        assert!(SearchIndex::stream_with(
            &articles,
            chunk,
            &progress,
            &never,
            &mut streamed
        ));
        assert_eq!(progress.load(Ordering::Relaxed), 300);
        assert!(
            streamed.0 == postcard::to_allocvec(&built).expect("encodes"),
            "chunk {chunk}: segments in article order, then the words"
        );
        let wire: WireIndex = postcard::from_bytes(&streamed.0).expect("decodes");
        let read = SearchIndex::from_wire(wire, None).expect("whole");
        let lodz = read.term(&crate::search::fold("Łódź")).expect("indexed");
        assert_eq!(read.postings(lodz).count(), 300, "chunk {chunk}");
        assert_eq!(read.title_postings(lodz).count(), 60, "chunk {chunk}");
    }
    let stop = std::sync::atomic::AtomicBool::new(true);
    let mut stopped = Encoded::default();
    assert!(!SearchIndex::stream_with(
        &articles,
        7,
        &AtomicUsize::new(0),
        &stop,
        &mut stopped
    ));
}

#[test]
fn postings_past_the_last_article_are_never_yielded() {
    // What a cached index that passed `check` but was damaged in its postings looks like:
    // postings naming articles the corpus does not have.
    let articles: Vec<Article> = (0..50)
        .map(|i| article("Plain", &format!("every article {i}")))
        .collect();
    let mut index = SearchIndex::build_with(&articles, true, &AtomicUsize::new(0), 100_000);
    index.norms.truncate(20);
    let every = index.term("every").expect("indexed");
    let docs: Vec<u32> = index.postings(every).map(|p| p.0).collect();
    assert_eq!(docs, (0..20).collect::<Vec<u32>>());
    // Garbage bytes decode to something bounded, never a panic.
    for segment in &mut index.segments {
        segment.bytes = SharedBytes::Owned(vec![0xff; segment.bytes.len()]);
    }
    assert!(index.postings(every).all(|(doc, _)| doc < 20));
}

#[test]
fn a_build_asked_to_stop_gives_up_and_one_left_alone_finishes() {
    let articles: Vec<Article> = (0..50)
        .map(|i| article("Zürich", &format!("Kyjiw und Łódź, Bericht Nummer {i}")))
        .collect();
    let progress = AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(true);
    assert!(SearchIndex::build_unless_stopped(&articles, &progress, &stop).is_none());
    assert_eq!(
        progress.load(Ordering::Relaxed),
        0,
        "nothing indexed once stopped"
    );
    stop.store(false, Ordering::Relaxed);
    let index =
        SearchIndex::build_unless_stopped(&articles, &progress, &stop).expect("not asked to stop");
    assert_eq!(progress.load(Ordering::Relaxed), 50);
    assert_eq!(
        index.vocabulary(),
        SearchIndex::build(&articles, &AtomicUsize::new(0)).vocabulary()
    );
}
