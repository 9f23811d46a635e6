//! Loading real files from scratch folders: every format, every kind of bad input.

use std::fs;
use std::path::Path;

use super::*;

fn load_dir(dir: &Path) -> Corpus {
    Corpus::load(&[Source::Path(dir.to_path_buf())], &LoadOptions::default())
}

fn warning_for<'a>(corpus: &'a Corpus, file: &str) -> Option<&'a Warning> {
    corpus
        .warnings
        .iter()
        .find(|w| w.origin.path.ends_with(file))
}

#[test]
fn the_seed_has_a_fixed_id_title_and_metadata() {
    let corpus = Corpus::load(&[Source::BuiltinSeeds], &LoadOptions::default());
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let seed = &corpus.articles[0];
    // This id is a contract: stores and exports refer to it. Never update it to make a test pass.
    assert_eq!(seed.id.as_str(), "2a933c745409");
    assert_eq!(
        seed.title,
        "A top Russian military commander was killed by a car bomb near Moscow"
    );
    assert_eq!(seed.date.as_deref(), Some("2025-04-26"));
    assert_eq!(seed.byline().as_deref(), Some("Kyle Anzalone"));
    assert_eq!(seed.outlet.as_deref(), Some("Antiwar.com"));
    assert!(seed.body.starts_with("A top Russian military commander"));
    assert!(seed
        .body
        .contains("\n\nOn Friday, Lt. Gen. Yaroslav Moskalik"));
}

#[test]
fn the_bundled_seeds_folder_matches_the_compiled_in_seed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let from_disk = load_dir(&dir);
    let builtin = Corpus::load(&[Source::BuiltinSeeds], &LoadOptions::default());
    assert_eq!(from_disk.articles.len(), 1);
    assert_eq!(from_disk.articles[0].id, builtin.articles[0].id);
}

#[test]
fn every_format_loads_from_one_folder_and_hidden_entries_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.txt"),
        " date 2024-01-02 (Zoë Ñ, Le Monde) Première phrase. Deux.\n\nSuite.",
    )
    .unwrap();
    fs::write(
        d.join("b.md"),
        "---\ntitle: Markdown one\n---\nBody of md.\n",
    )
    .unwrap();
    fs::write(
        d.join("c.json"),
        r#"{"title":"Json one","text":"Json body 北京."}"#,
    )
    .unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(
        d.join("sub/d.jsonl"),
        "{\"title\":\"L1\",\"text\":\"one\"}\r\n{\"title\":\"L2\",\"body\":\"two\"}\n",
    )
    .unwrap();
    fs::write(d.join(".hidden.txt"), "Hidden text.").unwrap();
    fs::create_dir(d.join(".git")).unwrap();
    fs::write(d.join(".git/x.txt"), "Also hidden.").unwrap();
    fs::write(d.join("notes.xlsx"), "a,b").unwrap();
    let corpus = load_dir(d);
    let mut titles: Vec<&str> = corpus.articles.iter().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(
        titles,
        vec!["Json one", "L1", "L2", "Markdown one", "Première phrase"]
    );
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.ignored.len(), 1);
    // Newest first, undated after.
    assert_eq!(corpus.articles[0].title, "Première phrase");
    let l2 = corpus.articles.iter().find(|a| a.title == "L2").unwrap();
    assert_eq!(l2.origin.line, Some(2));
}

#[test]
fn bad_files_become_warnings_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), "Good headline\n\nGood body.").unwrap();
    fs::write(d.join("binary.txt"), b"\x7fELF\x00\x01\x02").unwrap();
    fs::write(
        d.join("latin1.txt"),
        b"Caf\xe9 headline\n\nR\xe9sum\xe9 text.",
    )
    .unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("broken.jsonl"), "{\"text\":\"fine\"}\n{not json\n").unwrap();
    fs::write(d.join("big.txt"), "x".repeat(2 * 1024 * 1024)).unwrap();
    let options = LoadOptions {
        max_file_bytes: 1024 * 1024,
        cache: None,
    };
    let corpus = Corpus::load(&[Source::Path(d.to_path_buf())], &options);
    let titles: Vec<&str> = corpus.articles.iter().map(|a| a.title.as_str()).collect();
    assert!(titles.contains(&"Good headline"));
    assert!(titles.contains(&"Café headline"), "{titles:?}");
    assert!(titles.contains(&"fine"));
    assert!(warning_for(&corpus, "binary.txt")
        .unwrap()
        .message
        .contains("binary"));
    assert!(warning_for(&corpus, "latin1.txt")
        .unwrap()
        .message
        .contains("Latin-1"));
    assert!(warning_for(&corpus, "empty.txt")
        .unwrap()
        .message
        .contains("empty"));
    let broken = warning_for(&corpus, "broken.jsonl").unwrap();
    assert_eq!(broken.origin.line, Some(2));
    assert!(warning_for(&corpus, "big.txt")
        .unwrap()
        .message
        .contains("limit"));
}

#[cfg(unix)]
#[test]
fn unreadable_files_fifos_and_symlink_loops_are_reported_not_fatal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("ok.txt"), "Fine headline\n\nText.").unwrap();
    let locked = d.join("locked.txt");
    fs::write(&locked, "secret").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
    let fifo = d.join("pipe.txt");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let corpus = load_dir(d);
    let locked_readable = fs::read(&locked).is_ok(); // root ignores mode 000
    assert_eq!(corpus.articles.len(), 1 + usize::from(locked_readable));
    if made_fifo {
        assert!(warning_for(&corpus, "pipe.txt")
            .unwrap()
            .message
            .contains("not a regular file"));
    }
    assert!(
        corpus.warnings.iter().any(|w| w.message.contains("loop")),
        "{:?}",
        corpus.warnings
    );
    if !locked_readable {
        assert!(warning_for(&corpus, "locked.txt")
            .unwrap()
            .message
            .contains("permission denied"));
    }
}

#[test]
fn identical_texts_are_one_article_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("one.txt"), "Same text here.\r\nSecond line.").unwrap();
    fs::write(d.join("two.txt"), "Same text here.\nSecond line.\n\n").unwrap();
    let corpus = load_dir(d);
    assert_eq!(corpus.articles.len(), 1);
    let dup = warning_for(&corpus, "two.txt").unwrap();
    assert!(
        dup.message.contains("same text as") && dup.message.contains("one.txt"),
        "{dup}"
    );
}

#[test]
fn html_character_references_in_a_text_file_read_as_their_characters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("scraped.txt"),
        " date 2008-03-27 (Zoë Lef&#232;vre, Wikinews) Airbus &amp; EADS won a &#165;13 billion deal.\n\n\
         AT&T said &quot;no&quot;; R&D goes on.",
    )
    .unwrap();
    // A JSON corpus says what it means: its text is taken as written.
    fs::write(
        d.join("raw.jsonl"),
        "{\"title\":\"Fish &amp; chips\",\"text\":\"A &amp; B\"}\n",
    )
    .unwrap();
    let corpus = load_dir(d);
    let scraped = corpus
        .articles
        .iter()
        .find(|a| a.origin.path.ends_with("scraped.txt"))
        .unwrap();
    assert_eq!(scraped.authors, ["Zoë Lefèvre"]);
    assert!(
        scraped.title.starts_with("Airbus & EADS won a ¥13 billion"),
        "{}",
        scraped.title
    );
    assert!(
        scraped.body.contains("AT&T said \"no\"; R&D goes on."),
        "{}",
        scraped.body.as_str()
    );
    let raw = corpus
        .articles
        .iter()
        .find(|a| a.title == "Fish &amp; chips")
        .unwrap();
    assert_eq!(raw.body.as_str(), "A &amp; B");
}

#[test]
fn ids_depend_on_the_text_only() {
    let a = ArticleId::of_body(&crate::text::normalise_body("Ünïcödé body\r\n\r\nPara 2\t"));
    let b = ArticleId::of_body(&crate::text::normalise_body("Ünïcödé body\n\n\nPara 2"));
    assert_eq!(a, b);
    assert_eq!(a.as_str().len(), ArticleId::LEN);
    assert_ne!(a, ArticleId::of_body("Ünïcödé body\n\nPara 3"));
}

#[test]
fn the_wikinews_sample_has_titles_dates_and_outlets() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikinews");
    let corpus = load_dir(&dir);
    assert!(corpus.articles.len() >= 10);
    for a in corpus.articles.iter() {
        assert!(
            a.date.as_deref().is_some_and(|d| d.len() == 10),
            "{}",
            a.origin
        );
        assert_eq!(a.outlet.as_deref(), Some("Wikinews"), "{}", a.origin);
        let n = a.title.chars().count();
        assert!(
            (10..=crate::text::TITLE_MAX_CHARS + 1).contains(&n),
            "{}: {:?}",
            a.origin,
            a.title
        );
    }
}

#[test]
fn progress_counts_every_file_found_and_read() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        fs::write(
            dir.path().join(format!("{i}.txt")),
            format!("Article number {i}."),
        )
        .unwrap();
    }
    fs::write(dir.path().join("skip.bin"), "not a corpus format").unwrap();
    let progress = LoadProgress::default();
    assert!(!progress.walked());
    let corpus = Corpus::load_with_progress(
        &[Source::Path(dir.path().to_path_buf()), Source::BuiltinSeeds],
        &LoadOptions::default(),
        &progress,
    );
    assert!(progress.walked());
    assert_eq!((progress.found(), progress.read()), (6, 6));
    assert_eq!(corpus.files_read, 6);
    assert_eq!(corpus.articles.len(), 6);
}

#[test]
fn the_fast_newest_first_sort_gives_the_stable_sorts_order() {
    // Dates that share their first 16 bytes, dates that are prefixes of others, a NUL, no
    // date; titles that share their first 8 bytes, non-ASCII, empty; many exact ties.
    let dates = [
        None,
        Some("2025-04-26"),
        Some("2025-04-26T10:00:01Z"),
        Some("2025-04-26T10:00:02Z"),
        Some("2025-04-26T10:00"),
        Some("2025-04"),
        Some("2025-04-26\0x"),
        Some("spring 2024"),
        Some(""),
    ];
    let titles = [
        "Zürich talks",
        "Zürich talks resume",
        "Kyiv",
        "",
        "Київ",
        "Kyiv",
    ];
    let mut articles = Vec::new();
    let mut seed = 7u64;
    for round in 0..3 {
        for date in dates {
            for title in titles {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let body = format!("{title} {round} {seed}");
                let mut a =
                    parse_bytes(Path::new("a.txt"), Format::Text, body.as_bytes()).0[0].clone();
                a.title = title.to_string();
                a.date = date.map(str::to_string);
                articles.push((seed, a));
            }
        }
    }
    articles.sort_by_key(|(seed, _)| *seed);
    let articles: Vec<Article> = articles.into_iter().map(|(_, a)| a).collect();
    let mut expected = articles.clone();
    expected.sort_by(newest_first);
    let got = sort_newest_first(articles);
    let ids = |v: &[Article]| v.iter().map(|a| a.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&got), ids(&expected));
    assert_eq!(
        got[0].date.as_deref(),
        Some("spring 2024"),
        "newest first by the text's order"
    );
    assert!(got.last().is_some_and(|a| a.date.is_none()), "undated last");
}
