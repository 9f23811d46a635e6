//! A small multi-line text editor for notes: a string and a cursor, edited by key presses.
//! Line layout (soft wrap) is computed here so the UI draws the cursor exactly where the
//! editor's own Up/Down think it is.

use std::ops::Range;

use super::{Action, Input};
use crate::app::reader::display_width;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextEditor {
    pub text: String,
    /// Byte offset of the cursor in `text`, always on a char boundary.
    pub cursor: usize,
}

/// What a key did to the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditOutcome {
    Edited,
    Moved,
    Ignored,
}

impl TextEditor {
    pub fn new(text: &str) -> TextEditor {
        TextEditor {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn insert(&mut self, s: &str) {
        // Pasted text may carry \r\n; notes keep \n only.
        let clean = s.replace("\r\n", "\n").replace('\r', "\n");
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    fn prev_boundary(&self, i: usize) -> usize {
        self.text[..i]
            .char_indices()
            .next_back()
            .map_or(0, |(p, _)| p)
    }

    fn next_boundary(&self, i: usize) -> usize {
        self.text[i..]
            .chars()
            .next()
            .map_or(i, |c| i + c.len_utf8())
    }

    fn line_start(&self, i: usize) -> usize {
        self.text[..i].rfind('\n').map_or(0, |p| p + 1)
    }

    fn line_end(&self, i: usize) -> usize {
        self.text[i..].find('\n').map_or(self.text.len(), |p| i + p)
    }

    /// Moves to the same column (in characters) on the line before or after.
    fn vertical(&mut self, down: bool) {
        let start = self.line_start(self.cursor);
        let column = self.text[start..self.cursor].chars().count();
        let target_start = if down {
            let end = self.line_end(self.cursor);
            if end == self.text.len() {
                return;
            }
            end + 1
        } else {
            if start == 0 {
                return;
            }
            self.line_start(start - 1)
        };
        let target_end = self.line_end(target_start);
        let line = &self.text[target_start..target_end];
        self.cursor = target_start
            + line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(i, _)| i);
    }

    /// A one-line query field's input: pasted text (its line breaks as spaces) or an edit.
    /// Returns whether the text changed.
    pub fn query_input(&mut self, input: &Input) -> bool {
        match input {
            Input::Paste(text) => {
                self.insert(&text.replace(['\n', '\r'], " "));
                true
            }
            other => self.apply(other) == EditOutcome::Edited,
        }
    }

    /// Applies a typed character or a text-field action (`[keys.text]`, and for notes
    /// `[keys.note]`'s new line, indent and up/down).
    pub fn apply(&mut self, input: &Input) -> EditOutcome {
        let action = match input {
            Input::Char(c) => {
                let mut buf = [0u8; 4];
                self.insert(c.encode_utf8(&mut buf));
                return EditOutcome::Edited;
            }
            Input::Paste(text) => {
                self.insert(text);
                return EditOutcome::Edited;
            }
            Input::Action(action) => *action,
        };
        match action {
            Action::Newline => {
                self.insert("\n");
                EditOutcome::Edited
            }
            Action::Indent => {
                self.insert("    ");
                EditOutcome::Edited
            }
            Action::DeleteBack if self.cursor > 0 => {
                let from = self.prev_boundary(self.cursor);
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
                EditOutcome::Edited
            }
            Action::DeleteForward if self.cursor < self.text.len() => {
                let to = self.next_boundary(self.cursor);
                self.text.replace_range(self.cursor..to, "");
                EditOutcome::Edited
            }
            Action::DeleteWordBack if self.cursor > 0 => {
                let from = self.word_start();
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
                EditOutcome::Edited
            }
            Action::ClearLine if !self.text.is_empty() => {
                self.text.clear();
                self.cursor = 0;
                EditOutcome::Edited
            }
            Action::CursorLeft => {
                self.cursor = self.prev_boundary(self.cursor);
                EditOutcome::Moved
            }
            Action::CursorRight => {
                self.cursor = self.next_boundary(self.cursor);
                EditOutcome::Moved
            }
            Action::CursorUp => {
                self.vertical(false);
                EditOutcome::Moved
            }
            Action::CursorDown => {
                self.vertical(true);
                EditOutcome::Moved
            }
            Action::LineStart => {
                self.cursor = self.line_start(self.cursor);
                EditOutcome::Moved
            }
            Action::LineEnd => {
                self.cursor = self.line_end(self.cursor);
                EditOutcome::Moved
            }
            _ => EditOutcome::Ignored,
        }
    }

    fn word_start(&self) -> usize {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        trimmed.rfind(char::is_whitespace).map_or(0, |p| p + 1)
    }

    /// Soft-wrapped visual lines (byte ranges) for a box `width` columns wide. Hard line breaks
    /// always start a new line; long lines break between words, or inside a too-long word.
    pub fn visual_lines(&self, width: usize) -> Vec<Range<usize>> {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut start = 0;
        for line in self.text.split('\n') {
            let end = start + line.len();
            let mut line_start = start;
            let mut used = 0;
            let mut last_space: Option<usize> = None;
            let mut i = start;
            for c in line.chars() {
                let w = display_width(c.encode_utf8(&mut [0u8; 4]));
                if used + w > width && i > line_start && c == ' ' {
                    // A space that does not fit ends the line (it is not drawn).
                    lines.push(line_start..i + 1);
                    line_start = i + 1;
                    used = 0;
                    last_space = None;
                    i += 1;
                    continue;
                }
                if used + w > width && i > line_start {
                    let cut = match last_space {
                        Some(s) if s > line_start => s + 1,
                        _ => i,
                    };
                    lines.push(line_start..cut);
                    used = display_width(&self.text[cut..i]);
                    line_start = cut;
                    last_space = None;
                }
                if c == ' ' {
                    last_space = Some(i);
                }
                used += w;
                i += c.len_utf8();
            }
            lines.push(line_start..end);
            start = end + 1;
        }
        lines
    }

    /// The cursor's (line, column) on screen for a box `width` columns wide.
    pub fn cursor_position(&self, width: usize) -> (usize, usize) {
        let lines = self.visual_lines(width);
        for (row, range) in lines.iter().enumerate() {
            let next_starts_here = lines
                .get(row + 1)
                .is_some_and(|n| n.start == self.cursor && n.start == range.end);
            if range.contains(&self.cursor) || (self.cursor == range.end && !next_starts_here) {
                return (row, display_width(&self.text[range.start..self.cursor]));
            }
        }
        (lines.len().saturating_sub(1), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(e: &mut TextEditor, action: Action) -> EditOutcome {
        e.apply(&Input::Action(action))
    }

    #[test]
    fn typing_moving_and_deleting_handles_multibyte_text() {
        let mut e = TextEditor::new("");
        for c in "Zoë 北京".chars() {
            e.apply(&Input::Char(c));
        }
        act(&mut e, Action::Newline);
        e.insert("line two\r\nthree");
        assert_eq!(e.text, "Zoë 北京\nline two\nthree");
        // Up keeps the column in characters: 5 on "three" is 5 on "Zoë 北京" too.
        act(&mut e, Action::CursorUp);
        act(&mut e, Action::CursorUp);
        assert_eq!(&e.text[..e.cursor], "Zoë 北");
        act(&mut e, Action::DeleteBack);
        act(&mut e, Action::CursorLeft);
        act(&mut e, Action::DeleteForward);
        assert_eq!(e.text, "Zoë京\nline two\nthree");
        act(&mut e, Action::LineStart);
        assert_eq!(e.cursor, 0);
        act(&mut e, Action::LineEnd);
        act(&mut e, Action::CursorDown);
        assert_eq!(&e.text[..e.cursor], "Zoë京\nline");
        act(&mut e, Action::DeleteWordBack);
        assert_eq!(e.text, "Zoë京\n two\nthree");
        assert_eq!(act(&mut e, Action::ClearLine), EditOutcome::Edited);
        assert_eq!((e.text.as_str(), e.cursor), ("", 0));
        assert_eq!(act(&mut e, Action::DeleteBack), EditOutcome::Ignored);
    }

    #[test]
    fn soft_wrap_breaks_between_words_and_places_the_cursor() {
        let e = TextEditor {
            text: "aaa bbb ccc\nd".into(),
            cursor: 9,
        };
        let at = |width| -> Vec<String> {
            e.visual_lines(width)
                .iter()
                .map(|r| e.text[r.clone()].to_string())
                .collect()
        };
        assert_eq!(at(7), vec!["aaa bbb ", "ccc", "d"]);
        assert_eq!(e.cursor_position(7), (1, 1));
        assert_eq!(at(5), vec!["aaa ", "bbb ", "ccc", "d"]);
        assert_eq!(e.cursor_position(5), (2, 1));
        let end = TextEditor::new("aaa bbb ccc\nd");
        assert_eq!(end.cursor_position(7), (2, 1));
        let long = TextEditor::new("abcdefgh");
        assert_eq!(long.visual_lines(3), vec![0..3, 3..6, 6..8]);
    }
}
