//! Key bindings as data: parsed from TOML (the defaults in `assets/keymap.toml` are compiled in),
//! one section per mode (the list and reader, every text field, each popup), resolved one key
//! press at a time so that multi-key sequences like `g g` work. Conflicts are rejected when the
//! keymap is built, never discovered by a surprised user.
//!
//! A popup's keys are looked up in its own section first, then in a shared one: text fields
//! share `[keys.text]` (a plain character nobody bound is typed), and the browsing popups (tag
//! browser, entity panel, help) share the list's motions from `[keys]`. `quit` works in every
//! mode, so `Ctrl-c` leaves from anywhere.

use serde::{Deserialize, Serialize};

pub use super::key::KeyPress;
#[cfg(test)]
use super::key::{KeyCode, Modifiers as KeyModifiers};

use super::Action;

/// The built-in bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// A sequence of key presses bound to an action.
pub type KeySequence = Vec<KeyPress>;

/// Where keys are being typed: each mode has its own section of the keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The list and the reader: `[keys]` itself.
    Main,
    /// Keys every text field shares: `[keys.text]`.
    Text,
    Picker,
    // Section names must differ from action names: `note = "a"` and `[keys.note]` would clash.
    #[serde(rename = "note_editor")]
    Note,
    #[serde(rename = "search_line")]
    Search,
    Saved,
    #[serde(rename = "export_dialog")]
    Export,
    Browser,
    /// A one-line question with a text answer (the new name of a tag).
    Prompt,
    Panel,
    /// The help and warnings popups.
    Pager,
    /// A yes/no question.
    #[serde(rename = "question")]
    Confirm,
    #[serde(rename = "codebook_view")]
    Codebook,
}

impl Mode {
    /// Sections in the order help lists them.
    pub const ALL: [Mode; 13] = [
        Mode::Main,
        Mode::Text,
        Mode::Picker,
        Mode::Note,
        Mode::Search,
        Mode::Saved,
        Mode::Export,
        Mode::Browser,
        Mode::Prompt,
        Mode::Panel,
        Mode::Codebook,
        Mode::Pager,
        Mode::Confirm,
    ];

    /// The section's name in the keymap file (`[keys.picker]`); `None` for `[keys]` itself.
    pub fn section_name(self) -> Option<String> {
        match self {
            Mode::Main => None,
            other => match serde_json::to_value(other) {
                Ok(serde_json::Value::String(name)) => Some(name),
                _ => None,
            },
        }
    }

    pub fn from_section_name(name: &str) -> Option<Mode> {
        serde_json::from_value(serde_json::Value::String(name.to_string()))
            .ok()
            .filter(|m| *m != Mode::Main)
    }

    /// The heading help shows above the section's keys.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Main => "List and reader",
            Mode::Text => "Every text field",
            Mode::Picker => "Tag picker",
            Mode::Note => "Note editor",
            Mode::Search => "Search line",
            Mode::Saved => "Saved searches",
            Mode::Export => "Export dialog",
            Mode::Browser => "Tag browser (and the list's motions)",
            Mode::Prompt => "Rename a tag",
            Mode::Panel => "Entity panel (and the list's motions)",
            Mode::Pager => "Help and warnings (and the list's motions)",
            Mode::Confirm => "Questions (y / n)",
            Mode::Codebook => "Codebook (and the list's motions)",
        }
    }

    /// Modes with a text field: unbound characters are typed, `[keys.text]` applies.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Picker | Mode::Note | Mode::Search | Mode::Saved | Mode::Export | Mode::Prompt
        )
    }

    /// Modes that also answer to the list's keys (motions, and keys they pass on).
    fn uses_main_keys(self) -> bool {
        matches!(
            self,
            Mode::Browser | Mode::Panel | Mode::Pager | Mode::Codebook
        )
    }
}

/// What a key press led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// The keys so far begin a longer binding: wait for the next one.
    Pending,
    Unbound,
}

/// The bindings of one mode, in file order (which is also help's order).
pub type Bindings = Vec<(Action, Vec<KeySequence>)>;

#[derive(Clone, Debug)]
pub struct Keymap {
    sections: Vec<(Mode, Bindings)>,
    pending: KeySequence,
    pending_mode: Mode,
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

    /// Builds a keymap from a TOML text with a `[keys]` table and `[keys.MODE]` sections.
    pub fn from_toml(text: &str) -> Result<Keymap, String> {
        let file: KeymapFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut keymap = Keymap {
            sections: Mode::ALL.iter().map(|m| (*m, Vec::new())).collect(),
            pending: Vec::new(),
            pending_mode: Mode::Main,
        };
        for (name, value) in &file.keys {
            if let toml::Value::Table(section) = value {
                let mode = Mode::from_section_name(name)
                    .ok_or_else(|| format!("unknown section [keys.{name}]"))?;
                for (name, value) in section {
                    let binding = parse_value(name, value)?;
                    keymap.section_mut(mode).push(binding);
                }
            } else {
                let binding = parse_value(name, value)?;
                keymap.section_mut(Mode::Main).push(binding);
            }
        }
        keymap.check_conflicts()?;
        Ok(keymap)
    }

    fn section_mut(&mut self, mode: Mode) -> &mut Bindings {
        let at = self.sections.iter().position(|(m, _)| *m == mode);
        let at = at.unwrap_or_else(|| {
            self.sections.push((mode, Vec::new()));
            self.sections.len() - 1
        });
        &mut self.sections[at].1
    }

    /// The list's and reader's actions with their key sequences, in keymap order.
    pub fn bindings(&self) -> &[(Action, Vec<KeySequence>)] {
        self.section(Mode::Main)
    }

    /// One mode's own bindings, in keymap order.
    pub fn section(&self, mode: Mode) -> &[(Action, Vec<KeySequence>)] {
        self.sections
            .iter()
            .find(|(m, _)| *m == mode)
            .map_or(&[], |(_, b)| b.as_slice())
    }

    /// Replaces the keys of `action` in `mode` (a user's binding replaces the default ones). Does
    /// not check conflicts: the caller resolves them (see `config`), then [`Keymap::validate`].
    pub fn rebind(&mut self, mode: Mode, action: Action, sequences: Vec<KeySequence>) {
        let section = self.section_mut(mode);
        match section.iter_mut().find(|(a, _)| *a == action) {
            Some((_, seqs)) => *seqs = sequences,
            None => section.push((action, sequences)),
        }
    }

    /// Removes one key sequence from an action's keys in `mode`.
    pub fn unbind(&mut self, mode: Mode, action: Action, sequence: &[KeyPress]) {
        if let Some((_, seqs)) = self
            .section_mut(mode)
            .iter_mut()
            .find(|(a, _)| *a == action)
        {
            seqs.retain(|s| s.as_slice() != sequence);
        }
    }

    /// Checks that no sequence is bound twice or hides another (see [`Keymap::from_toml`]).
    pub fn validate(&self) -> Result<(), String> {
        self.check_conflicts()
    }

    /// Rejects, within one section, a sequence bound twice, or bound while also being the start
    /// of a longer one (`g` and `g g`: the longer one could never be typed). A popup's own
    /// section may shadow the shared ones: that is how Enter confirms in the picker.
    fn check_conflicts(&self) -> Result<(), String> {
        for (mode, bindings) in &self.sections {
            let all = || {
                bindings
                    .iter()
                    .flat_map(|(a, seqs)| seqs.iter().map(move |s| (s, *a)))
            };
            let place = mode
                .section_name()
                .map_or(String::new(), |n| format!(" in [keys.{n}]"));
            for (seq, action) in all() {
                for (other_seq, other_action) in all() {
                    if other_seq == seq && other_action != action {
                        return Err(format!(
                            "{} is bound to both {} and {}{place}",
                            describe(seq),
                            name_of(other_action),
                            name_of(action)
                        ));
                    }
                    if other_seq.len() > seq.len() && other_seq.starts_with(seq) {
                        return Err(format!(
                            "{} ({}) is the start of {} ({}){place}, which could never be typed",
                            describe(seq),
                            name_of(action),
                            describe(other_seq),
                            name_of(other_action)
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The bindings a key is looked up in for `mode`, first match wins: the mode's own, then the
    /// shared text keys or the list's keys, and `quit` from anywhere.
    fn chain(&self, mode: Mode) -> impl Iterator<Item = (&KeySequence, Action)> {
        let own = self.section(mode);
        let shared = if mode.takes_text() {
            self.section(Mode::Text)
        } else if mode.uses_main_keys() {
            self.section(Mode::Main)
        } else {
            &[]
        };
        let quit = if mode == Mode::Main {
            &[]
        } else {
            self.section(Mode::Main)
        };
        own.iter()
            .chain(shared.iter())
            .flat_map(|(a, seqs)| seqs.iter().map(move |s| (s, *a)))
            .chain(
                quit.iter()
                    .filter(|(a, _)| *a == Action::Quit)
                    .flat_map(|(a, seqs)| seqs.iter().map(move |s| (s, *a))),
            )
    }

    /// Feeds one key press typed in `mode`. A press that cannot continue a pending sequence
    /// starts afresh.
    pub fn resolve(&mut self, mode: Mode, key: KeyPress) -> Resolution {
        if self.pending_mode != mode {
            self.pending.clear();
            self.pending_mode = mode;
        }
        self.pending.push(key);
        if let Some(resolution) = self.match_pending(mode) {
            return resolution;
        }
        if self.pending.len() > 1 {
            self.pending = vec![key];
            if let Some(resolution) = self.match_pending(mode) {
                return resolution;
            }
        }
        self.pending.clear();
        Resolution::Unbound
    }

    fn match_pending(&mut self, mode: Mode) -> Option<Resolution> {
        let exact = self
            .chain(mode)
            .find(|(seq, _)| **seq == self.pending)
            .map(|(_, a)| a);
        if let Some(action) = exact {
            self.pending.clear();
            return Some(Resolution::Action(action));
        }
        let is_prefix = self
            .chain(mode)
            .any(|(seq, _)| seq.starts_with(&self.pending));
        is_prefix.then_some(Resolution::Pending)
    }

    /// The keys typed so far of an unfinished sequence (shown in the status bar).
    pub fn pending(&self) -> &[KeyPress] {
        &self.pending
    }

    /// One section's actions with their keys, in keymap order.
    pub fn help_rows_of(&self, mode: Mode) -> Vec<(String, Action)> {
        self.section(mode)
            .iter()
            .filter(|(_, seqs)| !seqs.is_empty())
            .map(|(action, seqs)| {
                let keys: Vec<String> = seqs.iter().map(|s| describe(s)).collect();
                (keys.join(", "), *action)
            })
            .collect()
    }

    /// The first key bound to an action in the list and reader, for hints ("? help").
    pub fn key_for(&self, action: Action) -> Option<String> {
        self.key_in(Mode::Main, action)
    }

    /// The first key that does `action` in `mode` (its own section, then the shared one).
    pub fn key_in(&self, mode: Mode, action: Action) -> Option<String> {
        self.chain(mode)
            .find(|(_, a)| *a == action)
            .map(|(s, _)| describe(s))
    }
}

fn parse_value(name: &str, value: &toml::Value) -> Result<(Action, Vec<KeySequence>), String> {
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
    parse_binding(name, &texts)
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
    fn default_keymap_is_valid_and_resolves_sequences() {
        let mut km = Keymap::default_keymap();
        let main = Mode::Main;
        assert_eq!(
            km.resolve(main, press("j")),
            Resolution::Action(Action::MoveDown)
        );
        assert_eq!(km.resolve(main, press("g")), Resolution::Pending);
        assert_eq!(
            km.resolve(main, press("g")),
            Resolution::Action(Action::Top)
        );
        // An interrupted sequence falls back to the new key on its own.
        assert_eq!(km.resolve(main, press("g")), Resolution::Pending);
        assert_eq!(
            km.resolve(main, press("k")),
            Resolution::Action(Action::MoveUp)
        );
        assert_eq!(km.resolve(main, press("y")), Resolution::Unbound);
        let shifted = KeyPress::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            km.resolve(main, shifted),
            Resolution::Action(Action::Bottom)
        );
    }

    #[test]
    fn popups_look_in_their_own_section_then_the_shared_one_and_quit_works_everywhere() {
        let mut km = Keymap::default_keymap();
        // Enter confirms in the picker; Ctrl-w comes from [keys.text]; `j` is typed.
        assert_eq!(
            km.resolve(Mode::Picker, press("enter")),
            Resolution::Action(Action::Confirm)
        );
        assert_eq!(
            km.resolve(Mode::Picker, press("ctrl-w")),
            Resolution::Action(Action::DeleteWordBack)
        );
        assert_eq!(km.resolve(Mode::Picker, press("j")), Resolution::Unbound);
        // The tag browser takes the list's motions.
        assert_eq!(
            km.resolve(Mode::Browser, press("j")),
            Resolution::Action(Action::MoveDown)
        );
        for mode in Mode::ALL {
            assert_eq!(
                km.resolve(mode, press("ctrl-c")),
                Resolution::Action(Action::Quit),
                "{mode:?}"
            );
        }
        // Ctrl-u is half a page up in the list, but clears a text field.
        assert_eq!(
            km.resolve(Mode::Search, press("ctrl-u")),
            Resolution::Action(Action::ClearLine)
        );
    }

    #[test]
    fn section_names_come_from_the_modes() {
        assert_eq!(Mode::Picker.section_name().as_deref(), Some("picker"));
        assert_eq!(Mode::from_section_name("note_editor"), Some(Mode::Note));
        assert_eq!(Mode::from_section_name("note"), None);
        assert_eq!(Mode::from_section_name("main"), None);
        // No section shares a name with an action (TOML could not hold both in [keys]).
        for mode in Mode::ALL {
            if let Some(name) = mode.section_name() {
                assert_eq!(Action::from_name(&name), None, "{name}");
            }
        }
        let err = Keymap::from_toml("[keys.nowhere]\nconfirm = \"x\"\n").unwrap_err();
        assert!(err.contains("unknown section"), "{err}");
        let err =
            Keymap::from_toml("[keys.picker]\nconfirm = \"x\"\ncancel = \"x\"\n").unwrap_err();
        assert!(err.contains("[keys.picker]"), "{err}");
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
        let rows = Keymap::default_keymap().help_rows_of(Mode::Main);
        assert_eq!(rows[0], ("j, ↓".to_string(), Action::MoveDown));
        assert!(rows
            .iter()
            .any(|(k, a)| k == "g g, Home" && *a == Action::Top));
    }
}
