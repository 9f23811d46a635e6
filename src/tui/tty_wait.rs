//! Waiting for terminal input without trusting crossterm with a terminal that hung up.
//!
//! crossterm 0.29 reads the terminal in a loop until its parser yields an event; when the
//! terminal is gone (a closed pty, a killed tmux) every read returns 0 bytes and that loop never
//! ends, so the reader spun at 100% CPU and no signal could stop it (several such readers,
//! leaked by test harnesses, were found running for an hour). Here the wait is a `poll(2)` of
//! our own on the terminal: a hang-up is reported as an error before crossterm reads, and a
//! signal (a stop request, a resize) interrupts the wait. crossterm is only asked for events
//! once the terminal has something to read.

use std::io;
use std::time::Duration;

use crossterm::event;

/// The terminal crossterm reads: standard input when it is one, else `/dev/tty`.
pub struct TtyWait {
    #[cfg(unix)]
    fd: libc::c_int,
    /// Keeps `/dev/tty` open while its descriptor is polled.
    #[cfg(unix)]
    _tty: Option<std::fs::File>,
}

impl TtyWait {
    pub fn new() -> TtyWait {
        #[cfg(unix)]
        {
            // SAFETY: isatty only inspects the descriptor.
            if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
                return TtyWait {
                    fd: libc::STDIN_FILENO,
                    _tty: None,
                };
            }
            let tty = std::fs::File::open("/dev/tty").ok();
            use std::os::fd::AsRawFd;
            let fd = tty.as_ref().map_or(-1, |f| f.as_raw_fd());
            TtyWait { fd, _tty: tty }
        }
        #[cfg(not(unix))]
        TtyWait {}
    }

    /// Whether an event is ready within `wait`. An error when the terminal hung up; `false`
    /// early when a signal interrupted the wait (the caller checks for a stop request).
    pub fn poll(&self, wait: Duration) -> io::Result<bool> {
        #[cfg(unix)]
        {
            if self.fd < 0 {
                return event::poll(wait);
            }
            // Events crossterm read earlier and still holds (a paste, keys typed in a burst).
            self.check(0)?;
            if event::poll(Duration::ZERO)? {
                return Ok(true);
            }
            let millis = wait.as_millis().min(i32::MAX as u128) as i32;
            match self.check(millis)? {
                true => event::poll(Duration::ZERO),
                false => Ok(false),
            }
        }
        #[cfg(not(unix))]
        event::poll(wait)
    }

    /// The terminal hung up (checked once, without waiting).
    pub fn hung_up(&self) -> bool {
        #[cfg(unix)]
        {
            self.fd >= 0 && self.check(0).is_err()
        }
        #[cfg(not(unix))]
        false
    }

    /// Waits up to `millis` for the terminal to be readable: `Ok(true)` when it is, `Ok(false)`
    /// on timeout or a signal, an error when it hung up or the descriptor is bad.
    #[cfg(unix)]
    fn check(&self, millis: i32) -> io::Result<bool> {
        let mut fds = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, its count, and a timeout.
        let n = unsafe { libc::poll(&mut fds, 1, millis) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return match e.kind() {
                io::ErrorKind::Interrupted => Ok(false),
                _ => Err(e),
            };
        }
        if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the terminal hung up",
            ));
        }
        Ok(n > 0 && fds.revents & libc::POLLIN != 0)
    }
}
