//! Writing a note in the user's own editor (`$VISUAL`, `$EDITOR`): the terminal is handed over
//! for as long as the editor runs and taken back as it was, mouse and paste modes included.

use std::io;

use crossterm::execute;

use super::{enter_extras, leave_extras};

/// Runs `$VISUAL`/`$EDITOR` on a temp file holding `text`, with the terminal handed over.
/// `Ok(None)` when no editor is configured.
pub(super) fn edit_externally(
    terminal: &mut ratatui::DefaultTerminal,
    text: &str,
    mouse: bool,
) -> io::Result<Option<String>> {
    let Some(editor) = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|name| std::env::var_os(name).filter(|e| !e.is_empty()))
    else {
        return Ok(None);
    };
    let file = tempfile_in_tmp(text)?;
    leave_extras(mouse);
    ratatui::restore();
    let editor = editor.to_string_lossy().into_owned();
    // $EDITOR may carry arguments ("code -w"): let the shell split it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("presscut-editor")
        .arg(&file)
        .status();
    // Take the terminal back as it was (not `try_init` again: that would stack panic hooks).
    crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    enter_extras(mouse);
    terminal.clear()?;
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&file).map(Some),
        Ok(s) => Err(io::Error::other(format!(
            "{editor} exited with {s}; note unchanged"
        ))),
        Err(e) => Err(io::Error::other(format!("cannot run {editor}: {e}"))),
    };
    let _ = std::fs::remove_file(&file);
    result
}

fn tempfile_in_tmp(text: &str) -> io::Result<std::path::PathBuf> {
    let path = std::env::temp_dir().join(format!("presscut-note-{}.md", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    io::Write::write_all(&mut options.open(&path)?, text.as_bytes())?;
    Ok(path)
}
