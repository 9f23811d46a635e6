//! The command-line contract as a script would use it: output shapes, exit codes, messages.

mod common;

use assert_cmd::Command;

use common::{manifest_path, presscut_in, stdout_of};

/// The binary with no corpus from the environment and a private, throwaway data folder.
fn presscut() -> Command {
    static DATA: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().unwrap());
    presscut_in(DATA.path())
}

#[test]
fn list_prints_the_seed_by_default() {
    let out = stdout_of(presscut().arg("list"));
    assert_eq!(
        out,
        "2a933c745409\t2025-04-26\tAntiwar.com\tA top Russian military commander was killed by a car bomb near Moscow\t\n"
    );
}

#[test]
fn list_json_has_the_contract_fields() {
    let out = stdout_of(
        presscut()
            .args(["list", "--json", "--corpus"])
            .arg(manifest_path("tests/fixtures/wikinews")),
    );
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 12);
    for item in items {
        for field in [
            "id", "path", "title", "date", "author", "outlet", "tags", "read",
        ] {
            assert!(item.get(field).is_some(), "missing {field} in {item}");
        }
        assert_eq!(item["outlet"], "Wikinews");
        assert_eq!(item["id"].as_str().unwrap().len(), 12);
    }
}

#[test]
fn corpus_can_be_named_by_flag_in_any_position_or_environment() {
    let dir = manifest_path("tests/fixtures/wikinews");
    let by_flag = stdout_of(presscut().arg("--corpus").arg(&dir).arg("list"));
    let by_flag_after = stdout_of(presscut().arg("list").arg("--corpus").arg(&dir));
    let by_env = stdout_of(presscut().env("PRESSCUT_CORPUS", &dir).arg("list"));
    assert_eq!(by_flag.lines().count(), 12);
    assert_eq!(by_flag, by_flag_after);
    assert_eq!(by_flag, by_env);
    let one_file = stdout_of(
        presscut()
            .arg("list")
            .arg("--corpus")
            .arg(dir.join("gum_nasa.txt")),
    );
    assert_eq!(one_file.lines().count(), 1);
}

#[test]
fn check_lists_warnings_with_file_and_line_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "Headline\n\nBody.").unwrap();
    std::fs::write(
        dir.path().join("lines.jsonl"),
        "{\"text\":\"ok\"}\n{\"text\": 5\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("blob.txt"), b"\x00\x01binary").unwrap();
    std::fs::write(dir.path().join("data.xlsx"), "a,b").unwrap();
    let out = stdout_of(presscut().arg("check").arg("--corpus").arg(dir.path()));
    assert!(out.contains("lines.jsonl:2: not valid JSON"), "{out}");
    assert!(out.contains("blob.txt: binary file"), "{out}");
    assert!(out.contains("ignored: 1 file(s)"), "{out}");
    assert!(
        out.contains("2 article(s) from 3 file(s), 2 warning(s); store "),
        "{out}"
    );
}

#[test]
fn a_missing_corpus_is_a_one_line_error_with_exit_1() {
    let output = presscut()
        .args(["list", "--corpus", "/no/such/place"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/no/such/place") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn without_a_terminal_the_reader_refuses_with_exit_2() {
    let output = presscut().write_stdin("").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn help_works_for_every_command_and_bad_usage_exits_2() {
    for args in [
        vec!["--help"],
        vec!["list", "--help"],
        vec!["check", "--help"],
    ] {
        let out = stdout_of(presscut().args(&args));
        assert!(out.contains("Usage:"), "{args:?}: {out}");
    }
    let output = presscut()
        .args(["list", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let version = stdout_of(presscut().arg("--version"));
    assert!(version.starts_with("presscut "), "{version}");
}

#[test]
fn output_never_carries_control_characters_from_articles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.txt"),
        "Title \u{1b}]0;pwned\u{7} here\n\nBody.",
    )
    .unwrap();
    let out = stdout_of(presscut().arg("list").arg("--corpus").arg(dir.path()));
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("Title ␛]0;pwned␇ here"), "{out}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `presscut list | head -1`: the reader goes away; no "Broken pipe" message, exit 0.
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..5000)
        .map(|i| format!("{{\"title\":\"Article {i}\",\"text\":\"Body {i}\"}}\n"))
        .collect();
    std::fs::write(dir.path().join("many.jsonl"), lines).unwrap();
    common::assert_quiet_on_closed_pipe(&[
        "list".as_ref(),
        "--corpus".as_ref(),
        dir.path().as_os_str(),
    ]);
}

#[test]
fn json_outputs_escape_what_a_terminal_would_obey() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "Title \u{9b}31m red \u{202e}desrever\n\nBody with \u{1b}]0;pwned\u{7} and \u{9d}8;;x\u{9c}.";
    std::fs::write(dir.path().join("evil.txt"), hostile).unwrap();
    let data = tempfile::tempdir().unwrap();
    for args in [
        vec!["list", "--json"],
        vec!["analyze"],
        vec!["export", "--all", "--format", "jsonl", "--with-text"],
        vec!["export", "--all"],
    ] {
        let out = stdout_of(
            presscut_in(data.path())
                .args(&args)
                .arg("--corpus")
                .arg(dir.path()),
        );
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{2069}').contains(&c))
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
        assert!(
            out.contains("\\u009b") || out.contains("\\u202e"),
            "{args:?}: {out}"
        );
    }
}

#[test]
fn version_completions_and_man_page() {
    let version = stdout_of(presscut().arg("--version"));
    assert!(
        version.starts_with(&format!("presscut {} (git ", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(presscut().args(["completions", shell]));
        assert!(
            script.contains("export") && script.contains("presscut"),
            "{shell}"
        );
    }
    let man = stdout_of(presscut().arg("man"));
    assert!(
        man.contains(".TH presscut 1") && man.contains("\\-\\-corpus"),
        "{}",
        &man[..200]
    );
    let out = presscut().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `presscut search ARGS` over the Wikinews fixtures, with `stdin`; must succeed.
fn search_wikinews(data: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    common::presscut_in(data)
        .args(["--corpus", "tests/fixtures/wikinews", "search"])
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .clone()
}

#[test]
fn search_prints_ranked_matches_with_their_terms() {
    let data = tempfile::tempdir().unwrap();
    let out = search_wikinews(data.path(), &["boieng"], "").stdout;
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows
        .iter()
        .all(|r| r.len() == 4 && r[0].len() == 12 && r[3] == "boeing"));
    assert!(rows[0][2].contains("Boeing"), "title hit first: {text}");
    let scores: Vec<f64> = rows.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    let json = search_wikinews(data.path(), &["boeing", "--json", "--limit", "2"], "").stdout;
    let hits: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for hit in hits {
        let keys: Vec<&String> = hit.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "score", "terms", "title"]);
        assert_eq!(hit["terms"], serde_json::json!(["boeing"]));
    }
}

#[test]
fn search_explains_a_bad_filter_on_stderr_and_still_answers() {
    let data = tempfile::tempdir().unwrap();
    let output = search_wikinews(data.path(), &["boeing date:2008-13"], "");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("bad date \"2008-13\""), "{stderr}");
    assert!(String::from_utf8(output.stdout).unwrap().contains("Boeing"));
    common::presscut_in(data.path())
        .args(["search"])
        .assert()
        .code(2);
}

#[test]
fn search_stdin_answers_each_line_and_times_it() {
    let data = tempfile::tempdir().unwrap();
    let stdin = "boeing\nafghan teenagers\nqqqqzz\n";
    let output = search_wikinews(
        data.path(),
        &["--stdin", "--timings", "--limit", "1"],
        stdin,
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    // One answer per query, each ended by a blank line (the third has no match).
    let mut answers: Vec<Vec<&str>> = vec![Vec::new()];
    for line in stdout.lines() {
        match line {
            "" => answers.push(Vec::new()),
            hit => answers.last_mut().unwrap().push(hit),
        }
    }
    assert_eq!(answers.pop(), Some(Vec::new()), "{stdout:?}");
    assert_eq!(answers.len(), 3, "{stdout:?}");
    assert!(answers[0][0].contains("Boeing") && answers[1][0].contains("Afghan"));
    assert!(answers[2].is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let timings: Vec<Vec<&str>> = stderr.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(timings.len(), 3, "{stderr}");
    for (row, query) in timings.iter().zip(["boeing", "afghan teenagers", "qqqqzz"]) {
        assert_eq!(row[0], "timing");
        assert_eq!(row[1], query);
        assert!(row[2].parse::<u64>().is_ok(), "{row:?}");
    }
}

/// `presscut` with its config read from `file` (and no config from the environment).
fn presscut_with_config(file: &std::path::Path) -> Command {
    let mut cmd = presscut();
    cmd.env_remove("PRESSCUT_CONFIG").arg("--config").arg(file);
    cmd
}

#[test]
fn config_default_prints_a_file_that_checks_clean() {
    let text = stdout_of(presscut().args(["config", "--default"]));
    assert!(
        text.contains("[keys]\nmove_down = [\"j\", \"down\"]"),
        "{text}"
    );
    assert!(text.contains("[theme]") && text.contains("# person = "));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, &text).unwrap();
    let out = stdout_of(presscut_with_config(&file).arg("config"));
    assert_eq!(out, format!("{}: ok\n", file.display()));
}

#[test]
fn config_path_names_the_file_on_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("xdg");
    let out = stdout_of(
        presscut()
            .env_remove("PRESSCUT_CONFIG")
            .env("XDG_CONFIG_HOME", &home)
            .args(["config", "--path"]),
    );
    let mut lines = out.lines();
    let expected = home.join("presscut").join("config.toml");
    assert_eq!(lines.next(), Some(expected.to_str().unwrap()));
    assert!(
        lines.next().unwrap().starts_with("# does not exist"),
        "{out}"
    );
    // $PRESSCUT_CONFIG beats the default place, --config beats both.
    let env_file = dir.path().join("env.toml");
    std::fs::write(&env_file, "").unwrap();
    let out = stdout_of(
        presscut()
            .env("PRESSCUT_CONFIG", &env_file)
            .args(["config", "--path"]),
    );
    assert_eq!(
        out,
        format!(
            "{}\n# exists (named by $PRESSCUT_CONFIG)\n",
            env_file.display()
        )
    );
    let out = stdout_of(presscut().env("PRESSCUT_CONFIG", &env_file).args([
        "config",
        "--path",
        "--config",
        "/elsewhere.toml",
    ]));
    assert_eq!(out.lines().next(), Some("/elsewhere.toml"));
}

#[test]
fn config_problems_are_reported_and_never_stop_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "mouse = true\n[keys]\nmvoe_down = \"j\"\n").unwrap();
    let out = presscut_with_config(&file).arg("config").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!(
            "{}:3: unknown action \"mvoe_down\" — valid: move_down, move_up,",
            file.display()
        )),
        "{stdout}"
    );
    // `list` warns on stderr (one line) and works.
    let out = presscut_with_config(&file).arg("list").output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("presscut: ") && stderr.contains(":3: unknown action"));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("2a933c745409\t"));
    // A file that does not parse at all: the same, with the defaults.
    std::fs::write(&file, "[keys\n").unwrap();
    let out = presscut_with_config(&file).arg("list").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("using the defaults"));
    // A --config file that does not exist.
    let out = presscut_with_config(&dir.path().join("nope.toml"))
        .arg("list")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the config file"));
}

#[test]
fn the_config_corpus_is_used_unless_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    // Relative to the config file's folder.
    let corpus = dir.path().join("news");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Config corpus\n\nIts one article.\n").unwrap();
    std::fs::write(&file, "corpus = [\"news\"]\n").unwrap();
    let out = stdout_of(presscut_with_config(&file).arg("list"));
    assert!(out.contains("\tConfig corpus\t"), "{out}");
    // The environment and the command line win over the file.
    let out = stdout_of(
        presscut_with_config(&file)
            .env("PRESSCUT_CORPUS", manifest_path("seeds"))
            .arg("list"),
    );
    assert!(out.starts_with("2a933c745409\t"), "{out}");
    let out = stdout_of(
        presscut_with_config(&file)
            .arg("list")
            .arg("--corpus")
            .arg(manifest_path("seeds")),
    );
    assert!(out.starts_with("2a933c745409\t"), "{out}");
}

/// What `cargo install` produces: the binary alone in a folder, run from elsewhere. It must
/// open the seed compiled into it, not look for a `seeds/` folder.
#[test]
fn an_installed_binary_opens_the_compiled_in_seed() {
    let bin_dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let installed = bin_dir.path().join("presscut");
    std::fs::copy(env!("CARGO_BIN_EXE_presscut"), &installed).unwrap();
    // Another test thread forking while the copy was open for writing keeps it "busy" for a
    // moment (ETXTBSY): wait until it runs.
    for _ in 0..100 {
        match Command::new(&installed).arg("--version").output() {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            _ => break,
        }
    }
    let run = |args: &[&str]| {
        let mut cmd = Command::new(&installed);
        cmd.args(args)
            .current_dir(elsewhere.path())
            .env_remove("PRESSCUT_CORPUS")
            .env_remove("PRESSCUT_CONFIG")
            .env("XDG_CONFIG_HOME", elsewhere.path().join("config"))
            .env("PRESSCUT_DATA_DIR", elsewhere.path().join("data"));
        stdout_of(&mut cmd)
    };
    assert_eq!(
        run(&["list"]),
        "2a933c745409\t2025-04-26\tAntiwar.com\tA top Russian military commander was killed by a car bomb near Moscow\t\n"
    );
    let check = run(&["check"]);
    assert!(
        check.contains("seeds (built-in): 1 article(s) from 1 file(s), 0 warning(s)"),
        "{check}"
    );
    assert!(run(&["--version"]).starts_with("presscut "));
}

/// The same through a real `cargo install --path . --root TMP`. Ignored by default: it rebuilds
/// the whole dependency tree in release mode (minutes). Run with `cargo test -- --ignored`.
#[test]
#[ignore = "rebuilds everything in release mode; run with --ignored"]
fn cargo_install_gives_a_binary_that_opens_the_compiled_in_seed() {
    let root = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO"))
        .args(["install", "--locked", "--path"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--root")
        .arg(root.path())
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new(root.path().join("bin").join("presscut"))
        .arg("check")
        .current_dir(root.path())
        .env_remove("PRESSCUT_CORPUS")
        .env("PRESSCUT_DATA_DIR", root.path().join("data"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("seeds (built-in): 1 article(s)"));
}

#[test]
fn a_csv_export_of_a_news_database_is_a_corpus_and_a_wrong_layout_says_which_names_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stories.csv"),
        "stories_id,publish_date,title,url,media_name,text\n\
         17,2025-04-26 08:00:00,Brücke eröffnet,https://e.example/1,Kölner Blatt,\"Die Stadt, endlich fertig.\"\n\
         18,2025-04-27,Zweite Meldung,https://e.example/2,Bonner Bote,Noch ein Text über die Brücke.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("wrong.csv"), "headline,when\nA,2025\n").unwrap();
    let list = stdout_of(presscut().arg("list").arg("--corpus").arg(dir.path()));
    assert!(
        list.contains("2025-04-27\tBonner Bote\tZweite Meldung"),
        "{list}"
    );
    assert!(
        list.contains("2025-04-26\tKölner Blatt\tBrücke eröffnet"),
        "{list}"
    );
    let check = stdout_of(presscut().arg("check").arg("--corpus").arg(dir.path()));
    assert!(
        check.contains("wrong.csv:1: no text column among [\"headline\", \"when\"]"),
        "{check}"
    );
}
