//! The search line's history: `DATA_DIR/search_history`, one query per line, oldest first.
//! Plain text so it can be read and edited by hand; written atomically like the store.

use std::io::Write;
use std::path::{Path, PathBuf};

pub const HISTORY_FILE: &str = "search_history";

pub fn history_path(data_dir: &Path) -> PathBuf {
    data_dir.join(HISTORY_FILE)
}

/// The saved history; a missing or unreadable file is an empty history (it is a convenience,
/// never worth refusing to start over).
pub fn load_history(data_dir: &Path) -> Vec<String> {
    std::fs::read(history_path(data_dir))
        .map(|bytes| {
            String::from_utf8_lossy(&bytes)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Replaces the history file with `entries` (temp file + rename: never half-written).
pub fn save_history(data_dir: &Path, entries: &[String]) -> std::io::Result<()> {
    // The first search of a new user can come before the first edit created the data folder.
    super::file::create_private_dir(data_dir)?;
    let mut file = tempfile_in(data_dir)?;
    for entry in entries {
        // One query per line: a pasted newline must not split an entry.
        writeln!(file.0, "{}", entry.replace(['\n', '\r'], " "))?;
    }
    file.0.sync_all()?;
    std::fs::rename(&file.1, history_path(data_dir))
}

fn tempfile_in(dir: &Path) -> std::io::Result<(std::fs::File, PathBuf)> {
    let path = dir.join(format!(".{HISTORY_FILE}.{}.tmp", std::process::id()));
    Ok((super::file::private_file().open(&path)?, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_search_creates_the_data_folder() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("new").join("presscut");
        save_history(&dir, &["witkoff".to_string()]).unwrap();
        assert_eq!(load_history(&dir), ["witkoff"]);
    }

    #[test]
    fn history_round_trips_and_survives_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_history(dir.path()).is_empty());
        let entries = vec![
            "zelensky".to_string(),
            "who:\"Maria Zakharova\" 北京".to_string(),
            "a\nb".into(),
        ];
        save_history(dir.path(), &entries).unwrap();
        assert_eq!(
            load_history(dir.path()),
            ["zelensky", "who:\"Maria Zakharova\" 北京", "a b"]
        );
    }
}
