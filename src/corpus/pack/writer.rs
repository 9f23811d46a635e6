//! The pack of article texts being written while files are read: appended to by every reading
//! thread under a lock, then flushed and mapped. A body that cannot be written stays in memory.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The pack being written while files are read.
pub(super) struct Writer {
    pub(super) path: PathBuf,
    pub(super) out: Option<BufWriter<File>>,
    pub(super) len: u64,
    pub(super) bodies: u32,
    pub(super) failed: Option<String>,
}

impl Writer {
    /// Appends one body; `None` when it could not be written (it then stays in memory).
    pub(super) fn append(&mut self, text: &str) -> Option<(u32, u64, u64)> {
        if self.failed.is_some() {
            return None;
        }
        if self.out.is_none() {
            match File::create_new(&self.path) {
                Ok(file) => self.out = Some(BufWriter::with_capacity(1 << 20, file)),
                Err(e) => {
                    self.failed = Some(format!("cannot create {} ({e})", self.path.display()));
                    return None;
                }
            }
        }
        let out = self.out.as_mut()?;
        if let Err(e) = out.write_all(text.as_bytes()) {
            self.failed = Some(format!("cannot write {} ({e})", self.path.display()));
            return None;
        }
        let place = (self.bodies, self.len, text.len() as u64);
        self.len += text.len() as u64;
        self.bodies += 1;
        Some(place)
    }

    /// Flushes and closes the pack; whether it holds every body appended.
    pub(super) fn finish(&mut self) -> bool {
        if let Some(out) = self.out.take() {
            if let Err(e) = out.into_inner().map_err(|e| e.into_error()) {
                self.failed = Some(format!("cannot write {} ({e})", self.path.display()));
            }
        }
        self.failed.is_none()
    }
}

pub(super) fn fresh_pack_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let key = blake3::hash(format!("{}:{nanos}", std::process::id()).as_bytes()).to_hex();
    format!("bodies-{}.bin", &key[..16])
}

pub(super) fn pack_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
