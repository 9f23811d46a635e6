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

// --- Reopening without re-reading: the articles cache and the packed bodies ---

fn load_cached(dir: &std::path::Path, cache: &Cache) -> Corpus {
    let options = LoadOptions {
        cache: Some(cache.clone()),
        ..LoadOptions::default()
    };
    Corpus::load(&[Source::Path(dir.to_path_buf())], &options)
}

/// Files written a moment ago are not cached (their time could still move without them
/// changing it); a real archive's files are older. `age` dates them an hour back.
fn age(path: &std::path::Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(hour_ago).unwrap();
}

fn age_all(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        age(&entry.unwrap().path());
    }
}

/// What a user sees of a corpus: every article's metadata and text, and the warnings.
fn seen(corpus: &Corpus) -> (Vec<String>, Vec<String>) {
    let articles = corpus
        .articles
        .iter()
        .map(|a| {
            format!(
                "{} {} {:?} {:?} {:?} {}",
                a.id,
                a.origin,
                a.title,
                a.date,
                a.outlet,
                a.body.as_str()
            )
        })
        .collect();
    let mut warnings: Vec<String> = corpus.warnings.iter().map(|w| w.to_string()).collect();
    warnings.sort();
    (articles, warnings)
}

fn packs(cache: &Cache) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(cache.dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("bodies-")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_reopened_corpus_reads_the_same_without_opening_its_files() {
    let corpus_dir = tempfile::tempdir().unwrap();
    copy_fixtures(corpus_dir.path());
    // Non-ASCII text, a JSONL file of two articles (one a duplicate) and a file with a warning.
    std::fs::write(
        corpus_dir.path().join("zz.jsonl"),
        "{\"title\":\"Ünïcode — «quoted»\",\"text\":\"Zoë said “bonjour” in Zürich.\"}\n\
         {\"title\":\"Copy\",\"text\":\"Zoë said “bonjour” in Zürich.\"}\nnot json\n",
    )
    .unwrap();
    age_all(corpus_dir.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_dir.path());
    let uncached = load(corpus_dir.path());
    let first = load_cached(corpus_dir.path(), &cache);
    assert_eq!(seen(&first), seen(&uncached));
    assert!(cache.path(Kind::Articles).exists());
    assert_eq!(packs(&cache).len(), 1);
    assert!(first.articles.iter().all(|a| a.body.is_packed()));

    // Hide the corpus's texts: the reopened corpus must not need to open them.
    for entry in std::fs::read_dir(corpus_dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let len = std::fs::metadata(&path).unwrap().len() as usize;
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        // Same size and time, other bytes: only a reader that opens the file could tell.
        std::fs::write(&path, "#".repeat(len)).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    }
    let second = load_cached(corpus_dir.path(), &cache);
    assert_eq!(seen(&second), seen(&uncached));
    assert_eq!(second.files_read, first.files_read);
    assert_eq!(packs(&cache).len(), 1, "nothing new to pack");
}

/// The fixture corpus in a scratch folder, old enough to be cached, with an empty cache.
struct Scratch {
    corpus_dir: tempfile::TempDir,
    _cache_dir: tempfile::TempDir,
    cache: Cache,
}

fn scratch() -> Scratch {
    let corpus_dir = tempfile::tempdir().unwrap();
    copy_fixtures(corpus_dir.path());
    age_all(corpus_dir.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_dir.path());
    Scratch {
        corpus_dir,
        _cache_dir: cache_dir,
        cache,
    }
}

#[test]
fn a_changed_added_or_removed_file_is_noticed_and_only_it_is_read_again() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    let first = load_cached(corpus_dir.path(), &cache);
    let mut names: Vec<_> = std::fs::read_dir(corpus_dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let (edited, removed) = (&names[0], &names[1]);
    let text = std::fs::read_to_string(edited).unwrap();
    std::fs::write(
        edited,
        text.replace("\n\n", "\n\nA new first paragraph, naïvely added.\n\n"),
    )
    .unwrap();
    age(edited);
    std::fs::remove_file(removed).unwrap();
    let added = corpus_dir.path().join("added.txt");
    std::fs::write(
        &added,
        "Added headline\n\nSomething happened in Kraków on Tuesday.",
    )
    .unwrap();
    age(&added);

    let second = load_cached(corpus_dir.path(), &cache);
    assert_eq!(seen(&second), seen(&load(corpus_dir.path())));
    assert_eq!(second.articles.len(), first.articles.len());
    assert!(second
        .articles
        .iter()
        .any(|a| a.body.contains("naïvely added") && a.body.is_packed()));
    assert!(second.articles.iter().all(|a| a.origin.path != *removed));
    // The new and the changed file went to a second pack; the first is still used.
    assert_eq!(packs(&cache).len(), 2);
    let third = load_cached(corpus_dir.path(), &cache);
    assert_eq!(seen(&third), seen(&second));
}

#[test]
fn a_damaged_pack_shows_a_notice_instead_of_wrong_text_and_the_next_open_rereads() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    let uncached = load(corpus_dir.path());
    drop(load_cached(corpus_dir.path(), &cache));
    // Flip one letter of the first body in the pack, keeping it valid UTF-8.
    let pack = &packs(&cache)[0];
    let mut bytes = std::fs::read(pack).unwrap();
    let at = bytes.iter().position(u8::is_ascii_lowercase).unwrap();
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(pack, &bytes).unwrap();

    let damaged = load_cached(corpus_dir.path(), &cache);
    let notices = damaged
        .articles
        .iter()
        .filter(|a| a.body.as_str() == presscut::body::DAMAGED)
        .count();
    assert_eq!(notices, 1, "exactly the damaged article reads as damaged");
    assert!(!cache.path(Kind::Articles).exists(), "its index is dropped");
    let reread = load_cached(corpus_dir.path(), &cache);
    assert_eq!(seen(&reread), seen(&uncached));
}

#[test]
fn a_damaged_articles_cache_is_named_and_rebuilt() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    let uncached = load(corpus_dir.path());
    drop(load_cached(corpus_dir.path(), &cache));
    let index = cache.path(Kind::Articles);
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() / 2]).unwrap();
    let rebuilt = load_cached(corpus_dir.path(), &cache);
    let (articles, warnings) = seen(&rebuilt);
    assert_eq!(articles, seen(&uncached).0);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("articles.bin") && w.contains("damaged")),
        "{warnings:?}"
    );
    let again = load_cached(corpus_dir.path(), &cache);
    assert_eq!(seen(&again), seen(&uncached), "rebuilt, then trusted");
}

#[test]
fn an_unwritable_articles_cache_keeps_the_texts_in_memory_with_a_warning() {
    let corpus_dir = tempfile::tempdir().unwrap();
    copy_fixtures(corpus_dir.path());
    age_all(corpus_dir.path());
    let parent = tempfile::tempdir().unwrap();
    // A file where the cache folder should be: nothing can be created in it.
    let blocked = parent.path().join("cache");
    std::fs::write(&blocked, "not a folder").unwrap();
    let corpus = load_cached(corpus_dir.path(), &Cache::at(&blocked));
    let uncached = load(corpus_dir.path());
    assert_eq!(seen(&corpus).0, seen(&uncached).0);
    assert!(corpus.articles.iter().all(|a| !a.body.is_packed()));
    let (_, warnings) = seen(&corpus);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains(&*blocked.to_string_lossy()) && w.contains("kept in memory")),
        "{warnings:?}"
    );
}

#[test]
fn a_new_file_size_limit_reads_the_files_again() {
    let corpus_dir = tempfile::tempdir().unwrap();
    let big = corpus_dir.path().join("big.txt");
    std::fs::write(&big, format!("Big headline\n\n{}", "word ".repeat(400_000))).unwrap();
    age(&big);
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_dir.path());
    let with_limit = |mb: u64| {
        let options = LoadOptions {
            max_file_bytes: mb * 1024 * 1024,
            cache: Some(cache.clone()),
        };
        Corpus::load(&[Source::Path(corpus_dir.path().to_path_buf())], &options)
    };
    assert_eq!(with_limit(1).articles.len(), 0, "over the limit: skipped");
    assert_eq!(
        with_limit(4).articles.len(),
        1,
        "a raised limit is not answered from the cache"
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
    let stats = presscut::cache::digests::digest_corpus(
        &corpus.articles,
        &Default::default(),
        Some(&cache),
        &AtomicUsize::new(0),
        &stop,
        |_, _| handed += 1,
    );
    assert!(stats.stopped);
    assert_eq!((handed, stats.analysed), (0, 0));
    assert_eq!(std::fs::read(cache.path(Kind::Digests)).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}
