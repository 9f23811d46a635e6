//! Correcting the machine from the reader (`x`), driven by keys as a user types them: relabel
//! and reject entities, set and clear a quote's speaker; the reader, the entity panel and
//! `who:` follow at once, undo takes a correction back; and the picker as drawn.

mod common;

use common::{app_with, keys, render, type_text};
use presscut::analysis::{Label, Source};
use presscut::app::App;
use presscut::corpus::{Corpus, LoadOptions, Source as CorpusSource};

/// Text written for these tests (not from any news source). The analyser reads English, so on
/// German it errs: `Neu Quellbrück` comes out an ORG, `Millionen Euro` a PERSON, and the quote gets no
/// speaker — exactly what a reader would correct.
const ARTICLE: &str = "Städte bauen Brücken\n\n\
Die Bürgermeisterin von Neu Quellbrück eröffnete am Montag eine neue Brücke. Gen. Åsa Berg kam aus \
Washington D.C. nach Neu Quellbrück. \"Wir bauen für alle,\" sagte sie.\n\n\
Der Bau kostete 40 Millionen Euro. Kritiker nannten das zu teuer.";

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = dir.path().join("koeln");
    std::fs::create_dir(&folder).expect("a folder");
    std::fs::write(folder.join("bruecke.txt"), ARTICLE).expect("written");
    let corpus = Corpus::load(&[CorpusSource::Path(folder)], &LoadOptions::default());
    let mut app = app_with(corpus, 100, 30);
    app.set_coder("ana");
    keys(&mut app, "enter");
    (dir, app)
}

fn body(app: &App) -> &str {
    &app.corpus().articles[0].body
}

/// Moves the entity cursor (`]e`) to the first entity reading `words`.
fn to_entity(app: &mut App, words: &str) {
    for _ in 0..20 {
        keys(app, "] e");
        let cursor = app.reader().span_cursor.clone().expect("a cursor");
        if &body(app)[cursor.range] == words {
            return;
        }
    }
    panic!("no entity {words:?} on the way");
}

fn entity(app: &App, words: &str) -> Option<(Label, Source)> {
    let analysis = app.reader_analysis().expect("highlights on");
    analysis
        .entities
        .iter()
        .find(|e| &body(app)[e.range.clone()] == words)
        .map(|e| (e.label, e.source))
}

fn quote_speaker(app: &App) -> (Option<String>, Source) {
    let q = &app.reader_analysis().expect("highlights on").quotes[0];
    (q.speaker.clone(), q.source)
}

fn screen_text(app: &App) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_entity_relabelled_from_the_reader_is_shown_so_at_once_and_undo_takes_it_back() {
    let (_dir, mut app) = app();
    assert_eq!(
        entity(&app, "Neu Quellbrück"),
        Some((Label::Org, Source::Machine))
    );
    to_entity(&mut app, "Neu Quellbrück");
    keys(&mut app, "x");
    assert!(
        screen_text(&app).contains("Entity · Neu Quellbrück"),
        "the picker names what it corrects"
    );
    type_text(&mut app, "place");
    let effects = keys(&mut app, "enter");
    assert!(!effects.is_empty(), "a correction is saved");
    assert_eq!(
        entity(&app, "Neu Quellbrück"),
        Some((Label::Place, Source::User))
    );
    let fixes = app
        .store()
        .corrections_of(app.corpus().articles[0].id.as_str());
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        (fixes[0].coder.as_str(), fixes[0].value.as_deref()),
        ("ana", Some("PLACE"))
    );
    keys(&mut app, "u");
    assert_eq!(
        entity(&app, "Neu Quellbrück"),
        Some((Label::Org, Source::Machine))
    );
    keys(&mut app, "ctrl-r");
    assert_eq!(
        entity(&app, "Neu Quellbrück"),
        Some((Label::Place, Source::User))
    );
}

#[test]
fn a_rejected_entity_leaves_the_reader_and_the_entity_panel() {
    let (_dir, mut app) = app();
    to_entity(&mut app, "Millionen Euro");
    keys(&mut app, "x");
    type_text(&mut app, "reject");
    keys(&mut app, "enter");
    assert_eq!(entity(&app, "Millionen Euro"), None);
    keys(&mut app, "E");
    let panel = app.entity_panel().expect("the entity panel");
    assert!(
        !panel.rows.iter().any(|(k, _)| k.name == "Millionen Euro"),
        "{:?}",
        panel.rows
    );
    assert!(panel.rows.iter().any(|(k, _)| k.name == "Åsa Berg"));
}

#[test]
fn a_quotes_speaker_is_set_from_the_articles_people_or_cleared() {
    let (_dir, mut app) = app();
    assert_eq!(quote_speaker(&app), (None, Source::Machine));
    keys(&mut app, "] q x");
    let screen = screen_text(&app);
    assert!(screen.contains("Speaker"), "{screen}");
    assert!(
        screen.contains("said by Åsa Berg"),
        "the article's people are offered: {screen}"
    );
    type_text(&mut app, "berg");
    keys(&mut app, "enter");
    assert_eq!(
        quote_speaker(&app),
        (Some("Åsa Berg".to_string()), Source::User)
    );
    assert!(
        screen_text(&app).contains("Åsa Berg"),
        "the reader labels a speaker a person set"
    );
    keys(&mut app, "x");
    type_text(&mut app, "Jan Novák");
    keys(&mut app, "enter");
    assert_eq!(
        quote_speaker(&app).0.as_deref(),
        Some("Jan Novák"),
        "a typed name is taken as is"
    );
    keys(&mut app, "x");
    keys(&mut app, "up");
    // "no speaker" follows the names; the last row takes the correction back.
    let picker_rows = match app.popups().last() {
        Some(presscut::app::Overlay::Correct(p)) => p.rows.clone(),
        other => panic!("the correction picker, not {other:?}"),
    };
    let no_speaker = picker_rows
        .iter()
        .position(|r| r.text.starts_with("no speaker"))
        .expect("a no-speaker row");
    assert!(picker_rows
        .last()
        .is_some_and(|r| r.text.starts_with("restore")));
    for _ in 0..no_speaker {
        keys(&mut app, "down");
    }
    keys(&mut app, "enter");
    assert_eq!(quote_speaker(&app), (None, Source::User));
}

#[test]
fn who_stops_finding_an_article_by_a_name_a_person_rejected() {
    let (_dir, mut app) = app();
    app.set_entity_index(common::indexes(&app).entities);
    keys(&mut app, "h");
    type_text(&mut app, "/who:millionen");
    keys(&mut app, "enter");
    assert_eq!(app.list().visible.len(), 1, "the machine's PERSON is found");
    keys(&mut app, "enter");
    to_entity(&mut app, "Millionen Euro");
    keys(&mut app, "x");
    type_text(&mut app, "reject");
    keys(&mut app, "enter");
    keys(&mut app, "h");
    type_text(&mut app, "/who:millionen");
    keys(&mut app, "enter");
    assert_eq!(app.list().visible.len(), 0, "a rejected name names nobody");
}

#[test]
fn x_with_nothing_under_the_cursor_says_how_to_point_at_something() {
    let (_dir, mut app) = app();
    keys(&mut app, "x");
    assert!(app.popups().is_empty());
    let message = app.screen().message.clone().unwrap_or_default();
    assert!(message.contains("]e"), "{message}");
}

#[test]
fn the_correction_picker_drawn_at_80x24_and_40x12() {
    let (_dir, mut app) = app();
    to_entity(&mut app, "Neu Quellbrück");
    keys(&mut app, "x");
    app.update(presscut::app::Action::Resize(80, 24));
    insta::assert_snapshot!("correct_entity_80x24", render(&app).backend());
    app.update(presscut::app::Action::Resize(40, 12));
    insta::assert_snapshot!("correct_entity_40x12", render(&app).backend());
}
