//! The imperative shell: owns the terminal, turns terminal events into app input, draws, and
//! performs effects — loading the corpus in the background, saving the store (debounced, and
//! always before exiting), noticing other processes' changes to it, the mark-as-read timer,
//! and `$EDITOR`. Everything that can be decided without a terminal is decided in `app`.

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;

use crate::app::{Action, App, Effect, MouseInput, MouseKind};
use crate::corpus::{LoadOptions, Source};
use crate::store::{Change, StoreFile};
use crate::ui::{self, Theme};
use loader::Loader;
use saver::{Reply, Saver};
use schedule::Schedule;
use std::collections::VecDeque;

mod editor;
mod feeds;
mod indexer;
mod keys;
mod loader;
mod saver;
mod schedule;
mod search_indexer;
mod signals;
mod tty_wait;

/// How the reader runs, as decided from flags, environment and config.
pub struct Options {
    /// `None`: never mark as read automatically.
    pub mark_read_after: Option<Duration>,
    /// Capture the mouse (wheel, clicks).
    pub mouse: bool,
    pub theme: Theme,
    /// The corpus to load in the background while the app (in its loading state) shows
    /// progress; `None` when the app was given its corpus already.
    pub load: Option<(Vec<Source>, LoadOptions)>,
    /// Where derived data is kept between runs; `None`: `--no-cache`.
    pub cache: Option<crate::cache::Cache>,
}

/// The longest a frame waits for its edits to reach the log (`Shell::await_log`).
const LOG_WAIT: Duration = Duration::from_millis(200);

/// The longest quitting waits for the entity indexer to stop and write what it has: it stops
/// between two groups of 256 articles (tens of milliseconds), then writes its cache file.
const INDEXER_WAIT: Duration = Duration::from_secs(3);

/// Runs the full-screen app until the user quits. The terminal is restored on every path out:
/// normal return, error (below) and panic (ratatui's hook, installed by `try_init`). Unsaved
/// edits are saved after the terminal is restored, so a failure can be reported in plain text.
pub fn run(mut app: App, store_file: StoreFile, options: Options) -> io::Result<()> {
    let loader = match options.load.clone() {
        Some((sources, load_options)) => Some(Loader::start(sources, load_options, true)?),
        None => None,
    };
    // The cached indexes are read while the corpus loads; they are checked against it after.
    let prefetched = match (&loader, &options.cache) {
        (Some(_), Some(cache)) => Some((
            crate::cache::search::prefetch(cache),
            crate::cache::indexes::prefetch(cache),
        )),
        _ => None,
    };
    let mut terminal = ratatui::try_init()?;
    signals::install();
    let mouse = options.mouse;
    restore_extras_on_panic(mouse);
    enter_extras(mouse);
    let mut shell = Shell {
        store_path: store_file.path(),
        loader,
        index: None,
        search_index: None,
        saver: Saver::start(store_file, app.store().clone()),
        in_flight: VecDeque::new(),
        awaited: 0,
        batches: 0,
        schedule: Schedule::new(Instant::now(), options.mark_read_after),
        theme: options.theme,
        mouse,
        cache: options.cache,
        prefetched,
        sources: options.load,
        reloading: false,
        feeds: None,
    };
    if shell.loader.is_none() {
        shell.start_background_work(&mut app);
    }
    let tty = tty_wait::TtyWait::new();
    let result = shell.event_loop(&mut terminal, &mut app, &tty);
    let hung_up = tty.hung_up();
    if hung_up {
        // Nothing to restore: writing to a terminal that is gone only fails (and ratatui
        // reports that on a standard error that is gone too). Save, and leave quietly.
        std::mem::forget(terminal);
    } else {
        leave_extras(mouse);
        // A failure to restore is not worth a message on a terminal that may be half gone.
        let _ = ratatui::try_restore();
    }
    let result = if hung_up { Ok(()) } else { result };
    let saved = shell.flush(&mut app).map_err(|problem| {
        let data_dir = shell.store_path.parent().unwrap_or(std::path::Path::new("."));
        match write_rescue(&app, data_dir) {
            Ok(path) => format!(
                "{problem}. Your edits are safe in {} — `presscut import {}` brings them back once {} can be written",
                path.display(),
                path.display(),
                shell.store_path.display()
            ),
            Err(e) => format!("{problem}; a rescue file could not be written either ({e})"),
        }
    });
    // Edits first; then the search index, of no use half-built, is given up, and the digests
    // a first open made so far are kept (see `Indexer::stop_and_wait`).
    shell.search_index = None;
    if let Some(indexer) = shell.index.take() {
        indexer.stop_and_wait(INDEXER_WAIT);
    }
    result?;
    saved.map_err(io::Error::other)
}

/// The annotations that could not be saved, as an export `presscut import` reads: in the data
/// folder if it can be written, else in the temp folder.
fn write_rescue(app: &App, data_dir: &std::path::Path) -> io::Result<std::path::PathBuf> {
    use crate::export;
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    let name = format!("presscut-rescue-{stamp}-{}.json", std::process::id());
    let chosen = export::select(&app.corpus().articles, app.store(), false, None, None);
    let mut bytes = Vec::new();
    export::write(
        &mut bytes,
        export::Format::Json,
        &chosen,
        app.store(),
        export::Options::default(),
    )?;
    let mut last_error = None;
    for dir in [data_dir.to_path_buf(), std::env::temp_dir()] {
        let path = dir.join(&name);
        match crate::store::private_file().open(&path) {
            Ok(mut file) => {
                io::Write::write_all(&mut file, &bytes)?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no folder to write to")))
}

/// Bracketed paste, and mouse capture when asked for: on after the terminal is set up.
pub(super) fn enter_extras(mouse: bool) {
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    if mouse {
        let _ = execute!(io::stdout(), EnableMouseCapture);
    }
}

/// Off again before the terminal is restored, on every way out (see also the panic hook).
pub(super) fn leave_extras(mouse: bool) {
    if mouse {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(io::stdout(), DisableBracketedPaste);
}

/// ratatui's panic hook restores raw mode and the screen but knows nothing of mouse capture or
/// bracketed paste: undo those first, then run the hooks installed before (terminal restore,
/// then the crash report).
fn restore_extras_on_panic(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave_extras(mouse);
        previous(info);
    }));
}

struct Shell {
    /// The store file, which an export must never overwrite.
    store_path: std::path::PathBuf,
    /// The corpus being loaded, until it is handed to the app.
    loader: Option<Loader>,
    /// The entity indexer until it is done.
    index: Option<indexer::Indexer>,
    /// The search index being built, until it is done.
    search_index: Option<search_indexer::SearchIndexer>,
    saver: Saver,
    /// Batches of changes sent to the saver and not yet confirmed in the log, by number.
    in_flight: VecDeque<(u64, Vec<Change>)>,
    /// The number of the last batch sent.
    batches: u64,
    /// The newest batch a frame has waited for (see `await_log`).
    awaited: u64,
    schedule: Schedule,
    theme: Theme,
    mouse: bool,
    cache: Option<crate::cache::Cache>,
    /// The search and entity index files being read while the corpus loads (first load only).
    prefetched: Option<(
        crate::cache::search::Pending,
        crate::cache::indexes::Pending,
    )>,
    /// What the corpus was loaded from, to load it again when `R` brought new items.
    sources: Option<(Vec<Source>, LoadOptions)>,
    /// The loader is reloading a corpus already shown: no loading screen.
    reloading: bool,
    /// `R`'s fetch, while it runs.
    feeds: Option<std::sync::mpsc::Receiver<feeds::FeedMessage>>,
}

impl Shell {
    fn event_loop(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        app: &mut App,
        tty: &tty_wait::TtyWait,
    ) -> io::Result<()> {
        let size = terminal.size()?;
        app.update(Action::Resize(size.width, size.height));
        // Draw only after something happened: an idle reader sleeps in `poll(2)`.
        let mut redraw = true;
        loop {
            if redraw {
                self.await_log(app);
                if let Err(e) = terminal.draw(|frame| ui::draw_with(app, &self.theme, frame)) {
                    // The terminal cannot be written: stop as `quit` does (and save).
                    app.update(Action::Quit);
                    return Err(e);
                }
            }
            // A search keystroke ranked only the screenful drawn; the rest is ranked once
            // typing pauses (no key waiting). The screen should not change; it is drawn again
            // all the same, so that it shows the list as it now is.
            if app.rest_unranked() && matches!(tty.poll(Duration::ZERO), Ok(false)) {
                app.rank_rest();
                redraw = true;
                continue;
            }
            let wait = self
                .schedule
                .next_wakeup(Instant::now(), self.background_running());
            // A signal interrupts the wait; either way, a stop request is noticed here.
            let input = match tty.poll(wait) {
                Ok(ready) => ready,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => false,
                // The terminal is gone without a SIGHUP (a closed pty whose process was not its
                // session's, a revoked tty): stop as `quit` does instead of polling a dead
                // descriptor in a busy loop. A leaked reader spun at 100% CPU for an hour.
                Err(e) => {
                    app.update(Action::Quit);
                    return Err(io::Error::new(io::ErrorKind::BrokenPipe, e));
                }
            };
            if signals::asked_to_stop() {
                // As `quit` does: an open note is kept; `run` saves before exiting.
                app.update(Action::Quit);
                return Ok(());
            }
            redraw = input;
            let effects = if input {
                match event::read()? {
                    // Windows and kitty-protocol terminals also report releases and repeats.
                    Event::Key(key) if key.kind == KeyEventKind::Press => {
                        // Test builds only: a way for the real-terminal test to prove that a panic
                        // restores the terminal and writes a report.
                        #[cfg(debug_assertions)]
                        if key.code == crossterm::event::KeyCode::F(12)
                            && std::env::var_os("PRESSCUT_TEST_PANIC_ON_F12").is_some()
                        {
                            panic!("deliberate test panic (F12)");
                        }
                        app.on_key(keys::press(key))
                    }
                    Event::Paste(text) => {
                        app.paste(&text);
                        Vec::new()
                    }
                    Event::Resize(width, height) => app.update(Action::Resize(width, height)),
                    Event::Mouse(mouse) => {
                        let kind = match mouse.kind {
                            MouseEventKind::Down(MouseButton::Left) => Some(MouseKind::Click),
                            MouseEventKind::Drag(MouseButton::Left) => Some(MouseKind::Drag),
                            MouseEventKind::ScrollDown => Some(MouseKind::ScrollDown),
                            MouseEventKind::ScrollUp => Some(MouseKind::ScrollUp),
                            _ => None,
                        };
                        match kind {
                            Some(kind) => app.update(Action::Mouse(MouseInput {
                                kind,
                                column: mouse.column,
                                row: mouse.row,
                            })),
                            None => Vec::new(),
                        }
                    }
                    _ => Vec::new(),
                }
            } else {
                Vec::new()
            };
            for effect in effects {
                match effect {
                    Effect::Quit => return Ok(()),
                    // Changes are taken from the store's journal after every input (below).
                    Effect::Save => {}
                    Effect::CoderLayers => {
                        let dir = self.data_dir();
                        app.set_tag_layers(crate::store::log::tag_layers(dir).map_err(|e| {
                            format!(
                                "{}: cannot read the coders' logs: {e}",
                                crate::store::log::log_dir(dir).display()
                            )
                        }));
                    }
                    Effect::Agreement => {
                        let dir = self.data_dir();
                        app.show_agreement(crate::agree::from_logs(dir, app.store()));
                    }
                    Effect::SearchHistory(entries) => {
                        let dir = self.data_dir();
                        if let Err(e) = crate::store::save_history(dir, &entries) {
                            app.notify(format!(
                                "{}: cannot save the search history ({e}); searches still work",
                                crate::store::history_path(dir).display()
                            ));
                        }
                    }
                    Effect::FetchFeeds { urls, into } => self.start_fetch(app, urls, into),
                    Effect::Export(request) => {
                        let result = self.export(app, &request);
                        app.export_finished(result);
                    }
                    Effect::EditExternally { id, text } => {
                        match editor::edit_externally(terminal, &text, self.mouse) {
                            Ok(Some(new_text)) => {
                                app.note_edited_externally(&id, &new_text);
                            }
                            // No $EDITOR: the built-in editor instead.
                            Ok(None) => {
                                app.update(Action::Note);
                            }
                            Err(e) => app.notify(format!("editor: {e}")),
                        }
                    }
                }
            }
            redraw |= self.tick(app);
        }
    }

    /// The data folder: where the store, the logs and the history live.
    fn data_dir(&self) -> &std::path::Path {
        self.store_path
            .parent()
            .unwrap_or(std::path::Path::new("."))
    }

    /// Writes the export the dialog asked for, with the CLI's safety rules.
    fn export(
        &self,
        app: &App,
        request: &crate::app::ExportRequest,
    ) -> Result<(String, usize), crate::export::ExportError> {
        use crate::export;
        let ids: Option<std::collections::HashSet<String>> =
            request.ids.clone().map(|v| v.into_iter().collect());
        let chosen = export::select(
            &app.corpus().articles,
            app.store(),
            false,
            None,
            ids.as_ref(),
        );
        let mut protected = vec![(self.store_path.clone(), "the presscut store")];
        let data_dir = self.data_dir();
        protected.extend(export::protected_paths(app.corpus(), data_dir));
        let path = std::path::PathBuf::from(&request.path);
        // Everyone's work: who applied what, from the coders' logs (without them if unreadable).
        let attribution = export::Attribution::from_logs(data_dir).ok();
        export::write_file(&path, request.force, &protected, |out| {
            export::write_attributed(
                out,
                request.format,
                &chosen,
                app.store(),
                export::Options::default(),
                attribution.as_ref(),
            )
        })?;
        let shown = std::fs::canonicalize(&path).unwrap_or(path);
        Ok((shown.display().to_string(), chosen.len()))
    }

    /// Sends the changes the last input made to the save thread, which appends them to the
    /// log at once.
    fn send_changes(&mut self, app: &mut App) {
        let changes = app.take_store_changes();
        if changes.is_empty() {
            return;
        }
        self.batches += 1;
        match self.saver.append(self.batches, changes.clone()) {
            Ok(()) => self.in_flight.push_back((self.batches, changes)),
            Err(e) => {
                self.in_flight.push_back((self.batches, changes));
                app.set_save_problem(Some(e.clone()));
                app.notify(format!("save failed — edit kept: {e}"));
            }
        }
    }

    /// Changes to send, replies from the save thread, then timers: polling for other writers,
    /// mark-as-read. Returns whether anything the screen shows may have changed.
    fn tick(&mut self, app: &mut App) -> bool {
        let now = Instant::now();
        self.send_changes(app);
        let mut changed = self.take_loader_messages(app);
        changed |= self.take_index_messages(app);
        changed |= self.take_search_index(app);
        changed |= self.take_feed_messages(app);
        while let Some(reply) = self.saver.try_reply() {
            changed |= self.adopt(app, reply);
        }
        if self.schedule.poll_due(now) {
            let _ = self.saver.poll();
        }
        let reading = app.reading().map(str::to_string);
        if let Some(id) = self.schedule.read_long_enough(now, reading.as_deref()) {
            if !app.mark_read_by_timer(&id).is_empty() {
                changed = true;
            }
        }
        self.send_changes(app);
        changed
    }

    /// Waits, before a frame shows an edit, until the save thread has it in the log: what the
    /// screen shows then survives even `kill -9` right after. Appending takes microseconds, but
    /// with both cores busy (a million articles being analysed) the save thread could wait for
    /// its turn longer than the frame. Bounded, so that a disk that hangs slows a frame and no
    /// more; skipped while saving is known to fail (the status line says so).
    fn await_log(&mut self, app: &mut App) {
        let Some(&(newest, _)) = self.in_flight.back() else {
            return;
        };
        if newest <= self.awaited || app.save_problem().is_some() {
            return;
        }
        self.awaited = newest;
        let deadline = Instant::now() + LOG_WAIT;
        while app.save_problem().is_none() && self.in_flight.iter().any(|(b, _)| *b == newest) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.saver.wait_reply(left) {
                Some(reply) => {
                    self.adopt(app, reply);
                }
                None => break,
            }
        }
    }

    /// Applies a reply of the save thread; `true` if the screen changed.
    fn adopt(&mut self, app: &mut App, reply: Reply) -> bool {
        match reply {
            Reply::Appended { through } => {
                self.in_flight.retain(|(batch, _)| *batch > through);
                let was_failing = app.save_problem().is_some();
                if self.in_flight.is_empty() && was_failing {
                    app.set_save_problem(None);
                    app.notify("saved: the edits kept in memory are now in the log");
                }
                was_failing
            }
            Reply::State {
                state,
                through,
                warnings,
            } => {
                let mut state = *state;
                // The state holds our batches up to `through`; those sent since are re-applied.
                self.in_flight.retain(|(batch, _)| *batch > through);
                for (_, changes) in &self.in_flight {
                    for change in changes {
                        state.apply(change, "", None);
                    }
                }
                app.set_store(state);
                app.notify(match warnings.first() {
                    Some(first) => crate::text::sanitize(first).into_owned(),
                    None => "the store changed in another presscut: its edits are shown".into(),
                });
                true
            }
            Reply::Failed(message) => {
                app.notify(format!("save failed — edit kept, retrying: {message}"));
                app.set_save_problem(Some(message));
                true
            }
            Reply::Flushed(_) => false,
        }
    }

    /// A load, an index build or a save is running: wake up often enough to show progress.
    fn background_running(&self) -> bool {
        self.index.is_some()
            || self.search_index.is_some()
            || self.loader.is_some()
            || self.feeds.is_some()
    }

    /// Before exiting: every change into the log (and the snapshot written).
    fn flush(&mut self, app: &mut App) -> Result<(), String> {
        self.send_changes(app);
        let mut replies = Vec::new();
        let result = self.saver.flush(|reply| replies.push(reply));
        for reply in replies {
            self.adopt(app, reply);
        }
        result.map_err(|e| format!("{e}; your last edits could not be saved"))
    }
}
