//! `R` in the reader: fetching the configured feeds without leaving it (issue #19). The fetch
//! itself is `presscut fetch`'s (tests/fetch.rs); here, what the reader asks and says.

mod common;

use common::{app_with, keys, screen, seed_corpus};
use presscut::app::Effect;

#[test]
fn r_without_feeds_says_how_to_configure_them() {
    let mut app = app_with(seed_corpus(), 100, 24);
    assert!(keys(&mut app, "R").is_empty());
    let shown = screen(&app).join("\n");
    assert!(
        shown.contains("no feeds: set feeds and feeds_dir in the config (presscut config --path)"),
        "the whole hint fits 100 columns: {shown}"
    );
    app.set_feeds(vec!["https://example.org/feed.xml".into()], None);
    assert!(keys(&mut app, "R").is_empty());
    assert!(screen(&app).join("\n").contains("feeds_dir"));
}

#[test]
fn r_asks_the_shell_to_fetch_shows_progress_and_the_outcome() {
    let mut app = app_with(seed_corpus(), 100, 24);
    let into = std::path::PathBuf::from("/tmp/news-feeds");
    let urls = vec![
        "https://example.org/a.xml".to_string(),
        "https://example.net/b.xml".to_string(),
    ];
    app.set_feeds(urls.clone(), Some(into.clone()));
    assert_eq!(
        keys(&mut app, "R"),
        vec![Effect::FetchFeeds {
            urls,
            into: into.clone()
        }]
    );
    assert!(screen(&app).join("\n").contains("fetching 2 feed(s)"));
    // A second R while the first runs starts nothing.
    assert!(keys(&mut app, "R").is_empty());
    assert!(screen(&app).join("\n").contains("already fetching"));
    app.feeds_progress(1, 2);
    assert!(screen(&app).join("\n").contains("fetching feeds 1/2"));
    app.feeds_fetched("3 new item(s) in /tmp/news-feeds from 2 of 2 feed(s)".into());
    assert_eq!(app.feeds_running(), None);
    assert!(screen(&app).join("\n").contains("3 new item(s)"));
}

#[test]
fn new_items_reloaded_keep_the_reader_on_its_article() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["gum_crane.txt", "gum_nasa.txt", "gum_afghan.txt"] {
        std::fs::copy(
            common::manifest_path(&format!("tests/fixtures/wikinews/{name}")),
            dir.path().join(name),
        )
        .unwrap();
    }
    let load = || {
        presscut::corpus::Corpus::load(
            &[presscut::corpus::Source::Path(dir.path().into())],
            &Default::default(),
        )
    };
    let mut app = app_with(load(), 100, 24);
    keys(&mut app, "j j");
    let reading = app.current().unwrap().id.clone();
    std::fs::write(
        dir.path().join("new.json"),
        r#"{"title":"Harbour ferry timetable changes","date":"2099-01-02","text":"The harbour authority said the winter timetable starts in January, with two fewer crossings a day."}"#,
    )
    .unwrap();
    app.corpus_loaded(load());
    assert_eq!(app.corpus().articles.len(), 4);
    assert_eq!(
        app.current().unwrap().id,
        reading,
        "still on the same article"
    );
    assert!(screen(&app).join("\n").contains("Harbour ferry"));
}

#[test]
fn a_reloaded_corpus_keeps_the_config_warnings_once_and_drops_the_old_files_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), "{ not json").unwrap();
    std::fs::copy(
        common::manifest_path("tests/fixtures/wikinews/gum_crane.txt"),
        dir.path().join("crane.txt"),
    )
    .unwrap();
    let load = || {
        presscut::corpus::Corpus::load(
            &[presscut::corpus::Source::Path(dir.path().into())],
            &Default::default(),
        )
    };
    let mut app =
        presscut::app::App::loading("news".into(), presscut::app::Keymap::default_keymap());
    app.add_warnings(vec![presscut::model::Warning {
        origin: presscut::model::Origin {
            path: "config.toml".into(),
            line: Some(3),
        },
        message: "unknown key".into(),
    }]);
    app.corpus_loaded(load());
    let first: Vec<String> = app
        .corpus()
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(first.len(), 2, "{first:?}");
    app.corpus_loaded(load());
    let again: Vec<String> = app
        .corpus()
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert_eq!(again, first, "each warning once after a reload");
}
