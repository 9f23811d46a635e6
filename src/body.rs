//! The text of an article, either in memory or in a memory-mapped pack kept in the cache.
//!
//! A million-article archive is several gigabytes of text, and a reader shows one article at a
//! time: keeping every body in RAM made memory grow with the corpus and made every start re-read
//! every file. A packed body is a range of a file the cache wrote once and never changes
//! afterwards, mapped read-only: the operating system pages in what is read and drops it under
//! pressure. Everything else sees a `&str` either way.
//!
//! A pack is a cache, so it is never trusted blindly: the first time a packed body is read its
//! BLAKE3 hash is checked against the article id (which is that hash), and it is checked for
//! UTF-8 on every read. A body that fails reads as a one-line notice instead of wrong text, and
//! the cache's index is removed so that the next start re-reads the files.

use std::fmt;
use std::fs::File;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// What a damaged packed body reads as.
pub const DAMAGED: &str =
    "(The cached copy of this article is damaged. Quit and start presscut again to re-read it from its file.)";

/// An article's text; derefs to `str`.
#[derive(Clone, Default)]
pub struct Body(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    Packed(Slot),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(String::new())
    }
}

#[derive(Clone)]
struct Slot {
    pack: Arc<Pack>,
    index: u32,
    start: usize,
    len: usize,
    /// The first six bytes of the body's BLAKE3 hash: the article id.
    hash: [u8; 6],
}

const UNCHECKED: u8 = 0;
const GOOD: u8 = 1;
const BAD: u8 = 2;

/// A file of article bodies, mapped read-only.
pub struct Pack {
    map: memmap2::Mmap,
    /// Per body in this pack: unchecked, good or bad.
    checked: Box<[AtomicU8]>,
    /// Removed when a damaged body is found, so the next start does not use this pack again.
    index_file: PathBuf,
    /// The pack's file name in its cache folder.
    name: String,
}

impl fmt::Debug for Pack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pack")
            .field("bytes", &self.map.len())
            .field("bodies", &self.checked.len())
            .finish()
    }
}

impl Pack {
    /// Maps `path`, which must hold `bodies` bodies in `len` bytes. `index_file` is the cache
    /// file that refers to it.
    pub fn open(path: &Path, len: u64, bodies: usize, index_file: PathBuf) -> Result<Pack, String> {
        let file = File::open(path).map_err(|e| format!("cannot open {} ({e})", path.display()))?;
        let actual = file
            .metadata()
            .map_err(|e| format!("cannot read {} ({e})", path.display()))?
            .len();
        if actual != len {
            return Err(format!(
                "{} has {actual} bytes, its index expects {len}",
                path.display()
            ));
        }
        // Every body has text (an article without any is skipped when loading): more bodies
        // than bytes is an index that does not belong to this pack.
        if bodies as u64 > len {
            return Err(format!(
                "{} has {len} bytes, too few for the {bodies} texts its index expects",
                path.display()
            ));
        }
        // SAFETY: presscut writes a pack once, under a fresh name, and never writes to it
        // again; it is only ever replaced by a new file (a rename or a removal leaves this
        // mapping intact). Another program truncating it could fault the reader, as with any
        // mapped file; the cache folder is private to the user.
        let map = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|e| format!("cannot map {} ({e})", path.display()))?;
        Ok(Pack {
            map,
            checked: (0..bodies).map(|_| AtomicU8::new(UNCHECKED)).collect(),
            index_file,
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
    }

    /// The pack's file name in its cache folder.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its length in bytes.
    pub fn byte_len(&self) -> u64 {
        self.map.len() as u64
    }

    /// How many bodies it holds.
    pub fn bodies(&self) -> usize {
        self.checked.len()
    }

    fn text(&self, slot: &Slot) -> &str {
        let Some(bytes) = slot
            .start
            .checked_add(slot.len)
            .and_then(|end| self.map.get(slot.start..end))
        else {
            return DAMAGED;
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.damaged();
            return DAMAGED;
        };
        let Some(state) = self.checked.get(slot.index as usize) else {
            return DAMAGED;
        };
        match state.load(Ordering::Relaxed) {
            GOOD => text,
            BAD => DAMAGED,
            _ => {
                let good = blake3::hash(bytes).as_bytes()[..6] == slot.hash;
                state.store(if good { GOOD } else { BAD }, Ordering::Relaxed);
                if good {
                    text
                } else {
                    self.damaged();
                    DAMAGED
                }
            }
        }
    }

    /// Gives back this process's pages of the pack: they stay in the page cache, and a later
    /// read faults the same bytes back in. Without it, one pass over a million bodies (the
    /// first open's analysis and search index) left the whole 4.4 GiB pack resident.
    fn release(&self) {
        #[cfg(unix)]
        // SAFETY: the mapping is shared and read-only, of a file presscut never writes again
        // (see `open`): dropping its pages discards nothing, and every `&str` into it stays
        // valid, reading the same bytes when next touched.
        let _ = unsafe {
            self.map
                .unchecked_advise(memmap2::UncheckedAdvice::DontNeed)
        };
    }

    fn damaged(&self) {
        let _ = std::fs::remove_file(&self.index_file);
    }
}

impl Body {
    /// A body at `start..start + len` of `pack`, the `index`th body there, whose article id is
    /// `id` (twelve hex digits; anything else makes the body read as damaged).
    pub fn packed(pack: &Arc<Pack>, index: u32, start: usize, len: usize, id: &str) -> Body {
        let hash = id_hash(id);
        Body(Repr::Packed(Slot {
            pack: Arc::clone(pack),
            // Without a hash to check against, the slot can only read as damaged.
            index: if hash.is_some() { index } else { u32::MAX },
            start,
            len,
            hash: hash.unwrap_or_default(),
        }))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(text) => text,
            Repr::Packed(slot) => slot.pack.text(slot),
        }
    }

    /// Whether the text lives in a pack rather than in memory.
    pub fn is_packed(&self) -> bool {
        matches!(self.0, Repr::Packed(_))
    }

    /// Where a packed body is: its pack, its number there, its first byte and its length.
    /// `None` for a body in memory, or one that can only read as damaged.
    pub fn place(&self) -> Option<(&Arc<Pack>, u32, usize, usize)> {
        match &self.0 {
            Repr::Packed(slot) if slot.index != u32::MAX => {
                Some((&slot.pack, slot.index, slot.start, slot.len))
            }
            _ => None,
        }
    }
}

/// Keeps a pass over many bodies from holding every page it read: after each `EVERY` bytes
/// read, the pages of the packs they come from are given back (see `Pack::release`). Bodies
/// are read in corpus order, not pack order, so a page read once is seldom read again soon.
pub struct Shedder {
    packs: Vec<Arc<Pack>>,
    read: std::sync::atomic::AtomicU64,
}

impl Shedder {
    /// Bytes read between two releases: enough that faulting pages back costs nothing
    /// measurable, little beside the rest of a first open's memory.
    const EVERY: u64 = 256 << 20;

    /// What reading one body makes resident besides its own bytes: Linux maps the cached pages
    /// around a faulting one (`fault_around_bytes`; here, with the page cache in large folios,
    /// 280 KB per 4.7 KB body read at random, `MADV_RANDOM` or not), and bodies are read in
    /// corpus order, scattered over the pack. Counted by their bytes alone, a million articles
    /// had 4 GiB resident between two releases.
    const FAULT_AROUND: usize = 256 << 10;

    /// For a pass over `bodies`; it owes nothing to the ones in memory.
    pub fn of<'a>(bodies: impl IntoIterator<Item = &'a Body>) -> Shedder {
        let mut packs: Vec<Arc<Pack>> = Vec::new();
        for body in bodies {
            if let Repr::Packed(slot) = &body.0 {
                if !packs.iter().any(|p| Arc::ptr_eq(p, &slot.pack)) {
                    packs.push(Arc::clone(&slot.pack));
                }
            }
        }
        Shedder {
            packs,
            read: Default::default(),
        }
    }

    /// Counts `body` as read (in memory, it counts nothing).
    pub fn passed(&self, body: &Body) {
        if let Repr::Packed(slot) = &body.0 {
            self.read(slot.len + Self::FAULT_AROUND);
        }
    }

    /// Counts `bytes` read; releases the packs' pages when another `EVERY` have been.
    fn read(&self, bytes: usize) {
        if self.packs.is_empty() {
            return;
        }
        let before = self.read.fetch_add(bytes as u64, Ordering::Relaxed);
        if before / Self::EVERY != (before + bytes as u64) / Self::EVERY {
            self.release();
        }
    }

    /// Releases the packs' pages now (at the end of a pass).
    pub fn release(&self) {
        for pack in &self.packs {
            pack.release();
        }
    }
}

/// The six bytes an article id spells in hex.
fn id_hash(id: &str) -> Option<[u8; 6]> {
    let mut hash = [0u8; 6];
    if id.len() != 2 * hash.len() {
        return None;
    }
    for (i, byte) in hash.iter_mut().enumerate() {
        *byte = u8::from_str_radix(id.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(hash)
}

impl Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Body {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body(Repr::Owned(text))
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body(Repr::Owned(text.to_string()))
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Body {}

impl PartialEq<str> for Body {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Body {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Body> for String {
    fn eq(&self, other: &Body) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Body> for &str {
    fn eq(&self, other: &Body) -> bool {
        *self == other.as_str()
    }
}

impl serde::Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pack of `texts` in a temporary folder, and a body for each.
    fn packed(dir: &Path, texts: &[&str]) -> Vec<Body> {
        let path = dir.join("pack");
        std::fs::write(&path, texts.concat()).unwrap();
        let len = texts.iter().map(|t| t.len()).sum::<usize>();
        let pack =
            Arc::new(Pack::open(&path, len as u64, texts.len(), dir.join("articles")).unwrap());
        let mut start = 0;
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let id = crate::model::ArticleId::of_body(text);
                let body = Body::packed(&pack, i as u32, start, text.len(), id.as_str());
                start += text.len();
                body
            })
            .collect()
    }

    #[test]
    fn bodies_read_the_same_after_their_pages_are_given_back() {
        let dir = tempfile::tempdir().unwrap();
        let texts = [
            "Zoë Ångström sprach in Kyjiw.",
            "«Ни шагу назад», — сказал он.",
        ];
        let bodies = packed(dir.path(), &texts);
        assert_eq!(bodies[0], texts[0]);
        let shedder = Shedder::of(bodies.iter().chain([&Body::from("in memory")]));
        assert_eq!(
            shedder.packs.len(),
            1,
            "one pack, counted once; none for memory"
        );
        shedder.read(Shedder::EVERY as usize + 1);
        shedder.release();
        assert_eq!(bodies[0], texts[0]);
        assert_eq!(bodies[1], texts[1]);
    }

    #[test]
    fn a_body_whose_bytes_do_not_match_its_id_reads_as_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let bodies = packed(dir.path(), &["first text", "second text"]);
        let pack = match &bodies[0].0 {
            Repr::Packed(slot) => Arc::clone(&slot.pack),
            Repr::Owned(_) => unreachable!("packed above"),
        };
        // The first body's place, under the second body's id.
        let wrong = Body::packed(&pack, 1, 0, "first text".len(), "0123456789ab");
        std::fs::write(dir.path().join("articles"), "index").unwrap();
        assert_eq!(wrong.as_str(), DAMAGED);
        assert!(
            !dir.path().join("articles").exists(),
            "the index that pointed at it is removed, so the next start re-reads the files"
        );
    }
}
