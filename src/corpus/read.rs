//! The filesystem side of loading: walking folders and reading files defensively (size limits,
//! special files, symlink loops, unreadable entries) so parsers only ever see bounded text.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::formats::{self, Format};
use super::{finish, Candidate, FileResult, LoadOptions};
use crate::model::{Origin, Warning};
use crate::text::{self, Decoded};

fn warning(path: &Path, line: Option<usize>, message: impl Into<String>) -> Warning {
    Warning {
        origin: Origin {
            path: path.to_path_buf(),
            line,
        },
        message: message.into(),
    }
}

/// Adds the corpus files under `root` (or `root` itself) to `files`, in file-name order.
pub(crate) fn collect_files(
    root: &Path,
    files: &mut Vec<Candidate>,
    warnings: &mut Vec<Warning>,
    ignored: &mut Vec<PathBuf>,
    progress: &super::LoadProgress,
) {
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            warnings.push(warning(
                root,
                None,
                format!("cannot open ({}); check the path", io_reason(&e)),
            ));
            return;
        }
    };
    if !meta.is_dir() {
        // A file named explicitly is read even with an unknown extension: as plain text.
        let format = extension_format(root).unwrap_or(Format::Text);
        if meta.is_file() {
            files.push(Candidate::File {
                path: root.to_path_buf(),
                format,
            });
        } else {
            warnings.push(warning(
                root,
                None,
                "not a regular file (FIFO, socket or device); skipped",
            ));
        }
        return;
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop; skipped".to_string()
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot read ({}); skipped", io_reason(io)),
                        None => "cannot read; skipped".to_string(),
                    }
                };
                warnings.push(warning(&path, None, message));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let Some(format) = extension_format(entry.path()) else {
            ignored.push(entry.into_path());
            continue;
        };
        if file_type.is_file() {
            files.push(Candidate::File {
                path: entry.into_path(),
                format,
            });
            progress.found_one();
        } else {
            warnings.push(warning(
                entry.path(),
                None,
                "not a regular file (FIFO, socket or device); skipped",
            ));
        }
    }
}

fn extension_format(path: &Path) -> Option<Format> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// Decodes and parses the contents of one file (any bytes at all): the articles, and a warning
/// for everything that could not be used. No I/O.
pub(crate) fn parse_bytes(path: &Path, format: Format, bytes: &[u8]) -> FileResult {
    parse_bytes_within(path, format, bytes, super::DEFAULT_MAX_FILE_BYTES)
}

/// [`parse_bytes`], with `max_unpacked` bounding what a compressed format (docx) unpacks to.
fn parse_bytes_within(path: &Path, format: Format, bytes: &[u8], max_unpacked: u64) -> FileResult {
    if format == Format::Docx {
        return finish(path, super::docx::parse_docx(bytes, max_unpacked));
    }
    if format == Format::Html {
        return parse_page(path, bytes);
    }
    if format == Format::Feed && !bytes.iter().all(u8::is_ascii_whitespace) {
        // XML names its own encoding in the prolog; feed-rs decodes by it.
        return finish(path, super::feed::parse_feed_document(bytes));
    }
    let (decoded, mut notes) = match decode_for(path, bytes) {
        Ok(ok) => ok,
        Err(w) => {
            return FileResult {
                articles: Vec::new(),
                warnings: vec![w],
            }
        }
    };
    if decoded.trim().is_empty() {
        return FileResult {
            articles: Vec::new(),
            warnings: vec![warning(path, None, "empty file; skipped")],
        };
    }
    let mut result = finish(path, formats::parse_document(format, &decoded));
    notes.append(&mut result.warnings);
    result.warnings = notes;
    result
}

/// A saved page, decoded by the charset it declares (see `charset.rs`).
fn parse_page(path: &Path, bytes: &[u8]) -> FileResult {
    let only = |message: &str| FileResult {
        articles: Vec::new(),
        warnings: vec![warning(path, None, message)],
    };
    let Some((text, how)) = super::charset::decode_page(bytes, None) else {
        return only("binary file (contains NUL bytes); skipped");
    };
    if text.trim().is_empty() {
        return only("empty file; skipped");
    }
    let mut result = finish(path, super::html::parse_html(&text));
    if how == super::charset::How::Guessed {
        result.warnings.insert(
            0,
            warning(
                path,
                None,
                "not valid UTF-8 and no charset declared; read as windows-1252 (save it as UTF-8 to silence this)",
            ),
        );
    }
    result
}

pub(crate) fn read_file(path: &Path, format: Format, options: &LoadOptions) -> FileResult {
    let fail = |message: String| FileResult {
        articles: Vec::new(),
        warnings: vec![warning(path, None, message)],
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(format!("cannot read ({}); skipped", io_reason(&e))),
    };
    if format == Format::JsonLines {
        return read_json_lines(path, file, options);
    }
    if format == Format::Csv {
        return read_csv(path, file, options);
    }
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > options.max_file_bytes {
        return fail(format!(
            "{} is over the {} per-file limit; skipped (raise it with --max-file-mb)",
            megabytes(size),
            megabytes(options.max_file_bytes)
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` bounds memory even if the file grows while we read it.
    if let Err(e) = file
        .take(options.max_file_bytes + 1)
        .read_to_end(&mut bytes)
    {
        return fail(format!("cannot read ({}); skipped", io_reason(&e)));
    }
    if bytes.len() as u64 > options.max_file_bytes {
        return fail(format!(
            "over the {} per-file limit; skipped",
            megabytes(options.max_file_bytes)
        ));
    }
    parse_bytes_within(path, format, &bytes, options.max_file_bytes)
}

/// Decodes a whole file, turning binary content into a warning and Latin-1 into a note.
fn decode_for(path: &Path, bytes: &[u8]) -> Result<(String, Vec<Warning>), Warning> {
    match text::decode(bytes) {
        Decoded::Utf8(s) => Ok((s, Vec::new())),
        Decoded::Latin1(s) => Ok((
            s,
            vec![warning(
                path,
                None,
                "not valid UTF-8; read as Latin-1 (save it as UTF-8 to silence this)",
            )],
        )),
        Decoded::Binary => Err(warning(
            path,
            None,
            "binary file (contains NUL bytes); skipped",
        )),
    }
}

/// CSV is read record by record: an export of any size loads, and the per-file limit bounds
/// each row instead (as each line of JSONL).
fn read_csv(path: &Path, file: File, options: &LoadOptions) -> FileResult {
    let mut reader = BufReader::with_capacity(BINARY_SNIFF, file);
    let fail = |message: String| FileResult {
        articles: Vec::new(),
        warnings: vec![warning(path, None, message)],
    };
    let delimiter = match reader.fill_buf() {
        Err(e) => return fail(format!("cannot read ({}); skipped", io_reason(&e))),
        Ok(start) if start.contains(&0) => {
            return fail("binary file (contains NUL bytes); skipped".into())
        }
        Ok(start) if start.len() < BINARY_SNIFF && start.iter().all(u8::is_ascii_whitespace) => {
            return fail("empty file; skipped".into())
        }
        Ok(start) => super::csv_format::sniff_delimiter(start),
    };
    finish(
        path,
        super::csv_format::parse_csv_reader(reader, options.max_file_bytes, delimiter),
    )
}

/// Leading bytes of a streamed file looked at for NULs (as `text::decode` does).
const BINARY_SNIFF: usize = 8192;

/// JSONL is read line by line so a million-line file needs memory for one line at a time, and
/// one over-long or broken line costs only that line.
fn read_json_lines(path: &Path, file: File, options: &LoadOptions) -> FileResult {
    let mut reader = BufReader::new(file);
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    let mut line = Vec::new();
    let mut line_no = 0usize;
    let mut latin1_lines = 0usize;
    let mut any_content = false;
    loop {
        line.clear();
        line_no += 1;
        let read = (&mut reader)
            .take(options.max_file_bytes + 1)
            .read_until(b'\n', &mut line);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                problems.push(formats::Problem {
                    line: Some(line_no),
                    message: format!("cannot read ({}); rest of file skipped", io_reason(&e)),
                });
                break;
            }
        }
        if line.len() as u64 > options.max_file_bytes && !line.ends_with(b"\n") {
            problems.push(formats::Problem {
                line: Some(line_no),
                message: format!(
                    "line over the {} limit; skipped",
                    megabytes(options.max_file_bytes)
                ),
            });
            if skip_rest_of_line(&mut reader).is_err() {
                break;
            }
            continue;
        }
        let text = match text::decode(&line) {
            Decoded::Utf8(s) => s,
            Decoded::Latin1(s) => {
                latin1_lines += 1;
                s
            }
            Decoded::Binary => {
                problems.push(formats::Problem {
                    line: Some(line_no),
                    message: "binary data (NUL bytes); line skipped".into(),
                });
                continue;
            }
        };
        any_content |= !text.trim().is_empty();
        match formats::parse_json_line(&text, line_no) {
            Ok(Some(d)) => drafts.push(d),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    if latin1_lines > 0 {
        problems.push(formats::Problem {
            line: None,
            message: format!("{latin1_lines} line(s) not valid UTF-8; read as Latin-1"),
        });
    }
    if !any_content && problems.is_empty() {
        problems.push(formats::Problem {
            line: None,
            message: "empty file; skipped".into(),
        });
    }
    finish(path, (drafts, problems))
}

fn skip_rest_of_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}
