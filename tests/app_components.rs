//! The popup stack and the keys the app owns: one route for every key (the top popup's keymap
//! section, then the list and reader), `quit` from anywhere without losing a note, popup keys
//! rebound in the config and shown in help, the split and zoom, and the "N of M" messages. Keys
//! are the app's own type here: no terminal library is needed to drive the app.

mod common;

use std::path::Path;

use presscut::app::{Action, App, Effect, Focus, Mode, Overlay};

use common::{app_with, keys, screen, seed_corpus, type_text, wikinews_corpus};

/// Types `keys`, space separated as in the keymap file (`"t"`, `"ctrl-c"`, `"enter"`); a word
/// in quotes-free plain text is typed character by character with `type_text`.
#[test]
fn ctrl_c_quits_from_every_popup_and_keeps_the_note_being_edited() {
    let mut app = app_with(seed_corpus(), 80, 24);
    keys(&mut app, "a");
    type_text(&mut app, "half-written thought, ünïcode");
    let effects = keys(&mut app, "ctrl-c");
    assert_eq!(effects, vec![Effect::Save, Effect::Quit]);
    let id = app.current().unwrap().id.to_string();
    assert_eq!(app.store().note_of(&id), "half-written thought, ünïcode");
    // And from the other popups, with nothing to keep.
    for open in ["t", "T", "e", "/", "S", "?", "W", "E"] {
        let mut app = app_with(seed_corpus(), 80, 24);
        keys(&mut app, open);
        assert!(app.overlay().is_some(), "{open} opens something");
        assert_eq!(keys(&mut app, "ctrl-c"), vec![Effect::Quit], "{open}");
    }
}

#[test]
fn keys_reach_the_top_popup_first_and_what_it_passes_reaches_the_list() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    // The entity panel is not modal: `j` moves in it, `/` (not its key) opens the search line
    // on top of it, and the search line takes `j` as text.
    keys(&mut app, "E j");
    let selected = |app: &App| app.entity_panel().map(|p| p.selected);
    assert_eq!(selected(&app), Some(1));
    keys(&mut app, "/");
    assert_eq!(app.mode(), Mode::Search);
    type_text(&mut app, "jk");
    assert_eq!(app.search_line().unwrap().input.text, "jk");
    assert!(selected(&app).is_some(), "the panel is still open below");
    // Ctrl-u clears the search line (in the list it is half a page up).
    keys(&mut app, "ctrl-u");
    assert_eq!(app.search_line().unwrap().input.text, "");
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Panel);
    keys(&mut app, "esc");
    assert_eq!(app.mode(), Mode::Main);
}

#[test]
fn a_rebound_picker_key_works_and_help_shows_it() {
    let settings = presscut::config::parse(
        "[keys.picker]\nconfirm = \"tab\"\n",
        Path::new("config.toml"),
    );
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    let mut app = App::new(seed_corpus(), settings.keymap);
    app.update(Action::Resize(80, 40));
    keys(&mut app, "t");
    type_text(&mut app, "crimea");
    // Enter is no longer the picker's: it does nothing there; Tab toggles the tag.
    keys(&mut app, "enter");
    assert!(matches!(app.overlay(), Some(Overlay::TagPicker(_))));
    assert_eq!(keys(&mut app, "tab"), vec![Effect::Save]);
    assert_eq!(
        app.store().tags_of(app.current().unwrap().id.as_str()),
        ["crimea"]
    );
    assert!(
        screen(&app).iter().all(|l| !l.contains("Tab toggle")),
        "picker closed"
    );
    keys(&mut app, "t");
    assert!(
        screen(&app).iter().any(|l| l.contains("Tab toggle")),
        "the footer follows"
    );
    keys(&mut app, "esc ?");
    // Help lists the picker's section with the new key; scroll until it shows.
    let mut found = false;
    for _ in 0..200 {
        let lines = screen(&app);
        let at = lines.iter().position(|l| l.contains("Tag picker"));
        if let Some(at) = at.filter(|at| at + 4 < lines.len()) {
            found = lines[at..]
                .iter()
                .take(3)
                .any(|l| l.contains(" Tab ") && l.contains("toggle the tag"));
            break;
        }
        keys(&mut app, "j");
    }
    assert!(found, "help shows Tab for the picker's confirm");
}

#[test]
fn help_wraps_long_descriptions_instead_of_cutting_them() {
    let mut app = app_with(seed_corpus(), 44, 200);
    keys(&mut app, "?");
    let text = screen(&app).join("\n");
    // "search (words, -word, "phrase", tag: by: from: date: who: is: has:)" is wider than the
    // popup: its end is on a line of its own.
    assert!(text.contains("has:)"), "{text}");
    assert!(text.contains("List and reader"));
}

#[test]
fn the_split_widens_narrows_and_zooms() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    let list_width = |app: &App| app.layout().list.map(|a| a.width);
    assert_eq!(list_width(&app), Some(40));
    keys(&mut app, ">");
    assert_eq!(list_width(&app), Some(50));
    assert!(app.message().unwrap().contains("50 columns"));
    keys(&mut app, "< < <");
    assert_eq!(list_width(&app), Some(20));
    keys(&mut app, "enter z");
    assert_eq!(app.focus(), Focus::Reader);
    assert_eq!(list_width(&app), None, "zoomed: the reader alone");
    assert_eq!(app.layout().reader.map(|a| a.width), Some(100));
    let wide_lines = app.reader().lines.len();
    keys(&mut app, "z");
    assert!(
        app.reader().lines.len() > wide_lines,
        "re-wrapped for the narrower pane"
    );
}

#[test]
fn jumps_say_which_one_of_how_many() {
    let mut app = app_with(seed_corpus(), 100, 30);
    keys(&mut app, "] e");
    let message = app.message().unwrap().to_string();
    assert!(message.starts_with("entity 1 of "), "{message}");
    keys(&mut app, "] e");
    assert!(app.message().unwrap().starts_with("entity 2 of "));
    keys(&mut app, "] q");
    assert!(app.message().unwrap().starts_with("quote 1 of "));
}

#[test]
fn the_status_bar_hints_follow_the_focused_pane() {
    let mut app = app_with(seed_corpus(), 100, 30);
    let status = |app: &App| screen(app).pop().unwrap();
    assert!(status(&app).contains("Enter open"), "{}", status(&app));
    keys(&mut app, "enter");
    let bar = status(&app);
    assert!(
        !bar.contains("Enter open") && bar.contains("q back"),
        "{bar}"
    );
}

#[test]
fn the_warnings_popup_wraps_so_the_problem_after_a_long_path_shows() {
    let mut app = app_with(seed_corpus(), 60, 20);
    let path = format!(
        "/data/{}/2024/wire/reuters-feed-export.jsonl",
        "archive".repeat(6)
    );
    app.add_warnings(vec![presscut::model::Warning {
        origin: presscut::model::Origin {
            path: path.into(),
            line: Some(12),
        },
        message: "broken JSON: expected value — fix the line or remove it".into(),
    }]);
    keys(&mut app, "W");
    let text = screen(&app).join("\n");
    assert!(text.contains("remove it"), "{text}");
}

#[test]
fn quitting_while_saves_fail_asks_first_and_a_second_ctrl_c_insists() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.set_save_problem(Some("store.json: disk full".into()));
    assert!(keys(&mut app, "q").is_empty(), "q asks instead of quitting");
    let text = screen(&app).join("\n");
    assert!(
        text.contains("anyway?") && text.contains("disk full"),
        "{text}"
    );
    assert!(keys(&mut app, "n").is_empty());
    assert_eq!(app.overlay(), None);
    keys(&mut app, "q");
    assert_eq!(keys(&mut app, "y"), vec![Effect::Quit]);
    let mut app = app_with(seed_corpus(), 80, 24);
    app.set_save_problem(Some("read-only folder".into()));
    assert!(keys(&mut app, "ctrl-c").is_empty());
    assert_eq!(keys(&mut app, "ctrl-c"), vec![Effect::Quit]);
    // Saving works again: quitting is immediate.
    app.set_save_problem(None);
    keys(&mut app, "esc");
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit]);
}
