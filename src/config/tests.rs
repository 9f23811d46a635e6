use super::*;
use crate::app::keymap::describe;
use crate::app::{Action, Mode};
use ratatui::style::{Color, Modifier, Style};

fn config(text: &str) -> Config {
    parse(text, Path::new("/home/u/.config/presscut/config.toml"))
}

fn messages(config: &Config) -> Vec<String> {
    config.warnings.iter().map(|w| w.to_string()).collect()
}

fn keys_of(keymap: &Keymap, action: Action) -> Vec<String> {
    keymap
        .bindings()
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, seqs)| seqs.iter().map(|s| describe(s)).collect())
        .unwrap_or_default()
}

#[test]
fn the_default_file_parses_back_to_the_defaults() {
    let text = default_text();
    let parsed = config(&text);
    assert!(parsed.warnings.is_empty(), "{:?}", messages(&parsed));
    let defaults = Config::default();
    assert_eq!(parsed.keymap.bindings(), defaults.keymap.bindings());
    assert_eq!(parsed.theme, Theme::dark());
    assert_eq!(parsed.theme_name, "dark");
    assert_eq!(parsed.mark_read_after_ms, Some(1500));
    assert_eq!(parsed.mouse, Some(false));
    assert!(parsed.corpus.is_empty());
    // Every theme element is listed (commented out), with both defaults.
    for (name, _) in theme::ELEMENTS {
        assert!(text.contains(&format!("\n# {name} = ")), "{name}");
    }
    assert!(text.contains(
        "# person = \"bold lightyellow\"  # PERSON entities in the reader; light: \"bold blue\""
    ));
    // Uncommenting every theme line still parses, to the dark theme.
    let uncommented = text.replace("\n# person = ", "\nperson = ");
    assert!(config(&uncommented).warnings.is_empty());
}

#[test]
fn an_empty_or_partial_file_keeps_every_other_default() {
    let empty = config("");
    assert!(empty.warnings.is_empty());
    assert_eq!(empty.mouse, None);
    assert_eq!(empty.theme, Theme::dark());
    let partial = config("mouse = true\n[theme]\nperson = \"italic green\"\n");
    assert!(partial.warnings.is_empty(), "{:?}", messages(&partial));
    assert_eq!(partial.mouse, Some(true));
    assert_eq!(partial.mark_read_after_ms, None);
    assert_eq!(
        partial.theme.person,
        Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC)
    );
    assert_eq!(partial.theme.org, Theme::dark().org);
    assert_eq!(
        partial.keymap.bindings(),
        Keymap::default_keymap().bindings()
    );
}

#[test]
fn settings_are_read_and_paths_expanded() {
    let c = config("corpus = [\"~/news\", \"/srv/wire\", \"local\"]\nmark_read_after_ms = 0\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
    let home = directories::BaseDirs::new()
        .unwrap()
        .home_dir()
        .to_path_buf();
    assert_eq!(
        c.corpus,
        vec![
            home.join("news"),
            PathBuf::from("/srv/wire"),
            PathBuf::from("/home/u/.config/presscut/local")
        ]
    );
    assert_eq!(c.mark_read_after_ms, Some(0));
    assert_eq!(
        config("corpus = \"/one\"").corpus,
        vec![PathBuf::from("/one")]
    );
}

#[test]
fn feeds_and_their_folder() {
    let c =
        config("feeds = [\"https://g.example/rss\", \"subs.opml\"]\nfeeds_dir = \"/srv/feeds\"\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
    assert_eq!(
        c.feeds,
        [
            "https://g.example/rss",
            "/home/u/.config/presscut/subs.opml"
        ]
    );
    assert_eq!(c.feeds_dir, Some(PathBuf::from("/srv/feeds")));
    let bad = config("feeds = 3\nfeeds_dir = [\"a\"]\n");
    let m = messages(&bad);
    assert!(
        m[0].contains("feeds: expected a list of feed addresses"),
        "{m:?}"
    );
    assert!(m[1].contains("feeds_dir: expected a folder"), "{m:?}");
}

#[test]
fn themes_by_name_shorthand_or_base_with_overrides() {
    assert_eq!(config("theme = \"light\"").theme, Theme::light());
    let c = config("[theme]\nbase = \"light\"\nquote = \"bold\"\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
    assert_eq!(c.theme_name, "light");
    assert_eq!(c.theme.quote, Style::new().add_modifier(Modifier::BOLD));
    assert_eq!(c.theme.person, Theme::light().person);
    let c = config("[theme]\ntag_badge = \"#000000 on #ffd700\"\nselected = \"reversed\"\nstatus = \"white on 236\"\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
    assert_eq!(c.theme.badge.bg, Some(Color::Rgb(255, 215, 0)));
    assert_eq!(c.theme.status.bg, Some(Color::Indexed(236)));
}

#[test]
fn problems_name_the_file_the_line_and_the_valid_choices() {
    let text = "mouse = true\n\n[keys]\nmove_down = \"j\"\nmvoe_down = \"x\"\nquit = \"hyper-q\"\n\n[theme]\npersn = \"red\"\norg = \"gren\"\nplace = 3\n";
    let c = config(text);
    let m = messages(&c);
    assert_eq!(m.len(), 5, "{m:?}");
    assert!(
        m[0].starts_with("/home/u/.config/presscut/config.toml:5: unknown action \"mvoe_down\" — valid: move_down, move_up,"),
        "{}", m[0]
    );
    assert!(
        m[1].starts_with("/home/u/.config/presscut/config.toml:6: quit: unknown key \"hyper-q\""),
        "{}",
        m[1]
    );
    assert!(
        m[2].contains(":9: unknown theme element \"persn\" — valid: base, person, org,"),
        "{}",
        m[2]
    );
    assert!(
        m[3].contains(":10: org: unknown colour or modifier \"gren\" — valid: black red"),
        "{}",
        m[3]
    );
    assert!(
        m[4].contains(":11: place: expected a style string"),
        "{}",
        m[4]
    );
    // The good entries still apply.
    assert_eq!(config(text).mouse, Some(true));
    let m = messages(&config(
        "theme = \"sepia\"\nmouse = \"yes\"\nmark_read_after_ms = -5\nfont = 3\n",
    ));
    assert!(
        m[0].contains(":1: unknown theme \"sepia\" — valid: dark, light"),
        "{m:?}"
    );
    assert!(
        m[1].contains(":2: mouse: expected true or false, not string"),
        "{m:?}"
    );
    assert!(
        m[2].contains(":3: mark_read_after_ms: expected milliseconds"),
        "{m:?}"
    );
    assert!(m[3].contains(":4: unknown setting \"font\" — valid: blind, coder, corpus, feeds, feeds_dir, mark_read_after_ms, mouse, tag_picker_stays_open, theme, [theme], [keys]"), "{m:?}");
}

#[test]
fn a_file_that_does_not_parse_leaves_every_default_with_one_warning() {
    let c = config("mouse = true\n[keys\nquit = \"q\"\n");
    let m = messages(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("/home/u/.config/presscut/config.toml:2: "),
        "{}",
        m[0]
    );
    assert!(
        m[0].ends_with("the whole file is ignored, using the defaults"),
        "{}",
        m[0]
    );
    assert_eq!(c.mouse, None);
    // `theme = …` and `[theme]` together is a TOML error with a hint.
    let m = messages(&config("theme = \"light\"\n[theme]\nperson = \"red\"\n"));
    assert!(m[0].contains("base = \"light\" inside [theme]"), "{m:?}");
}

#[test]
fn a_user_binding_replaces_the_actions_defaults() {
    let c = config("[keys]\ntop = \"ctrl-t\"\nquit = [\"ctrl-c\", \"alt-q\"]\nmove_down = []\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
    assert_eq!(keys_of(&c.keymap, Action::Top), vec!["Ctrl-t"]);
    assert_eq!(keys_of(&c.keymap, Action::Quit), vec!["Ctrl-c", "Alt-q"]);
    assert!(keys_of(&c.keymap, Action::MoveDown).is_empty());
    // `g g` is free now: `g` alone can be bound without a conflict.
    let c = config("[keys]\ntop = \"home\"\nexport = \"g\"\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
}

#[test]
fn a_key_moved_from_its_default_action_is_bound_once_and_reported() {
    // j was move_down's; now it moves up. move_down keeps ↓ only, and the user hears of it.
    let c = config("[keys]\nmove_up = \"j\"\n");
    assert_eq!(keys_of(&c.keymap, Action::MoveUp), vec!["j"]);
    assert_eq!(keys_of(&c.keymap, Action::MoveDown), vec!["↓"]);
    let m = messages(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains(":2: \"j\" for move_up was move_down's default key: removed from move_down, which keeps \"↓\""),
        "{}", m[0]
    );
    // Listing the other action too settles it: no warning.
    let c = config("[keys]\nmove_up = \"j\"\nmove_down = \"k\"\n");
    assert!(c.warnings.is_empty(), "{:?}", messages(&c));
    // A prefix clash with a default sequence: `g` hides `g g` (top keeps Home).
    let c = config("[keys]\nexport = \"g\"\n");
    assert_eq!(keys_of(&c.keymap, Action::Top), vec!["Home"]);
    assert!(messages(&c)[0].contains("was top's default key"));
    // The one key an action had: said so.
    let c = config("[keys]\nhelp = \"W\"\n");
    assert!(
        messages(&c)[0].contains("warnings, which now has no key"),
        "{:?}",
        messages(&c)
    );
}

#[test]
fn the_same_key_for_two_actions_in_the_file_is_a_conflict() {
    let c = config("[keys]\nexport = \"Z\"\nnote = [\"Z\", \"a\"]\n");
    let m = messages(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains(":3: note: \"Z\" conflicts with \"Z\" for export (line 2); ignored"),
        "{}",
        m[0]
    );
    assert_eq!(keys_of(&c.keymap, Action::Export), vec!["Z"]);
    assert_eq!(keys_of(&c.keymap, Action::Note), vec!["a"]);
    // Prefixes too: "Z" and "Z Z" cannot both work.
    let m = messages(&config("[keys]\nexport = \"Z\"\nnote = \"Z Z\"\n"));
    assert!(m[0].contains("conflicts with \"Z\" for export"), "{m:?}");
    // Listed twice.
    let m = messages(&config("[keys]\nexport = \"Z\"\n\"export\" = \"y\"\n"));
    assert!(!m.is_empty());
}

#[test]
fn a_missing_file_is_silent_at_the_default_place_and_a_warning_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let platform = Location {
        path: path.clone(),
        from: From::Platform,
    };
    assert!(load(Some(&platform)).warnings.is_empty());
    let named = Location {
        path: path.clone(),
        from: From::Flag,
    };
    let m = messages(&load(Some(&named)));
    assert!(m[0].contains("cannot read the config file"), "{m:?}");
    std::fs::write(&path, "mouse = true\n").unwrap();
    assert_eq!(load(Some(&named)).mouse, Some(true));
    std::fs::write(&path, b"mouse = \xff\n").unwrap();
    assert!(messages(&load(Some(&named)))[0].contains("not UTF-8"));
}

#[test]
fn a_popup_key_can_be_rebound_in_its_own_section() {
    let c = config(
        "[keys.picker]\nconfirm = \"tab\"\nmove_down = \"ctrl-j\"\n\n[keys.nowhere]\nx = \"y\"\n",
    );
    let m = messages(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains(":5: unknown section [keys.nowhere] — valid: text, picker"),
        "{m:?}"
    );
    let picker = |action| {
        c.keymap
            .section(Mode::Picker)
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, seqs)| seqs.iter().map(|s| describe(s)).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(picker(Action::Confirm), vec!["Tab"]);
    assert_eq!(picker(Action::MoveDown), vec!["Ctrl-j"]);
    // The other sections keep their defaults.
    assert_eq!(keys_of(&c.keymap, Action::Open), vec!["Enter"]);
    // A key taken from another action of the same section is reported there.
    let c = config("[keys.picker]\nconfirm = \"esc\"\n");
    let m = messages(&c);
    assert!(
        m[0].contains("was cancel's default key") && m[0].contains("[keys.picker]"),
        "{m:?}"
    );
}
