//! Entering the log from a store without one: the operations that turn one store into another,
//! so a `store.json` from before the log (or rewritten by an older presscut) becomes
//! operations in the log without losing a field. Apart from `op.rs` because it is the inverse
//! of folding, used only when opening a store.

use serde_json::{Map, Value};

use super::data::{ArticleRecord, StoreData};
use super::op::{fingerprint, Change};

impl StoreData {
    /// The changes that turn `from` into `to`: how a store from before the log (or written by
    /// an older presscut) enters it without losing anything.
    pub fn changes_between(from: &StoreData, to: &StoreData) -> Vec<Change> {
        let mut changes = Vec::new();
        for (name, record) in &to.tags {
            if from.existing_tag(name).is_none() {
                changes.push(Change::TagCreate {
                    tag: name.clone(),
                    key: record.key.clone(),
                    color: record.color.clone(),
                });
            }
            if !record.extra.is_empty() {
                changes.push(Change::Keep {
                    id: None,
                    tag: Some(name.clone()),
                    fields: record.extra.clone(),
                });
            }
        }
        let empty = ArticleRecord::default();
        let ids = from.articles.keys().chain(to.articles.keys());
        let mut seen = std::collections::BTreeSet::new();
        for id in ids.filter(|id| seen.insert(id.as_str())) {
            let before = from.articles.get(id).unwrap_or(&empty);
            let after = to.articles.get(id).unwrap_or(&empty);
            for tag in after.tags.iter().filter(|t| !before.has_tag(t)) {
                changes.push(Change::Tag {
                    id: id.clone(),
                    tag: tag.clone(),
                });
            }
            for tag in before.tags.iter().filter(|t| !after.has_tag(t)) {
                changes.push(Change::Untag {
                    id: id.clone(),
                    tag: tag.clone(),
                });
            }
            if before.note != after.note {
                changes.push(Change::Note {
                    id: id.clone(),
                    note: after.note.clone(),
                    was: fingerprint(&before.note),
                });
            }
            if before.read != after.read {
                changes.push(Change::Read {
                    id: id.clone(),
                    read: after.read,
                });
            }
            if !after.extra.is_empty() && before.extra != after.extra {
                changes.push(Change::Keep {
                    id: Some(id.clone()),
                    tag: None,
                    fields: after.extra.clone(),
                });
            }
            let hint_changed = before.path != after.path
                || before.title != after.title
                || before.sketch != after.sketch
                || before.updated != after.updated;
            if hint_changed && !after.carries_nothing() {
                changes.push(Change::Hint {
                    id: id.clone(),
                    path: after.path.clone(),
                    title: after.title.clone(),
                    sketch: after.sketch.clone(),
                    updated: after.updated.clone(),
                });
            }
        }
        for name in from.tags.keys().filter(|n| to.existing_tag(n).is_none()) {
            changes.push(Change::TagDelete { tag: name.clone() });
        }
        for (name, query) in &to.searches {
            if from.searches.get(name) != Some(query) {
                changes.push(Change::SearchSave {
                    name: name.clone(),
                    query: query.clone(),
                });
            }
        }
        for name in from
            .searches
            .keys()
            .filter(|n| !to.searches.contains_key(*n))
        {
            changes.push(Change::SearchDelete { name: name.clone() });
        }
        // Names this version knows (an older presscut keeps them as unknown fields).
        let known = [
            "adjudications",
            "codes",
            "corrections",
            "finished",
            "folded",
            "passages",
        ];
        let top_extra: Map<String, Value> = to
            .extra
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .filter(|(k, v)| from.extra.get(*k) != Some(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !top_extra.is_empty() {
            changes.push(Change::Keep {
                id: None,
                tag: None,
                fields: top_extra,
            });
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_of_two_stores_rebuilds_the_second_from_the_first() {
        let text = r#"{"format":"presscut-store","future":{"x":1},
            "articles":{"a":{"tags":["Krim","ZZ"],"note":"n","read":true,"path":"a.txt","colour":"red"},
                        "b":{"tags":[],"read":true}},
            "tags":{"Krim":{"key":"3","icon":"★"},"ZZ":{"key":"1"},"unused":{}},
            "searches":{"q":"crimea tag:Krim"},"version":2}"#;
        let target: StoreData = serde_json::from_str(text).unwrap();
        let mut rebuilt = StoreData::default();
        for change in StoreData::changes_between(&StoreData::default(), &target) {
            rebuilt.apply(&change, "ana", None);
        }
        assert_eq!(
            serde_json::to_value(&rebuilt).unwrap(),
            serde_json::to_value(&target).unwrap()
        );
        // And back to no annotations (fields of a newer version are kept, never dropped).
        for change in StoreData::changes_between(&target, &StoreData::default()) {
            rebuilt.apply(&change, "ana", None);
        }
        assert!(rebuilt
            .articles
            .values()
            .all(|r| r.tags.is_empty() && r.note.is_empty() && !r.read));
        assert!(rebuilt.tags.is_empty() && rebuilt.searches.is_empty());
    }
}
