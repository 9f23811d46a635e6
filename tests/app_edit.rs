//! Tagging, notes, read state, marks, filters and undo, driven by key sequences alone.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{App, Effect, Focus, Overlay};

use common::{app_with, seed_corpus, wikinews_corpus};

fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in keys.chars() {
        effects.extend(app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    effects
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn current_tags(app: &App) -> Vec<String> {
    app.store()
        .tags_of(app.current().unwrap().id.as_str())
        .to_vec()
}

fn picker_rows(app: &App) -> Vec<presscut::app::PickerRow> {
    match app.overlay() {
        Some(Overlay::TagPicker(picker)) => picker.rows.clone(),
        _ => Vec::new(),
    }
}

#[test]
fn enter_in_the_picker_tags_and_closes_it_by_default() {
    let mut app = app_with(seed_corpus(), 80, 24);
    press(&mut app, "t");
    press(&mut app, "Krim");
    assert_eq!(key(&mut app, KeyCode::Enter), vec![Effect::Save]);
    assert_eq!(current_tags(&app), ["Krim"]);
    assert_eq!(app.overlay(), None, "Enter closes the picker");
    // The next key is a list key again, not the start of another tag name.
    press(&mut app, "t");
    press(&mut app, "krim");
    key(&mut app, KeyCode::Enter);
    assert!(current_tags(&app).is_empty());
}

#[test]
fn the_picker_creates_toggles_and_fuzzy_finds_tags() {
    let mut app = app_with(seed_corpus(), 80, 24);
    // The way of tagging several tags in a row (tag_picker_stays_open = true).
    app.set_settings(presscut::app::Settings {
        picker_stays_open: true,
        ..Default::default()
    });
    press(&mut app, "t");
    assert!(matches!(app.overlay(), Some(Overlay::TagPicker(_))));
    press(&mut app, "Krim Krise");
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(current_tags(&app), ["Krim Krise"]);
    press(&mut app, "Ωmega");
    key(&mut app, KeyCode::Enter);
    // Fuzzy: "kk" finds "Krim Krise" below the offer to create "kk"; Down, Enter removes it.
    press(&mut app, "kk");
    let rows = picker_rows(&app);
    assert_eq!(rows[0], presscut::app::PickerRow::Create("kk".into()));
    assert!(
        matches!(&rows[1], presscut::app::PickerRow::Existing { name, on: true, .. } if name == "Krim Krise")
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_tags(&app), ["Ωmega"]);
    // The first letters of a known tag pick it (completion), so Enter toggles it back on.
    press(&mut app, "krim");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_tags(&app), ["Ωmega", "Krim Krise"]);
    press(&mut app, "krim k");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_tags(&app), ["Ωmega"]);
    // Case-insensitive: typing an existing name in other case offers no "create".
    press(&mut app, "ΩMEGA");
    assert!(picker_rows(&app)
        .iter()
        .all(|r| !matches!(r, presscut::app::PickerRow::Create(_))));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay(), None);
}

#[test]
fn quick_tags_follow_creation_order() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    press(&mut app, "t");
    press(&mut app, "first");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "t");
    press(&mut app, "second");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "j2");
    assert_eq!(current_tags(&app), ["second"]);
    press(&mut app, "1");
    assert_eq!(current_tags(&app), ["second", "first"]);
    press(&mut app, "1");
    assert_eq!(current_tags(&app), ["second"]);
    press(&mut app, "7");
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .contains("no quick tag 7"));
}

#[test]
fn note_editor_saves_with_ctrl_s_and_asks_before_discarding() {
    let mut app = app_with(seed_corpus(), 80, 24);
    press(&mut app, "a");
    press(&mut app, "Zakharova, “terrorist attack”");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "línea 2");
    assert_eq!(ctrl(&mut app, 's'), vec![Effect::Save]);
    let id = app.current().unwrap().id.to_string();
    assert_eq!(
        app.store().note_of(&id),
        "Zakharova, “terrorist attack”\nlínea 2"
    );
    assert!(app
        .reader()
        .lines
        .iter()
        .any(|l| matches!(l, presscut::app::ReaderLine::Note(t) if t.contains("línea 2"))));
    // Change, then Esc: asks; n goes back to editing; Esc again, y discards.
    press(&mut app, "a");
    press(&mut app, "!!!");
    key(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.overlay(), Some(Overlay::Confirm(c)) if c.on_yes == presscut::app::OnYes::DiscardNote),
        "{:?}",
        app.popups()
    );
    press(&mut app, "n");
    assert!(
        matches!(app.overlay(), Some(Overlay::NoteEditor(n)) if n.editor.text.ends_with("!!!"))
    );
    key(&mut app, KeyCode::Esc);
    press(&mut app, "y");
    assert_eq!(app.overlay(), None);
    assert_eq!(
        app.store().note_of(&id),
        "Zakharova, “terrorist attack”\nlínea 2"
    );
    // Unchanged: Esc just closes.
    press(&mut app, "a");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay(), None);
}

#[test]
fn pasted_text_lands_in_the_note() {
    let mut app = app_with(seed_corpus(), 80, 24);
    press(&mut app, "a");
    app.paste("pasted\r\nacross lines");
    ctrl(&mut app, 's');
    assert_eq!(
        app.store().note_of(app.current().unwrap().id.as_str()),
        "pasted\nacross lines"
    );
}

#[test]
fn read_state_toggles_and_unread_jumps_skip_read_articles() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    press(&mut app, "r");
    press(&mut app, "jr");
    press(&mut app, "gg");
    press(&mut app, "]u");
    assert_eq!(app.list().selected, 2, "the first two are read");
    press(&mut app, "[u");
    assert_eq!(app.list().selected, 2);
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .contains("no unread"));
    press(&mut app, "r");
    press(&mut app, "gg");
    press(&mut app, "r");
    press(&mut app, "]u");
    assert_eq!(app.list().selected, 3);
}

#[test]
fn opening_an_article_makes_it_eligible_for_mark_as_read() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    assert_eq!(app.reading(), None, "browsing the list is not reading");
    key(&mut app, KeyCode::Enter);
    let id = app.reading().unwrap().to_string();
    assert_eq!(app.mark_read_by_timer(&id), vec![Effect::Save]);
    assert!(app.store().is_read(&id));
    assert_eq!(app.reading(), None);
    // A timer for an article no longer open does nothing.
    press(&mut app, "q");
    assert!(app.mark_read_by_timer("0123456789ab").is_empty());
}

#[test]
fn marks_make_tags_and_read_apply_to_many_and_undo_reverts_all() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    press(&mut app, "   "); // mark three, moving down
    assert_eq!(app.list().marked.len(), 3);
    press(&mut app, "t");
    press(&mut app, "bulk");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.store().tag_counts(), vec![("bulk".to_string(), 3)]);
    press(&mut app, "r");
    assert_eq!(app.store().articles.values().filter(|r| r.read).count(), 3);
    press(&mut app, "u");
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .starts_with("undone: marked 3 articles read"));
    assert_eq!(app.store().articles.values().filter(|r| r.read).count(), 0);
    press(&mut app, "u");
    assert!(app.store().articles.is_empty());
    ctrl(&mut app, 'r');
    assert_eq!(app.store().tag_counts(), vec![("bulk".to_string(), 3)]);
    press(&mut app, "V");
    assert_eq!(app.list().marked.len(), app.list().visible.len());
    press(&mut app, "V");
    assert!(app.list().marked.is_empty());
    press(&mut app, "uuu");
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .contains("nothing to undo"));
}

#[test]
fn the_tag_browser_filters_with_and_and_not_then_esc_clears() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    let total = app.list().visible.len();
    press(&mut app, "  "); // mark the first two
    press(&mut app, "t");
    press(&mut app, "alpha");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    press(&mut app, "V"); // all marked now…
    press(&mut app, "V"); // …and none
    press(&mut app, "k"); // back to the second article
    press(&mut app, "t");
    press(&mut app, "beta");
    key(&mut app, KeyCode::Enter); // beta on the second article only
    key(&mut app, KeyCode::Esc);
    press(&mut app, "T");
    key(&mut app, KeyCode::Enter); // include alpha (first by name)
    assert_eq!(app.list().visible.len(), 2);
    press(&mut app, "j!"); // exclude beta
    let shown: Vec<_> = app.list().visible.clone();
    assert_eq!(shown.len(), 1);
    assert_eq!(app.list().filter.describe(), "#alpha !#beta");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay(), None);
    assert_eq!(
        app.list().visible.len(),
        1,
        "the filter stays after closing the browser"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list().visible.len(), total);
}

#[test]
fn the_tag_browser_renames_merges_and_deletes_with_confirmation() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    for (keys, tag) in [("", "Russia"), ("j", "RF"), ("j", "ru-war")] {
        press(&mut app, keys);
        press(&mut app, "t");
        press(&mut app, tag);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Esc);
    }
    press(&mut app, "T");
    // Tags sorted by name: RF, ru-war, Russia. Renaming RF to "russia" merges it into Russia.
    press(&mut app, "R");
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "russia");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay(), Some(Overlay::Confirm(c)) if matches!(c.on_yes, presscut::app::OnYes::RenameTag { count: 1, .. }))
    );
    press(&mut app, "y");
    assert_eq!(
        app.store().tag_counts(),
        vec![("ru-war".to_string(), 1), ("Russia".to_string(), 2)]
    );
    press(&mut app, "D");
    press(&mut app, "n");
    assert_eq!(app.store().tags.len(), 2, "n keeps the tag");
    press(&mut app, "D");
    press(&mut app, "y");
    assert_eq!(app.store().tag_counts(), vec![("Russia".to_string(), 2)]);
    key(&mut app, KeyCode::Esc);
    press(&mut app, "u");
    assert_eq!(app.store().tags.len(), 2, "delete is undoable");
}

#[test]
fn an_external_store_change_is_adopted_and_keeps_the_selection() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    press(&mut app, "jj");
    let id = app.current().unwrap().id.to_string();
    let mut theirs = app.store().clone();
    theirs.set_tag(&id, &Default::default(), "from-cli", true);
    app.set_store(theirs);
    assert_eq!(app.current().unwrap().id.as_str(), id);
    assert_eq!(current_tags(&app), ["from-cli"]);
    assert!(app
        .reader()
        .lines
        .iter()
        .any(|l| matches!(l, presscut::app::ReaderLine::Tags(t) if t == &["#from-cli"])));
    assert_eq!(app.focus(), Focus::List);
}

/// Another process's edit, as the shell hands it to the app after reading the store file.
fn elsewhere(app: &mut App, edit: impl FnOnce(&mut presscut::store::StoreData)) {
    let mut store = app.store().clone();
    edit(&mut store);
    app.set_store(store);
}

fn hint() -> presscut::store::ArticleHint {
    presscut::store::ArticleHint::default()
}

#[test]
fn undo_takes_back_only_my_edit_never_another_processs() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    let first = app.current().unwrap().id.to_string();
    // I mark the article read; a script tags it; `u` unmarks it and keeps the script's tags.
    press(&mut app, "r");
    assert!(app.store().is_read(&first));
    elsewhere(&mut app, |s| {
        s.set_tag(&first, &hint(), "from-script", true);
    });
    press(&mut app, "u");
    assert!(!app.store().is_read(&first), "my read mark is undone");
    assert_eq!(app.store().tags_of(&first), ["from-script"]);
    // My note, then a script's tag: undo puts back my old note only.
    press(&mut app, "a");
    press(&mut app, "mine");
    ctrl(&mut app, 's');
    elsewhere(&mut app, |s| {
        s.set_tag(&first, &hint(), "second-script-tag", true);
    });
    press(&mut app, "u");
    assert_eq!(app.store().note_of(&first), "");
    assert_eq!(
        app.store().tags_of(&first),
        ["from-script", "second-script-tag"]
    );
    // A note someone else rewrote after mine is theirs: undoing mine leaves it.
    press(&mut app, "a");
    press(&mut app, "draft");
    ctrl(&mut app, 's');
    elsewhere(&mut app, |s| {
        s.set_note(&first, &hint(), "colleague's rewrite");
    });
    press(&mut app, "u");
    assert_eq!(app.store().note_of(&first), "colleague's rewrite");
}

#[test]
fn undoing_a_bulk_tag_keeps_tags_others_added_and_a_tag_still_in_use() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    let ids: Vec<String> = app.corpus().articles[..3]
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    // Marked articles 1 and 2 get a new tag in one change.
    press(&mut app, "  ");
    press(&mut app, "t");
    press(&mut app, "fresh");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.store().tags_of(&ids[0]), ["fresh"]);
    // Meanwhile a script tags article 1 "other" and article 3 "fresh".
    elsewhere(&mut app, |s| {
        s.set_tag(&ids[0], &hint(), "other", true);
        s.set_tag(&ids[2], &hint(), "fresh", true);
    });
    press(&mut app, "u");
    assert_eq!(app.store().tags_of(&ids[0]), ["other"]);
    assert!(app.store().tags_of(&ids[1]).is_empty());
    assert_eq!(
        app.store().tags_of(&ids[2]),
        ["fresh"],
        "the script's use stays"
    );
    assert!(
        app.store().existing_tag("fresh").is_some(),
        "a tag an article still carries stays in the registry"
    );
    // Redo puts mine back, next to theirs.
    ctrl(&mut app, 'r');
    assert_eq!(app.store().tags_of(&ids[0]), ["other", "fresh"]);
}

#[test]
fn counts_kept_up_edit_by_edit_match_counting_again_from_the_store() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    // Create three tags (quick keys 1–3), then tag, untag, mark, undo and redo across articles.
    for name in ["Krim", "élection", "to-check"] {
        press(&mut app, "t");
        press(&mut app, name);
        key(&mut app, KeyCode::Enter);
        press(&mut app, "j");
    }
    for keys in [
        "1", "j2", "r", "jj3", "1", "u", "r", "k2", "u", "u", "3", "r",
    ] {
        press(&mut app, keys);
        if keys == "u" {
            ctrl(&mut app, 'r'); // redo, then undo again below
            press(&mut app, "u");
        }
        assert_eq!(
            app.tag_counts(),
            app.store().tag_counts().as_slice(),
            "after {keys}"
        );
        let unread = app
            .list()
            .visible
            .iter()
            .filter(|&&i| !app.store().is_read(app.corpus().articles[i].id.as_str()))
            .count();
        assert_eq!(app.list().unread, unread, "after {keys}");
    }
    // The edits are all still in the journal the shell would take, in order.
    assert!(app.take_store_changes().len() >= 10);
    press(&mut app, "1");
    assert_eq!(app.tag_counts(), app.store().tag_counts().as_slice());
}
