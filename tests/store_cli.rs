//! Tags and notes from the command line, against a real store on disk: what a script or a
//! second terminal does while the reader is open elsewhere.

mod common;

use std::path::Path;

use assert_cmd::Command;

use common::{manifest_path, presscut_in, stdout_of as ok};

const SEED_ID: &str = "2a933c745409";

fn presscut(data: &Path) -> Command {
    presscut_in(data)
}

fn store_json(data: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data.join("store.json")).unwrap()).unwrap()
}

#[test]
fn tag_untag_and_note_by_id_prefix_and_path() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let out = ok(presscut(d).args(["tag", &SEED_ID[..5], "Krim", "Ukraine war"]));
    assert_eq!(out, format!("{SEED_ID}: Krim, Ukraine war\n"));
    ok(presscut(d)
        .args(["tag", "seeds/000_6a7fc81ac7b5890a.txt", "krim"])
        .current_dir(manifest_path("")));
    ok(presscut(d).args(["untag", SEED_ID, "ukraine WAR"]));
    ok(presscut(d).args([
        "note",
        SEED_ID,
        "Zakharova: “terrorist attack”,\nsecond line, tab\there",
    ]));
    let store = store_json(d);
    assert_eq!(store["format"], "presscut-store");
    assert_eq!(store["version"], 2);
    let record = &store["articles"][SEED_ID];
    assert_eq!(record["tags"], serde_json::json!(["Krim"]));
    assert_eq!(
        record["note"],
        "Zakharova: “terrorist attack”,\nsecond line, tab\there"
    );
    assert!(record["path"]
        .as_str()
        .unwrap()
        .ends_with("000_6a7fc81ac7b5890a.txt"));
    let list = ok(presscut(d).arg("list"));
    assert!(list.trim_end().ends_with("\tKrim"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(presscut(d).args(["list", "--json"]))).unwrap();
    assert_eq!(json[0]["tags"], serde_json::json!(["Krim"]));
}

#[test]
fn note_from_stdin_and_clearing_it() {
    let data = tempfile::tempdir().unwrap();
    ok(presscut(data.path())
        .args(["note", SEED_ID, "-"])
        .write_stdin("from stdin ✍\n"));
    assert_eq!(
        store_json(data.path())["articles"][SEED_ID]["note"],
        "from stdin ✍"
    );
    ok(presscut(data.path()).args(["note", SEED_ID, ""]));
    assert!(
        store_json(data.path())["articles"].get(SEED_ID).is_none(),
        "an empty record is dropped"
    );
}

#[test]
fn unknown_and_ambiguous_articles_are_clear_errors() {
    let data = tempfile::tempdir().unwrap();
    let out = presscut(data.path())
        .args(["tag", "zzzz", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no article matches \"zzzz\"") && err.lines().count() == 1,
        "{err}"
    );
    let corpus = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            corpus.path().join(format!("{i}.txt")),
            format!("Headline {i}\n\nBody {i}."),
        )
        .unwrap();
    }
    let out = presscut(data.path())
        .args(["tag", "a", "x", "--corpus"])
        .arg(corpus.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("matches") && err.contains("type more of the id"),
        "{err}"
    );
}

#[test]
fn a_damaged_snapshot_is_rebuilt_from_the_log_and_kept_aside() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(presscut(d).args(["tag", SEED_ID, "first"]));
    ok(presscut(d).args(["tag", SEED_ID, "second"]));
    std::fs::write(
        d.join("store.json"),
        "{\"format\": \"presscut-store\",\n broken",
    )
    .unwrap();
    let out = presscut(d).args(["list"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("store.json: not a valid store") && err.contains("rebuilt from the logs"),
        "{err}"
    );
    let list = String::from_utf8(out.stdout).unwrap();
    assert!(list.contains("first") && list.contains("second"), "{list}");
    let aside = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("store.json.corrupt-")
        })
        .expect("the damaged file is kept");
    assert_eq!(
        std::fs::read_to_string(aside.path()).unwrap(),
        "{\"format\": \"presscut-store\",\n broken"
    );
}

#[test]
fn a_corrupt_store_from_before_the_log_stops_every_command_and_recover_restores_the_backup() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let v1 = format!(
        r#"{{"format":"presscut-store","version":1,"articles":{{"{SEED_ID}":{{"tags":["first"],"read":false}}}},"tags":{{"first":{{"key":"1"}}}}}}"#
    );
    std::fs::write(d.join("store.json.bak"), v1).unwrap();
    std::fs::write(
        d.join("store.json"),
        "{\"format\": \"presscut-store\",\n broken",
    )
    .unwrap();
    for args in [vec!["list"], vec!["check"], vec!["tag", SEED_ID, "third"]] {
        let out = presscut(d).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("store.json:2") && err.contains("--recover"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(d.join("store.json")).unwrap(),
        "{\"format\": \"presscut-store\",\n broken"
    );
    assert!(!d.join("log").exists(), "nothing was written");
    let out = presscut(d).args(["--recover", "list"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("restored from") && err.contains("v1-backup"),
        "{err}"
    );
    assert_eq!(
        store_json(d)["articles"][SEED_ID]["tags"],
        serde_json::json!(["first"])
    );
}

#[test]
fn many_concurrent_writers_lose_nothing() {
    let data = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("presscut");
    let children: Vec<_> = (0..50)
        .map(|i| {
            std::process::Command::new(&bin)
                .args(["tag", SEED_ID, &format!("writer-{i}")])
                // Half of them as one coder (one log shared by 25 processes), half as others.
                .env(
                    "PRESSCUT_CODER",
                    if i % 2 == 0 {
                        "ana".to_string()
                    } else {
                        format!("coder-{i}")
                    },
                )
                .env_remove("PRESSCUT_CORPUS")
                .env("PRESSCUT_DATA_DIR", data.path())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let tags = store_json(data.path())["articles"][SEED_ID]["tags"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(tags, 50, "every writer's tag survived, in the snapshot too");
    let list = ok(presscut(data.path()).arg("list"));
    assert_eq!(list.matches("writer-").count(), 50, "{list}");
}

#[test]
fn check_reports_reattached_and_orphaned_notes() {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join("story.txt");
    let story = "Headline\n\nThe council voted on Tuesday to expand the tram network to the \
        northern districts; the mayor said the first line would open in two years, once the \
        regional government approves the plan and the budget review is done.";
    std::fs::write(&file, story).unwrap();
    std::fs::write(corpus.path().join("gone.txt"), "Gone\n\nSoon deleted.").unwrap();
    let with_corpus = |cmd: &mut Command| {
        cmd.arg("--corpus").arg(corpus.path());
    };
    let mut cmd = presscut(data.path());
    cmd.args(["note"]).arg(&file).arg("my note");
    with_corpus(&mut cmd);
    ok(&mut cmd);
    let mut cmd = presscut(data.path());
    cmd.args(["tag"])
        .arg(corpus.path().join("gone.txt"))
        .arg("keep");
    with_corpus(&mut cmd);
    ok(&mut cmd);
    // Edited: a correction in one sentence. Still recognisably the same story.
    std::fs::write(&file, story.replace("two years", "three years")).unwrap();
    std::fs::remove_file(corpus.path().join("gone.txt")).unwrap();
    let mut cmd = presscut(data.path());
    cmd.arg("check");
    with_corpus(&mut cmd);
    let out = ok(&mut cmd);
    assert!(
        out.contains("re-attached:") && out.contains("story.txt"),
        "{out}"
    );
    assert!(out.contains("orphan:") && out.contains("[keep]"), "{out}");
    let mut cmd = presscut(data.path());
    cmd.args(["list", "--json"]);
    with_corpus(&mut cmd);
    let list: serde_json::Value = serde_json::from_str(&ok(&mut cmd)).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(store_json(data.path())["articles"][&id]["note"], "my note");
}

#[test]
fn list_export_and_search_show_the_tags_of_an_edited_article_without_saving_the_move() {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join("story.txt");
    let story = "Tram plan for Łódź\n\nThe council voted on Tuesday to expand the tram network \
        to the northern districts; the mayor said the first line would open in two years, once \
        the regional government approves the plan and the budget review is done.";
    std::fs::write(&file, story).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = presscut(data.path());
        cmd.arg("--corpus").arg(corpus.path()).args(args);
        ok(&mut cmd)
    };
    run(&["tag", file.to_str().unwrap(), "trams"]);
    // Edited since: a new id, the same story.
    std::fs::write(&file, story.replace("two years", "three years")).unwrap();
    let saved = || {
        let log = std::fs::read_dir(data.path().join("log"))
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect::<Vec<_>>();
        (std::fs::read(data.path().join("store.json")).unwrap(), log)
    };
    let before = saved();
    assert!(run(&["list"]).contains("trams"));
    let export: serde_json::Value = serde_json::from_str(&run(&["export"])).unwrap();
    let exported = &export["articles"][0];
    assert_eq!(exported["tags"][0], "trams", "{export}");
    assert!(exported["title"].as_str().unwrap().contains("Łódź"));
    // A search by the tag finds it, as the reader's would.
    assert!(
        run(&["search", "tag:trams"]).contains("Tram plan for Łódź"),
        "{}",
        run(&["search", "tag:trams"])
    );
    assert_eq!(saved(), before, "list, export and search save nothing");
    // `check` says so and saves it.
    assert!(run(&["check"]).contains("re-attached:"));
    assert_ne!(saved(), before);
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_every_file_in_it_are_private_and_killed_saves_leave_no_litter() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("fresh").join("presscut");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let corpus = common::manifest_path("tests/fixtures/wikinews");
    let tag = |tag: &str| {
        common::stdout_of(
            common::presscut_in(&data)
                .arg("--corpus")
                .arg(&corpus)
                .args(["tag", "tests/fixtures/wikinews/gum_nasa.txt", tag])
                .current_dir(common::manifest_path("")),
        )
    };
    tag("first");
    // A save killed half-way left its temp files behind; the next save clears them.
    let litter = [".store.json.tmp-4000000", ".store.json.bak-4000001"];
    for name in litter {
        std::fs::write(data.join(name), "half").unwrap();
    }
    tag("second");
    for name in litter {
        assert!(!data.join(name).exists(), "{name} was cleaned up");
    }
    assert_eq!(mode(&data), 0o700);
    for file in ["store.json", "store.json.bak", "store.json.lock"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    presscut::store::save_history(&data, &["query".to_string()]).unwrap();
    assert_eq!(mode(&presscut::store::history_path(&data)), 0o600);
    let crash = presscut::crash::write_report(&data, "report").unwrap();
    assert_eq!(mode(&crash), 0o600);
}

#[test]
fn notes_two_coders_saved_at_once_keep_both_texts_and_check_names_them() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    std::fs::create_dir(d.join("log")).unwrap();
    // Two laptops, both editing the empty note, synced later.
    for (coder, second, text) in [("ana", 1, "Zitat prüfen"), ("ben", 2, "Quelle: Reuters")] {
        std::fs::write(
            d.join(format!("log/{coder}.jsonl")),
            format!(
                r#"{{"op":"note","id":"{SEED_ID}","note":"{text}","coder":"{coder}","at":"2026-05-01T10:00:0{second}.000000000Z"}}"#
            ) + "\n",
        )
        .unwrap();
    }
    let out = presscut(d).arg("check").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("conflict: {SEED_ID}")) && stdout.contains("two versions"),
        "{stdout}"
    );
    let note = ok(presscut(d).args(["export", "--format", "jsonl"]));
    assert!(
        note.contains("Zitat prüfen")
            && note.contains("Quelle: Reuters")
            && note.contains("ben saved this version"),
        "{note}"
    );
    // Editing the note resolves it.
    ok(presscut(d).args(["note", SEED_ID, "Zitat geprüft (Reuters)"]));
    let stdout = ok(presscut(d).arg("check"));
    assert!(!stdout.contains("conflict:"), "{stdout}");
}
