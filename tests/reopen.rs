//! Reopening a corpus without re-reading it (issue #18): what loading each file gave is kept
//! with the bodies packed, an unchanged file is not opened again, a changed, added or removed
//! one is noticed, a damaged cache is named and rebuilt; and the list a load ended with is
//! kept as a snapshot that the next start shows before it has looked at the folders.

mod common;

use presscut::cache::{Cache, Kind};
use presscut::corpus::{Corpus, LoadOptions, Source};

fn load(dir: &std::path::Path) -> Corpus {
    Corpus::load(&[Source::Path(dir.to_path_buf())], &LoadOptions::default())
}

fn copy_fixtures(to: &std::path::Path) {
    for entry in std::fs::read_dir(common::manifest_path("tests/fixtures/wikinews")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

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
                "{} {} {:?} {:?} {:?} {:?} {:?} {:?} {}",
                a.id,
                a.origin,
                a.title,
                a.date,
                a.authors,
                a.outlet,
                a.url,
                a.source_id,
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
        "{\"title\":\"Ünïcode — «quoted»\",\"text\":\"Zoë said “bonjour” in Zürich.\",\
         \"authors\":[\"Zoë Ünal\",\"Łukasz\"],\"url\":\"https://example.org/zoë\",\"id\":\"z-1\"}\n\
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

// --- The snapshot: the list a load ended with, shown before the folders are checked ---

fn open_snapshot(
    dir: &std::path::Path,
    cache: &Cache,
) -> Result<(Corpus, presscut::corpus::Unverified), Option<presscut::model::Warning>> {
    let options = LoadOptions {
        cache: Some(cache.clone()),
        ..LoadOptions::default()
    };
    Corpus::open_snapshot(&[Source::Path(dir.to_path_buf())], &options)
}

/// The fixtures plus what gives warnings: a duplicate, a bad line, a file of no corpus format.
fn scratch_with_warnings() -> Scratch {
    let scratch = scratch();
    let dir = scratch.corpus_dir.path();
    std::fs::write(
        dir.join("zz.jsonl"),
        "{\"title\":\"Ünïcode — «quoted»\",\"text\":\"Zoë said “bonjour” in Zürich.\"}\n\
         {\"title\":\"Copy\",\"text\":\"Zoë said “bonjour” in Zürich.\"}\nnot json\n",
    )
    .unwrap();
    std::fs::write(dir.join("notes.xyz"), "not an article").unwrap();
    age_all(dir);
    scratch
}

#[test]
fn the_next_start_shows_the_last_list_from_the_snapshot_without_opening_a_file() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch_with_warnings();
    let loaded = load_cached(corpus_dir.path(), &cache);
    assert!(cache.path(Kind::Snapshot).exists());
    assert!(!loaded.warnings.is_empty() && !loaded.ignored.is_empty());
    // Same size and time, other bytes: only a reader that opens the files could tell.
    for entry in std::fs::read_dir(corpus_dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::metadata(&path).unwrap();
        std::fs::write(&path, "#".repeat(meta.len() as usize)).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(meta.modified().unwrap())
            .unwrap();
    }
    let (shown, unverified) = open_snapshot(corpus_dir.path(), &cache).unwrap();
    // The same list in the same order, with the same texts and warnings.
    assert_eq!(seen(&shown), seen(&loaded));
    assert_eq!(shown.ignored, loaded.ignored);
    assert_eq!(shown.files_read, loaded.files_read);
    assert_eq!(shown.name, loaded.name);
    assert!(shown.articles.iter().any(|a| a.body.contains("Zoë said")));
    assert!(
        unverified.still_current(),
        "nothing a size and a time can tell changed"
    );
}

#[test]
fn a_changed_added_or_removed_file_makes_the_snapshot_out_of_date() {
    type Change = fn(&std::path::Path);
    let changes: [(&str, Change); 5] = [
        ("edited", |dir| {
            let path = first_file(dir);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace("\n\n", "\n\nA new paragraph in Łódź.\n\n"),
            )
            .unwrap();
            age(&path);
        }),
        ("added", |dir| {
            let path = dir.join("added.txt");
            std::fs::write(&path, "Added headline\n\nSomething happened in Kraków.").unwrap();
            age(&path);
        }),
        ("removed", |dir| {
            std::fs::remove_file(first_file(dir)).unwrap()
        }),
        ("touched", |dir| {
            let path = first_file(dir);
            let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(two_hours_ago)
                .unwrap();
        }),
        ("ignored file added", |dir| {
            std::fs::write(dir.join("readme.md.bak"), "x").unwrap();
        }),
    ];
    for (what, change) in changes {
        let Scratch {
            corpus_dir, cache, ..
        } = scratch();
        drop(load_cached(corpus_dir.path(), &cache));
        change(corpus_dir.path());
        let (_, unverified) = open_snapshot(corpus_dir.path(), &cache).unwrap();
        assert!(!unverified.still_current(), "{what}: not noticed");
        // Loading again keeps the new list as the snapshot, and it is current.
        let reloaded = load_cached(corpus_dir.path(), &cache);
        let (shown, unverified) = open_snapshot(corpus_dir.path(), &cache).unwrap();
        assert_eq!(seen(&shown), seen(&reloaded), "{what}");
        assert_eq!(seen(&shown), seen(&load(corpus_dir.path())), "{what}");
        assert!(unverified.still_current(), "{what}");
    }
}

fn first_file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names.remove(0)
}

#[test]
fn a_damaged_snapshot_is_named_not_used_and_written_again() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    let loaded = load_cached(corpus_dir.path(), &cache);
    let path = cache.path(Kind::Snapshot);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let warning = open_snapshot(corpus_dir.path(), &cache)
        .err()
        .flatten()
        .unwrap()
        .to_string();
    assert!(
        warning.contains("snapshot.bin") && warning.contains("damaged"),
        "{warning}"
    );
    // Truncated, or gone: no snapshot, no failure.
    std::fs::write(&path, &bytes[..10]).unwrap();
    assert!(open_snapshot(corpus_dir.path(), &cache).is_err());
    std::fs::remove_file(&path).unwrap();
    assert!(open_snapshot(corpus_dir.path(), &cache).is_err());
    // The next load writes it again, though nothing in the corpus changed.
    drop(load_cached(corpus_dir.path(), &cache));
    let (shown, _) = open_snapshot(corpus_dir.path(), &cache).unwrap();
    assert_eq!(seen(&shown), seen(&loaded));
}

#[test]
fn a_snapshot_is_used_only_with_the_articles_cache_and_size_limit_it_was_made_with() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    drop(load_cached(corpus_dir.path(), &cache));
    let snapshot = std::fs::read(cache.path(Kind::Snapshot)).unwrap();
    // Another size limit would give other warnings.
    let other_limit = LoadOptions {
        cache: Some(cache.clone()),
        max_file_bytes: 1000,
    };
    let sources = [Source::Path(corpus_dir.path().to_path_buf())];
    assert!(Corpus::open_snapshot(&sources, &other_limit).is_err());
    // The articles cache it goes with is gone (a damaged body removes it): not used.
    std::fs::remove_file(cache.path(Kind::Articles)).unwrap();
    assert!(open_snapshot(corpus_dir.path(), &cache).is_err());
    // Nor beside a newer one.
    let added = corpus_dir.path().join("added.txt");
    std::fs::write(&added, "Added headline\n\nA text about Gdańsk.").unwrap();
    age(&added);
    drop(load_cached(corpus_dir.path(), &cache));
    std::fs::write(cache.path(Kind::Snapshot), &snapshot).unwrap();
    assert!(open_snapshot(corpus_dir.path(), &cache).is_err());
}

#[test]
fn what_went_wrong_with_the_cache_is_said_once_not_kept_in_the_snapshot() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    drop(load_cached(corpus_dir.path(), &cache));
    let index = cache.path(Kind::Articles);
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() / 2]).unwrap();
    let rebuilt = load_cached(corpus_dir.path(), &cache);
    assert!(rebuilt
        .warnings
        .iter()
        .any(|w| w.to_string().contains("articles.bin")));
    let (shown, _) = open_snapshot(corpus_dir.path(), &cache).unwrap();
    assert!(
        shown.warnings.is_empty(),
        "{:?}",
        shown
            .warnings
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_corpus_with_a_file_just_written_has_no_snapshot_until_it_settles() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    // Written a moment ago: its time could still move without its size changing.
    std::fs::write(
        corpus_dir.path().join("fresh.txt"),
        "Fresh\n\nJust written.",
    )
    .unwrap();
    let loaded = load_cached(corpus_dir.path(), &cache);
    assert!(loaded.articles.iter().any(|a| a.title == "Fresh"));
    assert!(!cache.path(Kind::Snapshot).exists());
    assert!(open_snapshot(corpus_dir.path(), &cache).is_err());
}

#[test]
fn an_unchanged_corpus_does_not_write_its_snapshot_again() {
    let Scratch {
        corpus_dir, cache, ..
    } = scratch();
    drop(load_cached(corpus_dir.path(), &cache));
    let path = cache.path(Kind::Snapshot);
    // Marked, so that a rewrite would show.
    let marked = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(marked)
        .unwrap();
    drop(load_cached(corpus_dir.path(), &cache));
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(modified, marked, "rewritten although nothing changed");
    assert!(open_snapshot(corpus_dir.path(), &cache).is_ok());
}

#[test]
fn a_folder_with_nothing_to_read_reopens_without_a_warning() {
    let corpus_dir = tempfile::tempdir().unwrap();
    std::fs::write(corpus_dir.path().join("notes.xyz"), "not an article").unwrap();
    age_all(corpus_dir.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(cache_dir.path());
    let loaded = load_cached(corpus_dir.path(), &cache);
    assert!(loaded.articles.is_empty());
    let (shown, unverified) = open_snapshot(corpus_dir.path(), &cache).unwrap();
    assert!(shown.articles.is_empty() && shown.warnings.is_empty());
    assert_eq!(shown.ignored, loaded.ignored);
    assert!(unverified.still_current());
}
