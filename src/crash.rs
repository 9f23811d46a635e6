//! What happens when presscut panics (it should not): the terminal is restored first (ratatui's
//! hook runs before this one), then a short report with the version, the message, where it
//! happened and a backtrace goes to the data folder, and one line on stderr says where.

use std::path::{Path, PathBuf};

/// Installs the report-writing panic hook. Call before the terminal is set up, so the
/// terminal-restoring hook wraps this one and runs first.
pub fn install(data_dir: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let backtrace = std::backtrace::Backtrace::force_capture();
        let report = report_text(&message, &location, &backtrace.to_string());
        match write_report(&data_dir, &report) {
            Ok(path) => eprintln!(
                "presscut crashed ({message}). Your saved tags and notes are safe. A report is in {}; please attach it to a bug report.",
                path.display()
            ),
            Err(_) => eprintln!("presscut crashed ({message} at {location}); no report could be written:\n{report}"),
        }
    }));
}

pub fn report_text(message: &str, location: &str, backtrace: &str) -> String {
    format!(
        "presscut {} crashed\nmessage: {message}\nat: {location}\nos: {} {}\n\nbacktrace:\n{backtrace}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Writes `report` as `crash-<time>.txt` in `dir` and returns its path.
pub fn write_report(dir: &Path, report: &str) -> std::io::Result<PathBuf> {
    crate::store::create_private_dir(dir)?;
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    let path = dir.join(format!("crash-{stamp}.txt"));
    std::io::Write::write_all(
        &mut crate::store::private_file().open(&path)?,
        report.as_bytes(),
    )?;
    Ok(path)
}
