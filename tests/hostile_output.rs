//! Every command, run on a hostile corpus (control sequences in titles, bodies, file names, tags,
//! notes and ids), prints no byte a terminal would obey: ESC, BEL, other C0 controls but line
//! breaks and tabs, DEL, C1 controls, bidi overrides. Stdout is a pipe here, as in scripts.

mod common;

use common::presscut_in;

/// The offending characters in `bytes`, if any.
fn controls(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn no_command_prints_a_control_sequence_from_the_data() {
    let corpus = tempfile::tempdir().unwrap();
    let evil = "Title \u{1b}]52;c;ZXZpbA==\u{7} \u{9b}31m \u{202e}txet\n\nBody \u{1b}[2J with \u{9d}8;;x\u{9c} and \u{7f}.";
    std::fs::write(corpus.path().join("evil\u{1b}[31m.txt"), evil).unwrap();
    std::fs::write(
        corpus.path().join("plain.txt"),
        "Plain title\n\nA plain body.",
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = presscut_in(data.path())
            .args(args)
            .arg("--corpus")
            .arg(corpus.path())
            .output()
            .unwrap();
        (out.stdout, out.stderr)
    };
    // Find the hostile article's id, then put hostile tags and a hostile note on it.
    let (list, _) = run(&["list"]);
    let list = String::from_utf8(list).unwrap();
    let id = list
        .lines()
        .find(|l| l.contains("Title"))
        .and_then(|l| l.split('\t').next())
        .unwrap()
        .to_string();
    let tag = "tag\u{1b}]0;x\u{7}\u{202e}";
    let note = "note \u{1b}[2J\u{9b}H =cmd|' /C calc'!A0";
    let code = "code\u{1b}[31m\u{202e}";
    let mut outputs = vec![
        run(&["tag", &id, tag, "=SUM(1)"]),
        run(&["untag", &id, "=SUM(1)"]),
        run(&["note", &id, note]),
        // A passage over the hostile text, with a hostile code and memo.
        run(&["code", &id, "0", "12", code, "--memo", note]),
        run(&["codebook", "define", code, "--definition", note]),
    ];
    // A second coder with a bidi override in the name (accepted: it is not a control), and one
    // with a C1 control (refused, and the refusal must not print it).
    for coder in ["ben\u{202e}evil", "eve\u{9b}31m"] {
        let out = presscut_in(data.path())
            .env("PRESSCUT_CODER", coder)
            .args(["tag", &id, "ben-tag"])
            .arg("--corpus")
            .arg(corpus.path())
            .output()
            .unwrap();
        outputs.push((out.stdout, out.stderr));
    }
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["check"],
        vec!["search", "title"],
        vec!["search", "--json", "title"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "jsonl", "--with-text"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "csv", "--long"],
        vec!["export", "--format", "md"],
        vec!["analyze"],
        vec!["config"],
        vec!["codes"],
        vec!["codes", "--json"],
        vec!["codes", "--csv"],
        vec!["codebook"],
        vec!["codebook", "--json"],
        vec!["codebook", "export", "--format", "qdc"],
        vec!["codebook", "export", "--format", "json"],
        vec!["log"],
        vec!["log", "--json"],
        vec!["agree"],
        vec!["agree", "--json"],
    ] {
        outputs.push(run(&args));
    }
    // An import file with a hostile id and a hostile tag.
    let import = data.path().join("in.jsonl");
    std::fs::write(
        &import,
        format!(
            "{{\"id\":\"{id}\",\"tags\":[\"x\\u001b[31m\"],\"note\":\"n\\u009b\"}}\n{{\"id\":\"\\u001b]0;pwn\\u0007\",\"tags\":[\"y\"]}}\n"
        ),
    )
    .unwrap();
    outputs.push(run(&["import", import.to_str().unwrap()]));
    for (i, (stdout, stderr)) in outputs.iter().enumerate() {
        assert_eq!(
            controls(stdout),
            Vec::<char>::new(),
            "stdout of command {i}"
        );
        assert_eq!(
            controls(stderr),
            Vec::<char>::new(),
            "stderr of command {i}"
        );
    }
    // The data itself is intact in the store.
    let store = std::fs::read_to_string(data.path().join("store.json")).unwrap();
    let store: serde_json::Value = serde_json::from_str(&store).unwrap();
    assert_eq!(store["articles"][&id]["tags"][0], tag);
    // The import took the entry for the real article and refused the one with a hostile id.
    let (import_out, _) = outputs.last().unwrap();
    let import_out = String::from_utf8_lossy(import_out);
    assert!(
        import_out.contains("rejected: entry 2: id \"\\u{1b}]0;pwn\\u{7}\" is not an article id"),
        "{import_out}"
    );
    assert_eq!(store["articles"].as_object().unwrap().len(), 1, "{store}");
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_at_once_not_read_forever() {
    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("in.jsonl");
    common::mkfifo(&fifo);
    for file in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        let out = presscut_in(data.path())
            .args(["import", file.to_str().unwrap()])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    // A store that is a FIFO: a one-line error naming it, no hang.
    let store_dir = tempfile::tempdir().unwrap();
    common::mkfifo(&store_dir.path().join("store.json"));
    let out = presscut_in(store_dir.path())
        .args(["tag", "0", "x"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("store.json") && stderr.contains("not a regular file"),
        "{stderr}"
    );
}
