//! The lines of the help and warnings popups, wrapped to the popup's width. They are laid out
//! here rather than in `ui` so that scrolling knows exactly how many lines there are: a long
//! description or a warning after a long path wraps instead of being cut off.

use unicode_width::UnicodeWidthStr;

use super::keymap::Mode;
use super::{Action, App, HELP_LEGEND_LINES};
use crate::text::sanitize;

/// The help popup is at most this wide.
pub const HELP_WIDTH: u16 = 64;
/// Key column width in help.
const KEY_WIDTH: usize = 16;

/// One line of the help popup after the legend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A section heading ("Tag picker").
    Heading(String),
    /// Keys (empty on a continuation line) and description text.
    Row {
        keys: String,
        text: String,
    },
    Blank,
}

/// Splits `text` into lines of at most `width` display cells, between words where it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if joined.width() <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word longer than the line is cut into pieces.
        let mut piece = String::new();
        for c in word.chars() {
            if (piece.clone() + &c.to_string()).width() > width && !piece.is_empty() {
                lines.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        line = piece;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

impl App {
    /// Width inside the help popup's border.
    fn help_inner_width(&self) -> usize {
        usize::from(self.screen.width.min(HELP_WIDTH)).saturating_sub(2)
    }

    /// Every section's keys, descriptions wrapped to the popup.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let inner = self.help_inner_width();
        let key_width = KEY_WIDTH.min(inner / 3);
        let text_width = inner.saturating_sub(key_width + 3).max(8);
        let mut lines = Vec::new();
        for mode in Mode::ALL {
            let rows = self.keymap.help_rows_of(mode);
            if rows.is_empty() {
                continue;
            }
            lines.push(HelpLine::Heading(mode.title().to_string()));
            for (keys, action) in rows {
                let text = match action {
                    Action::QuickTag(n) => match self.store.quick_tag(n) {
                        Some(tag) => format!("toggle #{}", sanitize(tag)),
                        None => format!("toggle quick tag {n} (your tag number {n})"),
                    },
                    other => other.description_in(mode).to_string(),
                };
                // Keys too wide for the column get a line of their own.
                let mut keys = keys;
                if keys.width() > key_width {
                    lines.push(HelpLine::Row {
                        keys: std::mem::take(&mut keys),
                        text: String::new(),
                    });
                }
                for (i, part) in wrap(&text, text_width).into_iter().enumerate() {
                    lines.push(HelpLine::Row {
                        keys: if i == 0 {
                            std::mem::take(&mut keys)
                        } else {
                            String::new()
                        },
                        text: part,
                    });
                }
            }
            lines.push(HelpLine::Blank);
        }
        lines
    }

    /// Help's key column width (the UI pads keys to it).
    pub fn help_key_width(&self) -> usize {
        KEY_WIDTH.min(self.help_inner_width() / 3)
    }

    /// Lines in the help popup, legend included.
    pub fn help_len(&self) -> usize {
        HELP_LEGEND_LINES + self.help_lines().len()
    }

    /// Width of the warnings popup.
    pub fn warnings_width(&self) -> u16 {
        self.screen.width.saturating_sub(4).min(100)
    }

    /// The load and config warnings, each wrapped to the popup (continuations indented).
    pub fn warning_lines(&self) -> Vec<String> {
        let inner = usize::from(self.warnings_width()).saturating_sub(2);
        if self.corpus.warnings.is_empty() {
            return vec![" No warnings: every file loaded.".to_string()];
        }
        let mut lines = Vec::new();
        for warning in &self.corpus.warnings {
            let text = sanitize(&warning.to_string()).into_owned();
            for (i, part) in wrap(&text, inner.saturating_sub(3)).into_iter().enumerate() {
                lines.push(if i == 0 {
                    format!(" {part}")
                } else {
                    format!("   {part}")
                });
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_inside_words_too_long() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("北京北京北京", 4), vec!["北京", "北京", "北京"]);
        assert_eq!(
            wrap("/a/very/long/path: gone", 8),
            vec!["/a/very/", "long/pat", "h: gone"]
        );
        assert_eq!(wrap("", 5), vec![""]);
    }
}
