//! The cache of derived data (issue #18): a second open reuses what the first analysed, an
//! edited article alone is analysed again, a damaged cache is rebuilt with a warning naming
//! the file, and what a user sees is the same with and without the cache.

mod common;

use std::sync::atomic::AtomicUsize;

use presscut::cache::digests::{digest_all, Stats};
use presscut::cache::{Cache, Kind};
use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::digest::{ArticleDigest, Indexes};

fn load(dir: &std::path::Path) -> Corpus {
    Corpus::load(&[Source::Path(dir.to_path_buf())], &LoadOptions::default())
}

fn digests(corpus: &Corpus, cache: Option<&Cache>) -> (Vec<ArticleDigest>, Stats) {
    digest_all(
        &corpus.articles,
        &Default::default(),
        cache,
        &AtomicUsize::new(0),
    )
}

/// The reader's way of digesting: handed on one by one, given up when `stop` is set.
fn digest_unless_stopped(
    corpus: &Corpus,
    cache: &Cache,
    stop: &std::sync::atomic::AtomicBool,
    each: impl FnMut(usize, ArticleDigest),
) -> Stats {
    presscut::cache::digests::digest_corpus(
        &corpus.articles,
        &Default::default(),
        Some(cache),
        &AtomicUsize::new(0),
        stop,
        each,
    )
}

fn copy_fixtures(to: &std::path::Path) {
    for entry in std::fs::read_dir(common::manifest_path("tests/fixtures/wikinews")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn the_second_open_analyses_nothing_and_finds_the_same() {
    let corpus = common::wikinews_corpus();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let (first, stats) = digests(&corpus, Some(&cache));
    assert_eq!((stats.analysed, stats.reused), (corpus.articles.len(), 0));
    assert!(cache.path(Kind::Digests).exists());
    let (second, stats) = digests(&corpus, Some(&cache));
    assert_eq!((stats.analysed, stats.reused), (0, corpus.articles.len()));
    assert!(stats.warnings.is_empty(), "{:?}", stats.warnings);
    assert_eq!(first, second);
    let (uncached, _) = digests(&corpus, None);
    assert_eq!(first, uncached);
    // The speakers the quotes view lists are the same either way.
    let names = |d: &[ArticleDigest]| {
        let indexes = Indexes::build(&corpus.articles, d);
        indexes
            .quotes
            .speakers
            .iter()
            .map(|s| (s.name.clone(), s.quotes))
            .collect::<Vec<_>>()
    };
    assert!(!names(&second).is_empty());
    assert_eq!(names(&second), names(&uncached));
}

#[test]
fn an_edited_article_alone_is_analysed_again() {
    let folder = tempfile::tempdir().unwrap();
    copy_fixtures(folder.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_dir.path());
    let before = load(folder.path());
    digests(&before, Some(&cache));

    let victim = before.articles[0].origin.path.clone();
    let text = std::fs::read_to_string(&victim).unwrap();
    std::fs::write(
        &victim,
        format!("{text}\n\nOne more paragraph, añadido después.\n"),
    )
    .unwrap();
    let after = load(folder.path());
    let (_, stats) = digests(&after, Some(&cache));
    assert_eq!(stats.analysed, 1, "only the edited article");
    assert_eq!(stats.reused, after.articles.len() - 1);

    // A removed file's entry goes from the cache; nothing is analysed.
    std::fs::remove_file(&after.articles[1].origin.path).unwrap();
    let fewer = load(folder.path());
    let (_, stats) = digests(&fewer, Some(&cache));
    assert_eq!((stats.analysed, stats.reused), (0, fewer.articles.len()));
    let kept = presscut::cache::digests::read_all(&cache).unwrap();
    assert_eq!(kept.len(), fewer.articles.len());
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_warning_that_names_it() {
    let corpus = common::wikinews_corpus();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    digests(&corpus, Some(&cache));
    let path = cache.path(Kind::Digests);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();

    let (rebuilt, stats) = digests(&corpus, Some(&cache));
    assert_eq!(stats.analysed, corpus.articles.len());
    assert_eq!(stats.warnings.len(), 1, "{:?}", stats.warnings);
    assert!(stats.warnings[0].contains(&path.display().to_string()));
    assert!(stats.warnings[0].contains("rebuilding"));
    assert_eq!(rebuilt, digests(&corpus, None).0);
    // And the rebuilt cache is good again.
    let (_, stats) = digests(&corpus, Some(&cache));
    assert_eq!(stats.reused, corpus.articles.len());
}

#[test]
fn a_cached_digest_that_does_not_fit_its_article_is_not_trusted() {
    let corpus = common::wikinews_corpus();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    // A well-formed cache whose first entry points past the end of its article.
    let mut entries: Vec<(String, ArticleDigest)> = corpus
        .articles
        .iter()
        .map(|a| (a.id.to_string(), ArticleDigest::analyse(&a.body, &[])))
        .collect();
    let len = corpus.articles[0].body.len();
    entries[0].1.quotes.push(presscut::digest::QuoteFact {
        range: len..len + 40,
        speaker: Some("Nobody".into()),
        speech: true,
    });
    presscut::cache::digests::write_all(&cache, &entries).unwrap();
    let (got, stats) = digests(&corpus, Some(&cache));
    assert_eq!(stats.analysed, 1);
    assert!(got[0].quotes.iter().all(|q| q.range.end <= len));
}

#[test]
fn an_unwritable_cache_is_a_warning_not_a_failure() {
    let corpus = common::wikinews_corpus();
    let dir = tempfile::tempdir().unwrap();
    // A file where the cache folder should be.
    let blocked = dir.path().join("cache");
    std::fs::write(&blocked, "not a folder").unwrap();
    let (got, stats) = digests(&corpus, Some(&Cache::at(&blocked)));
    assert_eq!(got.len(), corpus.articles.len());
    assert_eq!(stats.warnings.len(), 1, "{:?}", stats.warnings);
    assert!(stats.warnings[0].contains("cache"));
}

#[test]
fn a_correction_shows_in_the_quotes_view_although_the_cache_knew_the_article() {
    let data = tempfile::tempdir().unwrap();
    let corpus = common::manifest_path("tests/fixtures/wikinews");
    let run = |args: &[&str]| {
        let mut cmd = common::presscut_in(data.path());
        cmd.arg("--corpus").arg(&corpus).args(args);
        common::stdout_of(&mut cmd)
    };
    let quotes = run(&["quotes", "--json"]);
    assert!(
        data.path().join("cache").is_dir(),
        "the first run fills the cache"
    );
    let rows: serde_json::Value = serde_json::from_str(&quotes).unwrap();
    let first = &rows[0];
    let (article, start, end) = (
        first["article"].as_str().unwrap(),
        first["start"].as_u64().unwrap().to_string(),
        first["end"].as_u64().unwrap().to_string(),
    );
    run(&[
        "correct",
        article,
        &start,
        &end,
        "--speaker",
        "Ada Lovelace",
    ]);
    let speakers = run(&["quotes", "--speakers"]);
    assert!(speakers.contains("Ada Lovelace"), "{speakers}");
    // --no-cache gives the same answer.
    assert_eq!(run(&["--no-cache", "quotes", "--speakers"]), speakers);
}

#[test]
fn search_answers_the_same_from_the_cache_and_a_damaged_one_is_named_and_rebuilt() {
    let data = tempfile::tempdir().unwrap();
    let corpus = common::manifest_path("tests/fixtures/wikinews");
    let search = |extra: &[&str]| {
        let mut cmd = common::presscut_in(data.path());
        cmd.arg("--corpus")
            .arg(&corpus)
            .args(extra)
            .args(["search", "--json", "medal"]);
        cmd.assert().success().get_output().clone()
    };
    let fresh = search(&["--no-cache"]);
    let first = search(&[]);
    let saved: Vec<_> = walk(&data.path().join("cache"), "search.bin");
    assert_eq!(saved.len(), 1, "one search index kept");
    assert_eq!(
        walk(&data.path().join("cache"), "articles.bin").len(),
        1,
        "what loading found is kept too"
    );
    let second = search(&[]);
    assert_eq!(first.stdout, fresh.stdout);
    assert_eq!(second.stdout, fresh.stdout);
    assert!(String::from_utf8_lossy(&fresh.stdout).contains("medal"));

    let mut bytes = std::fs::read(&saved[0]).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&saved[0], &bytes).unwrap();
    let damaged = search(&[]);
    assert_eq!(damaged.stdout, fresh.stdout);
    let stderr = String::from_utf8_lossy(&damaged.stderr);
    assert!(
        stderr.contains("search.bin") && stderr.contains("rebuilding"),
        "{stderr}"
    );
    // Rebuilt: the next run is quiet again.
    assert!(search(&[]).stderr.is_empty());
}

#[test]
fn a_search_index_for_other_articles_is_not_used() {
    let corpus = common::wikinews_corpus();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let index = presscut::search::SearchIndex::build(&corpus.articles, &Default::default());
    presscut::cache::search::save(&cache, &corpus.articles, &index).unwrap();
    assert!(presscut::cache::search::load(&cache, &corpus.articles).is_ok());
    let fewer = &corpus.articles[1..];
    assert_eq!(
        presscut::cache::search::load(&cache, fewer).err(),
        Some(presscut::cache::Unusable::Missing)
    );
    assert!(index.check(corpus.articles.len()).is_ok());
    assert!(index.check(corpus.articles.len() - 1).is_err());
}

fn walk(dir: &std::path::Path, name: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path, name));
        } else if path.file_name().is_some_and(|n| n == name) {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_guessed_speaker_is_shown_in_the_reader_but_never_indexed_as_fact() {
    let body = "“We will build the bridge,” said Anna Berg, the mayor of Tallin.\n\n\
                The regional agency published its review on Friday. It said the plan was \
                “a costly mistake”.\n\n“Nobody asked the people who pay for it.”";
    let analysis = presscut::analysis::analyze(body);
    let evidence: Vec<_> = analysis
        .quotes
        .iter()
        .map(|q| (q.speaker.clone(), q.evidence))
        .collect();
    assert_eq!(
        evidence[1],
        (
            Some("Anna Berg".to_string()),
            Some(presscut::analysis::SpeakerEvidence::Guess)
        ),
        "the reader still has the guess to show, dimmed: {evidence:?}"
    );
    // A quote continuing a guessed speaker's paragraph is no surer than the guess.
    assert_eq!(
        evidence[2].1,
        Some(presscut::analysis::SpeakerEvidence::Guess),
        "{evidence:?}"
    );
    let digest = ArticleDigest::of(body, &analysis);
    assert_eq!(digest.quotes[0].speaker.as_deref(), Some("Anna Berg"));
    assert_eq!(digest.quotes[1].speaker, None, "a guess is not a fact");
    let mut builder = presscut::quote_index::QuoteBuilder::default();
    builder.add(0, &analysis);
    let article = presscut::corpus::parse_bytes(
        std::path::Path::new("a.txt"),
        presscut::corpus::Format::Text,
        body.as_bytes(),
    )
    .0;
    let index = builder.finish(&article);
    assert_eq!(index.speakers.len(), 1);
    assert_eq!(
        index.speakers[0].quotes, 1,
        "only the quote she is named for"
    );
}

#[test]
fn a_change_late_in_a_large_corpus_keeps_every_earlier_digest_in_the_cache() {
    // More articles than one unit of work (256), so the cache file is started only when the
    // changed article is reached, and what came before is copied from the old file.
    let article = |i: usize, extra: &str| {
        let text = format!(
            "Meeting {i} in Zürich\n\n\"We will talk again,\" Maria Zakharova said in Moscow \
             on day {i}.{extra} The ministry of Łódź answered on Tuesday."
        );
        presscut::corpus::parse_bytes(
            std::path::Path::new("many.txt"),
            presscut::corpus::Format::Text,
            text.as_bytes(),
        )
        .0
        .remove(0)
    };
    let before: Vec<_> = (0..700).map(|i| article(i, "")).collect();
    let mut after = before.clone();
    after[600] = article(600, " Olena Petrenko disagreed.");
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    let all = |articles: &[presscut::model::Article], cache: Option<&Cache>| {
        digest_all(articles, &Default::default(), cache, &AtomicUsize::new(0))
    };
    all(&before, Some(&cache));

    let (got, stats) = all(&after, Some(&cache));
    assert_eq!((stats.analysed, stats.reused), (1, 699));
    let (fresh, _) = all(&after, None);
    assert_eq!(got, fresh);
    let kept = presscut::cache::digests::read_all(&cache).unwrap();
    let ids: Vec<String> = after.iter().map(|a| a.id.to_string()).collect();
    assert_eq!(
        kept.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        ids
    );
    assert!(kept.iter().map(|(_, d)| d).eq(fresh.iter()));
    assert!(fresh[600]
        .mentions
        .iter()
        .any(|m| m.name.contains("Petrenko")));
    // And the next open reuses all of it.
    let (_, stats) = all(&after, Some(&cache));
    assert_eq!((stats.analysed, stats.reused), (0, 700));

    // Every article known, but one entry late in the file unusable: the file is started only
    // when that entry is reached, and what came before is copied from the old file.
    let mut entries = kept;
    let len = after[650].body.len();
    entries[650].1.quotes.push(presscut::digest::QuoteFact {
        range: len..len + 9,
        speaker: None,
        speech: true,
    });
    presscut::cache::digests::write_all(&cache, &entries).unwrap();
    let (got, stats) = all(&after, Some(&cache));
    assert_eq!((stats.analysed, stats.reused), (1, 699));
    assert_eq!(got, fresh);
    let mended = presscut::cache::digests::read_all(&cache).unwrap();
    assert_eq!(
        mended.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        ids
    );
    assert!(mended.iter().map(|(_, d)| d).eq(fresh.iter()));
}

#[test]
fn digesting_asked_to_stop_gives_up_and_keeps_the_old_cache() {
    let corpus = common::wikinews_corpus();
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    // A cache for a corpus of one article less: the full corpus would rewrite it.
    let (_, stats) = digest_all(
        &corpus.articles[1..],
        &Default::default(),
        Some(&cache),
        &AtomicUsize::new(0),
    );
    assert_eq!(stats.analysed, corpus.articles.len() - 1);
    let before = std::fs::read(cache.path(Kind::Digests)).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(true);
    let mut handed = 0;
    let stats = digest_unless_stopped(&corpus, &cache, &stop, |_, _| handed += 1);
    assert!(stats.stopped);
    assert_eq!((handed, stats.analysed), (0, 0));
    assert_eq!(std::fs::read(cache.path(Kind::Digests)).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn digesting_given_up_half_way_keeps_what_it_analysed_for_the_next_start() {
    // More articles than three units of work (256 each), every text its own.
    let corpus_dir = tempfile::tempdir().unwrap();
    for i in 0..700 {
        std::fs::write(
            corpus_dir.path().join(format!("{i:04}.txt")),
            format!("Headline {i}\n\nMaria Nowak said in Łódź that {i} people came on Monday."),
        )
        .unwrap();
    }
    let corpus = load(corpus_dir.path());
    assert_eq!(corpus.articles.len(), 700);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path());
    // The reader quits while the second unit is being handed on.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut handed = 0;
    let stats = digest_unless_stopped(&corpus, &cache, &stop, |_, _| {
        handed += 1;
        if handed == 300 {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    assert!(stats.stopped);
    assert_eq!(stats.analysed, 512, "two units done, the third not started");
    // The next start analyses only what was not reached.
    let (resumed, again) = digests(&corpus, Some(&cache));
    assert_eq!((again.reused, again.analysed), (512, 188));
    let (fresh, _) = digests(&corpus, None);
    assert_eq!(resumed, fresh, "kept digests are the ones analysis gives");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}
