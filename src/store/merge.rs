//! The three-way merge that lets several processes edit one store without losing each other's
//! work, and the tag registry's clean-up after writers created tags at the same time. No I/O.

use std::collections::BTreeMap;

use super::data::{same_tag, ArticleRecord, StoreData, TagRecord};

/// Three-way merge: `ours` and `theirs` both started from `base`. Per article and per field,
/// what we changed wins and what we left alone takes their value; tag sets merge as sets (both
/// sides' additions kept, both sides' removals applied). Nothing either side wrote is lost
/// unless the other side changed the very same field.
pub fn merge(base: &StoreData, ours: &StoreData, theirs: &StoreData) -> StoreData {
    merge_into(base, ours, theirs.clone())
}

/// [`merge`], consuming `theirs` (saves a copy of the whole store when the caller is done with it).
pub fn merge_into(base: &StoreData, ours: &StoreData, theirs: StoreData) -> StoreData {
    let mut merged = theirs;
    let empty = ArticleRecord::default();
    // Only records we changed need work: those in ours that differ from base, and those we
    // removed (in base, not in ours). Everything else keeps their version.
    let touched: Vec<&String> = ours
        .articles
        .iter()
        .filter(|(id, o)| base.articles.get(*id) != Some(*o))
        .map(|(id, _)| id)
        .chain(
            base.articles
                .keys()
                .filter(|id| !ours.articles.contains_key(*id)),
        )
        .collect();
    for id in touched {
        let b = base.articles.get(id).unwrap_or(&empty);
        let o = ours.articles.get(id).unwrap_or(&empty);
        let t = merged.articles.get(id).unwrap_or(&empty);
        let mut record = t.clone();
        let mut tags: Vec<String> = t
            .tags
            .iter()
            .filter(|tag| !b.has_tag(tag) || o.has_tag(tag))
            .cloned()
            .collect();
        for tag in &o.tags {
            if !b.has_tag(tag) && !tags.iter().any(|x| same_tag(x, tag)) {
                tags.push(tag.clone());
            }
        }
        record.tags = tags;
        if o.note != b.note {
            record.note.clone_from(&o.note);
        }
        if o.read != b.read {
            record.read = o.read;
        }
        if o.path != b.path {
            record.path.clone_from(&o.path);
        }
        if o.title != b.title {
            record.title.clone_from(&o.title);
        }
        if o.sketch != b.sketch {
            record.sketch.clone_from(&o.sketch);
        }
        for (key, value) in &o.extra {
            if b.extra.get(key) != Some(value) {
                record.extra.insert(key.clone(), value.clone());
            }
        }
        if record.carries_nothing() {
            merged.articles.remove(id);
        } else {
            merged.articles.insert(id.clone(), record);
        }
    }
    let names: std::collections::BTreeSet<&String> =
        base.tags.keys().chain(ours.tags.keys()).collect();
    for name in names {
        let (b, o) = (base.tags.get(name), ours.tags.get(name));
        if o == b {
            continue;
        }
        match o {
            Some(record) => merged.tags.insert(name.clone(), record.clone()),
            None => merged.tags.remove(name),
        };
    }
    // A tag we put on an article stays registered whatever the other side did to the registry.
    let ours_used: Vec<String> = ours
        .articles
        .iter()
        .filter(|(id, record)| base.articles.get(*id) != Some(*record))
        .flat_map(|(_, record)| record.tags.iter().cloned())
        .collect();
    for tag in ours_used {
        merged.ensure_tag(&tag);
    }
    // Saved searches merge by name, like the tag registry.
    let names: std::collections::BTreeSet<&String> =
        base.searches.keys().chain(ours.searches.keys()).collect();
    for name in names {
        let (b, o) = (base.searches.get(name), ours.searches.get(name));
        if o != b {
            match o {
                Some(query) => merged.searches.insert(name.clone(), query.clone()),
                None => merged.searches.remove(name),
            };
        }
    }
    for (key, value) in &ours.extra {
        if base.extra.get(key) != Some(value) {
            merged.extra.insert(key.clone(), value.clone());
        }
    }
    merged.normalize_registry();
    merged
}

impl StoreData {
    /// After a merge of writers who created tags at the same time: one registry entry per tag
    /// (case variants folded into one spelling, on the articles too) and each quick key on one
    /// tag only. Deterministic (by key, then name), so every writer arrives at the same store.
    pub fn normalize_registry(&mut self) {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in self.tags.keys() {
            groups
                .entry(name.to_lowercase())
                .or_default()
                .push(name.clone());
        }
        let key_rank = |t: &TagRecord| {
            t.key
                .as_deref()
                .and_then(|k| k.parse::<u8>().ok())
                .unwrap_or(u8::MAX)
        };
        for spellings in groups.into_values().filter(|g| g.len() > 1) {
            let keep = spellings
                .iter()
                .min_by_key(|n| (key_rank(&self.tags[*n]), (*n).clone()))
                .cloned()
                .unwrap_or_default();
            for other in spellings.iter().filter(|n| **n != keep) {
                self.tags.remove(other);
            }
            for record in self.articles.values_mut() {
                if record.has_tag(&keep) {
                    let mut seen = false;
                    record.tags.retain(|t| {
                        if !same_tag(t, &keep) {
                            return true;
                        }
                        let first = !seen;
                        seen = true;
                        first
                    });
                    for t in record.tags.iter_mut().filter(|t| same_tag(t, &keep)) {
                        t.clone_from(&keep);
                    }
                }
            }
        }
        // Each key on one tag: the first by name keeps it; the others take free keys, in order.
        let mut owner: BTreeMap<String, String> = BTreeMap::new();
        let mut moved = Vec::new();
        for (name, record) in &self.tags {
            if let Some(key) = &record.key {
                if owner.contains_key(key) {
                    moved.push(name.clone());
                } else {
                    owner.insert(key.clone(), name.clone());
                }
            }
        }
        for name in moved {
            let free = (1..=9)
                .map(|n| n.to_string())
                .find(|k| !owner.contains_key(k));
            if let Some(key) = &free {
                owner.insert(key.clone(), name.clone());
            }
            if let Some(record) = self.tags.get_mut(&name) {
                record.key = free;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ArticleHint;

    fn hint() -> ArticleHint {
        ArticleHint {
            path: Some("a.txt".into()),
            title: Some("Título".into()),
            sketch: None,
        }
    }

    #[test]
    fn tags_created_at_once_by_many_writers_get_distinct_keys_and_one_spelling() {
        let base = StoreData::default();
        let mut on_disk = StoreData::default();
        // Nine writers each create a new tag from the same base: each gave it key 1.
        for i in 0..9 {
            let mut ours = base.clone();
            ours.set_tag(&format!("id{i}"), &hint(), &format!("tag{i}"), true);
            assert_eq!(ours.tags[&format!("tag{i}")].key.as_deref(), Some("1"));
            on_disk = merge(&base, &ours, &on_disk);
        }
        let mut keys: Vec<String> = on_disk
            .tags
            .values()
            .filter_map(|t| t.key.clone())
            .collect();
        keys.sort();
        assert_eq!(keys, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        // Five writers create the same tag in five spellings, on five articles.
        let mut on_disk = StoreData::default();
        for (i, spelling) in ["Krim", "krim", "KRIM", "kRim", "KriM"].iter().enumerate() {
            let mut ours = base.clone();
            ours.set_tag(&format!("a{i}"), &hint(), spelling, true);
            on_disk = merge(&base, &ours, &on_disk);
        }
        assert_eq!(on_disk.tags.len(), 1, "{:?}", on_disk.tags.keys());
        let kept = on_disk.tags.keys().next().unwrap().clone();
        for i in 0..5 {
            assert_eq!(
                on_disk.tags_of(&format!("a{i}")),
                std::slice::from_ref(&kept)
            );
        }
        assert_eq!(on_disk.tag_counts(), vec![(kept, 5)]);
    }

    #[test]
    fn merge_keeps_both_sides_edits() {
        let mut base = StoreData::default();
        base.set_tag("a", &hint(), "one", true);
        base.set_note("a", &hint(), "base note");
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.set_tag("a", &hint(), "two", true);
        ours.set_note("a", &hint(), "our note ✍");
        theirs.set_tag("a", &hint(), "three", true);
        theirs.set_tag("a", &hint(), "one", false);
        theirs.set_read("b", &hint(), true);
        let m = merge(&base, &ours, &theirs);
        let mut tags = m.tags_of("a").to_vec();
        tags.sort();
        assert_eq!(tags, ["three", "two"]);
        assert_eq!(m.note_of("a"), "our note ✍");
        assert!(m.is_read("b"));
        assert!(m.tags.contains_key("three") && m.tags.contains_key("two"));
    }
}
