//! When the shell must act without a key: the debounced save, the retry after a failed save,
//! polling for other writers, and marking the article being read as read. Every decision takes
//! the time as an argument, so tests drive the clock instead of sleeping.

use std::time::{Duration, Instant};

/// Edits are saved this long after the first unsaved one (typing in bursts costs one save).
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(300);
/// After a failed save, try again this often (the edit stays in memory meanwhile).
pub const SAVE_RETRY: Duration = Duration::from_secs(3);
/// How often to look for changes another process made to the store.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Schedule {
    /// When the first unsaved edit happened.
    dirty_since: Option<Instant>,
    retry_at: Option<Instant>,
    last_poll: Instant,
    /// The article being read and since when (for mark-as-read).
    reading: Option<(String, Instant)>,
    /// `None`: never mark as read automatically.
    mark_read_after: Option<Duration>,
}

impl Schedule {
    pub fn new(now: Instant, mark_read_after: Option<Duration>) -> Schedule {
        Schedule {
            dirty_since: None,
            retry_at: None,
            last_poll: now,
            reading: None,
            mark_read_after,
        }
    }

    /// The store changed and must be saved.
    pub fn edited(&mut self, now: Instant) {
        self.dirty_since.get_or_insert(now);
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some()
    }

    /// A save should be sent now (debounce passed, no retry pending).
    pub fn save_due(&self, now: Instant) -> bool {
        self.dirty_since
            .is_some_and(|t| now.duration_since(t) >= SAVE_DEBOUNCE)
            && self.retry_at.is_none_or(|r| now >= r)
    }

    /// A save was handed to the save thread.
    pub fn save_sent(&mut self) {
        self.dirty_since = None;
    }

    /// The save thread wrote the store (or another writer's store was adopted).
    pub fn save_succeeded(&mut self) {
        self.retry_at = None;
    }

    /// The save failed: still dirty, and not tried again before the retry interval.
    pub fn save_failed(&mut self, now: Instant) {
        self.edited(now);
        self.retry_at = Some(now + SAVE_RETRY);
    }

    /// Whether to look for other writers now (only while nothing of ours is unsaved).
    pub fn poll_due(&mut self, now: Instant, saver_busy: bool) -> bool {
        let idle = self.dirty_since.is_none() && !saver_busy;
        if idle && now.duration_since(self.last_poll) >= POLL_EVERY {
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
    /// a load, an index or a save is running and reports progress.
    pub fn next_wakeup(&self, now: Instant, background: bool) -> Duration {
        if background {
            return Duration::from_millis(50);
        }
        let mut wait = POLL_EVERY.saturating_sub(now.duration_since(self.last_poll));
        if let Some(t) = self.dirty_since {
            let at = self
                .retry_at
                .map_or(t + SAVE_DEBOUNCE, |r| r.max(t + SAVE_DEBOUNCE));
            wait = wait.min(at.saturating_duration_since(now));
        }
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
    fn a_burst_of_edits_is_saved_once_after_the_debounce() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, None);
        s.edited(t0);
        s.edited(t0 + ms(200));
        assert!(!s.save_due(t0 + ms(299)));
        assert_eq!(s.next_wakeup(t0 + ms(200), false), ms(100));
        assert!(
            s.save_due(t0 + ms(300)),
            "the debounce counts from the first edit"
        );
        s.save_sent();
        assert!(!s.save_due(t0 + ms(5000)));
    }

    #[test]
    fn a_failed_save_is_retried_after_the_interval_and_never_dropped() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, None);
        s.edited(t0);
        s.save_sent();
        s.save_failed(t0 + ms(400));
        assert!(s.is_dirty(), "the edit is still unsaved");
        assert!(!s.save_due(t0 + ms(3399)));
        assert!(s.save_due(t0 + ms(3400)));
        s.save_sent();
        s.save_succeeded();
        s.edited(t0 + ms(4000));
        assert!(s.save_due(t0 + ms(4300)), "no retry wait after a success");
    }

    #[test]
    fn polling_waits_for_a_quiet_second_and_for_unsaved_edits() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, None);
        assert!(!s.poll_due(t0 + ms(999), false));
        assert!(s.poll_due(t0 + ms(1000), false));
        assert!(!s.poll_due(t0 + ms(1500), false), "once a second");
        s.edited(t0 + ms(1600));
        assert!(
            !s.poll_due(t0 + ms(2500), false),
            "not over our own unsaved edit"
        );
        s.save_sent();
        assert!(
            !s.poll_due(t0 + ms(2600), true),
            "not while the saver works"
        );
        assert!(s.poll_due(t0 + ms(2600), false));
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
