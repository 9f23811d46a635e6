//! The store on a real disk: the logs, the snapshot, migration, corrupt files, recovery, and
//! several writers.

use std::fs;

use super::*;

fn hint() -> ArticleHint {
    ArticleHint {
        path: Some("seeds/a.txt".into()),
        title: Some("A".into()),
        sketch: None,
    }
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_edit_is_one_log_line_and_the_snapshot_is_sorted_private_and_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, mut data) = StoreFile::open(dir.path(), "ana").unwrap();
    assert!(names_in(dir.path()).is_empty(), "opening creates nothing");
    data.set_tag("bbb", &hint(), "zeta", true);
    data.set_tag("aaa", &hint(), "Ωmega", true);
    file.commit(&mut data).unwrap();
    let log = fs::read_to_string(dir.path().join("log/ana.jsonl")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    // Two tags, each followed by the article's path and title the first time.
    assert_eq!(lines.len(), 4, "{log}");
    assert!(lines[0].starts_with(r#"{"op":"tag","id":"bbb","tag":"zeta","coder":"ana","at":"20"#));
    let text = fs::read_to_string(dir.path().join(STORE_FILE)).unwrap();
    assert!(
        text.find("\"aaa\"").unwrap() < text.find("\"bbb\"").unwrap(),
        "ids sorted"
    );
    assert!(
        text.find("\"articles\"").unwrap() < text.find("\"format\"").unwrap(),
        "keys sorted"
    );
    assert!(text.contains("\"updated\"") && text.contains("\"version\": 2"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in [STORE_FILE, "log/ana.jsonl"] {
            let mode = fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        let mode = fs::metadata(dir.path().join("log"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    data.set_note("aaa", &hint(), "second version");
    file.commit(&mut data).unwrap();
    let backup = fs::read_to_string(dir.path().join("store.json.bak")).unwrap();
    assert_eq!(backup, text, "the backup is the previous snapshot");
    assert!(
        names_in(dir.path())
            .iter()
            .all(|n| !n.starts_with(".store")),
        "no temp files left: {:?}",
        names_in(dir.path())
    );
    // git sync without conflicts: union merge for the logs, derived files ignored.
    assert!(fs::read_to_string(dir.path().join(".gitattributes"))
        .unwrap()
        .contains("log/*.jsonl merge=union"));
    let ignore = fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "store.json"));
    assert!(
        !ignore.lines().any(|l| l.starts_with("log")),
        "the logs are the store: {ignore}"
    );
    let (_, reopened) = StoreFile::open(dir.path(), "ben").unwrap();
    assert_eq!(reopened, data);
}

#[test]
fn a_corrupt_store_without_a_log_is_reported_with_its_line_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    fs::write(&path, "{\n  \"format\": \"presscut-store\",\n  oops\n}").unwrap();
    let err = StoreFile::open(dir.path(), "ana").unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("store.json:3") && message.contains("--recover"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "{\n  \"format\": \"presscut-store\",\n  oops\n}"
    );
}

#[test]
fn a_damaged_snapshot_is_set_aside_and_rebuilt_from_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, mut data) = StoreFile::open(dir.path(), "ana").unwrap();
    data.set_note("x", &hint(), "précieux");
    file.commit(&mut data).unwrap();
    fs::write(dir.path().join(STORE_FILE), "garbage").unwrap();
    let (mut file, data) = StoreFile::open(dir.path(), "ana").unwrap();
    assert_eq!(data.note_of("x"), "précieux");
    let warnings = file.take_warnings();
    assert!(
        warnings[0].contains("rebuilt from the logs"),
        "{warnings:?}"
    );
    let aside: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("store.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.path().join(&aside[0])).unwrap(),
        "garbage"
    );
}

#[test]
fn recover_moves_a_bad_store_from_before_the_log_aside_and_restores_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = r#"{"format":"presscut-store","version":1,"articles":{"x":{"note":"précieux","read":false,"tags":[]}},"tags":{}}"#;
    fs::write(dir.path().join("store.json.bak"), v1).unwrap();
    fs::write(dir.path().join(STORE_FILE), "garbage").unwrap();
    assert!(StoreFile::open(dir.path(), "ana").is_err());
    let message = recover(dir.path()).unwrap();
    assert!(message.contains("restored"), "{message}");
    let (_, data) = StoreFile::open(dir.path(), "ana").unwrap();
    assert_eq!(data.note_of("x"), "précieux");
    assert!(names_in(dir.path())
        .iter()
        .any(|n| n.starts_with("store.json.corrupt-")));
}

#[test]
fn a_store_from_before_the_log_is_migrated_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = r#"{
  "articles": {
    "aaa": {"note": "Zitat prüfen", "path": "seeds/a.txt", "read": true, "tags": ["Krim", "Ωmega"], "title": "A", "updated": "2025-03-01T10:00:00Z", "colour": "red"},
    "bbb": {"read": true, "tags": [], "updated": "2025-03-02T11:00:00Z"}
  },
  "format": "presscut-store",
  "future": {"x": 1},
  "searches": {"krim": "crimea tag:Krim"},
  "tags": {"Krim": {"key": "4", "color": "red"}, "Ωmega": {"key": "1"}, "unused": {}},
  "version": 1
}"#;
    fs::write(dir.path().join(STORE_FILE), v1).unwrap();
    let (mut file, data) = StoreFile::open(dir.path(), "ana").unwrap();
    let expected: StoreData = serde_json::from_str(v1).unwrap();
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        serde_json::to_value(&expected)
            .unwrap()
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o.insert("version".into(), 2.into());
                serde_json::Value::Object(o)
            })
            .unwrap()
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("store.json.v1-backup")).unwrap(),
        v1,
        "the original is kept byte for byte"
    );
    let warning = file.take_warnings().join("\n");
    assert!(
        warning.contains("store.json.v1-backup") && warning.contains("log/ana.jsonl"),
        "{warning}"
    );
    // Opening again migrates nothing more and reads the same state.
    let (mut again, same) = StoreFile::open(dir.path(), "ana").unwrap();
    assert!(again.take_warnings().is_empty());
    assert_eq!(same, data);
    assert!(!names_in(dir.path())
        .iter()
        .any(|n| n.starts_with("store.json.v1-backup-")));
}

#[test]
fn two_writers_keep_each_others_edits_and_see_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut a) = StoreFile::open(dir.path(), "ana").unwrap();
    let (mut two, mut b) = StoreFile::open(dir.path(), "ben").unwrap();
    a.set_tag("art", &hint(), "from-one", true);
    one.commit(&mut a).unwrap();
    b.set_tag("art", &hint(), "from-two", true);
    b.set_note("other", &hint(), "note from two");
    two.commit(&mut b).unwrap();
    let mut tags = b.tags_of("art").to_vec();
    tags.sort();
    assert_eq!(tags, ["from-one", "from-two"]);
    // The first writer takes up the change without writing anything.
    assert!(one.catch_up(&mut a).unwrap().changed);
    assert_eq!(a.note_of("other"), "note from two");
    assert_eq!(a, b);
    assert!(!one.catch_up(&mut a).unwrap().changed, "no change since");
}

#[test]
fn two_processes_of_one_coder_append_in_turn_and_agree() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut a) = StoreFile::open(dir.path(), "ana").unwrap();
    let (mut two, mut b) = StoreFile::open(dir.path(), "ana").unwrap();
    a.set_tag("art", &hint(), "x", true);
    one.commit(&mut a).unwrap();
    b.set_tag("art", &hint(), "y", true);
    b.set_read("art", &hint(), true);
    two.commit(&mut b).unwrap();
    a.set_tag("art", &hint(), "x", false);
    one.commit(&mut a).unwrap();
    two.catch_up(&mut b).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.tags_of("art"), ["y"]);
    let (_, fresh) = StoreFile::open(dir.path(), "ben").unwrap();
    assert_eq!(fresh, a, "a fresh fold agrees with both");
}

#[test]
fn undo_takes_back_only_my_own_edit_and_keeps_what_another_process_did_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reader, mut mine) = StoreFile::open(dir.path(), "ana").unwrap();
    let before = mine.record("art").cloned();
    mine.set_read("art", &hint(), true);
    mine.set_note("art", &hint(), "my note");
    let after = mine.record("art").cloned();
    reader.commit(&mut mine).unwrap();
    // A script tags the article and creates a tag.
    let (mut script, mut theirs) = StoreFile::open(dir.path(), "ana").unwrap();
    theirs.set_tag("art", &hint(), "script-tag", true);
    script.commit(&mut theirs).unwrap();
    reader.catch_up(&mut mine).unwrap();
    // Undo in the reader.
    mine.take_back("art", after.as_ref(), before.as_ref());
    reader.commit(&mut mine).unwrap();
    let (_, folded) = StoreFile::open(dir.path(), "ana").unwrap();
    assert_eq!(folded.tags_of("art"), ["script-tag"]);
    assert_eq!(folded.note_of("art"), "");
    assert!(!folded.is_read("art"));
    assert!(folded.existing_tag("script-tag").is_some());
}

#[test]
fn notes_saved_at_once_by_two_processes_keep_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut a) = StoreFile::open(dir.path(), "ana").unwrap();
    let (mut two, mut b) = StoreFile::open(dir.path(), "ben").unwrap();
    a.set_note("art", &hint(), "first text");
    b.set_note("art", &hint(), "second text");
    one.commit(&mut a).unwrap();
    two.commit(&mut b).unwrap();
    let (_, folded) = StoreFile::open(dir.path(), "cleo").unwrap();
    let note = folded.note_of("art");
    assert!(
        note.contains("first text") && note.contains("second text"),
        "{note}"
    );
    assert!(op::has_conflict(note));
    let warnings = two.take_warnings();
    assert!(
        warnings.iter().any(|w| w.contains("two places at once")),
        "{warnings:?}"
    );
    assert_eq!(
        b.note_of("art"),
        note,
        "the second writer sees the conflict at once"
    );
}

#[test]
fn a_coders_lines_from_another_machine_with_an_earlier_clock_refold_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, mut data) = StoreFile::open(dir.path(), "ana").unwrap();
    data.set_tag("art", &hint(), "x", true);
    file.commit(&mut data).unwrap();
    // A sync brings ben's older line: untagging x an hour before ana tagged it.
    let old = r#"{"op":"untag","id":"art","tag":"x","coder":"ben","at":"2000-01-01T00:00:00.000000000Z"}"#;
    fs::write(dir.path().join("log/ben.jsonl"), format!("{old}\n")).unwrap();
    file.catch_up(&mut data).unwrap();
    assert_eq!(
        data.tags_of("art"),
        ["x"],
        "the later tag wins, as in a fresh fold"
    );
    let (_, fresh) = StoreFile::open(dir.path(), "ben").unwrap();
    assert_eq!(fresh, data);
}

#[test]
fn edited_articles_are_reattached_by_path_and_others_are_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    let story = "Headline\n\nThe council voted on Tuesday to expand the tram network to the \
        northern districts. The mayor said the first line would open in two years, and that \
        construction would begin next spring once the regional government approves the plan.";
    fs::write(&file, story).unwrap();
    let load = || {
        crate::corpus::Corpus::load(
            &[crate::corpus::Source::Path(dir.path().to_path_buf())],
            &Default::default(),
        )
    };
    let before = load();
    let mut store = StoreData::default();
    store.set_note(
        before.articles[0].id.as_str(),
        &hint_for(&before.articles[0]),
        "keep me",
    );
    store.set_note("0123456789ab", &ArticleHint::default(), "gone article");
    fs::write(&file, story.replace("two years", "three years")).unwrap();
    let after = load();
    let moved = reattach(&mut store, &after.articles);
    assert_eq!(moved.len(), 1);
    assert_eq!(store.note_of(after.articles[0].id.as_str()), "keep me");
    let orphans = orphans(&store, &after.articles);
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].1.note, "gone article");
    // The same file now holds another story (a feed reusing its file names): the note is not
    // moved onto it; it stays, as an orphan.
    fs::write(
        &file,
        "Flooding\n\nHeavy rain flooded several villages in the valley overnight. Rescue teams \
         evacuated dozens of residents, and the weather service warned of more storms.",
    )
    .unwrap();
    let other = load();
    assert!(reattach(&mut store, &other.articles).is_empty());
    assert_eq!(store.note_of(other.articles[0].id.as_str()), "");
    assert!(crate::store::orphans(&store, &other.articles)
        .iter()
        .any(|(_, r)| r.note == "keep me"));
}

#[test]
fn an_edited_line_of_a_jsonl_file_takes_its_note_along_even_with_a_colon_in_the_name() {
    let dir = tempfile::tempdir().unwrap();
    // A colon in the file name: "name:2" must still read as line 2 of it.
    let file = dir.path().join("wire:2024.jsonl");
    let first = "Trams\n\nThe council in Zürich voted on Tuesday to expand the tram network \
        to the northern districts, and the first line would open in two years.";
    let second = "Ferries\n\nThe ferry operator in Łódź said it would add two boats next \
        spring, once the regional government approves the harbour plan it drew up.";
    let lines = |a: &str, b: &str| {
        format!(
            "{}\n{}\n",
            serde_json::json!({ "text": a }),
            serde_json::json!({ "text": b })
        )
    };
    fs::write(&file, lines(first, second)).unwrap();
    let load = || {
        crate::corpus::Corpus::load(
            &[crate::corpus::Source::Path(dir.path().to_path_buf())],
            &Default::default(),
        )
    };
    let before = load();
    let ferries = |articles: &[crate::model::Article]| {
        articles
            .iter()
            .find(|a| a.origin.line == Some(2))
            .map(|a| a.id.as_str().to_string())
            .expect("line 2 read")
    };
    let old = ferries(&before.articles);
    let record = before
        .articles
        .iter()
        .find(|a| a.id.as_str() == old)
        .unwrap();
    let mut store = StoreData::default();
    store.set_note(&old, &hint_for(record), "check the boat count");
    fs::write(
        &file,
        lines(first, &second.replace("two boats", "three boats")),
    )
    .unwrap();
    let after = load();
    let moved = reattach(&mut store, &after.articles);
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(
        store.note_of(&ferries(&after.articles)),
        "check the boat count"
    );
}

#[test]
fn records_from_before_sketches_reattach_only_to_the_same_title() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("001.txt");
    let load = || {
        crate::corpus::Corpus::load(
            &[crate::corpus::Source::Path(dir.path().to_path_buf())],
            &Default::default(),
        )
    };
    fs::write(&file, "Tram vote\n\nAn edited body.").unwrap();
    let corpus = load();
    let path = corpus.articles[0].origin.to_string();
    // A record written before sketches existed: path and title only.
    let old_hint = |title: &str| ArticleHint {
        path: Some(path.clone()),
        title: Some(title.into()),
        sketch: None,
    };
    let mut store_same = StoreData::default();
    store_same.set_note("aaaaaaaaaaaa", &old_hint("Tram vote"), "same title");
    assert_eq!(reattach(&mut store_same, &corpus.articles).len(), 1);
    let mut store_other = StoreData::default();
    store_other.set_note(
        "aaaaaaaaaaaa",
        &old_hint("Floods in the valley"),
        "other story",
    );
    assert!(reattach(&mut store_other, &corpus.articles).is_empty());
}

#[test]
fn an_edit_that_another_writer_made_already_stamps_the_record_as_a_fresh_fold_does() {
    // Found by the long fuzz run: the writer stamped `updated` with its own no-op untag, the
    // fold did not, and the two disagreed when the seconds differed.
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut a) = StoreFile::open(dir.path(), "ana").unwrap();
    let (mut two, mut b) = StoreFile::open(dir.path(), "ana").unwrap();
    a.set_tag("art", &hint(), "x", true);
    a.set_note("art", &hint(), "keeps the record");
    one.commit(&mut a).unwrap();
    two.catch_up(&mut b).unwrap();
    b.set_tag("art", &hint(), "x", false);
    a.set_tag("art", &hint(), "x", false);
    one.commit(&mut a).unwrap();
    // The second writer takes up the first one's untag while its own is still to be written:
    // re-applied on top, its own is a no-op now.
    two.catch_up(&mut b).unwrap();
    // The next second, that untag reaches the log.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    std::thread::sleep(std::time::Duration::from_nanos(
        u64::from(1_000_000_000 - nanos) + 20_000_000,
    ));
    two.commit(&mut b).unwrap();
    let (_, fresh) = StoreFile::open(dir.path(), "cleo").unwrap();
    assert_eq!(b, fresh);
    one.catch_up(&mut a).unwrap();
    assert_eq!(a, fresh);
}
