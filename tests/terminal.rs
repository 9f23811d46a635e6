//! One real terminal: the release-like binary in a pseudo-terminal, driven by key presses, read
//! back through a VT100 emulator. Proves what no in-process test can: raw mode and the
//! alternate screen are entered, the screen shows the article, and both are undone on exit.
#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    raw_output: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle` (the app draws asynchronously to us).
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "never saw {needle:?}; screen was:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn the_reader_runs_in_a_real_terminal_and_restores_it() {
    let pty = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
        .expect("open a pty");
    let cooked = pty.master.get_termios().expect("termios");
    assert!(cooked.local_flags.contains(LocalFlags::ICANON), "a fresh pty starts in cooked mode");

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_presscut"));
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("PRESSCUT_CORPUS");
    let data = tempfile::tempdir().unwrap();
    cmd.env("PRESSCUT_DATA_DIR", data.path());
    let mut child = pty.slave.spawn_command(cmd).expect("spawn presscut");
    drop(pty.slave);

    let screen = Screen {
        parser: Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0))),
        raw_output: Arc::new(Mutex::new(Vec::new())),
    };
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (parser, raw) = (Arc::clone(&screen.parser), Arc::clone(&screen.raw_output));
    let pump = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.lock().unwrap().process(&buf[..n]);
            raw.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut keys = pty.master.take_writer().unwrap();
    let mut press = |bytes: &[u8]| {
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    };

    let first = screen.wait_for("Articles 1/1");
    assert!(first.contains("A top Russian military commander"), "{first}");
    assert!(screen.parser.lock().unwrap().screen().alternate_screen());
    let raw_mode = pty.master.get_termios().unwrap();
    assert!(!raw_mode.local_flags.contains(LocalFlags::ICANON), "the app runs in raw mode");

    press(b"\r"); // Enter: focus the reader
    screen.wait_for("q back");
    press(b"G"); // to the end of the article
    screen.wait_for("Antiwar.com.");
    press(b"?");
    screen.wait_for("this help");
    press(b"q"); // closes help
    press(b"t"); // tag picker: create a tag
    screen.wait_for("Enter toggle");
    press("pty-tág\r".as_bytes());
    screen.wait_for("tagged #pty-tág");
    press(b"\x1b"); // close the picker
                    // A lone ESC followed at once by a key reads as Alt+key, in every terminal: pause as a person would.
    std::thread::sleep(Duration::from_millis(300));
    press(b"a"); // note editor
    screen.wait_for("Ctrl-s save");
    press("typed in a real terminal ✍".as_bytes());
    press(b"\x13"); // Ctrl-s
    screen.wait_for("note saved");
    press(b"q"); // back to the list
    screen.wait_for("q quit");
    press(b"q"); // quits

    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "presscut did not exit on q");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status:?}");
    let after = pty.master.get_termios().unwrap();
    assert!(after.local_flags.contains(LocalFlags::ICANON | LocalFlags::ECHO), "cooked mode restored");
    drop(pty.master);
    let _ = pump.join();

    let store: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.path().join("store.json")).expect("store.json written"),
    )
    .unwrap();
    let record = &store["articles"]["2a933c745409"];
    assert_eq!(record["tags"], serde_json::json!(["pty-tág"]));
    assert_eq!(record["note"], "typed in a real terminal ✍");

    let output = screen.raw_output.lock().unwrap().clone();
    let leaves_alt_screen = output.windows(8).any(|w| w == b"\x1b[?1049l");
    assert!(leaves_alt_screen, "the alternate screen was not left");
    assert!(!screen.parser.lock().unwrap().screen().alternate_screen());
}
