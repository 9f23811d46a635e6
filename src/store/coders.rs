//! What the fold keeps per coder beyond their passages: which articles each coder has
//! finished. Blind coding (a coder sees nobody else's codings of an article until they have
//! finished it themselves) needs it, and it must sync like everything else, so it is an
//! operation of the coder's log (`finish`), not a setting on one machine.

use super::data::StoreData;
use super::op::Change;

impl StoreData {
    /// Whether `coder` has finished the article.
    pub fn has_finished(&self, id: &str, coder: &str) -> bool {
        self.finished.get(id).is_some_and(|c| c.contains(coder))
    }

    /// Marks the article finished (or open again) by `coder`. Returns whether it changed.
    pub fn set_finished(&mut self, id: &str, coder: &str, done: bool) -> bool {
        if self.has_finished(id, coder) == done {
            return false;
        }
        self.record_change_as(
            Change::Finish {
                id: id.to_string(),
                done,
            },
            coder,
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finishing_is_per_coder_and_reopening_takes_it_back() {
        let mut store = StoreData::default();
        assert!(store.set_finished("a", "ana", true));
        assert!(!store.set_finished("a", "ana", true));
        assert!(store.has_finished("a", "ana") && !store.has_finished("a", "ben"));
        assert!(store.set_finished("a", "ben", true));
        assert!(store.set_finished("a", "ana", false));
        assert!(!store.has_finished("a", "ana") && store.has_finished("a", "ben"));
        assert!(store.set_finished("a", "ben", false));
        assert!(store.finished.is_empty(), "nothing left to keep");
    }
}
