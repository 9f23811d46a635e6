//! The config file as the app sees it: remapped keys drive the app and show in help, config
//! warnings reach the warnings list, and the loading state before the corpus arrives.

mod common;

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{Action, App, Effect, Loading, Overlay};
use presscut::config;

use common::{screen, seed_corpus, wikinews_corpus};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn app_from_config(text: &str, width: u16, height: u16) -> (App, config::Config) {
    let settings = config::parse(text, Path::new("config.toml"));
    let mut app = App::new(wikinews_corpus(), settings.keymap.clone());
    app.update(Action::Resize(width, height));
    (app, settings)
}

#[test]
fn remapped_keys_drive_the_app_and_the_old_keys_are_free() {
    let (mut app, settings) = app_from_config(
        "[keys]\nmove_down = [\"ctrl-n\", \"down\"]\nmove_up = \"ctrl-p\"\ntop = \"g g g\"\nquit = \"alt-q\"\n",
        100,
        30,
    );
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    app.on_key(ctrl('n'));
    app.on_key(ctrl('n'));
    assert_eq!(app.list().selected, 2);
    app.on_key(ctrl('p'));
    assert_eq!(app.list().selected, 1);
    // j and k do nothing now, and say so.
    app.on_key(key('j'));
    assert_eq!(app.list().selected, 1);
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap_or("")
        .contains("j is not bound"));
    // A three-key sequence.
    app.on_key(key('g'));
    app.on_key(key('g'));
    assert_eq!(app.list().selected, 1);
    app.on_key(key('g'));
    assert_eq!(app.list().selected, 0);
    assert!(
        app.on_key(ctrl('c')).is_empty(),
        "Ctrl-c was quit's only key"
    );
    assert_eq!(
        app.on_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)),
        vec![Effect::Quit]
    );
}

#[test]
fn help_shows_the_keys_in_effect() {
    let (mut app, _) = app_from_config("[keys]\nmove_down = \"ctrl-n\"\nhelp = \"f1\"\n", 80, 24);
    app.on_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    assert!(matches!(app.overlay(), Some(Overlay::Help { .. })));
    let lines = screen(&app);
    let row = lines
        .iter()
        .find(|l| l.contains("next article / scroll down"))
        .expect("move_down is listed");
    assert!(row.contains(" Ctrl-n "), "{row}");
    assert!(!lines.iter().any(|l| l.contains(" j, ↓ ")), "old keys gone");
    assert!(lines
        .iter()
        .any(|l| l.contains(" F1 ") && l.contains("this help")));
    // The status bar's hints follow too.
    app.update(Action::Cancel);
    let status = screen(&app).pop().unwrap();
    assert!(
        status.contains("Ctrl-n/k move") && status.contains("F1 help"),
        "{status}"
    );
}

#[test]
fn a_moved_key_is_bound_once_and_the_warning_is_listed() {
    let (mut app, settings) = app_from_config("[keys]\nmove_up = \"j\"\nfly = \"x\"\n", 100, 30);
    assert_eq!(settings.warnings.len(), 2);
    app.add_warnings(settings.warnings);
    app.on_key(key('j'));
    assert_eq!(app.list().selected, 0, "j moves up now, not down");
    app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    assert_eq!(app.list().selected, 1, "move_down keeps ↓");
    app.on_key(key('W'));
    let lines = screen(&app).join("\n");
    assert!(
        lines.contains("config.toml:2: \"j\" for move_up"),
        "{lines}"
    );
    assert!(
        lines.contains("config.toml:3: unknown action \"fly\""),
        "{lines}"
    );
    assert!(lines.contains("⚠ 2 warnings"), "{lines}");
}

#[test]
fn while_loading_only_quit_and_resize_work() {
    let keymap = config::Config::default().keymap;
    let mut app = App::loading("news".into(), keymap);
    app.update(Action::Resize(80, 24));
    for c in ['j', 't', 'a', '?', 'e', 'w', 'T', 'g', 'g'] {
        assert!(app.on_key(key(c)).is_empty(), "{c}");
    }
    assert!(app
        .on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        .is_empty());
    assert_eq!(app.overlay(), None);
    assert!(app.screen().message.is_none());
    assert!(app.update(Action::Help).is_empty());
    assert_eq!(app.overlay(), None);
    let text = screen(&app).join("\n");
    assert!(
        text.contains("Loading news") && text.contains("finding files… 0 found"),
        "{text}"
    );
    app.set_load_progress(Loading {
        found: 10,
        read: 4,
        walked: true,
    });
    app.update(Action::Resize(40, 12));
    let text = screen(&app).join("\n");
    assert!(text.contains("reading 4 / 10 files"), "{text}");
    assert_eq!(app.on_key(key('q')), vec![Effect::Quit]);
    assert_eq!(app.on_key(ctrl('c')), vec![Effect::Quit]);
}

#[test]
fn a_loaded_corpus_replaces_the_loading_screen_and_keeps_config_warnings_first() {
    let settings = config::parse("fly = 1\n", Path::new("config.toml"));
    let mut app = App::loading("seeds".into(), settings.keymap);
    app.add_warnings(settings.warnings);
    app.update(Action::Resize(80, 24));
    let mut corpus = seed_corpus();
    corpus.warnings.push(presscut::model::Warning {
        origin: presscut::model::Origin {
            path: "seeds/broken.json".into(),
            line: Some(3),
        },
        message: "broken JSON".into(),
    });
    app.corpus_loaded(corpus);
    assert!(app.screen().loading.is_none());
    assert_eq!(app.list().visible.len(), 1);
    assert_eq!(app.indexes().entity_progress, (0, 1));
    let text = screen(&app).join("\n");
    assert!(text.contains("Articles 1/1"), "{text}");
    let warnings: Vec<String> = app
        .corpus()
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(
        warnings[0].starts_with("config.toml:1: unknown setting"),
        "{warnings:?}"
    );
    assert_eq!(warnings[1], "seeds/broken.json:3: broken JSON");
    // Keys work again.
    app.on_key(key('l'));
    assert_eq!(app.focus(), presscut::app::Focus::Reader);
}
