//! The store's files: where they live, reading `store.json` strictly, and writing it so that
//! no crash, full disk or second process can leave half a file.
//!
//! Writing the snapshot: take `store.json.lock` (an OS file lock, held only while writing),
//! write a temp file in the same folder with mode 0600, fsync it, keep the current file as
//! `store.json.bak`, rename the temp over `store.json`, fsync the folder. Readers never lock:
//! rename is atomic, so they see the old or the new file, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::data::{StoreData, FORMAT};

pub const STORE_FILE: &str = "store.json";
/// How long a save waits for another process's save before giving up with a clear error.
const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub enum StoreError {
    /// The file exists but is not a store we can read. Never overwritten.
    Corrupt {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },
    Io {
        path: PathBuf,
        action: &'static str,
        error: io::Error,
    },
    Locked {
        path: PathBuf,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Corrupt { path, line, reason } => {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                write!(
                    f,
                    "{}{at}: {reason}; it was not changed — fix it, move it away, or run with --recover to start from {}.bak",
                    path.display(),
                    STORE_FILE
                )
            }
            StoreError::Io {
                path,
                action,
                error,
            } => {
                let hint = match error.kind() {
                    io::ErrorKind::PermissionDenied => {
                        " (check the folder's permissions or pass --data-dir)"
                    }
                    io::ErrorKind::StorageFull => " (the disk is full; free some space)",
                    io::ErrorKind::ReadOnlyFilesystem => {
                        " (read-only file system; pass --data-dir)"
                    }
                    _ => "",
                };
                write!(f, "{}: cannot {action}: {error}{hint}", path.display())
            }
            StoreError::Locked { path } => write!(
                f,
                "{}: another presscut has been saving for over {}s; try again in a moment",
                path.display(),
                LOCK_TIMEOUT.as_secs()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

pub(super) fn io_error<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        action,
        error,
    }
}

/// The data folder: `--data-dir`, else `$PRESSCUT_DATA_DIR`, else the platform data dir
/// (`~/.local/share/presscut` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("PRESSCUT_DATA_DIR").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "presscut")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| "no home folder to keep the store in; pass --data-dir DIR".to_string())
}

/// Creates the data folder (and its parents) readable by its owner only: notes are private.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Options that create (or truncate) a file readable and writable by its owner only.
pub fn private_file() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Temp files a killed save left behind (`.store.json.tmp-PID`, `.store.json.bak-PID`). Called
/// under the store lock, when no other save can be writing one.
pub(super) fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let ours = std::process::id().to_string();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = [".tmp-", ".bak-"].iter().any(|infix| {
            name.strip_prefix(&format!(".{STORE_FILE}{infix}"))
                .is_some_and(|pid| pid != ours && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The largest store read (far beyond a million annotated articles).
pub const MAX_STORE_BYTES: u64 = 1 << 30;

/// Reads a file that must be a plain file of at most `max` bytes. A FIFO, a device (`/dev/zero`)
/// or a folder is refused at once instead of hanging or eating all memory: opening does not
/// wait for a FIFO's writer, and the size is checked before and bounded while reading.
pub fn read_regular_file(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other(
            "not a regular file (a FIFO, device or folder); presscut reads only plain files here",
        ));
    }
    if meta.len() > max {
        return Err(io::Error::other(format!(
            "{} bytes, more than the {max} bytes presscut reads here",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::other(format!(
            "grew past {max} bytes while being read"
        )));
    }
    Ok(bytes)
}

/// Reads a store file strictly: `Ok(None)` when it does not exist, `Corrupt` when it cannot be
/// trusted (bad JSON, wrong format marker).
pub fn read_store(path: &Path) -> Result<Option<StoreData>, StoreError> {
    let bytes = match read_regular_file(path, MAX_STORE_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path, "read the store")(e)),
    };
    let corrupt = |line, reason| StoreError::Corrupt {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let data: StoreData = serde_json::from_slice(&bytes)
        .map_err(|e| corrupt(Some(e.line()), format!("not a valid store ({e})")))?;
    if data.format != FORMAT {
        return Err(corrupt(
            None,
            format!("\"format\" is {:?}, expected {FORMAT:?}", data.format),
        ));
    }
    Ok(Some(data))
}

pub(super) struct LockGuard(File);

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

pub(super) fn lock(dir: &Path) -> Result<LockGuard, StoreError> {
    let path = dir.join(format!("{STORE_FILE}.lock"));
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(&path)
        .map_err(io_error(&path, "create the lock file"))?;
    let deadline = Instant::now() + LOCK_TIMEOUT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(LockGuard(file)),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Locked { path }),
            Err(fs::TryLockError::Error(e)) => return Err(io_error(&path, "lock the store")(e)),
        }
    }
}

/// Serialises pretty-printed with every object's keys sorted. Known fields are declared in
/// alphabetical order and maps are ordered, so the direct path is sorted; unknown fields from a
/// newer version go through `Value` (whose map is ordered) to sort them in.
pub fn to_pretty_json(data: &StoreData) -> String {
    let mut text = if data.has_unknown_fields() {
        let value = serde_json::to_value(data).unwrap_or_default();
        serde_json::to_string_pretty(&value).unwrap_or_default()
    } else {
        serde_json::to_string_pretty(data).unwrap_or_default()
    };
    text.push('\n');
    text
}

pub(super) fn write_atomically(dir: &Path, data: &StoreData) -> Result<(), StoreError> {
    let path = dir.join(STORE_FILE);
    let temp = dir.join(format!(".{STORE_FILE}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = private_file().open(&temp).map_err(io_error(
            &path,
            "write the store (through a temporary file beside it)",
        ))?;
        file.write_all(to_pretty_json(data).as_bytes())
            .map_err(io_error(&path, "write the store"))?;
        file.sync_all()
            .map_err(io_error(&path, "flush the store to disk"))?;
        drop(file);
        if path.exists() {
            keep_backup(dir, &path)?;
        }
        fs::rename(&temp, &path).map_err(io_error(&path, "replace the store"))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// `store.json.bak` becomes the version about to be replaced (a hard link: no copy, and the
/// previous backup stays until the new one is in place).
fn keep_backup(dir: &Path, path: &Path) -> Result<(), StoreError> {
    let backup = dir.join(format!("{STORE_FILE}.bak"));
    let staged = dir.join(format!(".{STORE_FILE}.bak-{}", std::process::id()));
    let _ = fs::remove_file(&staged);
    if fs::hard_link(path, &staged).is_err() {
        fs::copy(path, &staged).map_err(io_error(&staged, "keep a backup"))?;
    }
    fs::rename(&staged, &backup).map_err(io_error(&backup, "keep a backup"))
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `--recover`: moves an unreadable store aside as `store.json.corrupt-<time>` and starts from
/// the backup (or empty when there is none). Returns what it did, for the user.
pub fn recover(dir: &Path) -> Result<String, StoreError> {
    let path = dir.join(STORE_FILE);
    match read_store(&path) {
        Ok(_) => {
            return Ok(format!(
                "{} is readable; nothing to recover",
                path.display()
            ))
        }
        Err(StoreError::Corrupt { .. }) => {}
        Err(other) => return Err(other),
    }
    let stamp = humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .replace(':', "-");
    let aside = dir.join(format!("{STORE_FILE}.corrupt-{stamp}"));
    fs::rename(&path, &aside).map_err(io_error(&path, "move the corrupt store aside"))?;
    let backup = dir.join(format!("{STORE_FILE}.bak"));
    let restored = match read_store(&backup) {
        Ok(Some(data)) => {
            let _lock = lock(dir)?;
            write_atomically(dir, &data)?;
            format!("restored from {}", backup.display())
        }
        Ok(None) => "no backup; starting with an empty store".to_string(),
        Err(_) => format!(
            "{} is unreadable too; starting with an empty store",
            backup.display()
        ),
    };
    Ok(format!(
        "moved the unreadable store to {}; {restored}",
        aside.display()
    ))
}
