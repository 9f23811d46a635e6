//! The user's config file (TOML): where it is, reading it, and merging it over the defaults in
//! `assets/` (`config.toml` for the settings, `keymap.toml` for `[keys]`). A config never stops
//! presscut: every problem becomes a [`Warning`] naming the file and line with the valid
//! choices, the entry is skipped, and the rest applies (a file that does not parse at all leaves
//! every default in place). Precedence is decided by the caller (`cli`): flag > env > file >
//! default; this module only reports what the file says.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::app::keymap::DEFAULT_KEYMAP;
use crate::app::Keymap;
use crate::model::{Origin, Warning};
use crate::ui::theme::{self, Theme};
use keys::merge_all_keys;

mod keys;

/// The top-level settings with their comments (the first part of `config --default`).
const DEFAULT_SETTINGS: &str = include_str!("../../assets/config.toml");

/// The environment variable that names a config file (after `--config`, before the default).
pub const ENV_VAR: &str = "PRESSCUT_CONFIG";

const SETTINGS: &[&str] = &[
    "blind",
    "coder",
    "corpus",
    "feeds",
    "feeds_dir",
    "mark_read_after_ms",
    "mouse",
    "tag_picker_stays_open",
    "theme",
    "[theme]",
    "[keys]",
];
const THEMES: &[&str] = &["dark", "light"];

/// What the config file asks for, merged over the defaults.
#[derive(Clone, Debug)]
pub struct Config {
    pub keymap: Keymap,
    /// `"dark"` or `"light"`.
    pub theme_name: String,
    /// The named theme with the `[theme]` overrides applied.
    pub theme: Theme,
    /// `corpus = [...]`, with `~` expanded; empty when not set.
    pub corpus: Vec<PathBuf>,
    /// Who records the edits (after `--coder` and `PRESSCUT_CODER`).
    pub coder: Option<String>,
    /// `feeds = [...]`: feed addresses, or OPML files (`~` expanded), for `presscut fetch`.
    pub feeds: Vec<String>,
    /// `feeds_dir`: where `presscut fetch` writes items when no `--into` is given.
    pub feeds_dir: Option<PathBuf>,
    pub mark_read_after_ms: Option<u64>,
    pub mouse: Option<bool>,
    pub tag_picker_stays_open: Option<bool>,
    /// Blind coding: others' codings of an article hidden until I finish it.
    pub blind: Option<bool>,
    /// Every problem found, as `file:line: what — valid: …`.
    pub warnings: Vec<Warning>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keymap: Keymap::default_keymap(),
            theme_name: "dark".into(),
            theme: Theme::dark(),
            corpus: Vec::new(),
            coder: None,
            feeds: Vec::new(),
            feeds_dir: None,
            mark_read_after_ms: None,
            mouse: None,
            tag_picker_stays_open: None,
            blind: None,
            warnings: Vec::new(),
        }
    }
}

/// Where the config file was looked for, and why there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub from: From,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    Flag,
    Env,
    Platform,
}

impl From {
    pub fn describe(self) -> &'static str {
        match self {
            From::Flag => "named by --config",
            From::Env => "named by $PRESSCUT_CONFIG",
            From::Platform => "the default location",
        }
    }
}

/// `--config FILE`, else `$PRESSCUT_CONFIG`, else `config.toml` in the platform config folder
/// (`~/.config/presscut` on Linux). `None` only when no home folder can be found.
pub fn locate(flag: Option<&Path>) -> Option<Location> {
    if let Some(path) = flag {
        return Some(Location {
            path: path.to_path_buf(),
            from: From::Flag,
        });
    }
    if let Some(value) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
        return Some(Location {
            path: PathBuf::from(value),
            from: From::Env,
        });
    }
    directories::ProjectDirs::from("", "", "presscut").map(|dirs| Location {
        path: dirs.config_dir().join("config.toml"),
        from: From::Platform,
    })
}

/// Reads the config at `location`. A missing file at the default location is normal (the
/// defaults apply, silently); a missing file someone named, or an unreadable one, is a warning.
pub fn load(location: Option<&Location>) -> Config {
    let Some(location) = location else {
        return Config::default();
    };
    let path = &location.path;
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text, path),
            Err(_) => with_warning(path, None, "not UTF-8 text; using the defaults".into()),
        },
        // No file (or no folder) at the default place: nobody asked for one.
        Err(e)
            if location.from == From::Platform
                && matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
        {
            Config::default()
        }
        Err(e) => with_warning(
            path,
            None,
            format!("cannot read the config file ({e}); using the defaults"),
        ),
    }
}

fn with_warning(path: &Path, line: Option<usize>, message: String) -> Config {
    Config {
        warnings: vec![warning(path, line, message)],
        ..Config::default()
    }
}

fn warning(path: &Path, line: Option<usize>, message: String) -> Warning {
    Warning {
        origin: Origin {
            path: path.to_path_buf(),
            line,
        },
        message,
    }
}

/// The full default config with comments: settings, the `[theme]` elements (commented out, with
/// their dark and light defaults) and every key binding. It parses back to the defaults.
pub fn default_text() -> String {
    let mut out = String::from(DEFAULT_SETTINGS);
    out.push_str(
        "\n# Colours per element. A style is a colour, modifiers, or both, in any order, and \"on COLOUR\"\n\
         # for a background: \"italic green\", \"bold\", \"bold black on green\", \"#ff8700\", \"208\" (one of\n\
         # the 256 indexed colours).\n# Colours: ",
    );
    out.push_str(theme::COLOUR_NAMES);
    out.push_str(
        ".\n# Modifiers: bold dim italic underlined reversed crossed_out blink. A style set here replaces\n\
         # the theme's style for that element (it does not add to it). Each line shows the dark\n\
         # theme's default, then the light one's; remove the # to change one.\n\
         # NO_COLOR=1 in the environment turns all colour off, whatever this table says.\n\
         [theme]\n\
         # \"dark\" (for dark terminal backgrounds) or \"light\". Without any colours to change,\n\
         # `theme = \"light\"` at the top of the file says the same.\n\
         base = \"dark\"\n",
    );
    let (mut dark, mut light) = (Theme::dark(), Theme::light());
    for (name, what) in theme::ELEMENTS {
        let style = |t: &mut Theme| t.element_mut(name).map(|s| theme::style_string(*s));
        let (d, l) = (
            style(&mut dark).unwrap_or_default(),
            style(&mut light).unwrap_or_default(),
        );
        out.push_str(&format!("# {name} = {d:?}  # {what}; light: {l:?}\n"));
    }
    out.push('\n');
    out.push_str(DEFAULT_KEYMAP);
    out
}

/// Parses a config text (`path` only names it in warnings).
pub fn parse(text: &str, path: &Path) -> Config {
    let mut config = Config::default();
    let line_of =
        |span: Range<usize>| Some(text[..span.start.min(text.len())].matches('\n').count() + 1);
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            let hint = if e.message().contains("duplicate key") && text.contains("[theme]") {
                " (to pick a theme and change colours, write base = \"light\" inside [theme])"
            } else {
                ""
            };
            return with_warning(
                path,
                e.span().and_then(line_of),
                format!(
                    "{}{hint}; the whole file is ignored, using the defaults",
                    e.message().trim()
                ),
            );
        }
    };
    let mut problems: Vec<(Option<usize>, String)> = Vec::new();
    let mut theme_overrides: Option<&Spanned<DeValue>> = None;
    let mut keys: Option<&Spanned<DeValue>> = None;
    for (key, value) in &table {
        let line = line_of(key.span());
        let name = key.get_ref().as_ref();
        let value_ref = value.get_ref();
        match name {
            "theme" => match value_ref {
                DeValue::String(s) if THEMES.contains(&s.as_ref()) => {
                    config.theme_name = s.to_string()
                }
                // `[theme]` is the table of colours; `theme = "…"` the base theme.
                DeValue::Table(_) => theme_overrides = Some(value),
                DeValue::String(s) => problems.push((
                    line,
                    format!("unknown theme {s:?} — valid: {}", THEMES.join(", ")),
                )),
                other => problems.push((line, expected("theme", "\"dark\" or \"light\"", other))),
            },
            "keys" => match value_ref {
                DeValue::Table(_) => keys = Some(value),
                other => problems.push((line, expected("keys", "a [keys] table", other))),
            },
            "corpus" => match strings(value_ref) {
                Some(paths) => config.corpus = paths.iter().map(|p| expand_path(p, path)).collect(),
                None => problems.push((
                    line,
                    expected(
                        "corpus",
                        "a path or a list of paths (\"~/news\")",
                        value_ref,
                    ),
                )),
            },
            "feeds" => match strings(value_ref) {
                Some(feeds) => {
                    config.feeds = feeds
                        .iter()
                        .map(|f| {
                            if f.starts_with("http://") || f.starts_with("https://") {
                                f.clone()
                            } else {
                                expand_path(f, path).to_string_lossy().into_owned()
                            }
                        })
                        .collect()
                }
                None => problems.push((
                    line,
                    expected(
                        "feeds",
                        "a list of feed addresses or OPML files ([\"https://…/rss\", \"~/feeds.opml\"])",
                        value_ref,
                    ),
                )),
            },
            "feeds_dir" => match value_ref {
                DeValue::String(s) if !s.trim().is_empty() => {
                    config.feeds_dir = Some(expand_path(s.trim(), path))
                }
                other => problems.push((
                    line,
                    expected("feeds_dir", "a folder (\"~/news/feeds\")", other),
                )),
            },
            "coder" => match value_ref {
                DeValue::String(s) if !s.trim().is_empty() => {
                    config.coder = Some(s.trim().to_string())
                }
                other => problems.push((line, expected("coder", "a name (\"ana\")", other))),
            },
            "mark_read_after_ms" => match value_ref {
                DeValue::Integer(i) => match u64::from_str_radix(i.as_str(), i.radix()) {
                    Ok(ms) => config.mark_read_after_ms = Some(ms),
                    Err(_) => problems.push((
                        line,
                        "mark_read_after_ms: expected milliseconds, 0 or more (0: never)".into(),
                    )),
                },
                other => problems.push((
                    line,
                    expected(
                        "mark_read_after_ms",
                        "a number of milliseconds (1500)",
                        other,
                    ),
                )),
            },
            "blind" => match value_ref {
                DeValue::Boolean(b) => config.blind = Some(*b),
                other => problems.push((line, expected("blind", "true or false", other))),
            },
            "mouse" => match value_ref {
                DeValue::Boolean(b) => config.mouse = Some(*b),
                other => problems.push((line, expected("mouse", "true or false", other))),
            },
            "tag_picker_stays_open" => match value_ref {
                DeValue::Boolean(b) => config.tag_picker_stays_open = Some(*b),
                other => problems.push((
                    line,
                    expected("tag_picker_stays_open", "true or false", other),
                )),
            },
            other => problems.push((
                line,
                format!("unknown setting {other:?} — valid: {}", SETTINGS.join(", ")),
            )),
        }
    }
    let elements = match theme_overrides.map(Spanned::get_ref) {
        Some(DeValue::Table(elements)) => Some(elements),
        _ => None,
    };
    if let Some((key, base)) = elements.and_then(|t| t.get_key_value("base")) {
        match base.get_ref() {
            DeValue::String(s) if THEMES.contains(&s.as_ref()) => config.theme_name = s.to_string(),
            DeValue::String(s) => problems.push((
                line_of(base.span()),
                format!("unknown theme {s:?} — valid: {}", THEMES.join(", ")),
            )),
            other => problems.push((
                line_of(key.span()),
                expected("base", "\"dark\" or \"light\"", other),
            )),
        }
    }
    if let Some(base) = Theme::named(&config.theme_name) {
        config.theme = base;
    }
    if let Some(elements) = elements {
        apply_theme(&mut config.theme, elements, &mut problems, &line_of);
    }
    if let Some(DeValue::Table(entries)) = keys.map(Spanned::get_ref) {
        config.keymap = merge_all_keys(entries, &mut problems, &line_of);
    }
    problems.sort_by_key(|(line, _)| *line);
    config.warnings = problems
        .into_iter()
        .map(|(line, message)| warning(path, line, message))
        .collect();
    config
}

fn expected(name: &str, what: &str, got: &DeValue) -> String {
    format!("{name}: expected {what}, not {}", got.type_str())
}

/// A string or an array of strings.
fn strings(value: &DeValue) -> Option<Vec<String>> {
    match value {
        DeValue::String(s) => Some(vec![s.to_string()]),
        DeValue::Array(items) => items
            .iter()
            .map(|v| v.get_ref().as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// `~` and `~/…` become the home folder; a relative path is taken from the config file's folder.
fn expand_path(text: &str, config_path: &Path) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let path = if text == "~" {
        home().unwrap_or_else(|| PathBuf::from(text))
    } else if let Some(rest) = text.strip_prefix("~/") {
        home().map_or_else(|| PathBuf::from(text), |h| h.join(rest))
    } else {
        PathBuf::from(text)
    };
    if path.is_relative() {
        config_path
            .parent()
            .map_or(path.clone(), |folder| folder.join(&path))
    } else {
        path
    }
}

type LineOf<'a> = dyn Fn(Range<usize>) -> Option<usize> + 'a;

fn apply_theme(
    theme: &mut Theme,
    elements: &DeTable,
    problems: &mut Vec<(Option<usize>, String)>,
    line_of: &LineOf,
) {
    for (key, value) in elements {
        let name = key.get_ref().as_ref();
        let line = line_of(key.span());
        if name == "base" {
            continue; // the theme the overrides apply to, read first
        }
        let Some(slot) = theme.element_mut(name) else {
            let valid: Vec<&str> = theme::ELEMENTS.iter().map(|(n, _)| *n).collect();
            problems.push((
                line,
                format!(
                    "unknown theme element {name:?} — valid: base, {}",
                    valid.join(", ")
                ),
            ));
            continue;
        };
        match value.get_ref() {
            DeValue::String(s) => match theme::parse_style(s) {
                Ok(style) => *slot = style,
                Err(e) => problems.push((line_of(value.span()), format!("{name}: {e}"))),
            },
            other => problems.push((
                line,
                expected(name, "a style string (\"italic green\")", other),
            )),
        }
    }
}

#[cfg(test)]
mod tests;
