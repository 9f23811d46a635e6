//! SIGHUP (the terminal window closed), SIGTERM (a logout, `kill`) and SIGINT (`kill -INT`; the
//! keyboard's Ctrl-c arrives as a key in raw mode) end the reader the way `quit` does: the note
//! being edited is kept and unsaved edits are saved before the process exits. The handler only
//! sets a flag (the one thing a signal handler may safely do); the event loop, woken by the
//! interrupted wait, notices it.

use std::sync::atomic::{AtomicBool, Ordering};

static ASKED_TO_STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    ASKED_TO_STOP.store(true, Ordering::SeqCst);
}

/// Installs the handlers (once, at the start of the reader).
pub fn install() {
    #[cfg(unix)]
    for signal in [libc::SIGHUP, libc::SIGTERM, libc::SIGINT] {
        // SAFETY: `on_signal` only stores to an atomic, which is async-signal-safe; the
        // handler has the C signature `signal` expects.
        unsafe {
            libc::signal(signal, on_signal as *const () as libc::sighandler_t);
        }
    }
}

/// A stop signal arrived since the reader started.
pub fn asked_to_stop() -> bool {
    ASKED_TO_STOP.load(Ordering::SeqCst)
}
