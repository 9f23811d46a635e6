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
    // Removed here, whatever the editor did with it.
    drop(file);
    result
}

/// A new file in the temp folder holding `text`, removed when dropped: a random name created
/// exclusively and readable by the user only (a fixed name there could be taken over by
/// another user's link to a file of ours, which opening it would then overwrite).
fn tempfile_in_tmp(text: &str) -> io::Result<tempfile::TempPath> {
    let mut file = tempfile::Builder::new()
        .prefix("presscut-note-")
        .suffix(".md")
        .tempfile()?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    Ok(file.into_temp_path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_file_is_new_private_unpredictable_and_removed_after() {
        let first = tempfile_in_tmp("Zoë’s note — «draft»").unwrap();
        let second = tempfile_in_tmp("another").unwrap();
        assert_ne!(*first, *second, "two notes never share a file");
        assert_eq!(
            std::fs::read_to_string(&first).unwrap(),
            "Zoë’s note — «draft»"
        );
        let name = first.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("presscut-note-") && name.ends_with(".md"),
            "{name}"
        );
        assert_ne!(name, format!("presscut-note-{}.md", std::process::id()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&first).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        let path = first.to_path_buf();
        drop(first);
        assert!(!path.exists());
    }
}
