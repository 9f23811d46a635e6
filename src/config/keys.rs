//! The `[keys]` and `[keys.MODE]` sections: the user's keys merged over the default keymap,
//! every conflict reported with the line it comes from.

use toml::de::{DeTable, DeValue};

use super::{expected, strings, LineOf};
use crate::app::keymap::{self, describe, KeySequence};
use crate::app::{Action, Keymap, Mode};

/// The default keymap with the user's `[keys]` and `[keys.MODE]` sections over it, each section
/// merged on its own (see [`merge_section`]). A keymap that still has a conflict afterwards is
/// not expected; the defaults are used then, never a broken map.
pub(super) fn merge_all_keys(
    entries: &DeTable,
    problems: &mut Vec<(Option<usize>, String)>,
    line_of: &LineOf,
) -> Keymap {
    let defaults = Keymap::default_keymap();
    let mut keymap = defaults.clone();
    let mut main = DeTable::new();
    for (key, value) in entries {
        match value.get_ref() {
            DeValue::Table(section) => {
                let name = key.get_ref().as_ref();
                match Mode::from_section_name(name) {
                    Some(mode) => {
                        merge_section(mode, section, problems, line_of, &defaults, &mut keymap)
                    }
                    None => {
                        let valid: Vec<String> =
                            Mode::ALL.iter().filter_map(|m| m.section_name()).collect();
                        problems.push((
                            line_of(key.span()),
                            format!(
                                "unknown section [keys.{name}] — valid: {}",
                                valid.join(", ")
                            ),
                        ));
                    }
                }
            }
            _ => {
                main.insert(key.clone(), value.clone());
            }
        }
    }
    merge_section(Mode::Main, &main, problems, line_of, &defaults, &mut keymap);
    match keymap.validate() {
        Ok(()) => keymap,
        Err(e) => {
            problems.push((None, format!("[keys]: {e}; using the default keys")));
            defaults
        }
    }
}

/// One section of the user's keys over the defaults. A listed action gets exactly the keys
/// given. A key taken from another action's defaults is removed there (and said so, so nobody is
/// surprised that the old key stopped working); a key given to two actions in the file is kept
/// for the first and reported for the second.
fn merge_section(
    mode: Mode,
    entries: &DeTable,
    problems: &mut Vec<(Option<usize>, String)>,
    line_of: &LineOf,
    defaults: &Keymap,
    keymap: &mut Keymap,
) {
    let section = mode
        .section_name()
        .map_or("[keys]".to_string(), |n| format!("[keys.{n}]"));
    let mut chosen: Vec<(Action, Vec<KeySequence>, Option<usize>)> = Vec::new();
    for (key, value) in entries {
        let name = key.get_ref().as_ref();
        let line = line_of(key.span());
        let Some(texts) = strings(value.get_ref()) else {
            problems.push((
                line,
                expected(
                    name,
                    "a key or a list of keys (\"j\", [\"j\", \"down\"])",
                    value.get_ref(),
                ),
            ));
            continue;
        };
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (action, sequences) = match keymap::parse_binding(name, &texts) {
            Ok(binding) => binding,
            Err(e) => {
                problems.push((line, e));
                continue;
            }
        };
        if chosen.iter().any(|(a, _, _)| *a == action) {
            problems.push((
                line,
                format!("{name} is listed twice; the first one counts"),
            ));
            continue;
        }
        let mut kept = Vec::new();
        for seq in sequences {
            let taken = chosen.iter().find_map(|(other, seqs, other_line)| {
                seqs.iter()
                    .find(|s| keymap::clash(s, &seq))
                    .map(|s| (*other, s.clone(), *other_line))
            });
            match taken {
                Some((other, other_seq, other_line)) => problems.push((
                    line,
                    format!(
                        "{name}: {} conflicts with {} for {}{}; ignored",
                        quoted(&seq),
                        quoted(&other_seq),
                        action_name(other),
                        other_line.map_or(String::new(), |l| format!(" (line {l})")),
                    ),
                )),
                None => kept.push(seq),
            }
        }
        chosen.push((action, kept, line));
    }
    for (action, sequences, _) in &chosen {
        keymap.rebind(mode, *action, sequences.clone());
    }
    // Default keys of the actions the user did not list that clash with a user's key.
    for (action, sequences, line) in &chosen {
        for seq in sequences {
            for (other, other_seqs) in defaults.section(mode) {
                if other == action || chosen.iter().any(|(a, _, _)| a == other) {
                    continue;
                }
                for other_seq in other_seqs.iter().filter(|s| keymap::clash(s, seq)) {
                    keymap.unbind(mode, *other, other_seq);
                    let left: Vec<String> = keymap
                        .section(mode)
                        .iter()
                        .find(|(a, _)| a == other)
                        .map(|(_, s)| s.iter().map(|s| quoted(s)).collect())
                        .unwrap_or_default();
                    let rest = if left.is_empty() {
                        "which now has no key".to_string()
                    } else {
                        format!("which keeps {}", left.join(", "))
                    };
                    problems.push((
                        *line,
                        format!(
                            "{} for {} was {}'s default key: removed from {}, {rest} (list {} in {section} to choose its keys)",
                            quoted(seq),
                            action_name(*action),
                            action_name(*other),
                            action_name(*other),
                            action_name(*other),
                        ),
                    ));
                }
            }
        }
    }
}

fn quoted(seq: &[keymap::KeyPress]) -> String {
    format!("\"{}\"", describe(seq))
}

fn action_name(action: Action) -> String {
    action.name().unwrap_or_else(|| format!("{action:?}"))
}
