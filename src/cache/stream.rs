//! A cache file written while it is being made. At a million articles the digests are 1.3 GB
//! encoded and several times that decoded: holding them all to write one buffer set the first
//! open's peak memory. Written piece by piece, each piece can be dropped once it is out.

use std::fs::{self, File};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{header_of, Cache, Kind, HEADER};

/// A cache file being written: room for the header, then the payload as it is appended; the
/// header (length, checksum) is filled in by [`Stream::finish`], which renames the file into
/// place. Dropped unfinished, the temporary file is removed and the old cache stays; left by a
/// process that stopped while writing, it is removed by a later write once it is an hour old.
pub struct Stream {
    kind: Kind,
    path: PathBuf,
    temp: PathBuf,
    out: Option<BufWriter<File>>,
    hasher: blake3::Hasher,
    len: u64,
    buffer: Vec<u8>,
    failed: Option<String>,
}

impl Cache {
    /// Starts writing the `kind` file; the error names the file.
    pub fn stream(&self, kind: Kind) -> Result<Stream, String> {
        let path = self.path(kind);
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            format!("cannot {what} the cache {} ({e})", path.display())
        };
        crate::store::create_private_dir(self.dir())
            .map_err(|e| fail("create the folder of", &e))?;
        let (temp, file) = self
            .temp_file(kind, "stream")
            .map_err(|e| fail("write", &e))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        if let Err(e) = out.write_all(&[0; HEADER]) {
            let _ = fs::remove_file(&temp);
            return Err(fail("write", &e));
        }
        Ok(Stream {
            kind,
            path,
            temp,
            out: Some(out),
            hasher: blake3::Hasher::new(),
            len: 0,
            buffer: Vec::new(),
            failed: None,
        })
    }
}

impl Stream {
    /// Appends `value`, postcard-encoded. A failure is kept for [`Stream::finish`] to report.
    pub fn append<T: Serialize + ?Sized>(&mut self, value: &T) {
        if self.failed.is_some() {
            return;
        }
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        match postcard::to_extend(value, buffer) {
            Ok(bytes) => {
                self.append_raw(&bytes);
                self.buffer = bytes;
            }
            Err(e) => self.failed = Some(format!("cannot encode ({e})")),
        }
    }

    /// Appends `value`, postcard-encoded straight into the file: for one value too big to
    /// hold encoded beside itself (the search index is 1.3 GB encoded at a million articles).
    pub fn append_large<T: Serialize + ?Sized>(&mut self, value: &T) {
        if self.failed.is_some() {
            return;
        }
        let mut sink = Sink {
            stream: self,
            pending: Vec::with_capacity(Sink::PIECE),
        };
        let encoded = postcard::to_io(value, &mut sink).map(|_| ());
        let flushed = sink.flush();
        if let Err(e) = encoded {
            self.fail(format!("cannot encode ({e})"));
        } else if let Err(e) = flushed {
            self.fail(e.to_string());
        }
    }

    /// Gives up: [`Stream::finish`] reports `why` and keeps the old file.
    pub fn fail(&mut self, why: String) {
        self.failed.get_or_insert(why);
    }

    /// Appends bytes already encoded.
    pub fn append_raw(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let Some(out) = self.out.as_mut() else {
            return;
        };
        match out.write_all(bytes) {
            Ok(()) => {
                self.hasher.update(bytes);
                self.len += bytes.len() as u64;
            }
            Err(e) => self.failed = Some(e.to_string()),
        }
    }

    /// Writes the header and puts the file in place; the error is the user's one line.
    pub fn finish(mut self) -> Result<(), String> {
        let header = header_of(self.kind, self.len, &self.hasher.finalize());
        let result = match (self.failed.take(), self.out.take()) {
            (Some(why), _) => Err(why),
            (None, None) => Err("nothing written".to_string()),
            (None, Some(out)) => out
                .into_inner()
                .map_err(|e| e.into_error())
                .and_then(|mut file| {
                    file.seek(SeekFrom::Start(0))?;
                    file.write_all(&header)
                })
                .and_then(|()| fs::rename(&self.temp, &self.path))
                .map_err(|e| e.to_string()),
        };
        result.map_err(|why| {
            let _ = fs::remove_file(&self.temp);
            format!("cannot write the cache {} ({why})", self.path.display())
        })
    }
}

/// Gathers postcard's many small writes into pieces for [`Stream::append_raw`].
struct Sink<'a> {
    stream: &'a mut Stream,
    pending: Vec<u8>,
}

impl Sink<'_> {
    const PIECE: usize = 1 << 20;
}

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.pending.len() + bytes.len() > Self::PIECE {
            self.flush()?;
        }
        if bytes.len() >= Self::PIECE {
            self.stream.append_raw(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
        match &self.stream.failed {
            Some(why) => Err(std::io::Error::other(why.clone())),
            None => Ok(bytes.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.append_raw(&self.pending);
        self.pending.clear();
        match &self.stream.failed {
            Some(why) => Err(std::io::Error::other(why.clone())),
            None => Ok(()),
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}
