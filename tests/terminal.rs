//! Real terminals: the binary in a pseudo-terminal, driven by key presses, read back through a
//! VT100 emulator. Proves what no in-process test can: raw mode and the alternate screen are
//! entered and undone, keys reach the app, and edits land in the store on disk.
#![cfg(unix)]

mod common;

use nix::sys::termios::LocalFlags;

use common::pty::PtyApp;

fn store_record(data: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(data.join("store.json")).expect("store.json written");
    let store: serde_json::Value = serde_json::from_str(&text).unwrap();
    store["articles"]["2a933c745409"].clone()
}

#[test]
fn the_reader_runs_in_a_real_terminal_and_restores_it() {
    let data = tempfile::tempdir().unwrap();
    let mut app = PtyApp::start(data.path(), &[]);
    let first = app.wait_for("Articles 1/1");
    assert!(
        first.contains("A top Russian military commander"),
        "{first}"
    );
    assert!(app.alternate_screen());
    let raw_mode = app.master.get_termios().unwrap();
    assert!(
        !raw_mode.local_flags.contains(LocalFlags::ICANON),
        "the app runs in raw mode"
    );

    app.press(b"\r"); // Enter: focus the reader
    app.wait_for("q back");
    app.press(b"G"); // to the end of the article
    app.wait_for("Antiwar.com.");
    app.press(b"?");
    app.wait_for("this help");
    app.press(b"q"); // closes help
    app.press(b"t"); // tag picker: create a tag
    app.wait_for("Enter toggle");
    app.press("pty-tág\r".as_bytes());
    app.wait_for("tagged #pty-tág"); // Enter also closed the picker
    app.press(b"a"); // note editor
    app.wait_for("Ctrl-s save");
    app.press("typed in a real terminal ✍".as_bytes());
    app.press(b"\x13"); // Ctrl-s
    app.wait_for("note saved");
    app.press(b"q"); // back to the list
    app.wait_for("q quit");
    app.press(b"q"); // quits

    assert!(app.wait_exit(), "exit status");
    app.assert_cooked();
    let record = store_record(data.path());
    assert_eq!(record["tags"], serde_json::json!(["pty-tág"]));
    assert_eq!(record["note"], "typed in a real terminal ✍");
    let output = app.finish();
    assert!(
        output.windows(8).any(|w| w == b"\x1b[?1049l"),
        "the alternate screen was not left"
    );
}

#[test]
fn editor_notes_and_another_writers_tags_reach_the_open_reader() {
    let data = tempfile::tempdir().unwrap();
    // A stand-in for $EDITOR that writes the note the way vim would: to the file it is given.
    let editor = data.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'written in $EDITOR\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor_str = editor.display().to_string();
    let mut app = PtyApp::start(data.path(), &[("EDITOR", &editor_str), ("VISUAL", "")]);
    app.wait_for("Articles 1/1");
    app.press(b"A");
    app.wait_for("✎ written in $EDITOR");

    // Another process tags the article while the reader is open.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_presscut"))
        .args(["tag", "2a933c745409", "from-another-terminal"])
        .env_remove("PRESSCUT_CORPUS")
        .env("PRESSCUT_DATA_DIR", data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    app.wait_for("from-another-terminal");
    app.press(b"q");
    assert!(app.wait_exit());
    let record = store_record(data.path());
    assert_eq!(record["note"], "written in $EDITOR");
    assert_eq!(record["tags"], serde_json::json!(["from-another-terminal"]));
    app.finish();
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the F12 panic exists only in builds with debug assertions (cargo test, not --release)"
)]
fn a_panic_restores_the_terminal_and_leaves_a_report() {
    let data = tempfile::tempdir().unwrap();
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_TEST_PANIC_ON_F12", "1")]);
    app.wait_for("Articles 1/1");
    app.press(b"\x1b[24~"); // F12: a deliberate panic in test builds
    assert!(!app.wait_exit(), "a panic is a failure exit");
    app.assert_cooked();
    let output = app.finish();
    assert!(
        output.windows(8).any(|w| w == b"\x1b[?1049l"),
        "the alternate screen was left"
    );
    let said = String::from_utf8_lossy(&output);
    assert!(
        said.contains("presscut crashed") && said.contains("A report is in"),
        "{said}"
    );
    let report = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("crash-"))
        .expect("a crash report in the data folder");
    let text = std::fs::read_to_string(report.path()).unwrap();
    assert!(text.starts_with(&format!("presscut {} crashed", env!("CARGO_PKG_VERSION"))));
    assert!(
        text.contains("deliberate test panic") && text.contains("backtrace:"),
        "{text}"
    );
}

#[test]
fn a_failed_save_is_shown_the_edit_kept_and_the_old_store_left_intact() {
    let data = tempfile::tempdir().unwrap();
    let seeded = std::process::Command::new(env!("CARGO_BIN_EXE_presscut"))
        .args(["note", "2a933c745409", "saved before"])
        .env_remove("PRESSCUT_CORPUS")
        .env("PRESSCUT_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let before = std::fs::read_to_string(data.path().join("store.json")).unwrap();
    // A file-size limit (in 512-byte blocks) that the next save will exceed.
    let script = format!("ulimit -f 4; exec '{}'", env!("CARGO_BIN_EXE_presscut"));
    let mut app = PtyApp::start_via("sh", &["-c", &script], data.path(), &[]);
    app.wait_for("Articles 1/1");
    app.press(b"a");
    app.wait_for("Ctrl-s save");
    // A bracketed paste: one event, as a terminal sends it.
    app.press(format!("\x1b[200~{}\x1b[201~", " too long to fit".repeat(300)).as_bytes());
    app.press(b"\x13"); // Ctrl-s
    app.wait_for("save failed — edit kept, retrying");
    assert_eq!(
        std::fs::read_to_string(data.path().join("store.json")).unwrap(),
        before
    );
    app.press(b"q");
    app.wait_for("anyway?"); // quitting with unsaved edits asks first
    app.press(b"y");
    assert!(
        !app.wait_exit(),
        "quitting with an unsaved edit is a failure exit"
    );
    let said = String::from_utf8_lossy(&app.finish()).into_owned();
    assert!(said.contains("could not be saved"), "{said}");
    assert_eq!(
        std::fs::read_to_string(data.path().join("store.json")).unwrap(),
        before
    );
}

#[test]
fn no_color_in_the_environment_means_no_colour_on_screen() {
    let data = tempfile::tempdir().unwrap();
    let mut coloured = PtyApp::start(data.path(), &[]);
    coloured.wait_for("Articles 1/1");
    assert!(coloured.any_colour(), "the default theme has colour");
    coloured.press(b"q");
    assert!(coloured.wait_exit());
    coloured.finish();
    let mut plain = PtyApp::start(data.path(), &[("NO_COLOR", "1")]);
    plain.wait_for("Articles 1/1");
    assert!(!plain.any_colour(), "NO_COLOR=1 draws without colour");
    plain.press(b"q");
    assert!(plain.wait_exit());
    plain.finish();
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the F12 panic exists only in builds with debug assertions (cargo test, not --release)"
)]
fn mouse_capture_is_on_only_when_asked_for_and_undone_even_by_a_panic() {
    let data = tempfile::tempdir().unwrap();
    // The config file at the platform place ($XDG_CONFIG_HOME is the data folder here).
    std::fs::create_dir_all(data.path().join("presscut")).unwrap();
    std::fs::write(data.path().join("presscut/config.toml"), "mouse = true\n").unwrap();
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_TEST_PANIC_ON_F12", "1")]);
    app.wait_for(" 29% ");
    // The wheel over the reader (SGR mouse report, 1-based column 50, row 10) scrolls it.
    app.press(b"\x1b[<65;50;10M");
    app.wait_for(" 33% ");
    app.press(b"\x1b[24~"); // F12: a deliberate panic in test builds
    assert!(!app.wait_exit(), "a panic is a failure exit");
    app.assert_cooked();
    let output = app.finish();
    let find = |needle: &[u8]| output.windows(needle.len()).rposition(|w| w == needle);
    let on = find(b"\x1b[?1000h").expect("mouse capture was turned on");
    let off = find(b"\x1b[?1000l").expect("mouse capture was turned off");
    assert!(off > on);

    // Without the setting, the mouse is left to the terminal.
    let plain = tempfile::tempdir().unwrap();
    let mut app = PtyApp::start(plain.path(), &[]);
    app.wait_for("Articles 1/1");
    app.press(b"q");
    assert!(app.wait_exit());
    let output = app.finish();
    assert!(!output.windows(8).any(|w| w == b"\x1b[?1000h"));
}

#[test]
fn searching_in_a_real_terminal_filters_jumps_and_remembers_the_query() {
    let data = tempfile::tempdir().unwrap();
    let corpus = format!("{}/tests/fixtures/wikinews", env!("CARGO_MANIFEST_DIR"));
    let mut app = PtyApp::start_via(env!("CARGO_BIN_EXE_presscut"), &[&corpus], data.path(), &[]);
    app.wait_for("Articles 1/12");
    app.press(b"/boieng"); // a typo
    let screen = app.wait_for("4 matches");
    assert!(screen.contains("Boeing"), "{screen}");
    app.press(b"\r");
    app.wait_for("Esc clears the search");
    app.press(b"n");
    app.wait_for("match 1 of");
    app.press(b"q"); // back to the list
    app.press(b"q"); // quits
    assert!(app.wait_exit(), "exit status");
    app.assert_cooked();
    let history = std::fs::read_to_string(data.path().join("search_history")).unwrap();
    assert_eq!(history, "boieng\n");
}

#[test]
fn a_sentence_selected_and_coded_in_a_real_terminal_lands_in_the_coders_log() {
    let data = tempfile::tempdir().unwrap();
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_CODER", "ana")]);
    app.wait_for("Articles 1/1");
    app.press(b"\r"); // open the seed article
    app.press(b"s"); // select its first sentence
    app.wait_for("selected the sentence");
    app.press(b"c");
    app.wait_for("Code ·");
    app.press(b"Gewalt\r");
    app.wait_for("coded 13 words Gewalt");
    app.press(b"q");
    app.press(b"q");
    assert!(app.wait_exit(), "exit status");
    app.assert_cooked();
    let log = std::fs::read_to_string(data.path().join("log/ana.jsonl")).expect("ana's log");
    let op: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(op["op"], "code");
    assert_eq!(op["code"], "Gewalt");
    assert_eq!(op["coder"], "ana");
    assert_eq!(
        op["exact"],
        "A top Russian military commander was killed by a car bomb near Moscow."
    );
    assert_eq!(
        (op["start"].as_u64(), op["end"].as_u64()),
        (Some(0), Some(70))
    );
}

#[test]
fn a_terminal_that_hangs_up_ends_the_reader_quietly_with_its_edits_saved() {
    // crossterm reads a hung-up terminal in an endless loop of empty reads; readers left behind
    // by closed terminals spun at 100% CPU until killed, and one stopped by the hang-up aborted
    // while reporting on a standard error that was gone.
    let data = tempfile::tempdir().unwrap();
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_CODER", "ana")]);
    app.wait_for("Articles 1/1");
    app.press(b"t");
    app.wait_for("Tags");
    app.press(b"kept-after-hangup\r");
    app.wait_for("kept-after-hangup");
    assert_eq!(
        app.hang_up(10),
        Some(true),
        "exits, successfully, within 10 s"
    );
    let log = std::fs::read_to_string(data.path().join("log/ana.jsonl")).expect("ana's log");
    assert!(log.contains("kept-after-hangup"), "{log}");
}

/// Sends `signal` (`TERM`, `HUP`, `INT`) to the app.
fn send(app: &PtyApp, signal: &str) {
    let pid = app.child.process_id().expect("a pid").to_string();
    assert!(std::process::Command::new("kill")
        .args([format!("-{signal}"), pid])
        .status()
        .unwrap()
        .success());
}

#[test]
fn a_stop_signal_right_after_an_edit_saves_it_and_an_open_note_too() {
    for signal in ["TERM", "HUP", "INT"] {
        let data = tempfile::tempdir().unwrap();
        let mut app = PtyApp::start(data.path(), &[]);
        app.wait_for("Articles 1/1");
        // Tag, then at once a note left open in the editor, then the signal (well within the
        // 300 ms save debounce).
        app.press(format!("tsig-{signal}\r").as_bytes());
        app.wait_for(&format!("tagged #sig-{signal}"));
        app.press(b"a");
        app.wait_for("Ctrl-s save");
        app.press(b"typed, never saved by hand");
        app.wait_for("never saved by hand");
        send(&app, signal);
        app.wait_exit();
        let record = store_record(data.path());
        assert_eq!(
            record["tags"],
            serde_json::json!([format!("sig-{signal}")]),
            "{signal}"
        );
        assert_eq!(record["note"], "typed, never saved by hand", "{signal}");
        let _ = app.finish();
    }
}

#[test]
fn when_saving_fails_quitting_asks_and_the_edits_land_in_a_rescue_file() {
    let data = tempfile::tempdir().unwrap();
    // A folder where the coder's log goes: every append fails, even for root.
    std::fs::create_dir_all(data.path().join("log/tester.jsonl")).unwrap();
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_CODER", "tester")]);
    app.wait_for("Articles 1/1");
    app.press(b"trescued\r");
    app.wait_for("save failed");
    app.press(b"q");
    app.wait_for("quit anyway?");
    app.press(b"n"); // stays
    app.wait_for("rescued");
    app.press(b"q");
    app.wait_for("quit anyway?");
    app.press(b"y");
    assert!(!app.wait_exit(), "a failed save is a failure exit");
    let output = String::from_utf8_lossy(&app.finish()).into_owned();
    let rescue = output
        .split_whitespace()
        .find(|w| w.contains("presscut-rescue-"))
        .expect("the rescue file is named")
        .to_string();
    // Once the store can be written again, the rescue file brings the edits back.
    std::fs::remove_dir(data.path().join("log/tester.jsonl")).unwrap();
    let out = common::presscut_in(data.path())
        .args(["import", &rescue])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        store_record(data.path())["tags"],
        serde_json::json!(["rescued"])
    );
}

/// Polls until `path` contains `needle` (a few seconds at most).
fn wait_for_file(path: &std::path::Path, needle: &str) {
    for _ in 0..200 {
        if std::fs::read_to_string(path).is_ok_and(|t| t.contains(needle)) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!(
        "{} never contained {needle:?}: {:?}",
        path.display(),
        std::fs::read_to_string(path)
    );
}

#[test]
fn undo_in_the_reader_takes_back_only_its_own_edit_not_a_scripts() {
    let data = tempfile::tempdir().unwrap();
    let log = data.path().join("log/ana.jsonl");
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_CODER", "ana")]);
    app.wait_for("Articles 1/1");
    app.press(b"r"); // marked read: one line in ana's log at once
    wait_for_file(&log, r#""op":"read","id":"2a933c745409","read":true"#);
    // Meanwhile a script tags the article and creates a tag.
    let out = common::presscut_in(data.path())
        .env("PRESSCUT_CODER", "script")
        .args(["tag", "2a933c745409", "from-script"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    app.wait_for("from-script"); // the reader took up the script's edit
    app.press(b"u");
    wait_for_file(&log, r#""read":false"#);
    app.press(b"q");
    assert!(app.wait_exit());
    let record = store_record(data.path());
    assert_eq!(
        record["tags"],
        serde_json::json!(["from-script"]),
        "{record}"
    );
    assert_eq!(record["read"], false);
    let script_log = std::fs::read_to_string(data.path().join("log/script.jsonl")).unwrap();
    assert_eq!(
        script_log.lines().count(),
        1,
        "one line, untouched: {script_log}"
    );
}

#[test]
fn kill_9_of_the_reader_right_after_an_edit_it_showed_never_loses_it() {
    // PRESSCUT_KILL_RUNS=1000 for the long run recorded in BENCHMARKS.md.
    let runs: u64 = std::env::var("PRESSCUT_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for run in 0..runs {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Right after the edit shows, or while the snapshot may be being written (2 s later).
        let delay = if run % 2 == 0 {
            seed % 20
        } else {
            1900 + seed % 300
        };
        let data = tempfile::tempdir().unwrap();
        let mut app = PtyApp::start(data.path(), &[("PRESSCUT_CODER", "ana")]);
        app.wait_for("Articles 1/1");
        let tag = format!("kill{run}");
        app.press(format!("t{tag}\r").as_bytes());
        // The status line, not the tag: the prompt shows the typed tag before Enter applies it.
        app.wait_for(&format!("tagged #{tag}"));
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let pid = app.child.process_id().expect("a pid") as i32;
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        let _ = app.wait_exit();
        let log = std::fs::read_to_string(data.path().join("log/ana.jsonl")).unwrap_or_default();
        assert!(
            log.contains(&format!(r#""tag":"{tag}""#)),
            "run {run}: {tag} was on screen, killed after {delay} ms, and is not in the log: {log}"
        );
        if let Ok(text) = std::fs::read_to_string(data.path().join("store.json")) {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("run {run}: store.json unparsable: {e}"));
        }
        let out = common::presscut_in(data.path())
            .args(["list"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&tag),
            "run {run}"
        );
    }
}

#[test]
fn an_edit_on_screen_is_in_the_log_even_when_the_save_thread_is_slow() {
    // The save thread waits 120 ms before each append, as it may when every core is busy;
    // the frame showing the tag is drawn only once the tag is in the log.
    let data = tempfile::tempdir().unwrap();
    let mut app = PtyApp::start(
        data.path(),
        &[
            ("PRESSCUT_CODER", "ana"),
            ("PRESSCUT_TEST_SLOW_SAVE_MS", "120"),
        ],
    );
    app.wait_for("Articles 1/1");
    app.press(b"tslow-disk\r");
    app.wait_for("tagged #slow-disk");
    let pid = app.child.process_id().expect("a pid") as i32;
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(pid, libc::SIGKILL) };
    let _ = app.wait_exit();
    let log = std::fs::read_to_string(data.path().join("log/ana.jsonl")).unwrap_or_default();
    assert!(
        log.contains(r#""tag":"slow-disk""#),
        "on screen but not in the log: {log}"
    );
}

#[test]
fn fifty_concurrent_clis_and_the_reader_lose_no_edit() {
    let data = tempfile::tempdir().unwrap();
    let log = data.path().join("log/ana.jsonl");
    let mut app = PtyApp::start(data.path(), &[("PRESSCUT_CODER", "ana")]);
    app.wait_for("Articles 1/1");
    app.press(b"tfrom-reader\r");
    wait_for_file(&log, r#""tag":"from-reader""#);
    let bin = env!("CARGO_BIN_EXE_presscut");
    let children: Vec<_> = (0..50)
        .map(|i| {
            std::process::Command::new(bin)
                .args(["tag", "2a933c745409", &format!("cli-{i}")])
                // Half of them share the reader's log.
                .env(
                    "PRESSCUT_CODER",
                    if i % 2 == 0 {
                        "ana".into()
                    } else {
                        format!("c{i}")
                    },
                )
                .env_remove("PRESSCUT_CORPUS")
                .env("PRESSCUT_DATA_DIR", data.path())
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    app.press(b"tduring\r");
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    app.press(b"tafter\r");
    wait_for_file(&log, r#""tag":"after""#);
    app.press(b"q");
    assert!(app.wait_exit());
    let tags = store_record(data.path())["tags"].clone();
    let tags: Vec<&str> = tags
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert_eq!(tags.len(), 53, "{tags:?}");
    for want in ["from-reader", "during", "after", "cli-0", "cli-49"] {
        assert!(tags.contains(&want), "{want} missing: {tags:?}");
    }
}
