//! The entity index's table from a name to the articles naming it, in two parts: what the
//! cache held, kept as it was read — the names in one string and the article lists in one
//! array, sorted by name so that a lookup is a binary search — and what changed since (articles
//! indexed in this run, corrections) in a hash map that shadows it.
//!
//! Why: read as 600,000 strings, 600,000 lists and a hash map, a 100k-article corpus's table
//! took 0.4 s of CPU at every start, more than listing the corpus; read as five arrays it is a
//! handful of allocations. The article lists stay in the file's form (gaps as variable-length
//! bytes) and a list is decoded when it is asked for: decoded at every start, a million
//! articles' 58 million mentions took half a second and 460 MB.

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
    /// Article numbers as u32: built at a million articles, these lists hold 58 million of
    /// them, and as usize they were half a gigabyte of the first open's peak.
    changed: FastMap<Key, Vec<u32>>,
}

/// Entries sorted by (label, name), every list non-empty.
#[derive(Clone, Debug)]
struct Frozen {
    labels: Vec<Label>,
    names: String,
    /// Where each name ends in `names` (it starts where the one before ends).
    name_ends: Vec<u32>,
    /// Where each list ends in `docs`.
    list_ends: Vec<u32>,
    /// Each list's articles as ascending gaps (the first from 0), variable-length.
    docs: Vec<u8>,
    /// The number of articles of the corpus: a list of a damaged file ends before an article
    /// at or past it, or one out of order ([`Docs`]).
    bound: usize,
}

impl Default for Frozen {
    fn default() -> Self {
        Frozen {
            labels: Vec::new(),
            names: String::new(),
            name_ends: Vec::new(),
            list_ends: Vec::new(),
            docs: Vec::new(),
            bound: usize::MAX,
        }
    }
}

/// One name's articles, ascending: a list changed in this run, or a cached one decoded as it
/// is read.
#[derive(Clone, Debug)]
pub(super) enum Docs<'a> {
    Changed(std::slice::Iter<'a, u32>),
    Frozen {
        bytes: &'a [u8],
        at: usize,
        previous: Option<usize>,
        bound: usize,
    },
}

impl Iterator for Docs<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            Docs::Changed(list) => list.next().map(|&doc| doc as usize),
            Docs::Frozen {
                bytes,
                at,
                previous,
                bound,
            } => {
                if *at >= bytes.len() {
                    return None;
                }
                let gap = read_varint(bytes, at) as usize;
                let doc = match *previous {
                    None => Some(gap),
                    Some(p) if gap > 0 => p.checked_add(gap),
                    Some(_) => None,
                };
                match doc {
                    Some(doc) if doc < *bound => {
                        *previous = Some(doc);
                        Some(doc)
                    }
                    // Damaged: the list ends here, and stays ended.
                    _ => {
                        *at = bytes.len();
                        None
                    }
                }
            }
        }
    }
}

impl Frozen {
    fn len(&self) -> usize {
        self.labels.len()
    }

    fn name(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.name_ends[p] as usize);
        &self.names[start..self.name_ends[i] as usize]
    }

    fn list(&self, i: usize) -> Docs<'_> {
        let start = i.checked_sub(1).map_or(0, |p| self.list_ends[p] as usize);
        Docs::Frozen {
            bytes: &self.docs[start..self.list_ends[i] as usize],
            at: 0,
            previous: None,
            bound: self.bound,
        }
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
    /// The articles of `key`, ascending (none for a name no article has).
    pub(super) fn get(&self, key: &Key) -> Docs<'_> {
        if let Some(list) = self.changed.get(key) {
            return Docs::Changed(list.iter());
        }
        match self.frozen.find(key.0, &key.1) {
            Some(i) => self.frozen.list(i),
            None => Docs::Changed([].iter()),
        }
    }

    /// Articles at or past `articles` do not exist: lists read from a damaged file end
    /// before them.
    pub(super) fn bound(&mut self, articles: usize) {
        self.frozen.bound = articles;
    }

    /// The list of `key`, to change: a frozen one is copied first.
    fn list_mut(&mut self, key: Key) -> &mut Vec<u32> {
        let frozen = &self.frozen;
        let shadowed = &mut self.shadowed;
        self.changed.entry(key).or_insert_with_key(|(label, name)| {
            match frozen.find(*label, name) {
                Some(i) => {
                    shadowed.resize(frozen.len(), false);
                    shadowed[i] = true;
                    frozen.list(i).map(article_number).collect()
                }
                None => Vec::new(),
            }
        })
    }

    /// Adds article `index` to `key`, articles coming in ascending order.
    pub(super) fn push(&mut self, key: Key, index: usize) {
        let index = article_number(index);
        let list = self.list_mut(key);
        if list.last() != Some(&index) {
            list.push(index);
        }
    }

    /// Adds article `index` to `key` wherever it belongs (once).
    pub(super) fn insert(&mut self, key: Key, index: usize) {
        let index = article_number(index);
        let list = self.list_mut(key);
        if let Err(at) = list.binary_search(&index) {
            list.insert(at, index);
        }
    }

    /// Takes article `index` out of `key`'s list.
    pub(super) fn remove(&mut self, key: &Key, index: usize) {
        if self.get(key).any(|doc| doc == index) {
            self.list_mut(key.clone()).retain(|&i| i as usize != index);
        }
    }

    /// Every name with at least one article.
    pub(super) fn iter(&self) -> impl Iterator<Item = (Label, &str, Docs<'_>)> {
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
            .map(|((label, name), list)| (*label, name.as_str(), Docs::Changed(list.iter())));
        frozen.chain(changed)
    }
}

/// An article's number as the changed lists keep it. A corpus has fewer than 2³² articles
/// (the search index and the cache files count them in u32 too).
fn article_number(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The cache's form: the frozen part's arrays.
#[derive(Default, Serialize, Deserialize)]
struct Wire {
    labels: Vec<Label>,
    names: String,
    name_ends: Vec<u32>,
    list_ends: Vec<u32>,
    #[serde(with = "serde_bytes")]
    docs: Vec<u8>,
}

impl Serialize for NameLists {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(Label, &str, Docs<'_>)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let too_big = || S::Error::custom("entity index over 4 GB");
        let mut wire = Wire::default();
        for (label, name, list) in entries {
            let before = wire.docs.len();
            let mut previous = 0;
            for (j, doc) in list.enumerate() {
                let gap = if j == 0 { doc } else { doc - previous };
                push_varint(&mut wire.docs, u32::try_from(gap).map_err(|_| too_big())?);
                previous = doc;
            }
            if wire.docs.len() == before {
                continue; // every article of a damaged list was out of bounds
            }
            wire.labels.push(label);
            wire.names.push_str(name);
            wire.name_ends
                .push(u32::try_from(wire.names.len()).map_err(|_| too_big())?);
            wire.list_ends
                .push(u32::try_from(wire.docs.len()).map_err(|_| too_big())?);
        }
        wire.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for NameLists {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let damaged = |what: &str| D::Error::custom(format!("entity index: {what}"));
        let count = wire.labels.len();
        if wire.name_ends.len() != count || wire.list_ends.len() != count {
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
        // Each list takes at least a byte; the lists are checked as they are read.
        let mut start = 0;
        for &end in &wire.list_ends {
            let end = end as usize;
            if end <= start || end > wire.docs.len() {
                return Err(damaged("a list out of place"));
            }
            start = end;
        }
        if start != wire.docs.len() {
            return Err(damaged("bytes after the lists"));
        }
        let frozen = Frozen {
            labels: wire.labels,
            names: wire.names,
            name_ends: wire.name_ends,
            list_ends: wire.list_ends,
            docs: wire.docs,
            bound: usize::MAX,
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

    fn docs(lists: &NameLists, label: Label, name: &str) -> Vec<usize> {
        lists.get(&key(label, name)).collect()
    }

    fn round_trip(lists: &NameLists) -> NameLists {
        let bytes = postcard::to_stdvec(lists).expect("encodes");
        postcard::from_bytes(&bytes).expect("decodes")
    }

    fn sorted(lists: &NameLists) -> Vec<(Label, String, Vec<usize>)> {
        let mut all: Vec<_> = lists
            .iter()
            .map(|(l, n, d)| (l, n.to_string(), d.collect()))
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
        assert_eq!(docs(&read, Label::Place, "zürich"), [0, 4]);
        assert_eq!(docs(&read, Label::Person, "kyiv"), [7]);
        assert!(docs(&read, Label::Org, "kyiv").is_empty());

        // A correction: article 4 no longer names Zürich, article 2 now names Kyiv.
        read.remove(&key(Label::Place, "zürich"), 4);
        read.insert(key(Label::Place, "kyiv"), 2);
        read.remove(&key(Label::Place, "łódź"), 2);
        read.insert(key(Label::Org, "nato"), 9);
        assert_eq!(docs(&read, Label::Place, "zürich"), [0]);
        assert_eq!(docs(&read, Label::Place, "kyiv"), [1, 2, 3]);
        assert!(docs(&read, Label::Place, "łódź").is_empty());
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
    fn a_list_read_back_ends_before_articles_the_corpus_does_not_have() {
        let mut lists = NameLists::default();
        for doc in [1, 4, 9, 12] {
            lists.push(key(Label::Place, "kyiv"), doc);
        }
        lists.push(key(Label::Place, "odesa"), 20);
        let mut read = round_trip(&lists);
        assert_eq!(docs(&read, Label::Place, "kyiv"), [1, 4, 9, 12]);
        read.bound(10);
        assert_eq!(docs(&read, Label::Place, "kyiv"), [1, 4, 9]);
        assert!(docs(&read, Label::Place, "odesa").is_empty());
        // Written again, what is out of bounds is left out and an emptied name goes.
        let again = round_trip(&read);
        assert_eq!(
            sorted(&again),
            [(Label::Place, "kyiv".to_string(), vec![1, 4, 9])]
        );
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
                        let listed: Vec<usize> = docs.collect();
                        let got: Vec<usize> = read.get(&(label, name.to_string())).collect();
                        assert_eq!(got, listed);
                        assert!(listed.windows(2).all(|w| w[0] < w[1]), "{listed:?}");
                    }
                }
            }
        }
    }
}
