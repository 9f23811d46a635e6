//! Saving off the input path. The store file belongs to one background thread; the event loop
//! sends it snapshots and picks up replies between key presses, so an fsync of a large store
//! never delays a keystroke. Edits made while a save is in flight are kept by merging the
//! saved result back in with the same three-way merge the store uses between processes.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

use crate::store::{merge_into, StoreData, StoreFile};

enum Request {
    Save(StoreData),
    /// Look for another process's changes.
    Poll,
}

pub enum Reply {
    /// `sent` was saved; the file now holds `merged` (ours plus other writers').
    Saved {
        sent: StoreData,
        merged: StoreData,
    },
    SaveFailed(String),
    /// Another process changed the file from `base` to `theirs`.
    Changed {
        base: StoreData,
        theirs: StoreData,
    },
    PollFailed(String),
    Unchanged,
}

impl Reply {
    /// Folds a reply into the app's current store, keeping edits made since the request.
    /// `Ok(None)`: nothing changed.
    pub fn apply_to(self, current: &StoreData) -> Result<Option<StoreData>, String> {
        match self {
            Reply::Saved { sent, merged } => Ok(Some(merge_into(&sent, current, merged))),
            Reply::Changed { base, theirs } => Ok(Some(merge_into(&base, current, theirs))),
            Reply::Unchanged => Ok(None),
            Reply::SaveFailed(e) | Reply::PollFailed(e) => Err(e),
        }
    }
}

pub struct Saver {
    requests: Option<Sender<Request>>,
    replies: Receiver<Reply>,
    thread: Option<JoinHandle<()>>,
    in_flight: bool,
}

impl Saver {
    pub fn start(mut file: StoreFile) -> Saver {
        let (request_tx, request_rx) = mpsc::channel::<Request>();
        let (reply_tx, reply_rx) = mpsc::channel::<Reply>();
        let thread = std::thread::Builder::new()
            .name("presscut-saver".into())
            .spawn(move || {
                for request in request_rx {
                    let reply = match request {
                        Request::Save(data) => match file.save(&data) {
                            Ok(merged) => Reply::Saved { sent: data, merged },
                            Err(e) => Reply::SaveFailed(e.to_string()),
                        },
                        Request::Poll => match file.changes_on_disk() {
                            Ok(Some((base, theirs))) => Reply::Changed { base, theirs },
                            Ok(None) => Reply::Unchanged,
                            Err(e) => Reply::PollFailed(e.to_string()),
                        },
                    };
                    if reply_tx.send(reply).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Saver {
            requests: Some(request_tx),
            replies: reply_rx,
            thread,
            in_flight: false,
        }
    }

    /// Whether a request is waiting for its reply.
    pub fn busy(&self) -> bool {
        self.in_flight
    }

    fn send(&mut self, request: Request) -> Result<(), String> {
        let sender = self
            .requests
            .as_ref()
            .ok_or("the save thread has stopped")?;
        sender
            .send(request)
            .map_err(|_| "the save thread has stopped".to_string())?;
        self.in_flight = true;
        Ok(())
    }

    pub fn save(&mut self, data: StoreData) -> Result<(), String> {
        self.send(Request::Save(data))
    }

    pub fn poll(&mut self) -> Result<(), String> {
        self.send(Request::Poll)
    }

    /// A reply, if one has arrived.
    pub fn try_reply(&mut self) -> Option<Reply> {
        match self.replies.try_recv() {
            Ok(reply) => {
                self.in_flight = false;
                Some(reply)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.in_flight = false;
                Some(Reply::SaveFailed("the save thread has stopped".into()))
            }
        }
    }

    /// Waits for the reply to the request in flight (used before exiting).
    pub fn wait(&mut self) -> Option<Reply> {
        if !self.in_flight {
            return None;
        }
        self.in_flight = false;
        self.replies.recv().ok()
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.requests = None; // closes the channel: the thread ends after its current request
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
