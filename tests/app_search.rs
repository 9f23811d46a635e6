//! The search line driven by keys, without a terminal: incremental ranking, Enter/Esc,
//! history, n/N, inline messages, saved searches and store-backed filters.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{Action, App, Effect, Focus, SpanKind};

use common::{app_with, wikinews_corpus};

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn titles(app: &App) -> Vec<String> {
    app.list()
        .visible
        .iter()
        .map(|&i| app.corpus().articles[i].title.clone())
        .collect()
}

fn searched(text: &str) -> App {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    type_text(&mut app, "/");
    type_text(&mut app, text);
    app
}

#[test]
fn every_keystroke_re_ranks_the_list() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    let all = app.list().visible.len();
    type_text(&mut app, "/");
    assert!(app.search_line().is_some(), "/ opens the search line");
    assert_eq!(
        app.list().visible.len(),
        all,
        "nothing typed yet: nothing filtered"
    );
    let mut counts = Vec::new();
    for c in "boeing".chars() {
        type_text(&mut app, &c.to_string());
        counts.push(app.list().visible.len());
    }
    assert_eq!(counts.last(), Some(&4), "{counts:?}");
    assert!(counts.windows(2).any(|w| w[0] != w[1]), "{counts:?}");
    assert!(titles(&app)[0].contains("Boeing"), "title hit first");
    assert_eq!(app.list().selected, 0, "the best match is highlighted");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    assert!(app.list().visible.len() >= 4, "deleting widens again");
}

#[test]
fn enter_keeps_the_results_and_remembers_the_query() {
    let mut app = searched("boeing");
    let effects = press(&mut app, KeyCode::Enter);
    assert!(app.search_line().is_none());
    assert_eq!(app.list().visible.len(), 4);
    assert_eq!(
        effects,
        vec![Effect::SearchHistory(vec!["boeing".to_string()])]
    );
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap_or("")
        .contains("4 matches"));
    // The kept search is the list's filter: Esc in the list clears it.
    app.update(Action::Cancel);
    assert!(app.list().search.is_none());
    assert_eq!(app.list().visible.len(), 12);
}

#[test]
fn esc_restores_the_view_from_before_the_search() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    let before = app.current().map(|a| a.id.clone());
    type_text(&mut app, "/afghan");
    assert_eq!(app.list().visible.len(), 1);
    press(&mut app, KeyCode::Esc);
    assert!(app.search_line().is_none() && app.list().search.is_none());
    assert_eq!(app.list().visible.len(), 12);
    assert_eq!(app.current().map(|a| a.id.clone()), before);

    // Esc after refining a kept search goes back to the kept search.
    type_text(&mut app, "/boeing");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "/");
    type_text(&mut app, " afghan");
    assert_eq!(app.list().visible.len(), 0);
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.list().search.as_ref().map(|s| s.text.as_str()),
        Some("boeing")
    );
    assert_eq!(app.list().visible.len(), 4);
}

#[test]
fn up_and_down_walk_the_history() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    app.set_search_history(vec!["afghan".into(), "boeing".into()]);
    type_text(&mut app, "/draft");
    let text = |app: &App| app.search_line().map(|l| l.input.text.clone());
    press(&mut app, KeyCode::Up);
    assert_eq!(text(&app).as_deref(), Some("boeing"));
    assert_eq!(
        app.list().visible.len(),
        4,
        "the recalled query applies at once"
    );
    press(&mut app, KeyCode::Up);
    assert_eq!(text(&app).as_deref(), Some("afghan"));
    press(&mut app, KeyCode::Up);
    assert_eq!(text(&app).as_deref(), Some("afghan"), "stops at the oldest");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(
        text(&app).as_deref(),
        Some("draft"),
        "back to what was typed"
    );
    // Entering a query already in the history moves it to the end, once.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "/afghan");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::SearchHistory(vec![
            "boeing".to_string(),
            "afghan".to_string()
        ])]
    );
}

#[test]
fn n_and_shift_n_move_between_matches_in_the_article() {
    let mut app = searched("boeing");
    press(&mut app, KeyCode::Enter);
    let total = app.reader().matches.len();
    assert!(total >= 3, "the first article names Boeing often: {total}");
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.focus(), Focus::Reader);
    let first = app.reader().span_cursor.clone().expect("cursor on a match");
    assert_eq!(first.kind, SpanKind::Match);
    let body = &app.current().unwrap().body;
    assert!(body[first.range.clone()].eq_ignore_ascii_case("boeing"));
    assert_eq!(
        app.screen().message.as_deref(),
        Some(format!("match 1 of {total}").as_str())
    );
    press(&mut app, KeyCode::Char('n'));
    let second = app.reader().span_cursor.clone().unwrap();
    assert!(second.range.start > first.range.start);
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(
        app.reader().span_cursor.as_ref().unwrap().range,
        first.range
    );
    press(&mut app, KeyCode::Char('N'));
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap_or("")
        .contains("no match above"));
}

#[test]
fn unusable_filters_get_a_message_and_the_rest_still_applies() {
    let app = searched("colour:red boeing date:2008-13");
    let search = app.list().search.as_ref().unwrap();
    assert_eq!(app.list().visible.len(), 4);
    assert!(search
        .messages
        .iter()
        .any(|m| m.contains("unknown filter colour:")));
    assert!(search.messages.iter().any(|m| m.contains("bad date")));
}

#[test]
fn filters_compose_with_words_and_tags_from_the_store() {
    let app = searched("date:2008-03");
    assert_eq!(app.list().visible.len(), 3);
    let app = searched("boeing date:2008-03..2008-05");
    assert_eq!(app.list().visible.len(), 3);
    let app = searched("boeing -airbus");
    assert!(app.list().visible.len() < 4);

    let mut app = app_with(wikinews_corpus(), 100, 30);
    type_text(&mut app, "/boeing");
    press(&mut app, KeyCode::Enter);
    app.update(Action::QuickTag(1)); // no quick tag yet: picks nothing
    app.update(Action::TagPicker);
    type_text(&mut app, "aviation");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    app.update(Action::Cancel);
    type_text(&mut app, "/tag:aviation");
    assert_eq!(app.list().visible.len(), 1, "the tagged article");
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "/-tag:aviation is:untagged");
    assert_eq!(app.list().visible.len(), 11);
}

#[test]
fn saved_searches_are_named_stored_and_recalled() {
    let mut app = searched("boeing -airbus");
    press(&mut app, KeyCode::Enter);
    let kept = app.list().visible.len();
    app.update(Action::SavedSearches);
    type_text(&mut app, "planes");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(
        app.store().searches.get("planes").map(String::as_str),
        Some("boeing -airbus")
    );
    app.update(Action::Cancel);
    assert!(app.list().search.is_none());
    app.update(Action::SavedSearches);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.list().visible.len(), kept, "recalled and applied");
    // Delete removes it.
    app.update(Action::SavedSearches);
    press(&mut app, KeyCode::Delete);
    assert!(app.store().searches.is_empty());
}

#[test]
fn before_the_index_is_built_titles_are_searched_and_the_line_says_so() {
    let mut app = App::new(wikinews_corpus(), presscut::app::Keymap::default_keymap());
    app.update(Action::Resize(100, 30));
    type_text(&mut app, "/boeing");
    assert_eq!(app.list().visible.len(), 1, "only the title naming Boeing");
    let search = app.list().search.as_ref().unwrap();
    assert!(search.messages.iter().any(|m| m.contains("titles only")));
    let full = presscut::search::SearchIndex::build(&app.corpus().articles, &Default::default());
    app.set_search_index(std::sync::Arc::new(full));
    assert_eq!(
        app.list().visible.len(),
        4,
        "the full index re-runs the query"
    );
}

#[test]
fn who_filters_by_entity_once_the_entity_index_is_there() {
    let mut app = searched("who:\"Scott Carson\"");
    let search = app.list().search.as_ref().unwrap();
    assert!(
        search
            .messages
            .iter()
            .any(|m| m.contains("waits for the entity index")),
        "{:?}",
        search.messages
    );
    assert_eq!(
        app.list().visible.len(),
        12,
        "ignored until the index exists, not an empty list"
    );
    app.set_entity_index(common::indexes(&app).entities);
    assert_eq!(titles(&app).len(), 1, "the query runs again with the index");
    assert!(titles(&app)[0].contains("Boeing"));
    // A surname alone is enough.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "/who:carson");
    assert_eq!(app.list().visible.len(), 1);
}

#[test]
fn pasting_into_the_search_line_searches() {
    let mut app = app_with(wikinews_corpus(), 100, 30);
    type_text(&mut app, "/");
    app.paste("boeing\n");
    assert_eq!(
        app.search_line().map(|l| l.input.text.as_str()),
        Some("boeing ")
    );
    assert_eq!(app.list().visible.len(), 4);
}

#[test]
fn a_space_between_words_keeps_the_list_and_the_next_word_narrows_it() {
    let mut app = searched("space");
    let before = titles(&app);
    assert!(!before.is_empty());
    press(&mut app, KeyCode::Down);
    type_text(&mut app, " ");
    assert_eq!(titles(&app), before, "the space alone changes no result");
    assert_eq!(
        app.list().selected,
        0,
        "typing highlights the best match again"
    );
    assert_eq!(
        app.search_line().map(|l| l.input.text.as_str()),
        Some("space ")
    );
    type_text(&mut app, "shuttle");
    let narrowed = titles(&app);
    assert!(!narrowed.is_empty() && narrowed.len() <= before.len());
    assert_eq!(narrowed, titles(&searched("space shuttle")));
}

/// A corpus where one word has thousands of hits with many different scores: enough for a
/// keystroke to rank only the list's top and leave the rest for when typing pauses.
fn many_hits_app(dir: &std::path::Path) -> App {
    let mut lines = String::new();
    for i in 0..3000usize {
        let repeats = i % 7 + 1;
        let filler = "quiet weather report ".repeat(i % 13 + 1);
        let body = format!("{} {filler} città número {i}", "budget ".repeat(repeats));
        lines.push_str(&format!(
            "{{\"title\":\"Report {i}\",\"text\":\"{body}\"}}\n"
        ));
    }
    let file = dir.join("many.jsonl");
    std::fs::write(&file, lines).expect("write the corpus");
    let corpus = presscut::corpus::Corpus::load(
        &[presscut::corpus::Source::Path(file)],
        &presscut::corpus::LoadOptions::default(),
    );
    assert_eq!(corpus.articles.len(), 3000);
    app_with(corpus, 100, 30)
}

/// The whole ranking of `text`, as the command line's search gives it.
fn whole_ranking(app: &App, text: &str) -> Vec<usize> {
    let index = presscut::search::SearchIndex::build(&app.corpus().articles, &Default::default());
    presscut::search::Searcher::default()
        .run(
            &index,
            &app.corpus().articles,
            &presscut::search::Query::parse(text),
            &presscut::search::NoFacts,
        )
        .hits
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn a_keystroke_ranks_the_screenful_and_any_other_key_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = many_hits_app(dir.path());
    let whole = whole_ranking(&app, "budget");
    assert_eq!(whole.len(), 3000);
    type_text(&mut app, "/budget");
    assert!(
        app.rest_unranked(),
        "3,000 hits: only the top is ranked while typing"
    );
    let typed = app.list().visible.clone();
    assert_eq!(typed.len(), 3000, "every hit is listed and counted");
    let top = app.list_rows();
    assert!(top > 5);
    assert_eq!(
        typed[..top],
        whole[..top],
        "the rows on screen are in the search's order"
    );
    // Moving in the list (ctrl-n in the search line) needs all of it in order.
    app.on_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert!(!app.rest_unranked());
    assert_eq!(app.list().visible, whole);
    assert_eq!(app.list().selected, 1);

    // Typing more, then pausing (what the shell does when no key waits), then Enter.
    type_text(&mut app, " città");
    assert!(app.rest_unranked());
    app.rank_rest();
    assert_eq!(app.list().visible, whole_ranking(&app, "budget città"));
    assert_eq!(app.list().selected, 0, "typing highlights the best match");
    type_text(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert!(!app.rest_unranked());
    assert_eq!(app.list().visible, whole_ranking(&app, "budget cittàx"));
}

#[test]
fn folded_stories_or_filters_never_show_unranked_rows_on_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut typing = many_hits_app(dir.path());
    let whole = whole_ranking(&typing, "budget");
    // The best 200 hits are four stories: the ranked head folds into four rows.
    let stories: Vec<Vec<usize>> = whole[..200].chunks(50).map(<[usize]>::to_vec).collect();
    typing.set_stories(stories.clone());
    let dir2 = tempfile::tempdir().expect("temp dir");
    let mut confirmed = many_hits_app(dir2.path());
    confirmed.set_stories(stories);
    type_text(&mut typing, "/budget");
    type_text(&mut confirmed, "/budget");
    press(&mut confirmed, KeyCode::Enter);
    assert!(!confirmed.rest_unranked());
    let rows = typing.list_rows() + 1;
    assert_eq!(
        typing.list().visible[..rows],
        confirmed.list().visible[..rows],
        "the rows on screen are the whole ranking's, folded"
    );
    typing.rank_rest();
    assert_eq!(typing.list().visible, confirmed.list().visible);
}

#[test]
fn clearing_the_query_while_the_rest_is_unranked_lists_every_article_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = many_hits_app(dir.path());
    type_text(&mut app, "/budget");
    assert!(app.rest_unranked());
    for _ in 0.."budget".len() {
        press(&mut app, KeyCode::Backspace);
    }
    assert!(!app.rest_unranked());
    // A pause, then moving in the list: still every article, in corpus order.
    app.rank_rest();
    app.on_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert!(app.list().search.is_none());
    assert_eq!(app.list().visible, (0..3000).collect::<Vec<_>>());
}
