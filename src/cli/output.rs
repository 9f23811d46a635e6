//! Everything a command prints to stdout goes through one [`SafeWriter`], so no byte from an
//! article, tag, note, id or path can reach the terminal as a control sequence (an OSC 52
//! clipboard write, a screen clear, bidi overrides that disguise text), whatever the command
//! and whether or not stdout is a terminal right now (output piped to a file today is `cat` to
//! a terminal tomorrow).
//!
//! Text keeps its line breaks and tabs; every other control character becomes a visible stand-in
//! (`␛`, `\u{9b}`). JSON stays valid JSON with the same data: what `serde_json` leaves raw inside
//! strings (DEL, C1 controls, bidi controls) is written as a `\uXXXX` escape instead.

use std::io::{self, Write};

use crate::text::sanitize;

/// How the bytes passing through are made safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Json,
}

pub struct SafeWriter<W: Write> {
    inner: W,
    kind: Kind,
    /// The start of a UTF-8 sequence cut between two writes.
    pending: Vec<u8>,
}

/// Standard output, buffered and made safe.
pub fn stdout(kind: Kind) -> SafeWriter<io::BufWriter<io::StdoutLock<'static>>> {
    SafeWriter::new(io::BufWriter::new(io::stdout().lock()), kind)
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W, kind: Kind) -> SafeWriter<W> {
        SafeWriter {
            inner,
            kind,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        let clean = match self.kind {
            Kind::Text => clean_text(text),
            Kind::Json => clean_json(text),
        };
        self.inner.write_all(clean.as_bytes())
    }
}

/// A character `clean_json` escapes.
fn risky_in_json(c: char) -> bool {
    c == '\u{7f}'
        || ('\u{80}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A character `clean_text` changes (`\r` only when no `\n` follows; checked there).
fn risky_in_text(c: char) -> bool {
    c != '\n' && c != '\t' && crate::text::needs_escape(c)
}

impl<W: Write> SafeWriter<W> {}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut bytes = std::mem::take(&mut self.pending);
        let mut at = 0;
        loop {
            match std::str::from_utf8(&bytes[at..]) {
                Ok(text) => {
                    self.emit(text)?;
                    break;
                }
                Err(e) => {
                    let valid = at + e.valid_up_to();
                    let text = String::from_utf8_lossy(&bytes[at..valid]).into_owned();
                    self.emit(&text)?;
                    match e.error_len() {
                        // Invalid bytes: shown as U+FFFD, never passed on.
                        Some(len) => {
                            self.emit("\u{fffd}")?;
                            at = valid + len;
                        }
                        // An incomplete sequence at the end: wait for the rest.
                        None => {
                            self.pending = bytes.split_off(valid);
                            break;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.emit(&rest)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Lines and tabs kept (and `\r` before `\n`, for CSV); every other control visible. Text with
/// nothing to change (nearly all of it) passes through without a copy.
fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(risky_in_text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c => out.push_str(&sanitize(c.encode_utf8(&mut [0; 4]))),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `serde_json` escapes C0 controls itself; the rest become `\uXXXX`.
fn clean_json(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(risky_in_json) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if risky_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(kind: Kind, chunks: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut w = SafeWriter::new(&mut out, kind);
            for chunk in chunks {
                w.write_all(chunk).unwrap();
            }
            w.flush().unwrap();
        }
        out
    }

    #[test]
    fn text_keeps_lines_and_makes_controls_visible_even_split_across_writes() {
        let hostile =
            "Title \u{1b}]52;c;ZXZpbA==\u{7}\r\nnext\tcol \u{9b}31m \u{202e}txet\rZoë 北京";
        let bytes = hostile.as_bytes();
        // Split inside the multi-byte C1 character and inside 北.
        let c1 = hostile.find('\u{9b}').unwrap() + 1;
        let cjk = hostile.find('北').unwrap() + 1;
        let out = through(Kind::Text, &[&bytes[..c1], &bytes[c1..cjk], &bytes[cjk..]]);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "Title ␛]52;c;ZXZpbA==␇\r\nnext\tcol \\u{9b}31m \\u{202e}txet Zoë 北京"
        );
        assert!(!out.chars().any(|c| c.is_control() && !"\r\n\t".contains(c)));
    }

    #[test]
    fn json_stays_json_with_the_same_data() {
        let value = serde_json::json!({"note": "a\u{1b}b\u{9b}c\u{202e}d\u{7f}"});
        let raw = serde_json::to_vec(&value).unwrap();
        let out = through(Kind::Json, &[&raw]);
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| c.is_control()), "{text:?}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn invalid_utf8_is_replaced_not_passed_on() {
        let out = through(Kind::Text, &[b"ok \xff\x1b end"]);
        assert_eq!(String::from_utf8(out).unwrap(), "ok \u{fffd}␛ end");
    }
}
