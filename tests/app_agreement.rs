//! The agreement view (`K`), driven by keys: items with their coefficients, an item's
//! disagreements side by side, a digit settling one as that coder had it (recorded as the
//! adjudicator's operation), Enter opening the article; drawn at 80×24.

mod common;

use common::{app_with, keys, render, wikinews_corpus};
use presscut::agree::{agreement, touched};
use presscut::app::{App, Effect, Overlay};
use presscut::store::{ArticleHint, StoreData};

/// ana and ben read the first three articles; both tag the first Krim, only ana the second.
fn report_for(app: &App) -> presscut::agree::Report {
    let ids: Vec<String> = app.corpus().articles[..3]
        .iter()
        .map(|a| a.id.as_str().to_string())
        .collect();
    let hint = ArticleHint::default();
    let layer = |name: &str, tagged: &[&str]| {
        let mut store = StoreData::default();
        for id in &ids {
            store.set_read(id, &hint, true);
        }
        for id in tagged {
            store.set_tag(id, &hint, "Krim", true);
        }
        let t = touched(&store);
        (name.to_string(), store, t)
    };
    let ana = layer("ana", &[&ids[0], &ids[1]]);
    let ben = layer("ben", &[&ids[0]]);
    agreement(&[ana, ben])
}

#[test]
fn a_disagreement_is_settled_with_a_digit_and_opened_with_enter() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    app.set_coder("carla");
    let effects = keys(&mut app, "K");
    assert_eq!(
        effects,
        [Effect::Agreement],
        "the shell measures it from the logs"
    );
    let report = report_for(&app);
    app.show_agreement(Ok(report));
    insta::assert_snapshot!("agreement_items_80x24", render(&app).backend());
    keys(&mut app, "enter");
    let view = match app.overlay() {
        Some(Overlay::Agreement(view)) => view.clone(),
        other => panic!("the agreement view, not {other:?}"),
    };
    assert_eq!(view.disagreements().len(), 1);
    let article = view.disagreements()[0].article.clone();
    insta::assert_snapshot!("agreement_disagreements_80x24", render(&app).backend());
    // 2: ben's version (he did not tag it).
    let effects = keys(&mut app, "2");
    assert_eq!(effects, [Effect::Save]);
    let settled = app
        .store()
        .adjudication(&article, "tag:Krim")
        .cloned()
        .expect("settled");
    assert_eq!(
        (settled.value, settled.from.as_deref()),
        (false, Some("ben"))
    );
    assert_eq!(settled.adjudicator, "carla");
    // 1: ana's version instead.
    keys(&mut app, "1");
    let settled = app
        .store()
        .adjudication(&article, "tag:Krim")
        .cloned()
        .expect("settled");
    assert_eq!(
        (settled.value, settled.from.as_deref()),
        (true, Some("ana"))
    );
    // A coder the report does not have.
    keys(&mut app, "7");
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap_or("")
        .contains("no coder 7"));
    // Enter: the article in the reader.
    keys(&mut app, "enter");
    assert!(app.overlay().is_none());
    assert_eq!(app.current().map(|a| a.id.as_str()), Some(article.as_str()));
}

#[test]
fn fewer_than_two_coders_is_said_not_shown() {
    let mut app = app_with(wikinews_corpus(), 80, 24);
    app.show_agreement(Err(
        "agreement needs at least two coders' logs in /x/log; found 1".into(),
    ));
    assert!(app.overlay().is_none());
    assert!(app
        .screen()
        .message
        .as_deref()
        .unwrap()
        .contains("at least two coders"));
}
