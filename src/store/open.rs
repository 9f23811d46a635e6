//! The store as one process sees it: the fold of every coder's log, the snapshot that makes
//! starting fast, the migration of stores from before the log, and appending this coder's
//! edits.
//!
//! `store.json` is the snapshot: the folded state plus how much of each log it holds. It is
//! trusted only when every log still begins with what it holds and everything appended since
//! sorts after it; otherwise the logs are folded again from the start. It is never the only
//! copy of an edit, so a damaged snapshot is set aside and rebuilt, never fatal — unless no log
//! exists yet, in which case it is a store from before the log and stays untouched until the
//! user decides (`--recover`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::data::{Folded, StoreData};
use super::file::{io_error, lock, remove_stale_temp_files, write_atomically};
use super::log::{self, Entry};
use super::op::{Change, Op};
use super::{read_store, StoreError, STORE_FILE};

/// An open store: where it lives, who is editing, and how much of the logs the state holds.
#[derive(Debug)]
pub struct StoreFile {
    dir: PathBuf,
    coder: String,
    /// This coder's log file name.
    own: String,
    folded: Folded,
    /// Another process appended to our log before our last append: the state must be folded
    /// again before it matches the logs.
    own_stale: bool,
    warnings: Vec<String>,
}

/// What catching up with the logs did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CaughtUp {
    pub changed: bool,
    /// Notes two writers saved at once (both texts are kept in the note).
    pub conflicts: Vec<String>,
}

impl StoreFile {
    /// Opens the store in `dir` for `coder`. Creates nothing, except when a store from before
    /// the log must be migrated (its original is kept as `store.json.v1-backup`).
    pub fn open(dir: &Path, coder: &str) -> Result<(StoreFile, StoreData), StoreError> {
        let mut file = StoreFile {
            dir: dir.to_path_buf(),
            coder: coder.to_string(),
            own: log::log_file_name(coder),
            folded: Folded::default(),
            own_stale: false,
            warnings: Vec::new(),
        };
        let logs = log::list_logs(dir).map_err(io_error(&log::log_dir(dir), "read the logs"))?;
        let logged = logs.values().any(|&len| len > 0);
        let path = file.path();
        let snapshot = match read_store(&path) {
            Ok(snapshot) => snapshot,
            Err(StoreError::Corrupt { reason, .. }) if logged => {
                let aside = file.set_aside("corrupt")?;
                file.warnings.push(format!(
                    "{}: {reason}; rebuilt from the logs (the damaged file is kept as {})",
                    path.display(),
                    aside.display()
                ));
                None
            }
            Err(e) => return Err(e),
        };
        let mut state = match snapshot {
            Some(snapshot) if !logged && has_content(&snapshot) => {
                file.migrate(&snapshot, &StoreData::default())?
            }
            Some(snapshot) if logged && snapshot.version < 2 && has_content(&snapshot) => {
                // An older presscut wrote the whole store over the snapshot: what it changed
                // enters the log as this coder's edits.
                let folded = file.refold()?;
                file.migrate(&snapshot, &folded)?
            }
            Some(snapshot) if file.holds(&snapshot, &logs) => {
                file.folded = snapshot.folded.clone().unwrap_or_default();
                snapshot
            }
            _ => file.refold()?,
        };
        let caught = file.catch_up(&mut state)?;
        file.report_conflicts(&caught.conflicts);
        Ok((file, state))
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(STORE_FILE)
    }

    /// The data folder the store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// This coder's log.
    pub fn log_path(&self) -> PathBuf {
        log::log_dir(&self.dir).join(&self.own)
    }

    /// Problems met while reading (unreadable log lines, a rebuilt snapshot, conflicts), once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Whether a snapshot can stand for the logs up to what it says it holds.
    fn holds(&mut self, snapshot: &StoreData, logs: &BTreeMap<String, u64>) -> bool {
        let Some(folded) = &snapshot.folded else {
            return logs.values().all(|&len| len == 0);
        };
        let cut: Vec<&String> = folded
            .bytes
            .iter()
            .filter(|(name, &bytes)| logs.get(*name).copied().unwrap_or(0) < bytes)
            .map(|(name, _)| name)
            .collect();
        if let Some(name) = cut.first() {
            self.warnings.push(format!(
                "{}/{name} is shorter than {STORE_FILE} remembers (replaced or cut?); the store was rebuilt from the logs",
                log::LOG_DIR
            ));
            return false;
        }
        true
    }

    /// Moves `store.json` aside as `store.json.<what>-<time>`.
    fn set_aside(&self, what: &str) -> Result<PathBuf, StoreError> {
        let path = self.path();
        let aside = self
            .dir
            .join(format!("{STORE_FILE}.{what}-{}", file_stamp()));
        std::fs::rename(&path, &aside).map_err(io_error(&path, "move the store aside"))?;
        Ok(aside)
    }

    /// Writes the difference between a store from before the log (or from an older presscut)
    /// and the folded logs into this coder's log; the original is kept beside it.
    fn migrate(&mut self, old: &StoreData, folded: &StoreData) -> Result<StoreData, StoreError> {
        let changes = StoreData::changes_between(folded, old);
        if changes.is_empty() {
            return Ok(folded.clone());
        }
        let backup = self.dir.join(format!("{STORE_FILE}.v1-backup"));
        let backup = if backup.exists() {
            self.dir
                .join(format!("{STORE_FILE}.v1-backup-{}", file_stamp()))
        } else {
            backup
        };
        std::fs::copy(self.path(), &backup).map_err(io_error(&backup, "keep the old store"))?;
        self.append(&changes)?;
        let state = self.refold()?;
        self.warnings.push(format!(
            "{} was written without the operation log (by an older presscut or another tool): its {} change(s) are now in {}; the file as it was is kept as {}",
            self.path().display(),
            changes.len(),
            self.log_path().display(),
            backup.display()
        ));
        Ok(state)
    }

    /// Folds every log from the start.
    fn refold(&mut self) -> Result<StoreData, StoreError> {
        let tails = log::read_tails(&self.dir, &BTreeMap::new())
            .map_err(io_error(&log::log_dir(&self.dir), "read the logs"))?;
        let mut entries = tails.entries;
        log::sort(&mut entries);
        let mut state = StoreData::default();
        let conflicts = log::fold(&mut state, &entries);
        self.note_read(tails.warnings, tails.ends, entries.last());
        self.own_stale = false;
        self.report_conflicts(&conflicts);
        Ok(state)
    }

    fn note_read(
        &mut self,
        warnings: Vec<String>,
        ends: BTreeMap<String, u64>,
        last: Option<&Entry>,
    ) {
        self.warnings.extend(warnings);
        self.folded.bytes.extend(ends);
        if let Some(last) = last {
            self.folded.last = Some((last.op.at.clone(), last.op.coder.clone()));
        }
    }

    fn report_conflicts(&mut self, ids: &[String]) {
        for id in ids {
            self.warnings.push(format!(
                "the note of {id} was saved in two places at once; both versions are in the note — edit it to keep what you want"
            ));
        }
    }

    /// Takes up what other processes and coders appended since the state was last folded.
    /// Usually that is applying a few new lines; when one of them sorts before what the state
    /// already holds (a clock behind, a sync that brought old lines), everything is folded again.
    ///
    /// Edits in the state's journal (made, not yet appended) are kept: when anything new
    /// arrived, the state is folded again and they are applied on top, as they will be in the
    /// log, where they will sort after everything read now.
    pub fn catch_up(&mut self, state: &mut StoreData) -> Result<CaughtUp, StoreError> {
        let pending = state.take_journal();
        let result = self.catch_up_folded(state, !pending.is_empty());
        if let Ok(caught) = &result {
            if caught.changed {
                for change in &pending {
                    state.apply(change, "", None);
                }
            }
        }
        state.restore_journal(pending);
        result
    }

    fn catch_up_folded(
        &mut self,
        state: &mut StoreData,
        has_pending: bool,
    ) -> Result<CaughtUp, StoreError> {
        if self.own_stale {
            *state = self.refold()?;
            return Ok(CaughtUp {
                changed: true,
                conflicts: Vec::new(),
            });
        }
        let tails = log::read_tails(&self.dir, &self.folded.bytes)
            .map_err(io_error(&log::log_dir(&self.dir), "read the logs"))?;
        let mut entries = tails.entries;
        log::sort(&mut entries);
        let in_order = entries.first().is_none_or(|first| {
            self.folded.last.as_ref().is_none_or(|(at, coder)| {
                (first.op.at.as_str(), first.op.coder.as_str()) > (at, coder)
            })
        });
        if !tails.shrunk.is_empty() || !in_order || (has_pending && !entries.is_empty()) {
            self.warnings.extend(tails.warnings);
            *state = self.refold()?;
            return Ok(CaughtUp {
                changed: true,
                conflicts: Vec::new(),
            });
        }
        let conflicts = log::fold(state, &entries);
        let changed = !entries.is_empty();
        self.note_read(tails.warnings, tails.ends, entries.last());
        self.report_conflicts(&conflicts);
        Ok(CaughtUp { changed, conflicts })
    }

    /// The time for this coder's next operation: now, or just after the last operation folded
    /// if that is later (another machine's clock ahead), so our edits always sort after
    /// everything we have seen and never force a refold.
    fn next_at(&mut self) -> String {
        let now = SystemTime::now();
        let mut at = humantime::format_rfc3339_nanos(now).to_string();
        if let Some((last, _)) = &self.folded.last {
            if at.as_str() <= last.as_str() {
                let after = humantime::parse_rfc3339(last)
                    .map(|t| t + Duration::from_nanos(1))
                    .unwrap_or(now);
                at = humantime::format_rfc3339_nanos(after).to_string();
                if at.as_str() <= last.as_str() {
                    at = format!("{last}+"); // unparsable time from elsewhere: still later
                }
            }
        }
        self.folded.last = Some((at.clone(), self.coder.clone()));
        at
    }

    /// Appends changes this process made (and has applied to its state) to this coder's log.
    /// Returns them as written, with coder and time.
    pub fn append(&mut self, changes: &[Change]) -> Result<Vec<Op>, StoreError> {
        self.append_with(changes, false)
    }

    fn append_with(&mut self, changes: &[Change], sync: bool) -> Result<Vec<Op>, StoreError> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let path = self.log_path();
        super::create_private_dir(&self.dir)
            .map_err(io_error(&self.dir, "create the data folder"))?;
        log::create_log_dir(&self.dir).map_err(io_error(&path, "create the log folder"))?;
        let mut lines = Vec::new();
        let mut ops = Vec::with_capacity(changes.len());
        for change in changes {
            let op = Op {
                change: change.clone(),
                coder: self.coder.clone(),
                at: self.next_at(),
            };
            serde_json::to_writer(&mut lines, &op)
                .map_err(|e| io_error(&path, "write the log")(std::io::Error::other(e)))?;
            lines.push(b'\n');
            ops.push(op);
        }
        let (before, after) =
            log::append(&path, &lines, sync).map_err(io_error(&path, "append to the log"))?;
        let known = self.folded.bytes.get(&self.own).copied().unwrap_or(0);
        if before == known && !self.own_stale {
            self.folded.bytes.insert(self.own.clone(), after);
        } else {
            self.own_stale = true;
        }
        Ok(ops)
    }

    /// For one-shot commands: appends the state's journal (flushed to disk), takes up what
    /// others wrote, and rewrites the snapshot. A snapshot that cannot be written is only a
    /// warning: the edits are in the log.
    pub fn commit(&mut self, state: &mut StoreData) -> Result<(), StoreError> {
        let changes = state.take_journal();
        let ops = self.append_with(&changes, true)?;
        state.stamp(&ops);
        let caught = self.catch_up(state)?;
        if !ops.is_empty() || caught.changed {
            if let Err(e) = self.write_snapshot(state) {
                self.warnings.push(format!(
                    "{e} (the edits are safe in {})",
                    self.log_path().display()
                ));
            }
        }
        Ok(())
    }

    /// Rewrites `store.json` from the state: under the store lock, through a temp file,
    /// keeping the previous one as `.bak`. The state first takes up what others appended (under
    /// the lock, so the last snapshot written holds every line appended before it): returns
    /// whether that changed the state.
    pub fn write_snapshot(&mut self, state: &mut StoreData) -> Result<bool, StoreError> {
        super::create_private_dir(&self.dir)
            .map_err(io_error(&self.dir, "create the data folder"))?;
        let _lock = lock(&self.dir)?;
        let caught = self.catch_up(state)?;
        remove_stale_temp_files(&self.dir);
        state.folded = Some(self.folded.clone());
        let result = write_atomically(&self.dir, state);
        state.folded = None;
        result.map(|()| caught.changed)
    }
}

impl StoreData {
    /// Sets `updated` on the records of the operations just written, as the fold will.
    pub fn stamp(&mut self, ops: &[Op]) {
        for op in ops {
            let Some(id) = op.change.stamped_article() else {
                continue;
            };
            if let Some(record) = self.articles.get_mut(id) {
                record.updated = Some(super::apply::seconds(&op.at));
            }
        }
    }
}

fn has_content(store: &StoreData) -> bool {
    !store.articles.is_empty()
        || !store.tags.is_empty()
        || !store.searches.is_empty()
        || !store.extra.is_empty()
}

fn file_stamp() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .replace(':', "-")
}
