//! Everything derived from a corpus that is slow to make and cheap to keep, under
//! `DATA_DIR/cache/<corpus>/` (DESIGN.md §7): reopening an archive should not re-analyse a
//! hundred thousand articles it analysed yesterday.
//!
//! A cache is only ever a shortcut. Each file carries a header — magic, kind, format version,
//! the fingerprint of the program that wrote it, payload length and a BLAKE3 checksum — and is
//! used only when all of them agree; anything else (missing, from another build, truncated,
//! flipped bits, a payload that does not decode, data that does not fit the articles it is
//! for) is a reason to rebuild, reported in one line, never a failure. Files are written to a
//! temporary name and renamed, so a crash mid-write leaves the previous cache or none (or,
//! after a power cut, a torn file that fails its checksum).

pub mod digests;
pub mod indexes;
pub mod search;
mod stream;

pub use stream::Stream;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::corpus::Source;

const MAGIC: &[u8; 8] = b"PRESSCUT";
/// The layout of the header; payload layouts are covered by the build fingerprint.
const FORMAT: u32 = 1;
/// Magic, kind, format, fingerprint, payload length, checksum.
pub(crate) const HEADER: usize = 8 + 8 + 4 + 8 + 8 + 32;

/// A hash of the program's sources and assets (see `build.rs`): a cache written by another
/// build may hold what older rules derived, so it is not used.
const FINGERPRINT: u64 = {
    let hex = env!("PRESSCUT_BUILD_FINGERPRINT").as_bytes();
    let mut value = 0u64;
    let mut i = 0;
    while i < hex.len() {
        let digit = match hex[i] {
            b @ b'0'..=b'9' => b - b'0',
            b @ b'a'..=b'f' => b - b'a' + 10,
            _ => 0,
        };
        value = (value << 4) | digit as u64;
        i += 1;
    }
    value
};

/// What a cache file holds; its name and its header's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Per article id, what the entity and quote indexes and the clusters need.
    Digests,
    /// The search index of one list of articles.
    Search,
    /// The entity and quote indexes and the stories of one list of articles.
    Indexes,
    /// What loading each file gave (metadata, warnings, where its bodies are packed).
    Articles,
    /// The article list the last load ended with, to show before the folders are checked.
    Snapshot,
}

impl Kind {
    fn tag(self) -> &'static [u8; 8] {
        match self {
            Kind::Digests => b"digests\0",
            Kind::Search => b"search\0\0",
            Kind::Indexes => b"indexes\0",
            Kind::Articles => b"articles",
            Kind::Snapshot => b"snapshot",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Kind::Digests => "digests.bin",
            Kind::Search => "search.bin",
            Kind::Indexes => "indexes.bin",
            Kind::Articles => "articles.bin",
            Kind::Snapshot => "snapshot.bin",
        }
    }
}

/// The cache folder of one corpus.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// There is none yet: nothing to say.
    Missing,
    /// Written by another build of presscut: rebuilt without alarm.
    OtherBuild,
    /// Damaged or unreadable: rebuilt, and the user told why.
    Damaged(String),
}

impl Cache {
    /// The cache of the corpus made of `sources`, under `data_dir/cache/`: one folder per
    /// corpus (by a hash of its folders' absolute paths), so two corpora never share one.
    pub fn for_corpus(data_dir: &Path, sources: &[Source]) -> Cache {
        let mut hasher = blake3::Hasher::new();
        for source in sources {
            match source {
                Source::BuiltinSeeds => hasher.update(b"\0builtin-seeds"),
                Source::Path(path) => {
                    let path = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                    hasher.update(path.to_string_lossy().as_bytes());
                    hasher.update(b"\0")
                }
            };
        }
        let key = hasher.finalize().to_hex();
        Cache {
            dir: data_dir.join("cache").join(&key[..16]),
        }
    }

    /// A cache in exactly `dir` (tests, benchmarks).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, kind: Kind) -> PathBuf {
        self.dir.join(kind.file_name())
    }

    /// The one line to tell the user why a cache file was not used, or `None` when silence
    /// is right (there was none, or another build of presscut wrote it).
    pub fn warning(&self, kind: Kind, why: &Unusable) -> Option<String> {
        match why {
            Unusable::Damaged(why) => Some(format!(
                "cache {} is damaged ({why}); rebuilding it",
                self.path(kind).display()
            )),
            Unusable::Missing | Unusable::OtherBuild => None,
        }
    }

    /// Reads and checks one cache file. Decoded from a mapping: reading the 200 MB of
    /// `indexes.bin` at a million articles into memory first cost a sixth of a second of CPU
    /// on the way to the entity panel, and as much memory again at the peak.
    pub fn read<T: DeserializeOwned>(&self, kind: Kind) -> Result<T, Unusable> {
        let mapped = self.map(kind)?;
        postcard::from_bytes(mapped.payload()).map_err(undecodable)
    }

    /// Writes one cache file (temporary file, then rename). The error names the file.
    pub fn write<T: Serialize>(&self, kind: Kind, value: &T) -> Result<(), String> {
        let bytes = encode(kind, value).map_err(|e| {
            format!(
                "cannot encode the cache {} ({e})",
                self.path(kind).display()
            )
        })?;
        self.write_bytes(kind, &bytes)
    }

    /// Writes a whole cache file made by [`encode`].
    pub fn write_bytes(&self, kind: Kind, bytes: &[u8]) -> Result<(), String> {
        let path = self.path(kind);
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            format!("cannot {what} the cache {} ({e})", path.display())
        };
        crate::store::create_private_dir(&self.dir)
            .map_err(|e| fail("create the folder of", &e))?;
        let (temp, file) = self.temp_file(kind, "tmp").map_err(|e| fail("write", &e))?;
        // No fsync: a cache is disposable, and a file torn by a crash fails its checksum and
        // is rebuilt; flushing 100+ MB to disk only delayed the next cache.
        let written = { file }.write_all(bytes);
        let result = written.and_then(|()| fs::rename(&temp, &path));
        if let Err(e) = result {
            let _ = fs::remove_file(&temp);
            return Err(fail("write", &e));
        }
        Ok(())
    }
}

/// Temporary files older than this are left over from a process that stopped while writing
/// (a stream of digests lives for minutes at most and is written all along).
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

impl Cache {
    /// A new temporary file for writing the `kind` file, named so that no other writer (another
    /// thread of this process, or another presscut) has it: a second indexer started by a
    /// reload while the first one still runs must not write into the first one's file.
    /// Temporary files left over from a process that stopped writing are removed on the way.
    fn temp_file(&self, kind: Kind, what: &str) -> std::io::Result<(PathBuf, fs::File)> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        self.remove_stale_temp_files();
        let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = self.dir.join(format!(
            ".{}.{what}-{}-{number}",
            kind.file_name(),
            std::process::id()
        ));
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        Ok((temp, file))
    }

    fn remove_stale_temp_files(&self) {
        remove_leftovers(&self.dir, |name| {
            name.starts_with('.') && (name.contains(".tmp-") || name.contains(".stream-"))
        });
    }
}

/// Removes the files of `dir` whose name `is_leftover` accepts and that nothing has touched for
/// an hour ([`STALE_TEMP`]): a file another presscut is writing right now is young.
pub(crate) fn remove_leftovers(dir: &Path, is_leftover: impl Fn(&str) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !is_leftover(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A cache file being read and decoded on another thread, started while the corpus is still
/// loading: on a second open the two are the slowest steps, and neither needs the other until
/// the decoded file is checked against the articles.
pub struct Prefetch<T> {
    thread: Option<std::thread::JoinHandle<Result<T, Unusable>>>,
    cache: Cache,
    kind: Kind,
    read: fn(&Cache, Kind) -> Result<T, Unusable>,
}

impl<T: Send + 'static> Prefetch<T> {
    /// Runs `read` for the `kind` file on a thread of its own, which gives way to the load.
    pub fn spawn(
        cache: &Cache,
        kind: Kind,
        read: fn(&Cache, Kind) -> Result<T, Unusable>,
    ) -> Prefetch<T> {
        Prefetch::spawn_with(cache, kind, read, true)
    }

    fn spawn_with(
        cache: &Cache,
        kind: Kind,
        read: fn(&Cache, Kind) -> Result<T, Unusable>,
        give_way: bool,
    ) -> Prefetch<T> {
        let owned = cache.clone();
        let thread = std::thread::Builder::new()
            .name(format!("presscut-read-{}", kind.file_name()))
            .spawn(move || {
                if give_way {
                    yield_to_loading();
                }
                read(&owned, kind)
            });
        Prefetch {
            thread: thread.ok(),
            cache: cache.clone(),
            kind,
            read,
        }
    }

    /// What the thread read; read here when the thread could not start or died.
    pub fn finish(self) -> Result<T, Unusable> {
        match self.thread.map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => (self.read)(&self.cache, self.kind),
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> Prefetch<T> {
    /// Reads and decodes the `kind` file.
    pub fn start(cache: &Cache, kind: Kind) -> Prefetch<T> {
        Prefetch::spawn(cache, kind, Cache::read::<T>)
    }

    /// Reads and decodes the `kind` file at full priority: for what the load itself waits on.
    pub fn start_now(cache: &Cache, kind: Kind) -> Prefetch<T> {
        Prefetch::spawn_with(cache, kind, Cache::read::<T>, false)
    }
}

/// A BLAKE3 hash of many small pieces, gathered into blocks before they are hashed (the
/// same hash as feeding them one by one). Fed piece by piece, each 64-byte block is compressed
/// alone; in blocks of whole chunks they are compressed several at once: a million articles'
/// ids and titles took 0.15 s per key at every start, a few hundredths gathered.
pub(crate) struct BlockHasher {
    hasher: blake3::Hasher,
    block: Vec<u8>,
}

impl BlockHasher {
    const BLOCK: usize = 64 * 1024;

    pub(crate) fn new() -> BlockHasher {
        BlockHasher {
            hasher: blake3::Hasher::new(),
            block: Vec::with_capacity(Self::BLOCK + 1024),
        }
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.block.extend_from_slice(bytes);
        if self.block.len() >= Self::BLOCK {
            self.hasher.update(&self.block);
            self.block.clear();
        }
    }

    pub(crate) fn finalize(mut self) -> [u8; 32] {
        self.hasher.update(&self.block);
        *self.hasher.finalize().as_bytes()
    }
}

/// Lowers this thread's priority, so that reading ahead takes only what loading leaves of the
/// cores: the list comes first. (Linux sets niceness per thread; elsewhere nothing changes.)
pub fn yield_to_loading() {
    lower_priority(10);
}

/// Lowers this thread's priority below everything else presscut does: for work that only
/// confirms what is already shown (checking the folders behind a snapshot). On Linux the
/// thread is also put in the idle class, which runs only on a core nothing else wants: at
/// niceness 19 alone, checking a million files behind a snapshot still took 0.45 s of CPU
/// from the indexes being opened beside it.
pub fn yield_to_everything() {
    lower_priority(19);
    #[cfg(target_os = "linux")]
    // SAFETY: a plain system call on this thread (0: the calling thread), with a parameter
    // that lives across it.
    unsafe {
        let idle = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &idle);
    }
}

fn lower_priority(niceness: libc::c_int) {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on this thread's own id, no memory involved.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, niceness);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = niceness;
}

/// A whole cache file: header, then the postcard payload. The payload is encoded in place
/// after room for the header: a second copy of it (1.3 GB of digests at a million articles)
/// would add to the first open's peak memory.
pub fn encode<T: Serialize>(kind: Kind, value: &T) -> Result<Vec<u8>, postcard::Error> {
    let mut bytes = postcard::to_extend(value, vec![0; HEADER])?;
    write_header(kind, &mut bytes);
    Ok(bytes)
}

/// Fills the first [`HEADER`] bytes of `bytes` for the payload after them.
fn write_header(kind: Kind, bytes: &mut [u8]) {
    let (header, payload) = bytes.split_at_mut(HEADER);
    header.copy_from_slice(&header_of(
        kind,
        payload.len() as u64,
        &blake3::hash(payload),
    ));
}

/// The header of a payload of `len` bytes whose checksum is `checksum`.
fn header_of(kind: Kind, len: u64, checksum: &blake3::Hash) -> [u8; HEADER] {
    let fields: [&[u8]; 6] = [
        MAGIC,
        kind.tag(),
        &FORMAT.to_le_bytes(),
        &FINGERPRINT.to_le_bytes(),
        &len.to_le_bytes(),
        checksum.as_bytes(),
    ];
    let mut header = [0; HEADER];
    let mut at = 0;
    for field in fields {
        header[at..at + field.len()].copy_from_slice(field);
        at += field.len();
    }
    header
}

/// A cache file of `kind` holding `payload`, with its header and checksum (tests make files
/// whose payload presscut would not write).
#[cfg(test)]
fn wrap(kind: Kind, payload: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0; HEADER];
    bytes.extend_from_slice(payload);
    write_header(kind, &mut bytes);
    bytes
}

/// A payload, or a piece of one, that postcard could not decode.
pub(crate) fn undecodable(e: postcard::Error) -> Unusable {
    Unusable::Damaged(format!("does not decode ({e})"))
}

fn damaged(why: &str) -> Unusable {
    Unusable::Damaged(why.to_string())
}

/// Checks that `header` starts a cache file of `kind` written by this build.
pub(crate) fn check_kind(kind: Kind, header: &[u8]) -> Result<(), Unusable> {
    let field = |at: usize, len: usize| header.get(at..at + len).unwrap_or(&[]);
    if field(0, 8) != MAGIC || field(8, 8) != kind.tag() {
        return Err(damaged("not a presscut cache file of this kind"));
    }
    if field(16, 4) != FORMAT.to_le_bytes() || field(20, 8) != FINGERPRINT.to_le_bytes() {
        return Err(Unusable::OtherBuild);
    }
    Ok(())
}

/// Checks a cache file's header against `kind`, this build and the payload's length; the
/// checksum the payload must have.
fn check_header(kind: Kind, header: &[u8], payload_len: u64) -> Result<[u8; 32], Unusable> {
    let field = |at: usize, len: usize| header.get(at..at + len).unwrap_or(&[]);
    if field(0, 8) != MAGIC || field(8, 8) != kind.tag() {
        return Err(damaged("not a presscut cache file of this kind"));
    }
    let word = |at: usize| u64::from_le_bytes(field(at, 8).try_into().unwrap_or([0; 8]));
    let format = u32::from_le_bytes(field(16, 4).try_into().unwrap_or([0; 4]));
    if format != FORMAT || word(20) != FINGERPRINT {
        return Err(Unusable::OtherBuild);
    }
    if word(28) != payload_len {
        return Err(damaged("truncated or padded"));
    }
    field(36, 32)
        .try_into()
        .map_err(|_| damaged("shorter than its header"))
}

/// A cache file mapped into memory, its header and checksum checked: what is decoded from it
/// may keep pointing into it (the search index's postings).
pub struct Mapped {
    /// The mapping, or the file read into memory where it cannot be mapped.
    bytes: crate::search::Owner,
}

impl Mapped {
    pub fn payload(&self) -> &[u8] {
        (*self.bytes).as_ref().get(HEADER..).unwrap_or(&[])
    }

    /// The bytes, to be shared by what keeps slices of them.
    pub fn owner(&self) -> crate::search::Owner {
        Arc::clone(&self.bytes)
    }
}

impl Cache {
    /// The checksum in the header of the `kind` file, read without the payload: what names
    /// one version of the file for another cache file made with it.
    pub fn checksum(&self, kind: Kind) -> Result<[u8; 32], Unusable> {
        self.open_checked(kind).map(|(_, _, expected)| expected)
    }

    /// Opens the `kind` file and checks its header: the file (read past the header), its
    /// length and the checksum its payload must have.
    fn open_checked(&self, kind: Kind) -> Result<(fs::File, u64, [u8; 32]), Unusable> {
        use std::io::Read;
        let Ok(mut file) = fs::File::open(self.path(kind)) else {
            return Err(Unusable::Missing);
        };
        let len = file
            .metadata()
            .map_err(|e| damaged(&format!("cannot be read: {e}")))?
            .len();
        let mut header = [0; HEADER];
        if len < HEADER as u64 || file.read_exact(&mut header).is_err() {
            return Err(damaged("shorter than its header"));
        }
        let expected = check_header(kind, &header, len - HEADER as u64)?;
        Ok((file, len, expected))
    }

    /// Maps one cache file and checks it. The checksum is computed by reading the file rather
    /// than the mapping, so that checking a gigabyte does not make it resident in this process:
    /// only the pages used later are. A file system that cannot map files gets the file read
    /// into memory instead.
    pub fn map(&self, kind: Kind) -> Result<Mapped, Unusable> {
        let (mapped, checksum) = self.map_unverified(kind)?;
        checksum.verify()?;
        Ok(mapped)
    }

    /// [`Cache::map`] without reading the payload for its checksum: the caller checks it
    /// ([`Checksum::verify`]) after using what it decoded, which must be checked for sense on
    /// its own meanwhile. For the search index, whose 1.3 GB at a million articles took half a
    /// second of CPU to verify before the first search could run.
    pub fn map_unverified(&self, kind: Kind) -> Result<(Mapped, Checksum), Unusable> {
        use std::io::{Read, Seek, SeekFrom};
        let (mut file, len, expected) = self.open_checked(kind)?;
        let unreadable = |e: std::io::Error| damaged(&format!("cannot be read: {e}"));
        // SAFETY: presscut writes cache files once, under a temporary name no other writer
        // has, then renames them into place; a file is never written again, only replaced,
        // which leaves this mapping intact. Another program truncating it could fault the
        // reader, as with any mapped file; the cache folder is private to the user. The
        // mapping and the checksum read the same open file, so they see the same bytes.
        let bytes: crate::search::Owner = match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Arc::new(map),
            Err(_) => {
                let mut all = Vec::new();
                file.seek(SeekFrom::Start(0))
                    .and_then(|_| file.read_to_end(&mut all))
                    .map_err(unreadable)?;
                Arc::new(all)
            }
        };
        if (*bytes).as_ref().len() as u64 != len {
            return Err(damaged("changed while it was read"));
        }
        Ok((Mapped { bytes }, Checksum { file, expected }))
    }
}

/// The checksum a mapped cache file's payload must have, still to be compared.
#[must_use = "a cache file is trusted only once its checksum is verified"]
pub struct Checksum {
    file: fs::File,
    expected: [u8; 32],
}

impl Checksum {
    /// Reads the payload (the file, not the mapping: checking does not make it all resident)
    /// and compares its hash.
    pub fn verify(mut self) -> Result<(), Unusable> {
        use std::io::{Seek, SeekFrom};
        let mut hasher = blake3::Hasher::new();
        self.file
            .seek(SeekFrom::Start(HEADER as u64))
            .and_then(|_| hasher.update_reader(&mut self.file).map(|_| ()))
            .map_err(|e| damaged(&format!("cannot be read: {e}")))?;
        if hasher.finalize().as_bytes() != &self.expected {
            return Err(damaged("checksum mismatch"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
