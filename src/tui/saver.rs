//! Writing the store off the input path. The store file belongs to one background thread with
//! its own copy of the state. The event loop only sends it the changes an action made (a few
//! small values, no copy of the store), which the thread appends to the coder's log at once,
//! then applies to its copy; after a quiet moment it rewrites the snapshot from that copy. So a
//! keystroke never waits for a disk, and an edit is in the log within microseconds of being
//! made.
//!
//! When other processes or coders append, the thread folds their lines into its copy and sends
//! the app the whole new state with the number of the last batch it holds; the app re-applies
//! the batches sent after that one.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::store::{Change, StoreData, StoreFile};

/// The snapshot is rewritten after this long without edits (the log already holds them).
const SNAPSHOT_AFTER: Duration = Duration::from_secs(2);

enum Request {
    /// A batch of changes, numbered in the order they were made.
    Append(u64, Vec<Change>),
    /// Look for other writers' lines; retry a failed append.
    Poll,
    /// Before exiting: everything into the log, and the snapshot written.
    Flush,
}

pub enum Reply {
    /// Batches up to `through` are in the log.
    Appended { through: u64 },
    /// Other writers changed the store: the state as the logs fold now, holding our batches up
    /// to `through`. `warnings`: what the user should hear (a note conflict, a bad log line).
    State {
        state: Box<StoreData>,
        through: u64,
        warnings: Vec<String>,
    },
    /// Appending failed; the batches stay queued and are retried on the next poll.
    Failed(String),
    /// The answer to `Flush`: `Err` when edits could not be written to the log.
    Flushed(Result<(), String>),
}

pub struct Saver {
    requests: Option<Sender<Request>>,
    replies: Receiver<Reply>,
    thread: Option<JoinHandle<()>>,
}

/// The thread's side: the file, its copy of the state, and what is not in the log yet.
struct Writer {
    file: StoreFile,
    state: StoreData,
    queued: Vec<(u64, Vec<Change>)>,
    through: u64,
    snapshot_due: Option<Instant>,
}

impl Writer {
    /// Appends the queued batches in order; stops at the first failure (kept for a retry).
    fn append_queued(&mut self) -> Result<(), String> {
        while let Some((seq, changes)) = self.queued.first() {
            let ops = self.file.append(changes).map_err(|e| e.to_string())?;
            for op in &ops {
                self.state.apply(&op.change, &op.coder, Some(&op.at));
            }
            self.through = *seq;
            self.queued.remove(0);
            self.snapshot_due = Some(Instant::now() + SNAPSHOT_AFTER);
        }
        Ok(())
    }

    /// Folds in other writers' lines; the new state for the app when there were any.
    fn catch_up(&mut self) -> Result<Option<Reply>, String> {
        let caught = self
            .file
            .catch_up(&mut self.state)
            .map_err(|e| e.to_string())?;
        let warnings = self.file.take_warnings();
        if !caught.changed && warnings.is_empty() {
            return Ok(None);
        }
        self.snapshot_due = Some(Instant::now() + SNAPSHOT_AFTER);
        Ok(Some(Reply::State {
            state: Box::new(self.state.clone()),
            through: self.through,
            warnings,
        }))
    }

    fn handle(&mut self, request: Request) -> Option<Reply> {
        match request {
            Request::Append(seq, changes) => {
                // Test builds only: a save thread that waits for its turn, as it may with
                // every core busy, for the real-terminal test of `Shell::await_log`.
                #[cfg(debug_assertions)]
                if let Some(ms) = std::env::var("PRESSCUT_TEST_SLOW_SAVE_MS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                {
                    std::thread::sleep(Duration::from_millis(ms));
                }
                self.queued.push((seq, changes));
                if let Err(e) = self.append_queued() {
                    return Some(Reply::Failed(e));
                }
                match self.catch_up() {
                    Ok(Some(state)) => Some(state),
                    Ok(None) => Some(Reply::Appended {
                        through: self.through,
                    }),
                    Err(e) => Some(Reply::Failed(e)),
                }
            }
            Request::Poll => {
                let before = self.through;
                if let Err(e) = self.append_queued() {
                    return Some(Reply::Failed(e));
                }
                match self.catch_up() {
                    Ok(Some(state)) => Some(state),
                    Ok(None) if self.through != before => Some(Reply::Appended {
                        through: self.through,
                    }),
                    Ok(None) => None,
                    Err(e) => Some(Reply::Failed(e)),
                }
            }
            Request::Flush => {
                let appended = self.append_queued();
                if appended.is_ok() && self.snapshot_due.is_some() {
                    // The log holds every edit; a snapshot that fails costs only start-up time.
                    let _ = self.file.write_snapshot(&mut self.state);
                    self.snapshot_due = None;
                }
                Some(Reply::Flushed(appended))
            }
        }
    }

    /// Rewrites the snapshot once edits have paused; the new state for the app when writing
    /// it took up other writers' lines.
    fn write_snapshot_if_due(&mut self) -> Option<Reply> {
        let due = self.snapshot_due.is_some_and(|due| Instant::now() >= due);
        if !due || !self.queued.is_empty() {
            return None;
        }
        self.snapshot_due = None;
        // A failure is retried after the next edit; the log is what keeps the edits.
        match self.file.write_snapshot(&mut self.state) {
            Ok(true) => Some(Reply::State {
                state: Box::new(self.state.clone()),
                through: self.through,
                warnings: self.file.take_warnings(),
            }),
            _ => None,
        }
    }
}

impl Saver {
    /// Starts the thread with the store as opened (`state` is the app's starting point too).
    pub fn start(file: StoreFile, state: StoreData) -> Saver {
        let (request_tx, request_rx) = mpsc::channel::<Request>();
        let (reply_tx, reply_rx) = mpsc::channel::<Reply>();
        let mut writer = Writer {
            file,
            state,
            queued: Vec::new(),
            through: 0,
            snapshot_due: None,
        };
        let thread = std::thread::Builder::new()
            .name("presscut-saver".into())
            .spawn(move || loop {
                let wait = writer
                    .snapshot_due
                    .map_or(Duration::from_secs(3600), |due| {
                        due.saturating_duration_since(Instant::now())
                    });
                match request_rx.recv_timeout(wait) {
                    Ok(request) => {
                        if let Some(reply) = writer.handle(request) {
                            if reply_tx.send(reply).is_err() {
                                break;
                            }
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        if let Some(reply) = writer.write_snapshot_if_due() {
                            if reply_tx.send(reply).is_err() {
                                break;
                            }
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        let _ = writer.append_queued();
                        if writer.snapshot_due.is_some() {
                            let _ = writer.file.write_snapshot(&mut writer.state);
                        }
                        break;
                    }
                }
            })
            .ok();
        Saver {
            requests: Some(request_tx),
            replies: reply_rx,
            thread,
        }
    }

    fn send(&mut self, request: Request) -> Result<(), String> {
        let sender = self
            .requests
            .as_ref()
            .ok_or("the save thread has stopped")?;
        sender
            .send(request)
            .map_err(|_| "the save thread has stopped".to_string())
    }

    pub fn append(&mut self, seq: u64, changes: Vec<Change>) -> Result<(), String> {
        self.send(Request::Append(seq, changes))
    }

    pub fn poll(&mut self) -> Result<(), String> {
        self.send(Request::Poll)
    }

    /// A reply, if one has arrived.
    pub fn try_reply(&mut self) -> Option<Reply> {
        match self.replies.try_recv() {
            Ok(reply) => Some(reply),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Reply::Failed("the save thread has stopped".into()))
            }
        }
    }

    /// The next reply, waiting up to `timeout` for it.
    pub fn wait_reply(&mut self, timeout: Duration) -> Option<Reply> {
        match self.replies.recv_timeout(timeout) {
            Ok(reply) => Some(reply),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                Some(Reply::Failed("the save thread has stopped".into()))
            }
        }
    }

    /// Before exiting: waits until every batch sent is in the log (or could not be written),
    /// passing the other replies on the way to `other`.
    pub fn flush(&mut self, mut other: impl FnMut(Reply)) -> Result<(), String> {
        self.send(Request::Flush)?;
        loop {
            match self.replies.recv() {
                Ok(Reply::Flushed(result)) => return result,
                Ok(reply) => other(reply),
                Err(_) => return Err("the save thread has stopped".into()),
            }
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.requests = None; // closes the channel: the thread appends what is left and ends
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
