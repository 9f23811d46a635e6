//! Mouse input, hit-tested by the app: clicks are sent where the rendered frame shows things,
//! so the drawing and the hit-testing are checked against each other.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{Action, App, Focus, MouseInput, MouseKind, Overlay};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use common::{app_with, wikinews_corpus};

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn mouse(app: &mut App, kind: MouseKind, (column, row): (u16, u16)) {
    app.update(Action::Mouse(MouseInput { kind, column, row }));
}

/// Where `needle` is drawn: (column, row) of its first cell; `nth` picks a later match.
fn find(app: &App, needle: &str, nth: usize) -> (u16, u16) {
    find_in(app, needle, nth, 0..app.screen().width)
}

/// [`find`] among the cells of `columns` only (one pane's).
fn find_in(app: &App, needle: &str, nth: usize, columns: std::ops::Range<u16>) -> (u16, u16) {
    let mut terminal =
        Terminal::new(TestBackend::new(app.screen().width, app.screen().height)).unwrap();
    terminal
        .draw(|frame| presscut::ui::draw(app, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut seen = 0;
    for y in 0..buffer.area.height {
        let cells: Vec<&str> = columns.clone().map(|x| buffer[(x, y)].symbol()).collect();
        let line = cells.concat();
        for (byte, _) in line.match_indices(needle) {
            if seen == nth {
                let column = cells
                    .iter()
                    .scan(0, |len, s| {
                        let start = *len;
                        *len += s.len();
                        Some(start)
                    })
                    .position(|start| start == byte)
                    .unwrap();
                return (columns.start + column as u16, y);
            }
            seen += 1;
        }
    }
    panic!("{needle:?} (#{nth}) is not on screen");
}

/// Wikinews with the 1st and 3rd articles tagged `ai`, the 3rd also `asia`.
fn tagged(width: u16, height: u16) -> App {
    let mut app = app_with(wikinews_corpus(), width, height);
    keys(&mut app, "tai\njjtai\ntasia\ngg");
    app.clear_message();
    app
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    let reader = app.layout().reader.unwrap();
    let over_reader = (reader.x + 5, reader.y + 5);
    mouse(&mut app, MouseKind::ScrollDown, over_reader);
    assert_eq!(app.reader().scroll, 3);
    assert_eq!(app.list().selected, 0, "the list did not move");
    assert_eq!(
        app.focus(),
        Focus::List,
        "scrolling does not move the focus"
    );
    mouse(&mut app, MouseKind::ScrollUp, over_reader);
    mouse(&mut app, MouseKind::ScrollUp, over_reader);
    assert_eq!(app.reader().scroll, 0);
    let over_list = (3, 5);
    mouse(&mut app, MouseKind::ScrollDown, over_list);
    assert_eq!(app.list().selected, 3);
    mouse(&mut app, MouseKind::ScrollUp, over_list);
    assert_eq!(app.list().selected, 0);
    // The status bar is neither pane.
    mouse(&mut app, MouseKind::ScrollDown, (50, 29));
    assert_eq!((app.list().selected, app.reader().scroll), (0, 0));
    // Help scrolls under the wheel wherever the pointer is.
    app.update(Action::Help);
    mouse(&mut app, MouseKind::ScrollDown, over_list);
    assert!(matches!(app.overlay(), Some(Overlay::Help { scroll: 3 })));
}

#[test]
fn a_click_selects_the_article_on_that_row() {
    for (width, height) in [(100, 30), (140, 40)] {
        let mut app = app_with(wikinews_corpus(), width, height);
        let third = app.corpus().articles[app.list().visible[2]].title.clone();
        let at = find(&app, &third[..12], 0);
        mouse(&mut app, MouseKind::Click, at);
        assert_eq!(app.list().selected, 2, "{width}x{height}");
        assert_eq!(app.focus(), Focus::List);
        // A click in the reader focuses it; a click below the last row changes nothing.
        let reader = app.layout().reader.unwrap();
        mouse(&mut app, MouseKind::Click, (reader.x + 3, reader.y + 8));
        assert_eq!(app.focus(), Focus::Reader);
        mouse(&mut app, MouseKind::Click, (2, height - 3));
        assert_eq!(app.list().selected, 2, "no article on that row");
    }
}

#[test]
fn a_click_on_a_tag_in_the_list_filters_by_it() {
    // Two-line rows (100 columns) and one-line rows (140 columns).
    for (width, height) in [(100, 30), (140, 40)] {
        let mut app = tagged(width, height);
        let all = app.list().visible.len();
        let list = app.layout().list.unwrap();
        let in_list =
            |app: &App, needle, nth| find_in(app, needle, nth, list.x..list.x + list.width);
        let at = in_list(&app, "#asia", 0);
        mouse(&mut app, MouseKind::Click, (at.0 + 2, at.1));
        assert_eq!(
            app.list().filter.include,
            vec!["asia".to_string()],
            "{width}x{height}"
        );
        assert_eq!(app.list().visible.len(), 1);
        keys(&mut app, "\u{1b}");
        assert_eq!(app.list().visible.len(), all);
        // The space between two badges is no tag; `#ai` of the 3rd row is.
        let ai = in_list(&app, "#ai", 1);
        mouse(&mut app, MouseKind::Click, (ai.0 + 3, ai.1));
        assert!(
            app.list().filter.is_empty(),
            "{width}x{height}: the gap after #ai"
        );
        mouse(&mut app, MouseKind::Click, ai);
        assert_eq!(app.list().filter.include, vec!["ai".to_string()]);
        assert_eq!(app.list().visible.len(), 2);
    }
}

#[test]
fn a_click_on_a_badge_in_the_reader_filters_by_it() {
    let mut app = tagged(140, 40);
    keys(&mut app, "jj");
    let reader = app.layout().reader.unwrap();
    let at = find_in(&app, " #asia ", 0, reader.x..reader.x + reader.width);
    mouse(&mut app, MouseKind::Click, (at.0 + 1, at.1));
    assert_eq!(app.list().filter.include, vec!["asia".to_string()]);
    assert_eq!(app.list().visible.len(), 1);
    assert_eq!(app.focus(), Focus::List);
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap_or("")
        .contains("#asia"));
}

#[test]
fn a_drag_over_reader_words_selects_them_and_c_codes_the_selection() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    app.set_coder("ana");
    keys(&mut app, "\n");
    let body = app.current().unwrap().body.clone();
    // The first body line with four words or more, as laid out for the screen.
    let (line, words) = app
        .reader()
        .lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| match l {
            presscut::app::ReaderLine::Body(pieces) => {
                let words: Vec<std::ops::Range<usize>> = pieces
                    .iter()
                    .filter_map(|p| match p {
                        presscut::app::reader::Piece::Word(r) => Some(r.clone()),
                        _ => None,
                    })
                    .collect();
                (words.len() >= 4).then_some((i, words))
            }
            _ => None,
        })
        .expect("a body line of four words");
    let inner = app.layout().reader.unwrap().inner();
    let row = inner.y + (line - app.reader().scroll) as u16;
    // Cells of the words on that row: one cell of margin, words one space apart.
    let mut x = inner.x + 1;
    let mut cells = Vec::new();
    for w in &words {
        cells.push(x);
        x += presscut::app::reader::display_width(&body[w.clone()]) as u16 + 1;
    }
    mouse(&mut app, MouseKind::Click, (cells[1], row));
    assert_eq!(app.focus(), Focus::Reader);
    assert_eq!(
        app.reader().span_cursor.as_ref().map(|c| c.range.clone()),
        Some(words[1].clone()),
        "a click puts the cursor on the word"
    );
    assert_eq!(app.selection(), None);
    mouse(&mut app, MouseKind::Drag, (cells[3] + 1, row));
    assert_eq!(app.selection(), Some(words[1].start..words[3].end));
    keys(&mut app, "c");
    for c in "Gezogen".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    keys(&mut app, "\n");
    let id = app.current().unwrap().id.as_str().to_string();
    let coded = app.store().passages_of(&id);
    assert_eq!(coded.len(), 1);
    assert_eq!(coded[0].exact, body[words[1].start..words[3].end]);
    // A drag that starts outside the text selects nothing.
    mouse(
        &mut app,
        MouseKind::Click,
        (inner.x + inner.width - 1, inner.y),
    );
    mouse(&mut app, MouseKind::Drag, (cells[2], row));
    assert_eq!(app.selection(), None);
}
