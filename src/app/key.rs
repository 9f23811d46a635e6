//! The app's own key type. The terminal library's key events are translated once, in
//! `tui/keys.rs`, so that nothing in `app` depends on which terminal backend delivers the keys,
//! and keymaps, popups and tests speak one language.

use std::fmt;

/// A key, without modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Delete,
    Insert,
    Tab,
    BackTab,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
    /// Any other key a terminal can report (media keys, …): never bound, never typed.
    Other,
}

/// Ctrl, Alt and Shift, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Modifiers(u8);

impl Modifiers {
    pub const NONE: Modifiers = Modifiers(0);
    pub const SHIFT: Modifiers = Modifiers(1);
    pub const CONTROL: Modifiers = Modifiers(2);
    pub const ALT: Modifiers = Modifiers(4);

    pub fn contains(self, other: Modifiers) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Modifiers {
    type Output = Modifiers;
    fn bitor(self, rhs: Modifiers) -> Modifiers {
        Modifiers(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Modifiers {
    fn bitor_assign(&mut self, rhs: Modifiers) {
        self.0 |= rhs.0;
    }
}

impl std::ops::Sub for Modifiers {
    type Output = Modifiers;
    fn sub(self, rhs: Modifiers) -> Modifiers {
        Modifiers(self.0 & !rhs.0)
    }
}

impl fmt::Display for KeyCode {
    /// The spelling shown in help and the status bar: `PgDn`, `↓`, `G`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Other => f.write_str("?"),
        }
    }
}

/// One key with its modifiers, normalised so that `G` and `shift-g` are the same press.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: Modifiers,
}

impl KeyPress {
    pub fn new(code: KeyCode, modifiers: Modifiers) -> Self {
        // Terminals report shifted characters as the character plus SHIFT (or not at all):
        // the character alone is what the user meant.
        let modifiers = match code {
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - Modifiers::SHIFT,
            _ => modifiers,
        };
        KeyPress { code, modifiers }
    }

    /// Parses one key as written in the keymap file: `j`, `G`, `ctrl-d`, `pagedown`, `shift-tab`.
    pub fn parse(text: &str) -> Result<KeyPress, String> {
        let mut modifiers = Modifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (Modifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (Modifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (Modifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break; // "ctrl-" alone is not a key; "-" after a modifier is handled below
            }
            modifiers |= modifier;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if modifiers.contains(Modifiers::SHIFT) {
                    KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(|| {
                format!(
                    "unknown key {text:?} (use a character, or one of: {})",
                    NAMED_KEYS.join(" ")
                )
            })?,
        };
        if code == KeyCode::Tab && modifiers.contains(Modifiers::SHIFT) {
            return Ok(KeyPress::new(KeyCode::BackTab, modifiers));
        }
        Ok(KeyPress::new(code, modifiers))
    }
}

const NAMED_KEYS: &[&str] = &[
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "tab",
    "backtab",
    "enter",
    "esc",
    "space",
    "backspace",
    "delete",
    "insert",
    "f1-f12",
];

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
        }
        _ => return None,
    })
}

impl KeyPress {
    /// A character typed with no Ctrl or Alt: text for a text field.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self.modifiers.contains(Modifiers::CONTROL)
                    && !self.modifiers.contains(Modifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }
}

impl fmt::Display for KeyPress {
    /// The spelling shown in help and the status bar: `Ctrl-d`, `PgDn`, `↓`, `G`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(Modifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(Modifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(Modifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        write!(f, "{}", self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(s: &str) -> KeyPress {
        KeyPress::parse(s).unwrap()
    }

    #[test]
    fn parses_keys_with_modifiers_and_names() {
        assert_eq!(
            press("ctrl-d"),
            KeyPress::new(KeyCode::Char('d'), Modifiers::CONTROL)
        );
        assert_eq!(
            press("G"),
            KeyPress::new(KeyCode::Char('G'), Modifiers::SHIFT)
        );
        assert_eq!(press("shift-g"), press("G"));
        assert_eq!(press("shift-tab"), press("backtab"));
        assert_eq!(press("pagedown").code, KeyCode::PageDown);
        assert_eq!(press("F5").code, KeyCode::F(5));
        assert_eq!(press("ä").code, KeyCode::Char('ä'));
        assert_eq!(press("-").code, KeyCode::Char('-'));
        assert!(KeyPress::parse("hyper-x")
            .unwrap_err()
            .contains("unknown key"));
    }
}
