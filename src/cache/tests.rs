use super::*;
use crate::digest::ArticleDigest;

fn sample() -> Vec<(String, ArticleDigest)> {
    let body = "«Мы готовы», сказала Мария Захарова. \"We are ready,\" Maria Zakharova said.";
    let analysis = crate::analysis::analyze(body);
    vec![(
        "0123456789ab".to_string(),
        ArticleDigest::of(body, &analysis),
    )]
}

#[test]
fn a_cache_file_reads_back_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("c"));
    assert_eq!(
        cache.read::<Vec<(String, ArticleDigest)>>(Kind::Digests),
        Err(Unusable::Missing)
    );
    cache.write(Kind::Digests, &sample()).unwrap();
    let back: Vec<(String, ArticleDigest)> = cache.read(Kind::Digests).unwrap();
    assert_eq!(back, sample());
    assert!(!back[0].1.quotes.is_empty(), "the sample has quotes");
}

#[test]
fn two_streams_of_one_file_at_once_each_write_their_own_and_the_last_finished_wins() {
    // A reload (`R`) starts a second indexer while the first one still streams its digests.
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("c"));
    let mut first = cache.stream(Kind::Digests).unwrap();
    first.append(&vec!["Zürich".to_string(); 3]);
    let mut second = cache.stream(Kind::Digests).unwrap();
    second.append(&vec!["Київ".to_string(); 5]);
    first.finish().unwrap();
    assert_eq!(
        cache.read::<Vec<String>>(Kind::Digests),
        Ok(vec!["Zürich".to_string(); 3])
    );
    second.finish().unwrap();
    assert_eq!(
        cache.read::<Vec<String>>(Kind::Digests),
        Ok(vec!["Київ".to_string(); 5])
    );
    // Nothing left behind but the file itself.
    let names: Vec<String> = std::fs::read_dir(cache.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["digests.bin"]);
}

#[test]
fn a_value_streamed_whole_makes_the_file_encoding_it_at_once_makes() {
    // Bigger than the piece the stream gathers, with small writes before and after.
    let value = (
        "Zoë ‹Ангстрем›".to_string(),
        (0..700_000u32)
            .map(|n| n.wrapping_mul(2_654_435_761))
            .collect::<Vec<_>>(),
        vec![7u8; (1 << 20) + 3],
        sample(),
    );
    let dir = tempfile::tempdir().unwrap();
    let at_once = Cache::at(dir.path().join("at-once"));
    at_once.write(Kind::Search, &value).unwrap();
    let streamed = Cache::at(dir.path().join("streamed"));
    let mut stream = streamed.stream(Kind::Search).unwrap();
    stream.append_large(&value);
    stream.finish().unwrap();
    let read = |cache: &Cache| std::fs::read(cache.path(Kind::Search)).unwrap();
    assert_eq!(read(&streamed), read(&at_once));
}

#[test]
fn a_stream_given_up_or_dropped_keeps_the_old_file_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("c"));
    cache.write(Kind::Digests, &vec![7u32]).unwrap();
    let mut failing = cache.stream(Kind::Digests).unwrap();
    failing.append(&vec![1u32, 2]);
    failing.fail("cannot encode a digest".into());
    assert!(failing
        .finish()
        .unwrap_err()
        .contains("cannot encode a digest"));
    let mut dropped = cache.stream(Kind::Digests).unwrap();
    dropped.append(&vec![3u32]);
    drop(dropped);
    assert_eq!(cache.read::<Vec<u32>>(Kind::Digests), Ok(vec![7]));
    assert_eq!(std::fs::read_dir(cache.dir()).unwrap().count(), 1);
}

/// What reading `bytes` as the cache's digests file gives.
fn read_back(bytes: &[u8]) -> Result<Vec<(String, ArticleDigest)>, Unusable> {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    std::fs::write(cache.path(Kind::Digests), bytes).unwrap();
    cache.read(Kind::Digests)
}

#[test]
fn every_damage_is_noticed_and_none_panics() {
    let bytes = encode(Kind::Digests, &sample()).unwrap();
    // Every truncation, and a flipped bit at every position.
    for len in 0..bytes.len() {
        assert!(
            matches!(read_back(&bytes[..len]), Err(Unusable::Damaged(_))),
            "truncated to {len}"
        );
    }
    for at in 0..bytes.len() {
        let mut bent = bytes.clone();
        bent[at] ^= 0x10;
        assert!(
            read_back(&bent).is_err(),
            "bit flipped at {at} went unnoticed"
        );
    }
}

#[test]
fn pieces_gathered_into_blocks_hash_as_fed_one_by_one() {
    // Ids and titles of 5,000 articles: many blocks, and a piece across each block's end.
    let pieces: Vec<String> = (0..5000)
        .map(|i| format!("{i:012x}Zelensky trifft Scholz in Łódź ({i})\0"))
        .collect();
    let mut one_by_one = blake3::Hasher::new();
    let mut gathered = super::BlockHasher::new();
    for piece in &pieces {
        one_by_one.update(piece.as_bytes());
        gathered.update(piece.as_bytes());
    }
    assert_eq!(&gathered.finalize(), one_by_one.finalize().as_bytes());
    assert_eq!(
        &super::BlockHasher::new().finalize(),
        blake3::hash(b"").as_bytes()
    );
}

#[test]
fn a_cache_from_another_build_is_not_used() {
    let mut bytes = encode(Kind::Digests, &sample()).unwrap();
    bytes[20] ^= 1; // the fingerprint
    assert_eq!(read_back(&bytes), Err(Unusable::OtherBuild));
}

#[test]
fn two_corpora_have_two_caches() {
    let data = std::path::Path::new("/data");
    let a = Cache::for_corpus(data, &[Source::Path("/news/a".into())]);
    let b = Cache::for_corpus(data, &[Source::Path("/news/b".into())]);
    assert_ne!(a.dir(), b.dir());
    assert!(a.dir().starts_with("/data/cache"));
}

#[test]
fn a_file_read_ahead_gives_what_reading_it_then_gives() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("c"));
    let missing: Prefetch<Vec<(String, ArticleDigest)>> = Prefetch::start(&cache, Kind::Digests);
    assert_eq!(missing.finish(), Err(Unusable::Missing));
    cache.write(Kind::Digests, &sample()).unwrap();
    let ahead: Prefetch<Vec<(String, ArticleDigest)>> = Prefetch::start(&cache, Kind::Digests);
    assert_eq!(ahead.finish(), Ok(sample()));
    // Damaged between: the read-ahead says so as a read would.
    let path = cache.path(Kind::Digests);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let ahead: Prefetch<Vec<(String, ArticleDigest)>> = Prefetch::start(&cache, Kind::Digests);
    assert!(matches!(ahead.finish(), Err(Unusable::Damaged(_))));
}

mod payloads_with_a_right_checksum {
    //! A cache file whose checksum is right but whose payload is not what presscut wrote (a
    //! bug of another build that kept the fingerprint, a file made on purpose): the reader
    //! refuses it or gets indexes that answer queries, and never panics.

    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::atomic::AtomicUsize;

    use proptest::prelude::*;

    use super::super::*;
    use crate::corpus::{parse_bytes, Format};
    use crate::model::Article;
    use crate::search::{NoFacts, Query, SearchIndex, Searcher};

    const TEXTS: [&str; 3] = [
        "Talks in Zürich\n\n\"We are ready,\" Maria Zakharova said in Moscow on Monday.",
        "Kyiv under fire\n\nPresident Zelensky met NATO officials in Kyiv. «Мы готовы», сказала Мария Захарова.",
        "Markets\n\nThe European Central Bank held rates; Christine Lagarde said inflation was easing.",
    ];

    fn articles() -> Vec<Article> {
        TEXTS
            .iter()
            .flat_map(|t| parse_bytes(Path::new("a.txt"), Format::Text, t.as_bytes()).0)
            .collect()
    }

    #[test]
    fn a_search_index_built_into_the_cache_answers_as_built_in_memory_and_costs_less() {
        let articles = articles();
        let built = SearchIndex::build(&articles, &AtomicUsize::new(0));
        let answers = |index: &SearchIndex| {
            let mut searcher = Searcher::default();
            ["za", "zakharova ready", "kyiv -ready", "zürich"].map(|typed| {
                searcher
                    .run(index, &articles, &Query::parse(typed), &NoFacts)
                    .hits
            })
        };
        let expected = answers(&built);
        let dir = tempfile::tempdir().unwrap();
        let never = std::sync::atomic::AtomicBool::new(false);
        let progress = AtomicUsize::new(0);
        let cache = Cache::at(dir.path().join("c"));
        let (kept, warning) =
            search::build_and_keep(&cache, &articles, &progress, &never).expect("not stopped");
        assert_eq!(warning, None);
        assert_eq!(
            progress.load(std::sync::atomic::Ordering::Relaxed),
            articles.len()
        );
        assert_eq!(
            answers(&kept),
            expected,
            "read back from the file, same answers"
        );
        assert!(
            kept.heap_bytes() < built.heap_bytes(),
            "the postings stay in the file"
        );
        // The file is the one an index built in memory is kept as.
        let saved = Cache::at(dir.path().join("saved"));
        search::save(&saved, &articles, &built).unwrap();
        assert!(
            std::fs::read(cache.path(Kind::Search)).unwrap()
                == std::fs::read(saved.path(Kind::Search)).unwrap()
        );

        // A cache folder that cannot be made: the index built in memory, and one line saying
        // why.
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "not a folder").unwrap();
        let cache = Cache::at(blocked.join("c"));
        let (kept, warning) =
            search::build_and_keep(&cache, &articles, &progress, &never).expect("not stopped");
        assert!(warning.is_some_and(|w| w.contains("cache")));
        assert_eq!(answers(&kept), expected);

        // Stopped (the reader reloaded or quit): nothing, and the old file stays.
        let cache = Cache::at(dir.path().join("c"));
        let before = std::fs::read(cache.path(Kind::Search)).unwrap();
        let stop = std::sync::atomic::AtomicBool::new(true);
        assert!(search::build_and_keep(&cache, &articles[..1], &progress, &stop).is_none());
        assert!(std::fs::read(cache.path(Kind::Search)).unwrap() == before);
    }

    #[test]
    fn indexes_built_with_a_cache_are_used_as_kept_and_answer_as_built_without() {
        let articles = articles();
        let none = BTreeMap::new();
        let progress = AtomicUsize::new(0);
        let (built, bytes, _) = indexes::open(&articles, &none, None, &progress);
        assert!(bytes.is_none(), "nothing to keep without a cache");
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let (kept, bytes, stats) = indexes::open(&articles, &none, Some(&cache), &progress);
        assert_eq!(stats.analysed, articles.len());
        assert!(bytes.is_some());
        for name in [
            "maria zakharova",
            "мария захарова",
            "kyiv",
            "christine lagarde",
            "zürich",
        ] {
            assert_eq!(
                kept.entities.articles_naming(name),
                built.entities.articles_naming(name),
                "{name}"
            );
            assert_eq!(
                kept.entities.articles_quoting(name),
                built.entities.articles_quoting(name),
                "{name}"
            );
        }
        assert!(!built.entities.articles_naming("kyiv").is_empty());
        assert_eq!(kept.quotes.speakers.len(), built.quotes.speakers.len());
        assert_eq!(kept.stories, built.stories);
    }

    /// Replaces bytes of the payload of the `kind` file in `cache`, optionally cuts it, and
    /// writes it back with a header and checksum that match.
    fn bend(
        cache: &Cache,
        kind: Kind,
        edits: &[(prop::sample::Index, u8)],
        cut: Option<prop::sample::Index>,
    ) {
        let file = std::fs::read(cache.path(kind)).expect("written");
        let mut payload = file[HEADER..].to_vec();
        for (at, value) in edits {
            let at = at.index(payload.len());
            payload[at] = *value;
        }
        if let Some(cut) = cut {
            payload.truncate(cut.index(payload.len() + 1));
        }
        std::fs::write(cache.path(kind), wrap(kind, &payload)).expect("rewritten");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn the_search_and_entity_indexes_refuse_or_answer(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            cut in prop::option::weighted(0.2, any::<prop::sample::Index>()),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let cache = Cache::at(dir.path().join("c"));
            let articles = articles();
            let index = SearchIndex::build(&articles, &AtomicUsize::new(0));
            search::save(&cache, &articles, &index).unwrap();
            let no_corrections = BTreeMap::new();
            let progress = AtomicUsize::new(0);
            let (_, bytes, _) = indexes::open(&articles, &no_corrections, Some(&cache), &progress);
            indexes::keep(&cache, &bytes.expect("encoded")).unwrap();

            bend(&cache, Kind::Search, &edits, cut);
            bend(&cache, Kind::Indexes, &edits, cut);

            if let Ok(index) = search::load(&cache, &articles) {
                let mut searcher = Searcher::default();
                for typed in ["za", "zakharova ready", "kyiv -ready", "\"we are\"", "q"] {
                    let outcome = searcher.run(&index, &articles, &Query::parse(typed), &NoFacts);
                    prop_assert!(outcome.hits.iter().all(|&(d, _)| d < articles.len()));
                }
            }
            let (read, _, _) = indexes::open(&articles, &no_corrections, Some(&cache), &progress);
            for name in ["maria zakharova", "kyiv", "zürich", ""] {
                prop_assert!(read.entities.articles_naming(name).iter().all(|&d| d < articles.len()));
                prop_assert!(read.entities.articles_quoting(name).iter().all(|&d| d < articles.len()));
            }
            prop_assert!(read.stories.iter().flatten().all(|&d| d < articles.len()));
        }

        #[test]
        fn a_bent_snapshot_is_refused_or_shows_articles_that_read(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            cut in prop::option::weighted(0.2, any::<prop::sample::Index>()),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let corpus_dir = dir.path().join("corpus");
            std::fs::create_dir(&corpus_dir).unwrap();
            let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
            for (i, text) in TEXTS.iter().enumerate() {
                let path = corpus_dir.join(format!("{i}.txt"));
                std::fs::write(&path, text).unwrap();
                std::fs::File::options().write(true).open(&path).unwrap()
                    .set_modified(hour_ago).unwrap();
            }
            let options = crate::corpus::LoadOptions {
                cache: Some(Cache::at(dir.path().join("c"))),
                ..Default::default()
            };
            let sources = [crate::corpus::Source::Path(corpus_dir)];
            let loaded = crate::corpus::Corpus::load(&sources, &options);
            prop_assert_eq!(loaded.articles.len(), TEXTS.len());
            let cache = options.cache.clone().unwrap();
            bend(&cache, Kind::Snapshot, &edits, cut);
            if let Ok((shown, unverified)) = crate::corpus::Corpus::open_snapshot(&sources, &options) {
                // Whatever it says, every text reads: as written or as the damaged notice.
                for article in shown.articles.iter() {
                    let text = article.body.as_str();
                    prop_assert!(
                        text == crate::body::DAMAGED
                            || loaded.articles.iter().any(|a| a.body.as_str() == text)
                    );
                    let _ = (article.byline(), article.origin.to_string());
                }
                let _ = unverified.still_current();
            }
        }
    }
}
