//! The nouns every layer shares. Kept free of parsing, terminal and storage concerns so that any
//! module can depend on them without pulling the others in.

use std::fmt;
use std::path::PathBuf;

pub use crate::body::Body;

/// A stable article id: the first 12 hex digits of the BLAKE3 hash of the normalised body.
///
/// 48 bits keep collisions negligible for corpora of millions of articles while staying short
/// enough to type as a prefix on the command line. Kept inline, not on the heap: a million
/// articles made a million 12-byte allocations at every start.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId([u8; ID_LEN]);

const ID_LEN: usize = 12;

impl ArticleId {
    /// Length of the hex id; part of the store and export contracts.
    pub const LEN: usize = ID_LEN;

    pub fn of_body(normalised_body: &str) -> Self {
        let hash = blake3::hash(normalised_body.as_bytes());
        let mut id = [0; ID_LEN];
        id.copy_from_slice(&hash.to_hex().as_bytes()[..ID_LEN]);
        ArticleId(id)
    }

    /// An id as [`ArticleId::as_str`] spelled it (twelve lowercase hex digits), or `None`.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let id: [u8; ID_LEN] = hex.as_bytes().try_into().ok()?;
        id.iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .then_some(ArticleId(id))
    }

    pub fn as_str(&self) -> &str {
        // Only ever made of hex digits (above).
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ArticleId").field(&self.as_str()).finish()
    }
}

/// Where an article came from: a file, and for multi-article files (JSON arrays, JSONL) the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    /// 1-based line in the file for JSONL; `None` when the file holds one article or a JSON array.
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// One article as read from the corpus. The text is kept exactly as decoded (only line endings
/// and blank-line runs are normalised) so that exports and offsets refer to the original words;
/// anything shown on a terminal goes through [`crate::text::sanitize`] first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub origin: Origin,
    pub title: String,
    /// `YYYY-MM-DD` when the source gave a recognisable date, otherwise what it gave.
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// An id the source file carried itself (JSON `id` field); informational only.
    pub source_id: Option<String>,
    /// Paragraphs separated by exactly one blank line (`"\n\n"`), or by single line breaks
    /// where the source had no blank lines at all (see `Article::paragraphs`).
    pub body: Body,
}

impl Article {
    /// Authors joined for display: "A and B", "A, B and C".
    pub fn byline(&self) -> Option<String> {
        match self.authors.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [init @ .., last] => Some(format!("{} and {}", init.join(", "), last)),
        }
    }

    /// The body's paragraphs with their byte offsets: split at blank lines, or at single line
    /// breaks in a body written one paragraph per line (`text::paragraph_separator`).
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> {
        crate::text::paragraphs(&self.body)
    }
}

/// A problem with one input, shown in the TUI's warnings list and printed by `presscut check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub origin: Origin,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}
