//! Entities and quotes in the reader, driven by keys: jumps, highlights, the entity panel and
//! the corpus-wide "articles naming this entity" filter.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{App, Focus, ReaderLine, SpanKind};
use presscut::entity_index::EntityIndex;

use common::{app_with, seed_corpus, wikinews_corpus};

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn cursor_text(app: &App) -> String {
    let cursor = app.reader().span_cursor.as_ref().expect("a span cursor");
    app.current().unwrap().body[cursor.range.clone()].to_string()
}

fn speaker_labels(app: &App) -> Vec<String> {
    app.reader()
        .lines
        .iter()
        .flat_map(|l| match l {
            ReaderLine::Body(pieces) => pieces.clone(),
            _ => Vec::new(),
        })
        .filter_map(|p| match p {
            presscut::app::reader::Piece::Speaker(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn built_index(app: &App) -> EntityIndex {
    common::indexes(app).entities
}

#[test]
fn entity_and_quote_jumps_walk_the_article_and_scroll_into_view() {
    let mut app = app_with(seed_corpus(), 80, 24);
    press(&mut app, "]e");
    assert_eq!(app.focus(), Focus::Reader);
    assert_eq!(
        app.reader().span_cursor.as_ref().unwrap().kind,
        SpanKind::Entity
    );
    let first = cursor_text(&app);
    press(&mut app, "]e");
    assert_ne!(cursor_text(&app), first);
    press(&mut app, "[e");
    assert_eq!(cursor_text(&app), first);
    // The quotes, in order; the last one is far down, so the reader scrolled to it.
    press(&mut app, "]q");
    assert_eq!(cursor_text(&app), "“terrorist attack.”");
    for _ in 0..5 {
        press(&mut app, "]q");
    }
    assert!(
        cursor_text(&app).starts_with("“We are very close to a Deal"),
        "{}",
        cursor_text(&app)
    );
    assert!(app.reader().scroll > 0);
    press(&mut app, "]q");
    press(&mut app, "]q");
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .contains("no quote below"));
}

#[test]
fn speakers_are_shown_once_per_paragraph_and_highlights_toggle() {
    let mut app = app_with(seed_corpus(), 80, 24);
    // Zakharova's three quotes share one label; "…,” Trump wrote" names him already; the last
    // paragraph's quotes ("he added") get one.
    let labels = speaker_labels(&app);
    assert_eq!(labels, ["— Maria Zakharova", "— Trump"]);
    press(&mut app, "H");
    assert!(speaker_labels(&app).is_empty());
    assert!(app.reader_analysis().is_none());
    press(&mut app, "H");
    assert_eq!(speaker_labels(&app).len(), 2);
}

#[test]
fn the_entity_panel_lists_this_articles_entities_and_filters_the_corpus() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    let total = app.list().visible.len();
    press(&mut app, "E");
    let panel = app.entity_panel().expect("panel open");
    assert!(!panel.rows.is_empty());
    // Before the index is ready, Enter explains instead of filtering.
    app.set_index_progress(3, total);
    press(&mut app, "\n");
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .contains("still indexing entities (3/"));
    let index = built_index(&app);
    app.set_entity_index(index);
    // Pick an entity that several articles name: the panel's most mentioned place.
    let panel = app.entity_panel().unwrap();
    let row = panel
        .rows
        .iter()
        .position(|(k, _)| k.label == presscut::analysis::Label::Place)
        .unwrap();
    let key = panel.rows[row].0.clone();
    for _ in 0..row {
        press(&mut app, "j");
    }
    press(&mut app, "\n");
    assert!(app.entity_panel().is_none());
    assert_eq!(app.list().entity_filter.as_ref(), Some(&key));
    assert!(
        !app.list().visible.is_empty() && app.list().visible.len() < total,
        "{} of {total}",
        app.list().visible.len()
    );
    for &i in &app.list().visible {
        assert!(app.corpus().articles[i]
            .body
            .to_lowercase()
            .contains(&key.name.to_lowercase()));
    }
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(app.list().visible.len(), total);
    assert_eq!(app.list().entity_filter, None);
}
