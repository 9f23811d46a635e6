//! Coding passages in the reader (DESIGN.md §7 goals):
//!
//! - `reader_key_200_passages_80x24`: one key in an article with 200 coded passages — the word
//!   cursor moved (`w`, turning back at the ends with `b`) and the whole 80×24 frame drawn, as
//!   the terminal loop does per key. Goal: ≤ 2 ms.
//! - `passages_coded_x_100k_50k`: the codebook opened and Enter on a code, which lists every
//!   passage coded so, in a corpus of 100k articles holding 50k coded passages (25k with the
//!   code). Goal: ≤ 50 ms.

#[path = "synthetic.rs"]
#[allow(dead_code)] // the corpus writer is for gen_corpus; this uses the article texts
mod synthetic;

use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use presscut::app::{Action, App, Keymap};
use presscut::corpus::{parse_bytes, Corpus, Format};
use presscut::model::Article;
use presscut::store::{check_span, StoreData};

fn corpus_of(articles: Vec<Article>) -> Corpus {
    let files_read = articles.len();
    Corpus {
        name: "synthetic".into(),
        articles: Arc::new(articles),
        warnings: Vec::new(),
        ignored: Vec::new(),
        files_read,
    }
}

fn articles(count: usize) -> Vec<Article> {
    (0..count)
        .flat_map(|i| {
            let text = synthetic::article(i);
            parse_bytes(Path::new("a.txt"), Format::Text, text.as_bytes()).0
        })
        .collect()
}

/// Codes `count` passages of two words each, every third word from the start, alternating
/// codes `X` and `Y`.
fn code_words(store: &mut StoreData, article: &Article, count: usize) {
    let body = article.body.as_str();
    let mut starts = Vec::new();
    let mut in_word = false;
    for (at, c) in body.chars().enumerate() {
        if !c.is_whitespace() && !in_word {
            starts.push(at);
        }
        in_word = !c.is_whitespace();
    }
    for (n, pair) in starts.windows(3).step_by(3).take(count).enumerate() {
        let (start, end) = (pair[0], pair[2] - 1);
        let selector = check_span(body, start, end).expect("a span inside the text");
        let code = if n % 2 == 0 { "X" } else { "Y" };
        store.code_passage(
            article.id.as_str(),
            (start, end),
            code,
            &selector,
            "",
            "ana",
        );
    }
}

fn reader_key(c: &mut Criterion) {
    // A long article: enough words for 200 passages of two words, every third word.
    let article = (0..40)
        .map(synthetic::article)
        .find_map(|text| {
            let a = parse_bytes(Path::new("a.txt"), Format::Text, text.as_bytes()).0;
            a.into_iter()
                .find(|a| a.body.split_whitespace().count() >= 620)
        })
        .expect("a synthetic article of 620 words");
    let mut store = StoreData::default();
    code_words(&mut store, &article, 200);
    assert_eq!(store.passages_of(article.id.as_str()).len(), 200);
    store.take_journal();
    let mut app = App::new(corpus_of(vec![article]), Keymap::default_keymap());
    app.set_coder("ana");
    app.set_store(store);
    app.update(Action::Resize(80, 24));
    app.update(Action::Open);
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
    let mut forward = true;
    c.bench_function("reader_key_200_passages_80x24", |b| {
        b.iter(|| {
            app.update(if forward {
                Action::WordNext
            } else {
                Action::WordPrev
            });
            if matches!(app.message(), Some(m) if m.starts_with("end of") || m.starts_with("start of"))
            {
                forward = !forward;
            }
            terminal
                .draw(|frame| presscut::ui::draw(&app, frame))
                .expect("drawn");
        })
    });
}

fn passages_coded_x(c: &mut Criterion) {
    let articles = articles(100_000);
    let mut store = StoreData::default();
    // 50k passages: two in each of 25k articles.
    for article in articles.iter().step_by(4) {
        code_words(&mut store, article, 2);
    }
    store.take_journal();
    let mut app = App::new(corpus_of(articles), Keymap::default_keymap());
    app.set_coder("ana");
    app.set_store(store);
    app.update(Action::Resize(120, 40));
    let mut group = c.benchmark_group("coding");
    group.sample_size(20);
    group.bench_function("passages_coded_x_100k_50k", |b| {
        b.iter(|| {
            app.update(Action::Codebook);
            app.update(Action::Confirm);
            let listed = match app.overlay() {
                Some(presscut::app::Overlay::Passages(list)) => list.rows.len(),
                _ => 0,
            };
            assert_eq!(listed, 25_000);
            app.update(Action::Cancel);
            listed
        })
    });
    group.finish();
}

criterion_group!(benches, reader_key, passages_coded_x);
criterion_main!(benches);
