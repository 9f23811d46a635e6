//! The quotes view (`Q`), driven by keys: speakers most quoted first, typed text filtering the
//! speakers and then a speaker's quotes, Enter opening the article at the quote; drawn at 80×24.

mod common;

use common::{app_with, keys, render, type_text, wikinews_corpus};
use presscut::app::{App, Overlay};

fn app() -> App {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    let index = common::indexes(&app).quotes;
    app.set_quote_index(index);
    app
}

fn view(app: &App) -> presscut::app::QuotesView {
    match app.overlay() {
        Some(Overlay::Quotes(view)) => view.clone(),
        other => panic!("the quotes view, not {other:?}"),
    }
}

#[test]
fn a_speaker_is_found_by_typing_and_a_quote_opens_the_article_at_it() {
    let mut app = app();
    keys(&mut app, "Q");
    let speakers = view(&app).speakers;
    let index = app.indexes().quotes.clone().unwrap();
    let counts: Vec<usize> = speakers.iter().map(|&i| index.speakers[i].quotes).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most quoted first: {counts:?}"
    );
    // At 80 columns each speaker's row ends with a sparkline of their quotes per year.
    insta::assert_snapshot!("speakers_80x24", render(&app).backend());
    type_text(&mut app, "bolden");
    let first = view(&app).speakers[0];
    assert_eq!(index.speakers[first].name, "Charles Bolden");
    let screen = render(&app).backend().to_string();
    assert!(
        screen.contains("Quotes · 1 speaker ·"),
        "one speaker, in the singular: {screen}"
    );
    keys(&mut app, "enter");
    assert_eq!(view(&app).open.as_ref().unwrap().quotes.len(), 2);
    insta::assert_snapshot!("quotes_of_a_speaker_80x24", render(&app).backend());
    // Typing now searches inside the quotes.
    type_text(&mut app, "thank");
    let open = view(&app).open.unwrap();
    assert_eq!(open.quotes.len(), 1);
    let quote = index.quotes[open.quotes[0]].clone();
    keys(&mut app, "enter");
    assert!(app.overlay().is_none());
    let article = &app.corpus().articles[quote.article];
    assert_eq!(
        app.current().map(|a| a.id.as_str()),
        Some(article.id.as_str())
    );
    let cursor = app
        .reader()
        .span_cursor
        .clone()
        .expect("the cursor on the quote");
    assert_eq!(cursor.range, quote.range);
    assert!(article.body[cursor.range].starts_with("\"We want to thank"));
}

#[test]
fn esc_goes_back_from_the_quotes_to_the_speakers_then_closes() {
    let mut app = app();
    keys(&mut app, "Q");
    type_text(&mut app, "bolden");
    keys(&mut app, "enter esc");
    let back = view(&app);
    assert!(back.open.is_none());
    assert_eq!(back.query.text, "bolden", "the speaker filter as it was");
    keys(&mut app, "esc");
    assert!(app.overlay().is_none());
}

#[test]
fn q_before_the_index_is_built_says_so() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    keys(&mut app, "Q");
    assert!(app.overlay().is_none());
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap_or("")
        .contains("still finding who said what"));
}

fn timeline(app: &App) -> presscut::app::TimelineView {
    match app.overlay() {
        Some(Overlay::Timeline(view)) => view.clone(),
        other => panic!("the timeline, not {other:?}"),
    }
}

#[test]
fn the_timeline_counts_the_list_and_enter_narrows_it_to_a_period() {
    let mut app = app();
    keys(&mut app, "D");
    let view = timeline(&app);
    assert_eq!(
        view.period,
        presscut::timeline::Period::Year,
        "2008 to 2017"
    );
    assert_eq!(view.bars.iter().map(|b| b.count).sum::<usize>(), 12);
    assert_eq!(
        view.bars[view.selected].period.as_deref(),
        Some("2017"),
        "the newest"
    );
    insta::assert_snapshot!("timeline_80x24", render(&app).backend());
    // 2008: the first bar.
    keys(&mut app, "g g enter");
    assert!(app.overlay().is_none());
    assert_eq!(app.list().visible.len(), 7, "the seven articles of 2008");
    assert_eq!(
        app.list().search.as_ref().map(|s| s.text.as_str()),
        Some("date:2008")
    );
    // The timeline of the narrowed list, by another period.
    keys(&mut app, "D tab");
    let view = timeline(&app);
    assert_eq!(
        view.period,
        presscut::timeline::Period::Month,
        "by week, then Tab"
    );
    assert_eq!(view.articles, 7);
}

#[test]
fn copies_of_one_story_show_their_count_and_plus_marks_them_all_for_tagging() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(common::manifest_path(
        "tests/fixtures/wikinews/gum_nasa.txt",
    ))
    .unwrap();
    let mut paragraphs: Vec<&str> = original.split("\n\n").collect();
    paragraphs.remove(2);
    let copy = paragraphs.join("\n\n").replace("Tuesday", "on Tuesday");
    std::fs::write(dir.path().join("a.txt"), &original).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        format!("Shuttles find homes\n\n{copy}"),
    )
    .unwrap();
    std::fs::copy(
        common::manifest_path("tests/fixtures/wikinews/gum_crane.txt"),
        dir.path().join("c.txt"),
    )
    .unwrap();
    let corpus = presscut::corpus::Corpus::load(
        &[presscut::corpus::Source::Path(dir.path().into())],
        &Default::default(),
    );
    let mut app = app_with(corpus, 100, 24);
    let bodies: Vec<&str> = app
        .corpus()
        .articles
        .iter()
        .map(|a| a.body.as_str())
        .collect();
    let stories = presscut::clusters::clusters(&bodies);
    assert_eq!(stories.len(), 1);
    app.set_stories(stories);
    // One row per story: the copy is folded under the first, which carries ×2.
    let screen = common::screen(&app).join("\n");
    assert_eq!(screen.matches("×2 ").count(), 1, "{screen}");
    assert_eq!(app.list().visible.len(), 2);
    let story_row = app
        .list()
        .visible
        .iter()
        .position(|&i| app.story_size(i) == 2)
        .unwrap();
    for _ in 0..story_row {
        keys(&mut app, "j");
    }
    // `=` unfolds it: the copy is listed under it, marked ↳.
    keys(&mut app, "=");
    assert_eq!(app.list().visible.len(), 3);
    let screen = common::screen(&app).join("\n");
    assert_eq!(screen.matches("↳ ").count(), 1, "{screen}");
    assert_eq!(
        app.list().selected,
        story_row,
        "the story's row stays highlighted"
    );
    // On the copy, `=` folds the story again and highlights its row.
    keys(&mut app, "j =");
    assert_eq!(app.list().visible.len(), 2);
    assert_eq!(app.list().selected, story_row);
    keys(&mut app, "+ t");
    type_text(&mut app, "Raumfahrt");
    keys(&mut app, "enter");
    let tagged: Vec<&str> = app
        .corpus()
        .articles
        .iter()
        .filter(|a| {
            app.store()
                .tags_of(a.id.as_str())
                .iter()
                .any(|t| t == "Raumfahrt")
        })
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(tagged.len(), 2, "{tagged:?}");
    assert!(!tagged.iter().any(|t| t.contains("crane")));
}
