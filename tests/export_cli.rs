//! `presscut export` and `import` as a user runs them: golden files of each format on a fixed
//! corpus, the readers of each format (Python's csv module included), subsets, output safety.

mod common;

use std::path::Path;

use assert_cmd::Command;

use common::{manifest_path, presscut_in, stdout_of as ok};

fn presscut(data: &Path) -> Command {
    let mut cmd = presscut_in(data);
    // A fixed coder: exports of everyone's work name who applied what.
    cmd.current_dir(manifest_path(""))
        .env("PRESSCUT_CODER", "ana")
        .args(["--corpus", "tests/fixtures/wikinews"]);
    cmd
}

const NOTE: &str = "Says \"no comment\", twice;\nthen:\tleaves. Zoë ✍ 北京";

/// Three annotated articles of the fixture corpus, the same every run.
fn annotated_store() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(presscut(d).args([
        "tag",
        "tests/fixtures/wikinews/gum_nasa.txt",
        "space",
        "to check; later",
    ]));
    ok(presscut(d).args(["note", "tests/fixtures/wikinews/gum_nasa.txt", NOTE]));
    ok(presscut(d).args([
        "tag",
        "tests/fixtures/wikinews/gum_crane.txt",
        "disaster",
        "Saudi \"Arabia\"",
    ]));
    ok(presscut(d).args(["tag", "tests/fixtures/wikinews/meantime_10718.txt", "space"]));
    data
}

/// Golden output with the export time masked.
fn masked(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains("\"exported\"") {
                "  \"exported\": \"<time>\",".to_string()
            } else if l.starts_with("Exported ") {
                "Exported <time>".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn golden_files_for_each_format() {
    let data = annotated_store();
    for format in ["json", "jsonl", "csv", "md"] {
        let out = ok(presscut(data.path()).args(["export", "--format", format]));
        insta::assert_snapshot!(format!("export_{format}"), masked(&out));
    }
}

#[test]
fn pythons_csv_module_reads_notes_and_tags_back_byte_for_byte() {
    let data = annotated_store();
    let file = data.path().join("out.csv");
    ok(presscut(data.path())
        .args(["export", "--format", "csv", "--output"])
        .arg(&file));
    let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    print(json.dumps(list(csv.DictReader(f))))";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output();
    let out = out.expect("python3 runs (it is on every machine of this project)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nasa = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("gum_nasa.txt"))
        .unwrap();
    assert_eq!(nasa["note"], NOTE);
    assert_eq!(
        presscut::export::split_tags(nasa["tags"].as_str().unwrap()),
        ["space", "to check; later"]
    );
}

#[test]
fn subsets_by_tag_and_all() {
    let data = annotated_store();
    let count = |args: &[&str]| {
        let out = ok(presscut(data.path())
            .args(["export", "--format", "jsonl"])
            .args(args));
        out.lines().count()
    };
    assert_eq!(count(&[]), 3);
    assert_eq!(count(&["--tag", "SPACE"]), 2);
    assert_eq!(count(&["--tag", "space", "--tag", "to check; later"]), 1);
    assert_eq!(count(&["--all"]), 12);
}

/// The JSONL line of the article at `path`, exported with `args`.
fn jsonl_line(data: &Path, path: &str, args: &[&str]) -> serde_json::Value {
    let out = ok(presscut(data)
        .args(["export", "--format", "jsonl"])
        .args(args));
    out.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["meta"]["path"].as_str().unwrap().ends_with(path))
        .unwrap_or_else(|| panic!("no line for {path} in {out}"))
}

/// What a span covers of the line's text.
fn covered(line: &serde_json::Value, span: &serde_json::Value) -> String {
    let at = |key: &str| span[key].as_u64().unwrap() as usize;
    let text = line["text"].as_str().unwrap();
    text.chars()
        .skip(at("start"))
        .take(at("end") - at("start"))
        .collect()
}

#[test]
fn jsonl_spans_are_the_coded_passages_and_the_machines_entities_only_when_asked() {
    let data = annotated_store();
    let d = data.path();
    // An article with nothing but a coded passage (no tag, note or read state) is exported too.
    let article = "tests/fixtures/wikinews/gum_warhol.txt";
    let nasa = jsonl_line(d, "gum_nasa.txt", &["--with-text"]);
    assert_eq!(nasa["spans"], serde_json::json!([]), "no passage coded yet");
    let all = jsonl_line(d, "gum_warhol.txt", &["--all", "--with-text"]);
    let body = all["text"].as_str().unwrap();
    let words = body
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let start = body[..body.find(&words).unwrap()].chars().count();
    let end = start + words.chars().count();
    let (s, e) = (start.to_string(), end.to_string());
    ok(presscut(d).env("PRESSCUT_CODER", "ana").args([
        "code",
        article,
        &s,
        &e,
        "Einstieg",
        "--memo",
        "Zoë ✍ 北京",
    ]));
    ok(presscut(d)
        .env("PRESSCUT_CODER", "ben")
        .args(["code", article, &s, &e, "Einstieg"]));
    assert_eq!(
        ok(presscut(d).args(["export", "--format", "jsonl"]))
            .lines()
            .count(),
        4
    );

    let line = jsonl_line(d, "gum_warhol.txt", &["--with-text"]);
    let spans = line["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 2, "{spans:?}");
    for (span, coder) in spans.iter().zip(["ana", "ben"]) {
        assert_eq!(covered(&line, span), words);
        assert_eq!(span["label"], "Einstieg");
        assert_eq!(span["source"], "user");
        assert_eq!(span["coder"], coder);
    }
    assert_eq!(spans[0]["memo"], "Zoë ✍ 北京");
    assert!(spans[1].get("memo").is_none());
    // doccano's triples: the two coders' agreement once.
    assert_eq!(line["label"], serde_json::json!([[start, end, "Einstieg"]]));
    assert!(line["quotes"].is_array());

    // --with-entities: the same, plus the machine's spans, marked; it implies the text.
    let line = jsonl_line(d, "gum_warhol.txt", &["--with-entities"]);
    let spans = line["spans"].as_array().unwrap();
    let machine: Vec<&serde_json::Value> =
        spans.iter().filter(|s| s["source"] == "machine").collect();
    assert!(!machine.is_empty());
    assert!(machine.iter().all(|s| s.get("coder").is_none()));
    assert_eq!(spans.iter().filter(|s| s["source"] == "user").count(), 2);
    assert!(spans
        .iter()
        .all(|s| s["source"] == "user" || s["source"] == "machine"));
    let starts: Vec<u64> = spans.iter().map(|s| s["start"].as_u64().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
}

#[test]
fn output_is_never_written_over_an_existing_file_the_store_or_the_corpus() {
    let data = annotated_store();
    // Outside the data folder: a file in there is never replaced, --force or not.
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("out.json");
    std::fs::write(&file, "precious").unwrap();
    let out = presscut(data.path())
        .args(["export", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
    let out = presscut(data.path())
        .args(["export", "--force", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exported 3 article(s) as json"));
    for target in [
        data.path().join("store.json"),
        manifest_path("tests/fixtures/wikinews/gum_nasa.txt"),
    ] {
        let before = std::fs::read(&target).unwrap();
        let out = presscut(data.path())
            .args(["export", "--force", "-o"])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", target.display());
        assert_eq!(std::fs::read(&target).unwrap(), before);
    }
    let out = presscut(data.path())
        .args(["export", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_colleagues_export_merges_into_my_store() {
    let theirs = annotated_store();
    let file = theirs.path().join("theirs.json");
    ok(presscut(theirs.path()).args(["export", "-o"]).arg(&file));
    let mine = tempfile::tempdir().unwrap();
    ok(presscut(mine.path()).args(["tag", "tests/fixtures/wikinews/gum_nasa.txt", "mine"]));
    let report = ok(presscut(mine.path()).arg("import").arg(&file));
    assert!(
        report.starts_with("3 entries: 5 tag(s) added, 1 note(s) added"),
        "{report}"
    );
    let list = ok(presscut(mine.path()).args(["list", "--json"]));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let nasa = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"].as_str().unwrap().ends_with("gum_nasa.txt"))
        .unwrap();
    assert_eq!(
        nasa["tags"],
        serde_json::json!(["mine", "space", "to check; later"])
    );
}

#[cfg(unix)]
#[test]
fn force_replaces_only_plain_files_outside_the_corpus_and_data_folder() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("a.txt"), "Title\n\nBody one.").unwrap();
    std::fs::write(corpus.path().join("broken.json"), "{ not json").unwrap();
    std::fs::write(corpus.path().join("notes.xyz"), "not a corpus format").unwrap();
    let data = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let victim = out_dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = out_dir.path().join("link.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = out_dir.path().join("fifo.json");
    common::mkfifo(&fifo);
    let export = |target: &Path| {
        presscut_in(data.path())
            .args(["--corpus"])
            .arg(corpus.path())
            .args(["export", "--all", "--force", "-o"])
            .arg(target)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap()
    };
    // Make the data folder hold a backup, as after two saves.
    let article = corpus.path().join("a.txt");
    for tag in ["one", "two"] {
        ok(presscut_in(data.path())
            .args(["--corpus"])
            .arg(corpus.path())
            .arg("tag")
            .arg(&article)
            .arg(tag));
    }
    let backup = data.path().join("store.json.bak");
    assert!(backup.exists());
    for (target, why) in [
        (link.as_path(), "not a plain file"),
        (fifo.as_path(), "not a plain file"),
        (backup.as_path(), "data folder"),
        (&corpus.path().join("broken.json"), "did not load"),
        (&corpus.path().join("notes.xyz"), "corpus folder"),
        (&corpus.path().join("a.txt"), "a corpus file"),
    ] {
        let out = export(target);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{}", target.display());
        assert!(stderr.contains(why), "{}: {stderr}", target.display());
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::read_to_string(&backup)
        .unwrap()
        .contains("presscut-store"));
    // A plain file elsewhere is replaced, and keeps its mode.
    let mine = out_dir.path().join("mine.json");
    std::fs::write(&mine, "old").unwrap();
    std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(export(&mine).status.success());
    let meta = std::fs::metadata(&mine).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(std::fs::read_to_string(&mine)
        .unwrap()
        .contains("\"articles\""));
}
