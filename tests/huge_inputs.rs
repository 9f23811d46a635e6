//! Huge and hostile inputs: each loads or becomes a warning, without hanging or panicking.
//! (Memory stays bounded by design: files over the size limit are never read whole, JSONL is
//! streamed line by line, FIFOs are never opened.)

mod common;

use common::{presscut_in, stdout_of};

/// What `presscut check` prints for a corpus folder, with a throwaway data folder.
fn check(corpus: &std::path::Path, extra: &[&str]) -> String {
    let data = tempfile::tempdir().unwrap();
    stdout_of(
        presscut_in(data.path())
            .arg("check")
            .args(extra)
            .arg("--corpus")
            .arg(corpus),
    )
}

#[test]
fn a_30_mb_article_on_one_line_is_skipped_with_a_warning_naming_the_limit_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.txt"), "word ".repeat(6 * 1024 * 1024)).unwrap();
    std::fs::write(dir.path().join("fine.txt"), "Fine\n\nText.").unwrap();
    let out = check(dir.path(), &[]);
    assert!(
        out.contains("huge.txt: 30.0 MB is over the 16.0 MB per-file limit"),
        "{out}"
    );
    assert!(
        out.contains("--max-file-mb") && out.contains("1 article(s)"),
        "{out}"
    );
    let out = check(dir.path(), &["--max-file-mb", "40"]);
    assert!(
        out.contains("2 article(s)"),
        "raising the limit loads it: {out}"
    );
}

#[test]
fn a_million_line_jsonl_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::with_capacity(30_000_000);
    for i in 0..1_000_000 {
        text.push_str(&format!(
            "{{\"title\":\"Item {i}\",\"text\":\"Body number {i}.\"}}\n"
        ));
    }
    text.push_str("{broken\n");
    std::fs::write(dir.path().join("many.jsonl"), text).unwrap();
    let out = check(dir.path(), &[]);
    assert!(out.contains("many.jsonl:1000001: not valid JSON"), "{out}");
    assert!(
        out.contains("1000000 article(s) from 1 file(s), 1 warning(s)"),
        "{out}"
    );
}

#[test]
fn a_hundred_thousand_empty_files_are_warnings_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100_000 {
        let sub = dir.path().join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir(&sub).unwrap();
        }
        std::fs::File::create(sub.join(format!("{i}.txt"))).unwrap();
    }
    std::fs::write(dir.path().join("real.md"), "# Real\n\nText.").unwrap();
    let out = check(dir.path(), &[]);
    assert!(
        out.contains("1 article(s) from 100001 file(s), 100000 warning(s)"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
}

#[test]
fn deeply_nested_json_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deep.json"),
        "[".repeat(100_000) + &"]".repeat(100_000),
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert!(
        out.contains("deep.json:1: not valid JSON (recursion limit exceeded"),
        "{out}"
    );
}
