//! The imperative shell: owns the terminal, turns terminal events into app input, draws, and
//! performs effects — saving the store (debounced, and always before exiting), noticing other
//! processes' changes to it, the mark-as-read timer, and `$EDITOR`. Everything that can be
//! decided without a terminal is decided in `app`.

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;

use crate::app::{Action, App, Effect};
use crate::store::StoreFile;
use crate::ui;

/// Edits are saved this long after the last one (typing in bursts costs one save).
const SAVE_DEBOUNCE: Duration = Duration::from_millis(300);
/// After a failed save, try again this often (the edit stays in memory meanwhile).
const SAVE_RETRY: Duration = Duration::from_secs(3);
/// How often to look for changes another process made to the store.
const RELOAD_EVERY: Duration = Duration::from_secs(1);
/// An opened article counts as read after this long in the reader.
pub const MARK_READ_AFTER: Duration = Duration::from_millis(1500);

/// Runs the full-screen app until the user quits. The terminal is restored on every path out:
/// normal return, error (below) and panic (ratatui's hook, installed by `try_init`).
pub fn run(mut app: App, store_file: StoreFile) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let mut shell =
        Shell { store_file, dirty_since: None, retry_at: None, last_reload: Instant::now(), reading: None };
    let result = shell.event_loop(&mut terminal, &mut app);
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let saved = shell.save_now(&mut app);
    result?;
    saved.map_err(io::Error::other)
}

struct Shell {
    store_file: StoreFile,
    /// When the first unsaved edit happened.
    dirty_since: Option<Instant>,
    retry_at: Option<Instant>,
    last_reload: Instant,
    /// The article being read and since when (for mark-as-read).
    reading: Option<(String, Instant)>,
}

impl Shell {
    fn event_loop(&mut self, terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> io::Result<()> {
        let size = terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        loop {
            terminal.draw(|frame| ui::draw(app, frame))?;
            let effects = if event::poll(self.next_wakeup())? {
                match event::read()? {
                    // Windows and kitty-protocol terminals also report releases and repeats.
                    Event::Key(key) if key.kind == KeyEventKind::Press => app.on_key(key),
                    Event::Paste(text) => {
                        app.paste(&text);
                        Vec::new()
                    }
                    Event::Resize(width, height) => app.update(Action::Resize(width, height)),
                    _ => Vec::new(),
                }
            } else {
                Vec::new()
            };
            for effect in effects {
                match effect {
                    Effect::Quit => return Ok(()),
                    Effect::Save => {
                        self.dirty_since.get_or_insert_with(Instant::now);
                    }
                    Effect::EditExternally { id, text } => {
                        let edited = edit_externally(terminal, &text);
                        match edited {
                            Ok(Some(new_text)) => {
                                for e in app.note_edited_externally(&id, &new_text) {
                                    if e == Effect::Save {
                                        self.dirty_since.get_or_insert_with(Instant::now);
                                    }
                                }
                            }
                            Ok(None) => {
                                // No $EDITOR: fall back to the built-in editor.
                                app.update(Action::Note);
                            }
                            Err(e) => app.message = Some(format!("editor failed: {e}")),
                        }
                    }
                }
            }
            self.tick(app);
        }
    }

    /// Timers: debounced save, retry after a failed save, reload, mark-as-read.
    fn tick(&mut self, app: &mut App) {
        let now = Instant::now();
        let due = self.dirty_since.is_some_and(|t| now.duration_since(t) >= SAVE_DEBOUNCE)
            && self.retry_at.is_none_or(|r| now >= r);
        if due {
            if let Err(message) = self.save_now(app) {
                app.message = Some(format!("{message} — your edit is kept and will be saved on retry"));
                self.retry_at = Some(now + SAVE_RETRY);
            }
        }
        if self.dirty_since.is_none() && now.duration_since(self.last_reload) >= RELOAD_EVERY {
            self.last_reload = now;
            match self.store_file.reload_if_changed(&app.store) {
                Ok(Some(merged)) => {
                    app.set_store(merged);
                    app.message = Some("store changed by another presscut: reloaded".into());
                }
                Ok(None) => {}
                Err(e) => app.message = Some(e.to_string()),
            }
        }
        match (app.reading().map(str::to_string), &self.reading) {
            (Some(id), Some((same, since))) if *same == id => {
                if now.duration_since(*since) >= MARK_READ_AFTER {
                    if !app.mark_read_by_timer(&id).is_empty() {
                        self.dirty_since.get_or_insert(now);
                    }
                    self.reading = None;
                }
            }
            (Some(id), _) => self.reading = Some((id, now)),
            (None, _) => self.reading = None,
        }
    }

    /// How long the loop may sleep waiting for input before a timer needs it.
    fn next_wakeup(&self) -> Duration {
        let mut wait = RELOAD_EVERY;
        if let Some(t) = self.dirty_since {
            let after = self.retry_at.map_or(t + SAVE_DEBOUNCE, |r| r.max(t + SAVE_DEBOUNCE));
            wait = wait.min(after.saturating_duration_since(Instant::now()));
        }
        if let Some((_, since)) = &self.reading {
            wait = wait.min((*since + MARK_READ_AFTER).saturating_duration_since(Instant::now()));
        } else {
            wait = wait.min(Duration::from_millis(100));
        }
        wait.max(Duration::from_millis(5))
    }

    fn save_now(&mut self, app: &mut App) -> Result<(), String> {
        if self.dirty_since.is_none() {
            return Ok(());
        }
        let merged = self.store_file.save(&app.store).map_err(|e| e.to_string())?;
        app.set_store(merged);
        self.dirty_since = None;
        self.retry_at = None;
        Ok(())
    }
}

/// Runs `$VISUAL`/`$EDITOR` on a temp file holding `text`, with the terminal handed over.
/// `Ok(None)` when no editor is configured.
fn edit_externally(terminal: &mut ratatui::DefaultTerminal, text: &str) -> io::Result<Option<String>> {
    let Some(editor) =
        std::env::var_os("VISUAL").or_else(|| std::env::var_os("EDITOR")).filter(|e| !e.is_empty())
    else {
        return Ok(None);
    };
    let file = tempfile_in_tmp(text)?;
    ratatui::restore();
    let editor = editor.to_string_lossy().into_owned();
    // $EDITOR may carry arguments ("code -w"): let the shell split it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("presscut-editor")
        .arg(&file)
        .status();
    *terminal = ratatui::try_init()?;
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    terminal.clear()?;
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&file).map(Some),
        Ok(s) => Err(io::Error::other(format!("{editor} exited with {s}; note unchanged"))),
        Err(e) => Err(io::Error::other(format!("cannot run {editor}: {e}"))),
    };
    let _ = std::fs::remove_file(&file);
    result
}

fn tempfile_in_tmp(text: &str) -> io::Result<std::path::PathBuf> {
    let path = std::env::temp_dir().join(format!("presscut-note-{}.md", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    io::Write::write_all(&mut options.open(&path)?, text.as_bytes())?;
    Ok(path)
}
