//! The binary in a real pseudo-terminal, read back through a VT100 emulator.
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

pub struct PtyApp {
    pub master: Box<dyn MasterPty + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    keys: Arc<Mutex<Box<dyn Write + Send>>>,
    pump: Option<std::thread::JoinHandle<()>>,
    /// Asks the pump to stop reading (and close its end of the pty) after its next read.
    stop_reading: Arc<std::sync::atomic::AtomicBool>,
}

impl PtyApp {
    /// Starts presscut (80×24, in the repository, bundled seeds) with a private data folder and
    /// extra environment variables.
    pub fn start(data_dir: &Path, env: &[(&str, &str)]) -> PtyApp {
        PtyApp::start_via(env!("CARGO_BIN_EXE_presscut"), &[], data_dir, env)
    }

    /// Like [`PtyApp::start`], but runs `program args…` (a shell that sets limits, say).
    pub fn start_via(
        program: &str,
        args: &[&str],
        data_dir: &Path,
        env: &[(&str, &str)],
    ) -> PtyApp {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("PRESSCUT_CORPUS");
        cmd.env_remove("NO_COLOR");
        cmd.env("PRESSCUT_DATA_DIR", data_dir);
        cmd.env_remove("PRESSCUT_CONFIG");
        cmd.env("XDG_CONFIG_HOME", data_dir);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn presscut");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let keys = Arc::new(Mutex::new(pty.master.take_writer().unwrap()));
        let (p, r, answer) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&keys));
        let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let pump = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let mut parser = p.lock().unwrap();
                parser.process(&buf[..n]);
                // Answer "where is the cursor?" (DSR) as every real terminal does.
                if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, col) = parser.screen().cursor_position();
                    let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                    let mut keys = answer.lock().unwrap();
                    let _ = keys.write_all(reply.as_bytes());
                    let _ = keys.flush();
                }
                drop(parser);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        PtyApp {
            master: pty.master,
            child,
            parser,
            raw,
            keys,
            pump: Some(pump),
            stop_reading,
        }
    }

    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether any cell on screen has a foreground or background colour.
    pub fn any_colour(&self) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        (0..rows).any(|r| {
            (0..cols).any(|c| {
                screen.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                })
            })
        })
    }

    /// Asserts the pty is back in cooked mode (line editing and echo on), as a shell needs it.
    pub fn assert_cooked(&self) {
        let termios = self.master.get_termios().expect("termios");
        let cooked = nix::sys::termios::LocalFlags::ICANON | nix::sys::termios::LocalFlags::ECHO;
        assert!(termios.local_flags.contains(cooked), "cooked mode restored");
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    pub fn press(&mut self, bytes: &[u8]) {
        let mut keys = self.keys.lock().unwrap();
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    }

    /// A lone ESC followed at once by a key reads as Alt+key in every terminal: pause after it
    /// as a person would.
    pub fn escape(&mut self) {
        self.press(b"\x1b");
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Waits until the screen shows `needle` (the app draws asynchronously to us).
    pub fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {needle:?}; screen was:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the program to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "presscut did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the terminal under the program, as a killed tmux or a closed window does, and
    /// waits for the program to exit: `Some(success)`, or `None` if it was still running after
    /// `seconds` (then it is killed).
    pub fn hang_up(mut self, seconds: u64) -> Option<bool> {
        // The pump holds a reading end of the pty: it lets go after its next read, which a
        // key that redraws (the help) provides.
        self.stop_reading
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.press(b"?");
        if let Some(pump) = self.pump.take() {
            let _ = pump.join();
        }
        drop(self.keys);
        drop(self.master);
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.success());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything the program wrote to the terminal (after it exited and the pty closed).
    pub fn finish(mut self) -> Vec<u8> {
        drop(self.master);
        if let Some(pump) = self.pump.take() {
            let _ = pump.join();
        }
        self.raw.lock().unwrap().clone()
    }
}
