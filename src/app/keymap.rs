//! Key bindings as data: parsed from TOML (the defaults in `assets/keymap.toml` are compiled in),
//! resolved one key press at a time so that multi-key sequences like `g g` work. Conflicts are
//! rejected when the keymap is built, never discovered by a surprised user.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::Action;

/// The built-in bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// One key with its modifiers, normalised so that `G` and `shift-g` are the same press.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyPress {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        // Terminals report shifted characters as the character plus SHIFT (or not at all):
        // the character alone is what the user meant.
        let modifiers = match code {
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        KeyPress { code, modifiers }
    }

    /// Parses one key as written in the keymap file: `j`, `G`, `ctrl-d`, `pagedown`, `shift-tab`.
    pub fn parse(text: &str) -> Result<KeyPress, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
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
                if modifiers.contains(KeyModifiers::SHIFT) {
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
        if code == KeyCode::Tab && modifiers.contains(KeyModifiers::SHIFT) {
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

impl From<KeyEvent> for KeyPress {
    fn from(event: KeyEvent) -> Self {
        KeyPress::new(event.code, event.modifiers)
    }
}

impl fmt::Display for KeyPress {
    /// The spelling shown in help and the status bar: `Ctrl-d`, `PgDn`, `↓`, `G`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
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
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other}"),
        }
    }
}

/// A sequence of key presses bound to an action.
pub type KeySequence = Vec<KeyPress>;

/// What a key press led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// The keys so far begin a longer binding: wait for the next one.
    Pending,
    Unbound,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    /// In file order, which is also the order of the help overlay.
    bindings: Vec<(Action, Vec<KeySequence>)>,
    pending: KeySequence,
}

#[derive(Deserialize)]
struct KeymapFile {
    keys: toml::Table,
}

impl Keymap {
    pub fn default_keymap() -> Keymap {
        // The defaults are tested (see tests below); failing here would be a build defect.
        Keymap::from_toml(DEFAULT_KEYMAP)
            .expect("the built-in keymap in assets/keymap.toml is valid")
    }

    /// Builds a keymap from a TOML text with a `[keys]` table.
    pub fn from_toml(text: &str) -> Result<Keymap, String> {
        let file: KeymapFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut bindings: Vec<(Action, Vec<KeySequence>)> = Vec::new();
        for (name, value) in &file.keys {
            let texts: Vec<&str> = match value {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(items) => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .ok_or_else(|| format!("{name}: keys must be strings"))
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err(format!("{name}: expected a key or a list of keys")),
            };
            bindings.push(parse_binding(name, &texts)?);
        }
        let keymap = Keymap {
            bindings,
            pending: Vec::new(),
        };
        keymap.check_conflicts()?;
        Ok(keymap)
    }

    /// Every action with its key sequences, in keymap order.
    pub fn bindings(&self) -> &[(Action, Vec<KeySequence>)] {
        &self.bindings
    }

    /// Replaces the keys of `action` (a user's binding replaces the default ones). Does not check
    /// conflicts: the caller resolves them (see `config`), then [`Keymap::validate`].
    pub fn rebind(&mut self, action: Action, sequences: Vec<KeySequence>) {
        match self.bindings.iter_mut().find(|(a, _)| *a == action) {
            Some((_, seqs)) => *seqs = sequences,
            None => self.bindings.push((action, sequences)),
        }
    }

    /// Removes one key sequence from an action's keys.
    pub fn unbind(&mut self, action: Action, sequence: &[KeyPress]) {
        if let Some((_, seqs)) = self.bindings.iter_mut().find(|(a, _)| *a == action) {
            seqs.retain(|s| s.as_slice() != sequence);
        }
    }

    /// Checks that no sequence is bound twice or hides another (see [`Keymap::from_toml`]).
    pub fn validate(&self) -> Result<(), String> {
        self.check_conflicts()
    }

    /// Rejects a sequence bound twice, or bound while also being the start of a longer one
    /// (`g` and `g g`: the longer one could never be typed).
    fn check_conflicts(&self) -> Result<(), String> {
        for (action, sequences) in &self.bindings {
            for seq in sequences {
                for (other_seq, other_action) in self.all_sequences() {
                    if other_seq == seq && other_action != *action {
                        return Err(format!(
                            "{} is bound to both {} and {}",
                            describe(seq),
                            name_of(other_action),
                            name_of(*action)
                        ));
                    }
                    if other_seq.len() > seq.len() && other_seq.starts_with(seq) {
                        return Err(format!(
                            "{} ({}) is the start of {} ({}), which could never be typed",
                            describe(seq),
                            name_of(*action),
                            describe(other_seq),
                            name_of(other_action)
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn all_sequences(&self) -> impl Iterator<Item = (&KeySequence, Action)> {
        self.bindings
            .iter()
            .flat_map(|(a, seqs)| seqs.iter().map(move |s| (s, *a)))
    }

    /// Feeds one key press. A press that cannot continue a pending sequence starts afresh.
    pub fn resolve(&mut self, key: KeyPress) -> Resolution {
        self.pending.push(key);
        if let Some(resolution) = self.match_pending() {
            return resolution;
        }
        if self.pending.len() > 1 {
            self.pending = vec![key];
            if let Some(resolution) = self.match_pending() {
                return resolution;
            }
        }
        self.pending.clear();
        Resolution::Unbound
    }

    fn match_pending(&mut self) -> Option<Resolution> {
        let exact = self
            .all_sequences()
            .find(|(seq, _)| **seq == self.pending)
            .map(|(_, a)| a);
        if let Some(action) = exact {
            self.pending.clear();
            return Some(Resolution::Action(action));
        }
        let is_prefix = self
            .all_sequences()
            .any(|(seq, _)| seq.starts_with(&self.pending));
        is_prefix.then_some(Resolution::Pending)
    }

    /// The keys typed so far of an unfinished sequence (shown in the status bar).
    pub fn pending(&self) -> &[KeyPress] {
        &self.pending
    }

    /// Every action with its keys as the user would type them, in keymap order.
    pub fn help_rows(&self) -> Vec<(String, Action)> {
        self.bindings
            .iter()
            .filter(|(_, seqs)| !seqs.is_empty())
            .map(|(action, seqs)| {
                let keys: Vec<String> = seqs.iter().map(|s| describe(s)).collect();
                (keys.join(", "), *action)
            })
            .collect()
    }

    /// The first key bound to an action, for hints ("? help").
    pub fn key_for(&self, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, s)| s.first())
            .map(|s| describe(s))
    }
}

/// Parses one `[keys]` entry: an action name and its key texts (`"j"`, `"g g"`, `"ctrl-d"`).
/// Errors name what is wrong and list the valid choices.
pub fn parse_binding(name: &str, texts: &[&str]) -> Result<(Action, Vec<KeySequence>), String> {
    let action = Action::from_name(name).ok_or_else(|| {
        format!(
            "unknown action {name:?} — valid: {}",
            Action::names().join(", ")
        )
    })?;
    let sequences = texts
        .iter()
        .map(|t| {
            t.split_whitespace()
                .map(KeyPress::parse)
                .collect::<Result<KeySequence, _>>()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{name}: {e}"))?;
    Ok((
        action,
        sequences.into_iter().filter(|s| !s.is_empty()).collect(),
    ))
}

fn name_of(action: Action) -> String {
    action.name().unwrap_or_else(|| format!("{action:?}"))
}

/// Two sequences that cannot both be bound: the same keys, or one the start of the other.
pub fn clash(a: &[KeyPress], b: &[KeyPress]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

pub fn describe(seq: &[KeyPress]) -> String {
    seq.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" ")
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
            KeyPress::new(KeyCode::Char('d'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            press("G"),
            KeyPress::new(KeyCode::Char('G'), KeyModifiers::SHIFT)
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

    #[test]
    fn default_keymap_is_valid_and_resolves_sequences() {
        let mut km = Keymap::default_keymap();
        assert_eq!(km.resolve(press("j")), Resolution::Action(Action::MoveDown));
        assert_eq!(km.resolve(press("g")), Resolution::Pending);
        assert_eq!(km.resolve(press("g")), Resolution::Action(Action::Top));
        // An interrupted sequence falls back to the new key on its own.
        assert_eq!(km.resolve(press("g")), Resolution::Pending);
        assert_eq!(km.resolve(press("k")), Resolution::Action(Action::MoveUp));
        assert_eq!(km.resolve(press("x")), Resolution::Unbound);
        let shifted = KeyPress::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.resolve(shifted), Resolution::Action(Action::Bottom));
    }

    #[test]
    fn conflicts_and_unknown_names_are_rejected() {
        let err = Keymap::from_toml("[keys]\ntop = \"g g\"\nbottom = \"g\"\n").unwrap_err();
        assert!(err.contains("could never be typed"), "{err}");
        let err = Keymap::from_toml("[keys]\ntop = \"x\"\nbottom = \"x\"\n").unwrap_err();
        assert!(err.contains("bound to both"), "{err}");
        let err = Keymap::from_toml("[keys]\nfly = \"x\"\n").unwrap_err();
        assert!(
            err.contains("unknown action") && err.contains("move_down"),
            "{err}"
        );
    }

    #[test]
    fn help_rows_follow_the_file() {
        let rows = Keymap::default_keymap().help_rows();
        assert_eq!(rows[0], ("j, ↓".to_string(), Action::MoveDown));
        assert!(rows
            .iter()
            .any(|(k, a)| k == "g g, Home" && *a == Action::Top));
    }
}
