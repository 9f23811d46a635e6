//! When the shell must act without a key: polling for other writers' edits (and retrying a
//! failed append), and marking the article being read as read. Every decision takes the time
//! as an argument, so tests drive the clock instead of sleeping. Edits need no timer: each is
//! appended to the log as soon as it is made.

use std::time::{Duration, Instant};

/// How often to look for changes other processes made to the store.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Schedule {
    last_poll: Instant,
    /// The article being read and since when (for mark-as-read).
    reading: Option<(String, Instant)>,
    /// `None`: never mark as read automatically.
    mark_read_after: Option<Duration>,
}

impl Schedule {
    pub fn new(now: Instant, mark_read_after: Option<Duration>) -> Schedule {
        Schedule {
            last_poll: now,
            reading: None,
            mark_read_after,
        }
    }

    /// Whether to look for other writers (and retry a failed append) now: once a second.
    pub fn poll_due(&mut self, now: Instant) -> bool {
        if now.duration_since(self.last_poll) >= POLL_EVERY {
            self.last_poll = now;
            return true;
        }
        false
    }

    /// `reading` is the unread article in the reader now; returns it when it has been read
    /// long enough to be marked read.
    pub fn read_long_enough(&mut self, now: Instant, reading: Option<&str>) -> Option<String> {
        match (reading, &self.reading) {
            (Some(id), Some((same, since))) if same == id => {
                let due = self
                    .mark_read_after
                    .is_some_and(|after| now.duration_since(*since) >= after);
                if due {
                    self.reading = None;
                    return Some(id.to_string());
                }
            }
            (Some(id), _) => self.reading = Some((id.to_string(), now)),
            (None, _) => self.reading = None,
        }
        None
    }

    /// How long the loop may sleep waiting for input before a timer needs it. `background`:
    /// a load or an index is running and reports progress.
    pub fn next_wakeup(&self, now: Instant, background: bool) -> Duration {
        if background {
            return Duration::from_millis(50);
        }
        let mut wait = POLL_EVERY.saturating_sub(now.duration_since(self.last_poll));
        if let (Some((_, since)), Some(after)) = (&self.reading, self.mark_read_after) {
            wait = wait.min((*since + after).saturating_duration_since(now));
        }
        wait.max(Duration::from_millis(5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn polling_happens_once_a_second() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, None);
        assert!(!s.poll_due(t0 + ms(999)));
        assert!(s.poll_due(t0 + ms(1000)));
        assert!(!s.poll_due(t0 + ms(1500)), "once a second");
        assert!(s.poll_due(t0 + ms(2000)));
    }

    #[test]
    fn an_article_is_marked_read_after_being_read_long_enough() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, Some(ms(1500)));
        assert_eq!(s.read_long_enough(t0, Some("a")), None);
        assert_eq!(s.read_long_enough(t0 + ms(1499), Some("a")), None);
        // Switching articles restarts the clock.
        assert_eq!(s.read_long_enough(t0 + ms(1000), Some("b")), None);
        assert_eq!(s.read_long_enough(t0 + ms(2499), Some("b")), None);
        assert_eq!(
            s.read_long_enough(t0 + ms(2500), Some("b")).as_deref(),
            Some("b")
        );
        let mut never = Schedule::new(t0, None);
        never.read_long_enough(t0, Some("a"));
        assert_eq!(never.read_long_enough(t0 + ms(60_000), Some("a")), None);
    }

    #[test]
    fn an_idle_reader_sleeps_until_the_next_poll() {
        let t0 = Instant::now();
        let s = Schedule::new(t0, Some(ms(1500)));
        assert_eq!(s.next_wakeup(t0 + ms(250), false), ms(750));
        assert_eq!(s.next_wakeup(t0, true), ms(50));
    }
}
