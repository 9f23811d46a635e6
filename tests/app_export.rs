//! The export dialog driven by keys: choices, the request it hands the shell, overwrite consent.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{App, Effect, ExportRequest, ExportScope, Overlay};
use presscut::export::{ExportError, Format};

use common::{app_with, wikinews_corpus};

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| key(app, KeyCode::Char(c)))
        .collect()
}

fn request(effects: Vec<Effect>) -> ExportRequest {
    match effects.as_slice() {
        [Effect::Export(r)] => r.clone(),
        other => panic!("expected one export, got {other:?}"),
    }
}

#[test]
fn the_dialog_exports_the_marked_articles_as_chosen_and_asks_before_replacing() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    press(&mut app, "  "); // mark two
    press(&mut app, "e");
    let Some(Overlay::Export(dialog)) = app.overlay() else {
        panic!("dialog open")
    };
    assert_eq!(
        dialog.scope,
        ExportScope::Marked,
        "marks make 'marked' the default scope"
    );
    assert_eq!(app.export_count(ExportScope::Marked), 2);
    key(&mut app, KeyCode::Right); // json → jsonl
    key(&mut app, KeyCode::Right); // → csv
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab); // the file field
    for _ in 0.."presscut-export.csv".len() {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "coding-ü.csv");
    let first = request(key(&mut app, KeyCode::Enter));
    assert_eq!(first.format, Format::Csv);
    assert_eq!(first.path, "coding-ü.csv");
    assert_eq!(first.ids.as_ref().map(Vec::len), Some(2));
    assert!(!first.force);
    // The shell found the file there: the dialog asks; "n" keeps it, "y" replaces it.
    app.export_finished(Err(ExportError::Exists("coding-ü.csv".into())));
    assert!(matches!(app.overlay(), Some(Overlay::Confirm(_))));
    assert!(press(&mut app, "n").is_empty());
    key(&mut app, KeyCode::Enter);
    app.export_finished(Err(ExportError::Exists("coding-ü.csv".into())));
    let forced = request(press(&mut app, "y"));
    assert!(forced.force);
    app.export_finished(Ok(("/tmp/coding-ü.csv".into(), 2)));
    assert_eq!(app.overlay(), None);
    assert_eq!(
        app.screen().message.as_deref(),
        Some("/tmp/coding-ü.csv: 2 article(s) exported")
    );
}

#[test]
fn format_changes_follow_into_the_default_file_name_until_it_is_edited() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    press(&mut app, "e");
    key(&mut app, KeyCode::Left); // json → qdpx (wraps around)
    let r = request(key(&mut app, KeyCode::Enter));
    assert_eq!(
        (r.format, r.path.as_str(), r.ids),
        (Format::Qdpx, "presscut-export.qdpx", None)
    );
    app.export_finished(Err(ExportError::Io(
        "x".into(),
        std::io::Error::other("disk full"),
    )));
    assert!(
        app.screen()
            .message
            .as_deref()
            .unwrap()
            .contains("disk full"),
        "errors show and the dialog stays"
    );
    assert!(matches!(app.overlay(), Some(Overlay::Export(_))));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay(), None);
}
