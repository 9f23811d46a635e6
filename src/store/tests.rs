//! The store on a real disk: atomic saves, backups, corrupt files, recovery, merging writers.

use std::fs;

use super::*;

fn hint() -> ArticleHint {
    ArticleHint {
        path: Some("seeds/a.txt".into()),
        title: Some("A".into()),
        sketch: None,
    }
}

#[test]
fn save_creates_a_sorted_private_file_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, mut data) = StoreFile::open(dir.path()).unwrap();
    assert!(
        !dir.path().join(STORE_FILE).exists(),
        "opening never creates the file"
    );
    data.set_tag("bbb", &hint(), "zeta", true);
    data.set_tag("aaa", &hint(), "Ωmega", true);
    data = file.save(&data).unwrap();
    let text = fs::read_to_string(dir.path().join(STORE_FILE)).unwrap();
    assert!(
        text.find("\"aaa\"").unwrap() < text.find("\"bbb\"").unwrap(),
        "ids sorted"
    );
    assert!(
        text.find("\"articles\"").unwrap() < text.find("\"format\"").unwrap(),
        "keys sorted"
    );
    assert!(text.contains("\"updated\""));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join(STORE_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    data.set_note("aaa", &hint(), "second version");
    file.save(&data).unwrap();
    let backup = fs::read_to_string(dir.path().join("store.json.bak")).unwrap();
    assert_eq!(backup, text, "the backup is the previous version");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temp files left: {leftovers:?}");
}

#[test]
fn a_corrupt_store_is_reported_with_its_line_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE);
    fs::write(&path, "{\n  \"format\": \"presscut-store\",\n  oops\n}").unwrap();
    let err = StoreFile::open(dir.path()).unwrap_err();
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
fn recover_moves_the_bad_file_aside_and_restores_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, mut data) = StoreFile::open(dir.path()).unwrap();
    data.set_note("x", &hint(), "précieux");
    data = file.save(&data).unwrap();
    data.set_note("x", &hint(), "newer");
    file.save(&data).unwrap();
    fs::write(dir.path().join(STORE_FILE), "garbage").unwrap();
    let message = recover(dir.path()).unwrap();
    assert!(message.contains("restored"), "{message}");
    let (_, data) = StoreFile::open(dir.path()).unwrap();
    assert_eq!(data.note_of("x"), "précieux");
    let aside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("store.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.path().join(&aside[0])).unwrap(),
        "garbage"
    );
}

#[test]
fn two_writers_keep_each_others_edits_and_see_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut a) = StoreFile::open(dir.path()).unwrap();
    let (mut two, mut b) = StoreFile::open(dir.path()).unwrap();
    a.set_tag("art", &hint(), "from-one", true);
    a = one.save(&a).unwrap();
    b.set_tag("art", &hint(), "from-two", true);
    b.set_note("other", &hint(), "note from two");
    b = two.save(&b).unwrap();
    let mut tags = b.tags_of("art").to_vec();
    tags.sort();
    assert_eq!(tags, ["from-one", "from-two"]);
    // The first writer notices the change without saving.
    let reloaded = one
        .reload_if_changed(&a)
        .unwrap()
        .expect("a change on disk");
    assert_eq!(reloaded.note_of("other"), "note from two");
    assert!(
        one.reload_if_changed(&reloaded).unwrap().is_none(),
        "no change since"
    );
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
