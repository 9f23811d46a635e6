//! What the fold keeps per coder beyond their passages: which articles each coder has
//! finished. Blind coding (a coder sees nobody else's codings of an article until they have
//! finished it themselves) needs it, and it must sync like everything else, so it is an
//! operation of the coder's log (`finish`), not a setting on one machine.

use serde::{Deserialize, Serialize};

use super::data::StoreData;
use super::op::Change;

/// How a disagreement was settled, and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjudication {
    pub adjudicator: String,
    /// The coder whose version was accepted, if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Whether the tag or code applies to the article.
    pub value: bool,
}

impl StoreData {
    /// Whether `coder` has finished the article.
    pub fn has_finished(&self, id: &str, coder: &str) -> bool {
        self.finished.get(id).is_some_and(|c| c.contains(coder))
    }

    /// The decision on `item` (`tag:X`, `code:Y`) for the article, if one was taken.
    pub fn adjudication(&self, id: &str, item: &str) -> Option<&Adjudication> {
        self.adjudications.get(id)?.get(item)
    }

    /// Settles `item` on the article (`None`: takes the decision back), as `adjudicator`,
    /// naming the coder whose version it follows. Returns whether it changed.
    pub fn adjudicate(
        &mut self,
        id: &str,
        item: &str,
        settled: Option<bool>,
        from: Option<&str>,
        adjudicator: &str,
    ) -> bool {
        let now = self.adjudication(id, item);
        if now.map(|a| (a.value, a.from.as_deref())) == settled.map(|v| (v, from)) {
            return false;
        }
        self.record_change_as(
            Change::Adjudicate {
                id: id.to_string(),
                item: item.to_string(),
                settled,
                from: from.map(str::to_string),
            },
            adjudicator,
        );
        true
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
