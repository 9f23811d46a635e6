//! The entity index's table from a name to the articles naming it, in two parts: what the
//! cache held, kept as it was read — the names in one string and the article lists in one
//! array, sorted by name so that a lookup is a binary search — and what changed since (articles
//! indexed in this run, corrections) in a hash map that shadows it.
//!
//! Why: read as 600,000 strings, 600,000 lists and a hash map, a 100k-article corpus's table
//! took 0.4 s of CPU at every start, more than listing the corpus; read as five arrays it is a
//! handful of allocations and one pass over the article numbers.

use std::cmp::Ordering;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::FastMap;
use crate::analysis::Label;
use crate::search::{push_varint, read_varint};

/// (label, lower-cased name).
pub(super) type Key = (Label, String);

#[derive(Clone, Debug, Default)]
pub(super) struct NameLists {
    frozen: Frozen,
    /// Frozen entries that `changed` holds a newer list for (empty until one changes).
    shadowed: Vec<bool>,
    /// Lists made or changed since the frozen part was read. An empty list hides a name.
    changed: FastMap<Key, Vec<usize>>,
}

/// Entries sorted by (label, name), every list non-empty and ascending.
#[derive(Clone, Debug, Default)]
struct Frozen {
    labels: Vec<Label>,
    names: String,
    /// Where each name ends in `names` (it starts where the one before ends).
    name_ends: Vec<u32>,
    /// Where each list ends in `docs`.
    list_ends: Vec<usize>,
    docs: Vec<usize>,
}

impl Frozen {
    fn len(&self) -> usize {
        self.labels.len()
    }

    fn name(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.name_ends[p] as usize);
        &self.names[start..self.name_ends[i] as usize]
    }

    fn list(&self, i: usize) -> &[usize] {
        let start = i.checked_sub(1).map_or(0, |p| self.list_ends[p]);
        &self.docs[start..self.list_ends[i]]
    }

    fn find(&self, label: Label, name: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match (self.labels[middle], self.name(middle)).cmp(&(label, name)) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

impl NameLists {
    /// The articles of `key`, ascending (empty for a name no article has).
    pub(super) fn get(&self, key: &Key) -> &[usize] {
        if let Some(list) = self.changed.get(key) {
            return list;
        }
        self.frozen
            .find(key.0, &key.1)
            .map_or(&[], |i| self.frozen.list(i))
    }

    /// The list of `key`, to change: a frozen one is copied first.
    fn list_mut(&mut self, key: Key) -> &mut Vec<usize> {
        let frozen = &self.frozen;
        let shadowed = &mut self.shadowed;
        self.changed.entry(key).or_insert_with_key(|(label, name)| {
            match frozen.find(*label, name) {
                Some(i) => {
                    shadowed.resize(frozen.len(), false);
                    shadowed[i] = true;
                    frozen.list(i).to_vec()
                }
                None => Vec::new(),
            }
        })
    }

    /// Adds article `index` to `key`, articles coming in ascending order.
    pub(super) fn push(&mut self, key: Key, index: usize) {
        let list = self.list_mut(key);
        if list.last() != Some(&index) {
            list.push(index);
        }
    }

    /// Adds article `index` to `key` wherever it belongs (once).
    pub(super) fn insert(&mut self, key: Key, index: usize) {
        super::insert_sorted(self.list_mut(key), index);
    }

    /// Takes article `index` out of `key`'s list.
    pub(super) fn remove(&mut self, key: &Key, index: usize) {
        if self.get(key).contains(&index) {
            self.list_mut(key.clone()).retain(|&i| i != index);
        }
    }

    /// Every name with at least one article.
    pub(super) fn iter(&self) -> impl Iterator<Item = (Label, &str, &[usize])> {
        let frozen = (0..self.frozen.len())
            .filter(|&i| !self.shadowed.get(i).copied().unwrap_or(false))
            .map(|i| {
                (
                    self.frozen.labels[i],
                    self.frozen.name(i),
                    self.frozen.list(i),
                )
            });
        let changed = self
            .changed
            .iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|((label, name), list)| (*label, name.as_str(), list.as_slice()));
        frozen.chain(changed)
    }
}

/// The cache's form: the frozen part's arrays, lists as ascending gaps in variable-length bytes.
#[derive(Default, Serialize, Deserialize)]
struct Wire {
    labels: Vec<Label>,
    names: String,
    name_ends: Vec<u32>,
    list_lengths: Vec<u32>,
    #[serde(with = "serde_bytes")]
    docs: Vec<u8>,
}

impl Serialize for NameLists {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(Label, &str, &[usize])> = self.iter().collect();
        entries.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let too_big = || S::Error::custom("entity index over 4 GB");
        let mut wire = Wire::default();
        for (label, name, list) in entries {
            wire.labels.push(label);
            wire.names.push_str(name);
            wire.name_ends
                .push(u32::try_from(wire.names.len()).map_err(|_| too_big())?);
            wire.list_lengths
                .push(u32::try_from(list.len()).map_err(|_| too_big())?);
            let mut previous = 0;
            for (j, &doc) in list.iter().enumerate() {
                let gap = if j == 0 { doc } else { doc - previous };
                push_varint(&mut wire.docs, u32::try_from(gap).map_err(|_| too_big())?);
                previous = doc;
            }
        }
        wire.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for NameLists {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let damaged = |what: &str| D::Error::custom(format!("entity index: {what}"));
        let count = wire.labels.len();
        if wire.name_ends.len() != count || wire.list_lengths.len() != count {
            return Err(damaged("tables of different lengths"));
        }
        let mut start = 0;
        for &end in &wire.name_ends {
            let end = end as usize;
            if end < start || end > wire.names.len() || !wire.names.is_char_boundary(end) {
                return Err(damaged("a name out of place"));
            }
            start = end;
        }
        // Every article number takes at least a byte: the bytes bound the allocation.
        let mut docs = Vec::with_capacity(wire.docs.len());
        let mut list_ends = Vec::with_capacity(count);
        let mut at = 0;
        for &length in &wire.list_lengths {
            if length == 0 {
                return Err(damaged("an empty list"));
            }
            let mut previous = 0usize;
            for j in 0..length {
                if at >= wire.docs.len() {
                    return Err(damaged("lists cut short"));
                }
                let gap = read_varint(&wire.docs, &mut at) as usize;
                if j > 0 && gap == 0 {
                    return Err(damaged("a list out of order"));
                }
                previous += gap;
                docs.push(previous);
            }
            list_ends.push(docs.len());
        }
        if at != wire.docs.len() {
            return Err(damaged("bytes after the lists"));
        }
        let frozen = Frozen {
            labels: wire.labels,
            names: wire.names,
            name_ends: wire.name_ends,
            list_ends,
            docs,
        };
        // Lookups are binary searches: the names must be in order, each once.
        for i in 1..frozen.len() {
            if (frozen.labels[i - 1], frozen.name(i - 1)) >= (frozen.labels[i], frozen.name(i)) {
                return Err(damaged("names out of order"));
            }
        }
        Ok(NameLists {
            frozen,
            shadowed: Vec::new(),
            changed: FastMap::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(label: Label, name: &str) -> Key {
        (label, name.to_string())
    }

    fn round_trip(lists: &NameLists) -> NameLists {
        let bytes = postcard::to_stdvec(lists).expect("encodes");
        postcard::from_bytes(&bytes).expect("decodes")
    }

    fn sorted(lists: &NameLists) -> Vec<(Label, String, Vec<usize>)> {
        let mut all: Vec<_> = lists
            .iter()
            .map(|(l, n, d)| (l, n.to_string(), d.to_vec()))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn a_table_read_back_answers_like_the_one_written_and_changes_shadow_it() {
        let mut lists = NameLists::default();
        for (i, name) in ["zürich", "kyiv", "łódź", "kyiv", "zürich"]
            .iter()
            .enumerate()
        {
            lists.push(key(Label::Place, name), i);
        }
        lists.push(key(Label::Person, "kyiv"), 7);
        let mut read = round_trip(&lists);
        assert_eq!(sorted(&read), sorted(&lists));
        assert_eq!(read.get(&key(Label::Place, "zürich")), &[0, 4]);
        assert_eq!(read.get(&key(Label::Person, "kyiv")), &[7]);
        assert!(read.get(&key(Label::Org, "kyiv")).is_empty());

        // A correction: article 4 no longer names Zürich, article 2 now names Kyiv.
        read.remove(&key(Label::Place, "zürich"), 4);
        read.insert(key(Label::Place, "kyiv"), 2);
        read.remove(&key(Label::Place, "łódź"), 2);
        read.insert(key(Label::Org, "nato"), 9);
        assert_eq!(read.get(&key(Label::Place, "zürich")), &[0]);
        assert_eq!(read.get(&key(Label::Place, "kyiv")), &[1, 2, 3]);
        assert!(read.get(&key(Label::Place, "łódź")).is_empty());
        let names = sorted(&read);
        let mut expected = vec![
            (Label::Person, "kyiv".to_string(), vec![7]),
            (Label::Place, "kyiv".to_string(), vec![1, 2, 3]),
            (Label::Place, "zürich".to_string(), vec![0]),
            (Label::Org, "nato".to_string(), vec![9]),
        ];
        expected.sort();
        assert_eq!(names, expected);
        // Written again, the changes are kept.
        assert_eq!(sorted(&round_trip(&read)), names);
    }

    #[test]
    fn damaged_tables_are_refused_not_trusted() {
        let mut lists = NameLists::default();
        lists.push(key(Label::Place, "kyiv"), 1);
        lists.push(key(Label::Place, "kyiv"), 5);
        lists.push(key(Label::Place, "odesa"), 2);
        let bytes = postcard::to_stdvec(&lists).expect("encodes");
        assert!(postcard::from_bytes::<NameLists>(&bytes).is_ok());
        // Every truncation and every single-byte change either fails or decodes to a table
        // whose lookups stay within what was read (never a panic).
        for cut in 0..bytes.len() {
            assert!(
                postcard::from_bytes::<NameLists>(&bytes[..cut]).is_err(),
                "cut {cut}"
            );
        }
        for at in 0..bytes.len() {
            for value in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                if let Ok(read) = postcard::from_bytes::<NameLists>(&damaged) {
                    for (label, name, docs) in read.iter() {
                        assert_eq!(read.get(&(label, name.to_string())), docs);
                    }
                }
            }
        }
    }
}
