//! Whole rendered frames on ratatui's TestBackend: what the user sees, cell by cell.

mod common;

use presscut::app::{Action, App};
use presscut::corpus::{Corpus, LoadOptions, Source};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use common::{app_with, render, seed_corpus, wikinews_corpus};

fn screen_text(app: &App) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|cell| cell.symbol()).collect()
}

#[test]
fn seed_at_80x24() {
    let app = app_with(seed_corpus(), 80, 24);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn seed_at_40x12_list_then_reader() {
    let mut app = app_with(seed_corpus(), 40, 12);
    insta::assert_snapshot!("seed_40x12_list", render(&app).backend());
    app.update(Action::Open);
    insta::assert_snapshot!("seed_40x12_reader", render(&app).backend());
}

#[test]
fn seed_reader_scrolled_to_the_end_at_80x24() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.update(Action::Open);
    app.update(Action::Bottom);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_overlay_at_80x24() {
    let mut app = app_with(seed_corpus(), 80, 24);
    app.update(Action::Help);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn wikinews_list_at_100x30() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    app.update(Action::MoveDown);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn hostile_text_is_drawn_visibly_never_as_control_codes() {
    let dir = tempfile::tempdir().unwrap();
    let hostile =
        "Evil\u{1b}[2J title\u{7}\n\nBody \u{1b}]52;c;ZXZpbA==\u{7} and \u{9b}31m red \u{202e}txet";
    std::fs::write(dir.path().join("evil.txt"), hostile).unwrap();
    let corpus = Corpus::load(
        &[Source::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    );
    let app = app_with(corpus, 100, 20);
    let text = screen_text(&app);
    assert!(
        !text.chars().any(|c| c.is_control()),
        "a control character reached the screen"
    );
    assert!(text.contains("Evil␛[2J title␇"), "{text}");
    assert!(text.contains("\\u{9b}31m") && text.contains("\\u{202e}txet"));
}

#[test]
fn warnings_are_counted_in_the_status_bar_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Fine\n\nText.").unwrap();
    std::fs::write(dir.path().join("bad.jsonl"), "{oops\n").unwrap();
    let corpus = Corpus::load(
        &[Source::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
    );
    let mut app = app_with(corpus, 100, 20);
    assert!(screen_text(&app).contains("⚠ 1 warning (W)"));
    app.update(Action::Warnings);
    let text = screen_text(&app);
    assert!(text.contains("bad.jsonl:1: not valid JSON"), "{text}");
}

#[test]
fn a_tiny_terminal_gets_a_notice_not_a_crash() {
    let app = app_with(seed_corpus(), 12, 3);
    assert!(screen_text(&app).contains("Terminal too"));
}

fn keys(app: &mut App, keys: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// The seed with two tags and a note, at a given size.
fn annotated_seed(width: u16, height: u16) -> App {
    let mut app = app_with(seed_corpus(), width, height);
    keys(&mut app, "tKrim\ntZakharova\n");
    keys(
        &mut app,
        "aSpokesperson called it a “terrorist attack”; check TASS.",
    );
    app.on_key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('s'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    app.clear_message();
    app
}

#[test]
fn tag_picker_note_editor_and_browser_at_80x24_and_40x12() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = annotated_seed(w, h);
        insta::assert_snapshot!(format!("annotated_{w}x{h}"), render(&app).backend());
        keys(&mut app, "tza");
        insta::assert_snapshot!(format!("picker_{w}x{h}"), render(&app).backend());
        keys(&mut app, "\u{1b}a");
        insta::assert_snapshot!(format!("note_editor_{w}x{h}"), render(&app).backend());
        keys(&mut app, "\u{1b}T");
        insta::assert_snapshot!(format!("tag_browser_{w}x{h}"), render(&app).backend());
        keys(&mut app, "\u{1b}e");
        insta::assert_snapshot!(format!("export_dialog_{w}x{h}"), render(&app).backend());
    }
}

/// The style of the first cell of `needle` on screen.
fn style_at(terminal: &Terminal<TestBackend>, needle: &str) -> ratatui::style::Style {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        let line = row.concat();
        if let Some(byte) = line.find(needle) {
            // Map the byte offset back to a column (symbols are one cell each here).
            let mut col = 0;
            let mut seen = 0;
            for (x, s) in row.iter().enumerate() {
                if seen >= byte {
                    col = x;
                    break;
                }
                seen += s.len();
            }
            return buffer[(col as u16, y)].style();
        }
    }
    panic!("{needle:?} is not on screen");
}

#[test]
fn entities_are_coloured_by_label_and_quotes_styled() {
    use ratatui::style::{Color, Modifier};
    let app = app_with(seed_corpus(), 120, 40);
    let terminal = render(&app);
    assert_eq!(
        style_at(&terminal, "Balashikha").fg,
        Some(Color::LightGreen),
        "PLACE"
    );
    assert_eq!(
        style_at(&terminal, "Yaroslav Moskalik").fg,
        Some(Color::LightYellow),
        "PERSON"
    );
    assert_eq!(
        style_at(&terminal, "TASS").fg,
        Some(Color::LightCyan),
        "ORG"
    );
    assert_eq!(
        style_at(&terminal, "Friday").fg,
        Some(Color::LightBlue),
        "DATE"
    );
    let quote = style_at(&terminal, "The main question");
    assert!(
        quote.add_modifier.contains(Modifier::ITALIC),
        "quotes are italic"
    );
    // An entity inside a quote keeps its colour and the quote's italics.
    let europe = style_at(&terminal, "Europe");
    assert_eq!(europe.fg, Some(Color::LightGreen));
    assert!(europe.add_modifier.contains(Modifier::ITALIC));
    // Ordinary words stay unstyled.
    assert_eq!(style_at(&terminal, "hours before").fg, Some(Color::Reset));
}

#[test]
fn no_color_draws_without_any_colour_and_keeps_highlights_apart() {
    use ratatui::style::{Color, Modifier};
    let mut app = app_with(seed_corpus(), 120, 40);
    app.set_color(false);
    let terminal = render(&app);
    for cell in terminal.backend().buffer().content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "{cell:?}"
        );
    }
    let person = style_at(&terminal, "Yaroslav Moskalik").add_modifier;
    let place = style_at(&terminal, "Balashikha").add_modifier;
    let org = style_at(&terminal, "TASS").add_modifier;
    assert!(person.contains(Modifier::BOLD) && !person.contains(Modifier::UNDERLINED));
    assert!(place.contains(Modifier::UNDERLINED) && !place.contains(Modifier::BOLD));
    assert!(org.contains(Modifier::BOLD | Modifier::UNDERLINED));
    assert!(style_at(&terminal, "The main question")
        .add_modifier
        .contains(Modifier::ITALIC));
    assert!(
        style_at(&terminal, " seeds")
            .add_modifier
            .contains(Modifier::REVERSED),
        "status bar"
    );
}

#[test]
fn the_colour_theme_uses_only_the_16_named_colours() {
    use ratatui::style::Color;
    let mut app = app_with(seed_corpus(), 120, 40);
    app.update(presscut::app::Action::Help);
    let terminal = render(&app);
    for cell in terminal.backend().buffer().content() {
        for colour in [cell.fg, cell.bg] {
            assert!(
                !matches!(colour, Color::Indexed(_) | Color::Rgb(..)),
                "{colour:?} needs more than 16 colours"
            );
        }
    }
}

#[test]
fn search_line_and_highlighted_matches() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::style::Color;
    let mut app = app_with(wikinews_corpus(), 80, 24);
    for c in "/boeing".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let terminal = render(&app);
    insta::assert_snapshot!("search_boeing_80x24", terminal.backend());
    // The matched word is highlighted (colour and bold), in the list and in the reader; nothing
    // else is.
    let buffer = terminal.backend().buffer();
    let highlighted: String = buffer
        .content()
        .iter()
        .filter(|cell| cell.bg == Color::Yellow)
        .map(|cell| cell.symbol())
        .collect();
    assert!(highlighted.len() >= 12, "{highlighted}");
    assert!(
        highlighted
            .replace("Boeing", "")
            .replace("boeing", "")
            .is_empty(),
        "only the matched word: {highlighted}"
    );
}

fn render_with(app: &App, theme: &presscut::ui::Theme) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.screen().width, app.screen().height)).unwrap();
    terminal
        .draw(|frame| presscut::ui::draw_with(app, theme, frame))
        .unwrap();
    terminal
}

/// The light theme, cell styles included: a change of colour shows in review.
#[test]
fn light_theme_at_80x24() {
    let app = annotated_seed(80, 24);
    let terminal = render_with(&app, &presscut::ui::Theme::light());
    insta::assert_snapshot!(terminal.backend());
    insta::assert_debug_snapshot!("light_theme_at_80x24_styles", terminal.backend().buffer());
}

#[test]
fn the_light_theme_has_no_pale_text_for_a_light_background() {
    use ratatui::style::Color;
    let mut app = app_with(seed_corpus(), 120, 40);
    for overlay in [None, Some(Action::Help)] {
        if let Some(action) = overlay {
            app.update(action);
        }
        let terminal = render_with(&app, &presscut::ui::Theme::light());
        for cell in terminal.backend().buffer().content() {
            // Pale foregrounds on the terminal's own (light) background are unreadable.
            let pale = matches!(
                cell.fg,
                Color::White
                    | Color::Gray
                    | Color::LightYellow
                    | Color::LightCyan
                    | Color::LightGreen
                    | Color::LightBlue
                    | Color::LightMagenta
                    | Color::LightRed
                    | Color::Yellow
            );
            let own_background = cell.bg == Color::Reset;
            assert!(
                !(pale && own_background) || cell.symbol().trim().is_empty(),
                "{cell:?}"
            );
            assert!(!matches!(cell.fg, Color::Indexed(_) | Color::Rgb(..)));
        }
    }
    app.update(Action::Cancel);
    let terminal = render_with(&app, &presscut::ui::Theme::light());
    assert_eq!(style_at(&terminal, "Balashikha").fg, Some(Color::Green));
}

#[test]
fn no_color_wins_over_any_theme_and_configured_colours() {
    use ratatui::style::Color;
    let settings = presscut::config::parse(
        "[theme]\nbase = \"light\"\nperson = \"#ff0000 on 17\"\n",
        std::path::Path::new("config.toml"),
    );
    let mut app = app_with(seed_corpus(), 120, 40);
    app.set_color(false);
    let terminal = render_with(&app, &settings.theme);
    for cell in terminal.backend().buffer().content() {
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "{cell:?}"
        );
    }
}

#[test]
fn configured_colours_reach_the_screen() {
    use ratatui::style::{Color, Modifier};
    let settings = presscut::config::parse(
        "[theme]\nperson = \"italic #ff8700\"\nstatus = \"black on 250\"\n",
        std::path::Path::new("config.toml"),
    );
    let app = app_with(seed_corpus(), 120, 40);
    let terminal = render_with(&app, &settings.theme);
    let person = style_at(&terminal, "Yaroslav Moskalik");
    assert_eq!(person.fg, Some(Color::Rgb(255, 135, 0)));
    assert!(person.add_modifier.contains(Modifier::ITALIC));
    assert!(
        !person.add_modifier.contains(Modifier::BOLD),
        "replaced, not added to"
    );
    assert_eq!(style_at(&terminal, " seeds").bg, Some(Color::Indexed(250)));
}

#[test]
fn loading_screen_at_80x24_and_40x12() {
    let keymap = presscut::app::Keymap::default_keymap();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = App::loading("news".into(), keymap.clone());
        app.update(Action::Resize(w, h));
        app.set_load_progress(presscut::app::Loading {
            found: 100_000,
            read: 25_000,
            walked: true,
        });
        insta::assert_snapshot!(format!("loading_{w}x{h}"), render(&app).backend());
    }
}

#[test]
fn on_a_narrow_screen_a_message_takes_the_whole_status_bar() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_with(wikinews_corpus(), 40, 12);
    for c in "/boeing".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let text = screen_text(&app);
    let status: String = text.chars().skip(40 * 11).collect();
    assert!(
        status.contains("4 matches — Esc clears the search"),
        "{status:?}"
    );
    // Without a message the bar shows the counts and the filter again.
    app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let status: String = screen_text(&app).chars().skip(40 * 11).collect();
    assert!(status.contains("filter /boeing"), "{status:?}");
    // The help key stays in sight: the corpus name gives way to it.
    assert!(status.contains("? help"), "{status:?}");
}
