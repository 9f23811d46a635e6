//! What `fetch` remembers per feed, in `DIR/.presscut-feeds.json` (hidden, so loading the folder
//! as a corpus passes over it): the validators for a conditional GET and the items already
//! written. Saved atomically (a temporary file renamed over the old one), so a crash or a second
//! `fetch` never leaves half a file. A damaged state file costs only the conditional GET: items
//! already written are still recognised by their file names.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::http::Validators;

pub const FILE_NAME: &str = ".presscut-feeds.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedState>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FeedState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// RFC 3339 time of the last answer (200 or 304).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_fetched: Option<String>,
    /// File stems of the items written from this feed: an item deleted from the folder stays
    /// deleted.
    #[serde(default)]
    pub seen: BTreeSet<String>,
}

impl FeedState {
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The state in `dir` (empty when there is none), and a warning when the file was damaged.
pub fn load(dir: &Path) -> (State, Option<String>) {
    let path = path_in(dir);
    match std::fs::read(&path) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(state) => (state, None),
            Err(e) => (
                State::default(),
                Some(format!(
                    "{}: damaged ({e}); every feed is fetched in full this time (items already in the folder are not written again)",
                    path.display()
                )),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (State::default(), None),
        Err(e) => (
            State::default(),
            Some(format!(
                "{}: cannot read ({e}); every feed is fetched in full this time",
                path.display()
            )),
        ),
    }
}

/// Writes the state atomically.
pub fn save(dir: &Path, state: &State) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    write_atomically(&path_in(dir), &json)
}

/// Writes `bytes` to a hidden temporary file beside `path`, flushes it to disk and renames it
/// over `path`: readers see the old file or the new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.trim_start_matches('.'),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_damaged_file_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let (state, warning) = load(dir.path());
        assert!(state.feeds.is_empty() && warning.is_none());
        let mut state = State::default();
        let feed = state
            .feeds
            .entry("https://a.example/rss".into())
            .or_default();
        feed.etag = Some("\"v1\"".into());
        feed.seen.insert("a.example-0123".into());
        save(dir.path(), &state).unwrap();
        let (back, warning) = load(dir.path());
        assert!(warning.is_none());
        let feed = &back.feeds["https://a.example/rss"];
        assert_eq!(feed.validators().etag.as_deref(), Some("\"v1\""));
        assert!(feed.seen.contains("a.example-0123"));
        // No temporary file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        std::fs::write(path_in(dir.path()), "{ not json").unwrap();
        let (state, warning) = load(dir.path());
        assert!(state.feeds.is_empty());
        assert!(warning.unwrap().contains("damaged"));
    }
}
