//! The operation logs on disk: `DATA_DIR/log/<coder>.jsonl`, one JSON operation per line.
//!
//! Writers only ever append, each coder to their own file, under an OS lock on that file (two
//! processes of one coder append in turn). A line is written with one `write` and ends with a
//! newline; a line without one is a write still in progress or cut by a crash. Readers take
//! only complete lines, so they never see half an operation, and the next append terminates a
//! cut line first, after which it is skipped as unreadable — with a warning naming the file and
//! byte, never fatal, and never rewritten: the log is the audit trail.

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::op::{Applied, Op};
use super::StoreData;

pub const LOG_DIR: &str = "log";
/// Per log file, the most read in one go (far beyond a million operations).
const MAX_LOG_BYTES: u64 = 4 << 30;

/// Written beside the logs when the log folder is created, so that a data folder synced with
/// git merges without conflicts: each coder appends to their own file, and when one coder
/// appends on two machines the union of both sides is right, because the fold orders lines
/// by time, not by their place in the file. Derived files stay out of the repository.
const GITATTRIBUTES: &str = "log/*.jsonl merge=union\n";
const GITIGNORE: &str = "# Derived or private to this machine; the logs in log/ are the store.\n\
store.json\nstore.json.*\n.store.json.*\ncache/\nsearch_history\npresscut-rescue-*\ncrash-*\n*.lock\n";

/// The log file of a coder: the name with anything that is not a letter, digit, `-`, `_` or
/// `.` replaced, so that no name can leave the log folder or hide as a dot file.
pub fn log_file_name(coder: &str) -> String {
    let mut name: String = coder
        .chars()
        .take(64)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, '_');
    }
    format!("{name}.jsonl")
}

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_DIR)
}

/// Creates the log folder (private) and, the first time, the git files beside it.
pub fn create_log_dir(data_dir: &Path) -> io::Result<()> {
    let dir = log_dir(data_dir);
    if dir.is_dir() {
        return Ok(());
    }
    super::create_private_dir(&dir)?;
    for (name, text) in [(".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)] {
        let path = data_dir.join(name);
        if !path.exists() {
            super::private_file()
                .open(&path)?
                .write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// One operation read from a log, with what orders it in the fold.
#[derive(Clone, Debug)]
pub struct Entry {
    pub op: Op,
    /// The line itself: the last tie-breaker, so the order never depends on file order.
    line: String,
}

impl Entry {
    pub fn key(&self) -> (&str, &str, &str) {
        (&self.op.at, &self.op.coder, &self.line)
    }
}

/// What reading the logs from some offsets found.
#[derive(Debug, Default)]
pub struct Tails {
    pub entries: Vec<Entry>,
    /// Log file name → bytes of complete lines (where the next read starts).
    pub ends: BTreeMap<String, u64>,
    /// A log is shorter than the offset it was read to before (it was replaced or cut).
    pub shrunk: Vec<String>,
    pub warnings: Vec<String>,
}

/// Log files and their sizes.
pub fn list_logs(data_dir: &Path) -> io::Result<BTreeMap<String, u64>> {
    let mut logs = BTreeMap::new();
    let entries = match fs::read_dir(log_dir(data_dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(logs),
        Err(e) => return Err(e),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".jsonl") || name.starts_with('.') {
            continue;
        }
        if let Ok(meta) = entry.metadata() {
            if meta.is_file() {
                logs.insert(name, meta.len());
            }
        }
    }
    Ok(logs)
}

/// Reads every log from the given offsets (0 for a log not named) to its last complete line.
pub fn read_tails(data_dir: &Path, from: &BTreeMap<String, u64>) -> io::Result<Tails> {
    let mut tails = Tails::default();
    for (name, len) in list_logs(data_dir)? {
        let start = from.get(&name).copied().unwrap_or(0);
        if len < start {
            tails.shrunk.push(name.clone());
        }
        if len <= start {
            tails.ends.insert(name, start.min(len));
            continue;
        }
        let path = log_dir(data_dir).join(&name);
        let bytes = read_from(&path, start)?;
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut at = start;
        for raw in bytes[..complete].split_inclusive(|&b| b == b'\n') {
            let line = raw.strip_suffix(b"\n").unwrap_or(raw);
            if !line.iter().all(u8::is_ascii_whitespace) {
                match parse_line(line) {
                    Ok(entry) => tails.entries.push(entry),
                    Err(why) => tails.warnings.push(format!(
                        "{}/{name} at byte {at}: operation skipped ({why}); the line is kept as it is",
                        LOG_DIR
                    )),
                }
            }
            at += raw.len() as u64;
        }
        tails.ends.insert(name, start + complete as u64);
    }
    Ok(tails)
}

/// Every readable operation of one log file (any file of log lines: a colleague's log, a
/// copy), with warnings for the lines skipped.
pub fn read_log_file(path: &Path) -> io::Result<(Vec<Entry>, Vec<String>)> {
    let bytes = read_from(path, 0)?;
    let (mut entries, mut warnings) = (Vec::new(), Vec::new());
    let mut at = 0;
    for raw in bytes.split_inclusive(|&b| b == b'\n') {
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        if !line.iter().all(u8::is_ascii_whitespace) {
            match parse_line(line) {
                Ok(entry) => entries.push(entry),
                Err(why) => warnings.push(format!(
                    "{} at byte {at}: operation skipped ({why})",
                    path.display()
                )),
            }
        }
        at += raw.len() as u64;
    }
    Ok((entries, warnings))
}

/// One coder's work alone: their operations folded into a store of their own, and every
/// article they did anything to (an untag is a decision too).
#[derive(Debug, Default)]
pub struct CoderWork {
    pub store: StoreData,
    pub touched: std::collections::BTreeSet<String>,
}

/// Several log files read at once, one thread per file (`agree` reads every coder's log).
pub fn read_log_files(paths: &[PathBuf]) -> Vec<io::Result<(Vec<Entry>, Vec<String>)>> {
    use rayon::prelude::*;
    paths.par_iter().map(|p| read_log_file(p)).collect()
}

/// Each coder's work alone, by coder name. Coders are folded in parallel: the fold order
/// restricted to one coder is that coder's own order, so each needs only their own lines.
pub fn fold_by_coder(entries: Vec<Entry>) -> BTreeMap<String, CoderWork> {
    use rayon::prelude::*;
    let mut groups: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for entry in entries {
        match groups.get_mut(&entry.op.coder) {
            Some(group) => group.push(entry),
            None => {
                groups.insert(entry.op.coder.clone(), vec![entry]);
            }
        }
    }
    groups
        .into_par_iter()
        .map(|(coder, mut entries)| {
            sort(&mut entries);
            let mut work = CoderWork::default();
            let mut touched: Vec<&str> = Vec::with_capacity(entries.len());
            for entry in &entries {
                let op = &entry.op;
                // A layer is compared and exported, never saved: no `updated` stamps (they
                // were a fifth of the fold at 100k articles).
                work.store
                    .apply_unstamped(&op.change, &op.coder, Some(&op.at));
                // Settling others' disagreement is not coding the article oneself.
                let judged = matches!(op.change, super::op::Change::Adjudicate { .. });
                if let Some(id) = op.change.article().filter(|_| !judged) {
                    touched.push(id);
                }
            }
            // Sorted first: a set built from sorted items is built in one pass.
            touched.sort_unstable();
            touched.dedup();
            work.touched = touched.into_iter().map(str::to_string).collect();
            (coder, work)
        })
        .collect()
}

/// Each coder's tags by article, from the logs in `data_dir` (the folded store keeps only the
/// union of everyone's).
pub fn tag_layers(data_dir: &Path) -> io::Result<BTreeMap<String, BTreeMap<String, Vec<String>>>> {
    let tails = read_tails(data_dir, &BTreeMap::new())?;
    Ok(fold_by_coder(tails.entries)
        .into_iter()
        .map(|(coder, work)| {
            let tags = work
                .store
                .articles
                .into_iter()
                .filter(|(_, r)| !r.tags.is_empty())
                .map(|(id, r)| (id, r.tags))
                .collect();
            (coder, tags)
        })
        .collect())
}

fn parse_line(line: &[u8]) -> Result<Entry, String> {
    let text = std::str::from_utf8(line).map_err(|_| "not UTF-8".to_string())?;
    let op = super::parse::parse_op(text)?;
    Ok(Entry {
        op,
        line: text.to_string(),
    })
}

fn read_from(path: &Path, offset: u64) -> io::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::with_capacity(meta.len().saturating_sub(offset) as usize);
    file.take(MAX_LOG_BYTES).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Puts entries in fold order: by time, then coder, then the line. A stable sort: each log is
/// already in order, and Rust's merge sort takes such runs in linear time.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| a.key().cmp(&b.key()));
}

/// Applies entries (already in fold order) to a store; returns the ids of notes two writers
/// saved at once.
pub fn fold(state: &mut StoreData, entries: &[Entry]) -> Vec<String> {
    let mut conflicts = Vec::new();
    for entry in entries {
        let op = &entry.op;
        if let Applied::NoteConflict { id } = state.apply(&op.change, &op.coder, Some(&op.at)) {
            conflicts.push(id);
        }
    }
    conflicts
}

/// Appends `lines` (each ending with a newline) to a log with one write, under the file's
/// lock. Returns the file's length before and after: when "before" is not where this process
/// last read to, somebody else appended meanwhile.
pub fn append(path: &Path, lines: &[u8], sync: bool) -> io::Result<(u64, u64)> {
    let mut options = OpenOptions::new();
    options.append(true).create(true).read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    lock_within(&file, LOCK_TIMEOUT)?;
    let result = (|| {
        let before = file.metadata()?.len();
        let mut buffer = Vec::with_capacity(lines.len() + 1);
        if before > 0 && !ends_with_newline(&file, before)? {
            // A line cut by a crash: end it, so it stays one unreadable line of its own.
            buffer.push(b'\n');
        }
        buffer.extend_from_slice(lines);
        if let Err(e) =
            file.write_all(&buffer)
                .and_then(|()| if sync { file.sync_data() } else { Ok(()) })
        {
            // A disk full or a size limit mid-write: take the part written back, so no half
            // line is left (we hold the lock: nobody appended after it).
            let _ = file.set_len(before);
            return Err(e);
        }
        Ok((before, before + buffer.len() as u64))
    })();
    let _ = file.unlock();
    result
}

/// How long an append waits for another process's append before giving up with a clear error.
const LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn lock_within(file: &fs::File, timeout: std::time::Duration) -> io::Result<()> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5))
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(io::Error::other(format!(
                    "another presscut has held it for over {}s; try again in a moment",
                    timeout.as_secs()
                )))
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

fn ends_with_newline(file: &fs::File, len: u64) -> io::Result<bool> {
    let mut last = [0u8];
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, &mut last, len - 1)?;
    }
    #[cfg(not(unix))]
    {
        let mut f = file;
        f.seek(SeekFrom::Start(len - 1))?;
        f.read_exact(&mut last)?;
    }
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coder_names_stay_inside_the_log_folder() {
        assert_eq!(log_file_name("ana"), "ana.jsonl");
        assert_eq!(log_file_name("José Núñez"), "José_Núñez.jsonl");
        assert_eq!(log_file_name("../../etc/passwd"), "_.._.._etc_passwd.jsonl");
        assert_eq!(log_file_name(".hidden"), "_.hidden.jsonl");
        assert_eq!(log_file_name(""), "_.jsonl");
    }

    #[test]
    fn a_cut_line_is_skipped_with_a_warning_and_the_next_append_starts_a_new_line() {
        let dir = tempfile::tempdir().unwrap();
        create_log_dir(dir.path()).unwrap();
        let path = log_dir(dir.path()).join("ana.jsonl");
        let good = r#"{"op":"read","id":"a","read":true,"coder":"ana","at":"2026-01-01T00:00:00.000000000Z"}"#;
        fs::write(&path, format!("{good}\n{{\"op\":\"tag\",\"id\":\"a\",\"ta")).unwrap();
        let tails = read_tails(dir.path(), &BTreeMap::new()).unwrap();
        assert_eq!(tails.entries.len(), 1, "the cut line is not complete yet");
        assert_eq!(tails.ends["ana.jsonl"], good.len() as u64 + 1);
        let second = r#"{"op":"tag","id":"a","tag":"Krim","coder":"ana","at":"2026-01-01T00:00:01.000000000Z"}"#;
        append(&path, format!("{second}\n").as_bytes(), false).unwrap();
        let tails = read_tails(dir.path(), &BTreeMap::new()).unwrap();
        assert_eq!(tails.entries.len(), 2);
        assert_eq!(tails.warnings.len(), 1, "{:?}", tails.warnings);
        assert!(tails.warnings[0].starts_with("log/ana.jsonl at byte "));
        let mut state = StoreData::default();
        fold(&mut state, &tails.entries);
        assert_eq!(state.tags_of("a"), ["Krim"]);
        assert!(dir.path().join(".gitattributes").exists());
    }

    #[test]
    fn tag_layers_keep_each_coders_own_tags() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let hint = crate::store::ArticleHint::default();
        for (coder, tags) in [("ana", vec!["Krim"]), ("ben", vec!["Krim", "Sport"])] {
            let (mut file, mut data) =
                crate::store::StoreFile::open(dir.path(), coder).expect("open");
            for tag in tags {
                data.declare_tag("a", &hint, tag, true);
            }
            file.append(&data.take_journal()).expect("append");
        }
        let layers = tag_layers(dir.path()).expect("read");
        assert_eq!(layers["ana"]["a"], ["Krim"]);
        assert_eq!(layers["ben"]["a"], ["Krim", "Sport"]);
    }
}
