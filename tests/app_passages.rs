//! Coding passages in the reader, driven by keys as a user types them: the word cursor, the
//! selection, the code picker, memos, `]c`, quick codes, undo, and the codebook view; with
//! rendered frames for the coded reader and the codebook at 80×24 and 40×12.

mod common;

use common::{app_with, keys, render, type_text};
use presscut::app::{App, Effect};
use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::store::CodeRecord;

/// Text written for these tests (not from any news source), with non-ASCII words, a title
/// abbreviation and an initialism that do not end their sentences.
const ARTICLE: &str = "Städte bauen Brücken\n\n\
Die Bürgermeisterin von Köln eröffnete am Montag eine neue Brücke. Gen. Åsa Berg kam aus \
Washington D.C. nach Köln. \"Wir bauen für alle,\" sagte sie.\n\n\
Der Bau kostete 40 Millionen Euro. Kritiker nannten das zu teuer.";

fn corpus() -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("a temp dir");
    // A fixed folder name: the status bar shows it, and the snapshots must not change.
    let folder = dir.path().join("koeln");
    std::fs::create_dir(&folder).expect("a folder");
    std::fs::write(folder.join("bruecke.txt"), ARTICLE).expect("written");
    let corpus = Corpus::load(&[Source::Path(folder)], &LoadOptions::default());
    (dir, corpus)
}

fn app(width: u16, height: u16) -> (tempfile::TempDir, App) {
    let (dir, corpus) = corpus();
    let mut app = app_with(corpus, width, height);
    app.set_coder("ana");
    keys(&mut app, "enter");
    (dir, app)
}

fn body(app: &App) -> &str {
    &app.corpus().articles[0].body
}

fn selected_text(app: &App) -> String {
    let range = app.selection().expect("a selection");
    body(app)[range].to_string()
}

fn cursor_text(app: &App) -> String {
    let cursor = app.reader().span_cursor.as_ref().expect("a cursor");
    body(app)[cursor.range.clone()].to_string()
}

/// (start, end, code, memo) of every passage, in code points.
fn passages(app: &App) -> Vec<(String, String, String)> {
    let id = app.corpus().articles[0].id.as_str();
    app.store()
        .passages_of(id)
        .iter()
        .map(|p| (p.exact.clone(), p.code.clone(), p.memo.clone()))
        .collect()
}

#[test]
fn word_sentence_and_paragraph_motions_move_a_visible_cursor() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, "w");
    assert_eq!(
        cursor_text(&app),
        "Die",
        "w starts at the first word on screen"
    );
    keys(&mut app, "w");
    assert_eq!(cursor_text(&app), "Bürgermeisterin");
    keys(&mut app, "b");
    assert_eq!(cursor_text(&app), "Die");
    keys(&mut app, ")");
    assert_eq!(
        cursor_text(&app),
        "Gen.",
        "a title abbreviation does not end a sentence"
    );
    keys(&mut app, ")");
    assert_eq!(
        cursor_text(&app),
        "\"Wir",
        "an initialism before nach keeps going"
    );
    keys(&mut app, "(");
    assert_eq!(cursor_text(&app), "Gen.");
    keys(&mut app, "}");
    assert_eq!(cursor_text(&app), "Der", "}} goes to the next paragraph");
    keys(&mut app, "{");
    assert_eq!(cursor_text(&app), "Die");
    keys(&mut app, "{");
    assert_eq!(app.message(), Some("start of the article"));
}

#[test]
fn v_starts_a_selection_that_motions_extend_and_esc_drops() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, "w w v w w");
    assert_eq!(selected_text(&app), "Bürgermeisterin von Köln");
    keys(&mut app, "esc");
    assert!(app.selection().is_none());
    assert!(
        app.reader().span_cursor.is_some(),
        "the first Esc drops only the selection"
    );
    keys(&mut app, "s");
    assert_eq!(
        selected_text(&app),
        "Die Bürgermeisterin von Köln eröffnete am Montag eine neue Brücke."
    );
    keys(&mut app, "w");
    assert!(
        selected_text(&app).ends_with("Brücke. Gen."),
        "w extends a sentence selection by a word"
    );
    keys(&mut app, "p");
    assert!(selected_text(&app).starts_with("Die Bürgermeisterin"));
    assert!(selected_text(&app).ends_with("sagte sie."));
}

#[test]
fn o_selects_the_quote_under_the_cursor() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, ") ) w");
    assert_eq!(cursor_text(&app), "bauen");
    keys(&mut app, "o");
    assert_eq!(selected_text(&app), "\"Wir bauen für alle,\"");
}

#[test]
fn a_selection_is_coded_from_the_picker_drawn_and_undone() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, "s c");
    type_text(&mut app, "Infrastruktur");
    let effects = keys(&mut app, "enter");
    assert!(effects.contains(&Effect::Save));
    let sentence = "Die Bürgermeisterin von Köln eröffnete am Montag eine neue Brücke.";
    assert_eq!(
        passages(&app),
        vec![(sentence.to_string(), "Infrastruktur".into(), String::new())]
    );
    let p = &app
        .store()
        .passages_of(app.corpus().articles[0].id.as_str())[0];
    assert_eq!((p.start, p.end), (0, sentence.chars().count()));
    assert_eq!(p.coder, "ana");
    assert_eq!(app.reader().coded.len(), 1, "the reader draws it at once");
    // A second code on the same passage: the picker ticks the first.
    keys(&mut app, "c");
    type_text(&mut app, "Kosten");
    keys(&mut app, "enter");
    assert_eq!(passages(&app).len(), 2);
    // Undo takes back the second code only, redo brings it back.
    keys(&mut app, "u");
    assert_eq!(passages(&app).len(), 1);
    keys(&mut app, "ctrl-r");
    assert_eq!(passages(&app).len(), 2);
    // The picker on a coded passage: Enter on a ticked code uncodes it.
    keys(&mut app, "c");
    type_text(&mut app, "Kosten");
    keys(&mut app, "enter");
    assert_eq!(
        passages(&app)
            .iter()
            .map(|p| p.1.as_str())
            .collect::<Vec<_>>(),
        ["Infrastruktur"]
    );
}

#[test]
fn c_without_a_selection_says_how_to_make_one() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, "w c");
    assert!(app.overlay().is_none());
    assert!(app
        .message()
        .unwrap_or("")
        .contains("select a passage first"));
}

#[test]
fn memos_and_jumps_between_coded_passages() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, "s c");
    type_text(&mut app, "Ort");
    keys(&mut app, "enter } s c");
    type_text(&mut app, "Kosten");
    keys(&mut app, "enter");
    assert_eq!(passages(&app).len(), 2);
    keys(&mut app, "[ c");
    assert!(cursor_text(&app).starts_with("Die Bürgermeisterin"));
    assert!(app.message().unwrap_or("").contains("passage 1 of 2"));
    keys(&mut app, "m");
    type_text(&mut app, "Eröffnung, nicht Bau");
    keys(&mut app, "ctrl-s");
    assert_eq!(passages(&app)[0].2, "Eröffnung, nicht Bau");
    keys(&mut app, "] c");
    assert_eq!(cursor_text(&app), "Der Bau kostete 40 Millionen Euro.");
    keys(&mut app, "[ c");
    assert!(
        app.message().unwrap_or("").contains("memo: Eröffnung"),
        "{:?}",
        app.message()
    );
    // Undo of the memo puts the empty memo back.
    keys(&mut app, "u");
    assert_eq!(passages(&app)[0].2, "");
}

#[test]
fn digit_keys_with_a_selection_apply_the_code_on_that_key() {
    let (_dir, mut app) = app(100, 30);
    let mut store = app.store().clone();
    store.define_code(
        "Akteur",
        &CodeRecord {
            key: Some("2".into()),
            definition: Some("Eine handelnde Person".into()),
            ..CodeRecord::default()
        },
    );
    app.set_store(store);
    keys(&mut app, "w v w 2");
    assert_eq!(
        passages(&app),
        vec![("Die Bürgermeisterin".into(), "Akteur".into(), String::new())]
    );
    // Without a selection, 2 stays the quick tag key.
    keys(&mut app, "2");
    assert_eq!(passages(&app).len(), 1);
}

#[test]
fn the_codebook_lists_codes_under_their_parents_and_enter_filters_the_list() {
    let (_dir, mut app) = app(100, 30);
    let mut store = app.store().clone();
    store.define_code("Rahmen", &CodeRecord::default());
    store.define_code(
        "Konflikt",
        &CodeRecord {
            parent: Some("Rahmen".into()),
            definition: Some("Streit um Geld oder Macht".into()),
            ..CodeRecord::default()
        },
    );
    app.set_store(store);
    keys(&mut app, "s c");
    type_text(&mut app, "Konflikt");
    keys(&mut app, "enter C");
    let rows: Vec<(String, usize, usize)> = match app.overlay() {
        Some(presscut::app::Overlay::Codebook(view)) => view
            .rows
            .iter()
            .map(|r| (r.name.clone(), r.depth, r.count))
            .collect(),
        other => panic!("the codebook is open: {other:?}"),
    };
    assert_eq!(rows, [("Rahmen".into(), 0, 0), ("Konflikt".into(), 1, 1)]);
    // Enter: every passage coded so, with its article and sentence.
    keys(&mut app, "j enter");
    match app.overlay() {
        Some(presscut::app::Overlay::Passages(list)) => {
            assert_eq!(list.code, "Konflikt");
            assert_eq!(list.rows.len(), 1);
            assert_eq!(
                (list.rows[0].start, list.rows[0].coder.as_str()),
                (0, "ana")
            );
        }
        other => panic!("the passage list is open: {other:?}"),
    }
    let text = common::screen(&app).join("\n");
    assert!(text.contains("Konflikt · 1 passage"), "{text}");
    assert!(
        text.contains("Rahmen/Konflikt") || text.contains("Städte bauen Brücken"),
        "{text}"
    );
    // Enter again: the passage in the reader, the list narrowed to the articles coded so.
    keys(&mut app, "esc esc");
    keys(&mut app, "C j enter enter");
    assert!(app.overlay().is_none());
    assert_eq!(app.focus(), presscut::app::Focus::Reader);
    assert!(cursor_text(&app).starts_with("Die Bürgermeisterin"));
    assert_eq!(
        app.list().search.as_ref().map(|s| s.text.as_str()),
        Some("code:\"Konflikt\"")
    );
}

#[test]
fn codes_are_renamed_merged_and_deleted_from_the_codebook_with_undo() {
    let (_dir, mut app) = app(100, 30);
    keys(&mut app, "s c");
    type_text(&mut app, "Bau");
    keys(&mut app, "enter ) s c");
    type_text(&mut app, "Person");
    keys(&mut app, "enter C");
    let codes = |app: &App| -> Vec<String> {
        let mut v: Vec<String> = passages(app).into_iter().map(|(_, c, _)| c).collect();
        v.sort();
        v
    };
    // R: the new name, then a question with the counts.
    keys(&mut app, "R ctrl-u");
    type_text(&mut app, "Neubau");
    keys(&mut app, "enter");
    let question = common::screen(&app).join("\n");
    assert!(
        question.contains("Rename code Bau → Neubau: 1 passage(s) in 1 article(s)")
            && question.contains("by 1 coder(s)? y / n"),
        "{question}"
    );
    keys(&mut app, "y");
    assert_eq!(codes(&app), ["Neubau", "Person"]);
    assert!(app.store().codes.contains_key("Neubau") && !app.store().codes.contains_key("Bau"));
    keys(&mut app, "u");
    assert_eq!(codes(&app), ["Bau", "Person"], "undo renames back");
    // D: delete, and undo puts the passage back (the codebook stays open, and follows).
    keys(&mut app, "D");
    assert!(common::screen(&app)
        .join("\n")
        .contains("Delete code Bau and its 1 passage(s)"));
    keys(&mut app, "y");
    assert_eq!(codes(&app), ["Person"]);
    keys(&mut app, "u");
    assert_eq!(codes(&app), ["Bau", "Person"]);
    // A merge says it cannot be undone.
    keys(&mut app, "R ctrl-u");
    type_text(&mut app, "person");
    keys(&mut app, "enter");
    assert!(common::screen(&app).join("\n").contains("cannot be undone"));
    keys(&mut app, "y");
    assert_eq!(codes(&app), ["Person", "Person"]);
}

#[test]
fn the_code_tables_count_overlaps_and_passages_by_outlet_and_are_drawn() {
    let (_dir, mut app) = app(80, 24);
    keys(&mut app, "s c");
    type_text(&mut app, "Bau");
    keys(&mut app, "enter p c");
    type_text(&mut app, "Ort");
    keys(&mut app, "enter C M");
    let table = match app.overlay() {
        Some(presscut::app::Overlay::CodeTable(view)) => view.table.clone(),
        other => panic!("the code table is open: {other:?}"),
    };
    assert_eq!(table.rows, ["Bau", "Ort"]);
    // The sentence lies inside the paragraph: one overlapping pair; the diagonal counts each.
    assert_eq!(table.counts, [[1, 1], [1, 1]]);
    insta::assert_snapshot!("code_table_80x24", render(&app).backend());
    keys(&mut app, "M");
    let table = match app.overlay() {
        Some(presscut::app::Overlay::CodeTable(view)) => view.table.clone(),
        other => panic!("the code table is open: {other:?}"),
    };
    assert_eq!(
        table.columns.len(),
        1,
        "one outlet column: {:?}",
        table.columns
    );
    assert_eq!(table.counts, [[1], [1]]);
    app.update(presscut::app::Action::Resize(40, 12));
    insta::assert_snapshot!("code_table_outlet_40x12", render(&app).backend());
    keys(&mut app, "esc");
    assert!(matches!(
        app.overlay(),
        Some(presscut::app::Overlay::Codebook(_))
    ));
}

/// The coders of the passages the reader draws, one entry per drawn span.
fn drawn_coders(app: &App) -> Vec<Vec<String>> {
    app.reader()
        .coded
        .iter()
        .map(|s| s.coders.clone())
        .collect()
}

#[test]
fn l_switches_whose_codings_are_drawn_and_blind_mode_waits_for_f() {
    let (_dir, mut app) = app(100, 30);
    // ben coded the first sentence; ana (this session's coder) the paragraph.
    app.set_coder("ben");
    keys(&mut app, "s c");
    type_text(&mut app, "Bau");
    keys(&mut app, "enter esc");
    app.set_coder("ana");
    keys(&mut app, "p c");
    type_text(&mut app, "Ort");
    keys(&mut app, "enter");
    assert_eq!(drawn_coders(&app).concat(), ["ana", "ben"]);
    keys(&mut app, "L");
    assert_eq!(drawn_coders(&app), [["ana"]], "mine only");
    assert!(common::screen(&app).join("\n").contains("my codings"));
    keys(&mut app, "L");
    assert_eq!(drawn_coders(&app), [["ben"]], "ben's only");
    keys(&mut app, "L");
    assert_eq!(drawn_coders(&app).len(), 2, "everyone's again");
    // Blind: ben's passage is hidden from ana until she finishes the article.
    app.set_blind(true);
    keys(&mut app, "j k");
    assert_eq!(drawn_coders(&app), [["ana"]]);
    assert!(common::screen(&app).join("\n").contains("blind"));
    let effects = keys(&mut app, "F");
    assert!(!effects.is_empty(), "finishing is saved");
    let id = app.corpus().articles[0].id.as_str().to_string();
    assert!(app.store().has_finished(&id, "ana"));
    assert_eq!(
        drawn_coders(&app).len(),
        2,
        "finished: the others' codings appear"
    );
    keys(&mut app, "F");
    assert_eq!(drawn_coders(&app), [["ana"]], "reopened: hidden again");
}

#[test]
fn each_coders_tags_are_shown_in_their_view_and_i_says_who_applied_what() {
    let (_dir, mut app) = app(100, 30);
    let id = app.corpus().articles[0].id.as_str().to_string();
    keys(&mut app, "t");
    type_text(&mut app, "Krim");
    keys(&mut app, "enter t");
    type_text(&mut app, "Sport");
    keys(&mut app, "enter");
    // What the shell reads from the logs: ana gave Krim, ben Krim and Sport.
    let layers: presscut::app::TagLayers = [("ana", vec!["Krim"]), ("ben", vec!["Krim", "Sport"])]
        .into_iter()
        .map(|(coder, tags)| {
            let tags: Vec<String> = tags.into_iter().map(String::from).collect();
            (
                coder.to_string(),
                [(id.clone(), tags)].into_iter().collect(),
            )
        })
        .collect();
    let effects = keys(&mut app, "L");
    assert_eq!(
        effects,
        [Effect::CoderLayers],
        "the layers are read when first needed"
    );
    app.set_tag_layers(Ok(layers));
    assert_eq!(app.shown_tags(&id), ["Krim"], "mine (ana's)");
    keys(&mut app, "L");
    assert_eq!(app.shown_tags(&id), ["Krim", "Sport"], "ben's");
    keys(&mut app, "L");
    assert_eq!(app.shown_tags(&id).len(), 2, "everyone's");
    keys(&mut app, "I");
    let message = app.screen().message.clone().unwrap_or_default();
    assert!(message.contains("#Krim: ana, ben"), "{message}");
    assert!(message.contains("#Sport: ben"), "{message}");
    // My own untagging follows into my layer at once.
    keys(&mut app, "t");
    type_text(&mut app, "Krim");
    keys(&mut app, "enter L");
    assert!(app.shown_tags(&id).is_empty(), "{:?}", app.shown_tags(&id));
}

#[test]
fn a_coded_passage_is_drawn_in_its_codes_colour_unless_colour_is_off() {
    use ratatui::style::Color;
    let (_dir, mut app) = app(100, 30);
    let mut store = app.store().clone();
    store.define_code(
        "Bau",
        &CodeRecord {
            color: Some("#ffcc00".into()),
            ..CodeRecord::default()
        },
    );
    app.set_store(store);
    keys(&mut app, "s c");
    type_text(&mut app, "Bau");
    keys(&mut app, "enter esc esc");
    // The first word of the coded sentence, "Die", as drawn.
    let cell = |app: &App| {
        let terminal = render(app);
        let buffer = terminal.backend().buffer().clone();
        let (x, y) = (0..buffer.area.height)
            .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
            .find(|&(x, y)| {
                buffer[(x, y)].symbol() == "D"
                    && buffer[(x + 1, y)].symbol() == "i"
                    && buffer[(x + 2, y)].symbol() == "e"
                    && x > 40
            })
            .expect("the coded sentence on screen");
        buffer[(x, y)].clone()
    };
    let drawn = cell(&app);
    assert_eq!(drawn.bg, Color::Rgb(255, 204, 0));
    assert_eq!(drawn.fg, Color::Black, "dark text on a light colour");
    app.set_color(false);
    assert_ne!(
        cell(&app).bg,
        Color::Rgb(255, 204, 0),
        "NO_COLOR: no code colour"
    );
}

fn snapshot_text(app: &App) -> String {
    common::screen(app).join("\n")
}

#[test]
fn coded_passages_and_the_codebook_are_drawn_at_80x24_and_40x12() {
    for (width, height) in [(80u16, 24u16), (40, 12)] {
        let (_dir, mut app) = app(width, height);
        keys(&mut app, "z s c");
        type_text(&mut app, "Ort");
        keys(&mut app, "enter ) ) o");
        let name = format!("coded_reader_with_a_selection_{width}x{height}");
        insta::assert_snapshot!(name, snapshot_text(&app));
        // The margin marks the coded lines; the selected quote is drawn in the selection's
        // colours, the coded sentence in the coded passage's background.
        let terminal = render(&app);
        let buffer = terminal.backend().buffer();
        let cell_of = |word: &str| {
            (0..buffer.area.height)
                .find_map(|y| {
                    let row: String = (0..buffer.area.width)
                        .map(|x| buffer[(x, y)].symbol())
                        .collect();
                    let at = row.find(word)?;
                    let x = row[..at].chars().count() as u16;
                    Some(buffer[(x, y)].clone())
                })
                .expect(word)
        };
        let theme = presscut::ui::theme::Theme::dark();
        assert_eq!(cell_of("\"Wir").bg, theme.selection.bg.expect("a colour"));
        assert_eq!(
            cell_of("Bürgermeisterin").bg,
            theme.coded.bg.expect("a colour")
        );
        let marks = (0..buffer.area.height)
            .filter(|&y| (0..buffer.area.width).any(|x| buffer[(x, y)].symbol() == "▐"))
            .count();
        assert!(marks >= 1, "a margin mark at {width}x{height}");
        keys(&mut app, "esc C");
        let name = format!("codebook_{width}x{height}");
        insta::assert_snapshot!(name, snapshot_text(&app));
        keys(&mut app, "enter");
        let name = format!("passages_coded_ort_{width}x{height}");
        insta::assert_snapshot!(name, snapshot_text(&app));
    }
}

#[test]
fn a_long_corpus_name_drops_the_newest_hint_before_back_and_help() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = dir.path().join("seeds (built-in) with a longer name");
    std::fs::create_dir(&folder).expect("a folder");
    std::fs::write(folder.join("bruecke.txt"), ARTICLE).expect("written");
    let corpus = Corpus::load(&[Source::Path(folder)], &LoadOptions::default());
    let mut app = app_with(corpus, 80, 24);
    keys(&mut app, "enter");
    let status = common::screen(&app).last().cloned().unwrap_or_default();
    assert!(status.contains("q back"), "{status}");
    assert!(status.contains("? help"), "{status}");
    assert!(!status.contains("v select"), "{status}");
}
