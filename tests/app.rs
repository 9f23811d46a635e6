//! The app driven by Actions and key events alone — no terminal involved.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{Action, Effect, Focus, Overlay};

use common::{app_with, seed_corpus, wikinews_corpus};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn list_moves_stop_at_both_ends() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    let count = app.corpus().articles.len();
    app.update(Action::MoveUp);
    assert_eq!(app.list().selected, 0);
    app.update(Action::Bottom);
    assert_eq!(app.list().selected, count - 1);
    app.update(Action::MoveDown);
    assert_eq!(app.list().selected, count - 1);
    app.update(Action::Top);
    assert_eq!(app.list().selected, 0);
    app.update(Action::PageDown);
    assert!(app.list().selected > 1);
}

#[test]
fn the_selected_article_stays_visible_in_the_list() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    let rows = app.list_rows();
    for _ in 0..rows + 3 {
        app.update(Action::MoveDown);
    }
    assert!(
        app.list().selected >= app.list().offset && app.list().selected < app.list().offset + rows
    );
    app.update(Action::Top);
    assert_eq!(app.list().offset, 0);
}

#[test]
fn reader_scroll_never_passes_the_end() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.update(Action::Open);
    assert_eq!(app.focus(), Focus::Reader);
    for _ in 0..500 {
        app.update(Action::MoveDown);
    }
    let max = app.max_reader_scroll();
    assert!(max > 0, "the seed is longer than one screen");
    assert_eq!(app.reader().scroll, max);
    // The last line of the article is the last line on screen.
    assert_eq!(
        app.reader().scroll + app.reader_rows(),
        app.reader().lines.len()
    );
    app.update(Action::PageDown);
    assert_eq!(app.reader().scroll, max);
    app.update(Action::HalfPageUp);
    assert!(app.reader().scroll < max);
    app.update(Action::Top);
    assert_eq!(app.reader().scroll, 0);
    app.update(Action::Bottom);
    assert_eq!(app.reader().scroll, max);
}

#[test]
fn resize_rewraps_and_keeps_scroll_in_range() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.update(Action::Open);
    app.update(Action::Bottom);
    let wide_lines = app.reader().lines.len();
    app.update(Action::Resize(40, 12));
    assert!(
        app.reader().lines.len() > wide_lines,
        "narrower pane, more lines"
    );
    assert!(app.reader().scroll <= app.max_reader_scroll());
    app.update(Action::Resize(200, 60));
    assert!(app.reader().lines.len() < wide_lines);
    assert!(app.reader().scroll <= app.max_reader_scroll());
}

#[test]
fn focus_switching_and_back_then_quit() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::Reader);
    app.update(Action::FocusNext);
    assert_eq!(app.focus(), Focus::List);
    app.update(Action::FocusReader);
    assert_eq!(app.focus(), Focus::Reader);
    assert!(
        app.update(Action::Back).is_empty(),
        "q in the reader goes back, not out"
    );
    assert_eq!(app.focus(), Focus::List);
    assert_eq!(app.update(Action::Back), vec![Effect::Quit]);
}

#[test]
fn narrow_terminals_show_one_pane_at_a_time() {
    let mut app = app_with(seed_corpus(), 40, 12);
    assert!(app.layout().reader.is_none());
    app.update(Action::Open);
    assert!(app.layout().list.is_none());
    assert!(app.reader_rows() > 0);
}

#[test]
fn keys_go_through_the_keymap_including_sequences() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    app.on_key(key('G'));
    let last = app.corpus().articles.len() - 1;
    assert_eq!(app.list().selected, last);
    app.on_key(key('g'));
    assert_eq!(app.list().selected, last, "first g of `g g` waits");
    app.on_key(key('g'));
    assert_eq!(app.list().selected, 0);
    app.on_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    assert!(app.list().selected > 0);
    assert_eq!(
        app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        vec![Effect::Quit]
    );
}

#[test]
fn unbound_keys_say_so_and_point_to_help() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.on_key(key('Z'));
    assert!(app
        .screen()
        .message
        .as_deref()
        .is_some_and(|m| m.contains("not bound") && m.contains('?')));
    app.on_key(key('j'));
    assert_eq!(app.screen().message, None);
}

#[test]
fn overlays_open_scroll_and_close_without_quitting() {
    let mut app = app_with(seed_corpus(), 80, 12);
    app.update(Action::Help);
    assert!(matches!(app.overlay(), Some(Overlay::Help { .. })));
    app.update(Action::Bottom);
    assert!(
        matches!(app.overlay(), Some(Overlay::Help { scroll }) if *scroll > 0),
        "help is longer than a 12-line screen"
    );
    assert!(
        app.update(Action::Back).is_empty(),
        "q closes the popup, not the app"
    );
    assert_eq!(app.overlay(), None);
    app.update(Action::Warnings);
    assert!(matches!(app.overlay(), Some(Overlay::Warnings { .. })));
    app.update(Action::Cancel);
    assert_eq!(app.overlay(), None);
}

#[test]
fn an_empty_corpus_is_usable() {
    let mut app = app_with(presscut::corpus::Corpus::default(), 80, 24);
    for action in [
        Action::MoveDown,
        Action::Bottom,
        Action::Open,
        Action::FocusNext,
        Action::PageDown,
    ] {
        app.update(action);
    }
    assert_eq!(app.focus(), Focus::List);
    assert_eq!(app.list().selected, 0);
}
