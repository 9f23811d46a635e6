//! The corpus-wide views of DESIGN.md §7 (issue goals in brackets):
//!
//! - `clusters_110k`: same-story groups over 100k synthetic articles plus 10k republished
//!   copies of them (a paragraph dropped, 5 % of the words changed) [≤ 10 s on two cores].
//! - `entity_pass_10k` / `entity_and_quote_pass_10k`: the background indexer's pass over 10k
//!   articles without and with the quote index [the quote index in ≤ 2× the entity index].
//! - `quotes_view_open_100k`: `Q` over the quote index of 100k articles, each quoting one of
//!   2,500 speakers [≤ 50 ms].
//! - `timeline_draw_100k_80x24`: drawing the timeline of a 100k-article list [≤ 1 ms].
//! - `reopen_*_10k`: what the background indexer does on the second open of 10k quoted
//!   articles: the entity/quote indexes and stories read whole from the cache, rebuilt from
//!   cached digests (an article changed), analysed with no cache at all; the search index
//!   read from the cache [issue #18: second open ready in ≤ 0.5 s at 100k].

#[path = "synthetic.rs"]
#[allow(dead_code)] // the corpus writer is for gen_corpus; this uses the article texts
mod synthetic;

use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use presscut::app::{Action, App, Keymap};
use presscut::corpus::{parse_bytes, Corpus, Format};
use presscut::model::Article;
use presscut::quote_index::QuoteBuilder;

fn articles(count: usize) -> Vec<Article> {
    (0..count)
        .flat_map(|i| {
            let text = synthetic::article(i);
            parse_bytes(Path::new("a.txt"), Format::Text, text.as_bytes()).0
        })
        .collect()
}

fn app_of(articles: Vec<Article>) -> App {
    let files_read = articles.len();
    let corpus = Corpus {
        name: "synthetic".into(),
        articles: Arc::new(articles),
        warnings: Vec::new(),
        ignored: Vec::new(),
        files_read,
    };
    let mut app = App::new(corpus, Keymap::default_keymap());
    app.update(Action::Resize(80, 24));
    app
}

/// A republished copy: the second paragraph dropped, every 20th word replaced.
fn republished(body: &str) -> String {
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    let kept: Vec<&str> = paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1 || paragraphs.len() < 3)
        .map(|(_, p)| *p)
        .collect();
    kept.join("\n\n")
        .split(' ')
        .enumerate()
        .map(|(i, w)| if i % 20 == 7 { "changed" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

fn clusters(c: &mut Criterion) {
    let originals = articles(100_000);
    let mut texts: Vec<String> = originals.iter().map(|a| a.body.to_string()).collect();
    texts.extend(originals.iter().step_by(10).map(|a| republished(&a.body)));
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut group = c.benchmark_group("overview");
    group.sample_size(10);
    group.bench_function("clusters_110k", |b| {
        b.iter(|| presscut::clusters::clusters(&refs).len())
    });
    group.finish();
}

fn index_passes(c: &mut Criterion) {
    let articles = articles(10_000);
    let mut group = c.benchmark_group("overview");
    group.sample_size(10);
    group.bench_function("entity_pass_10k", |b| {
        b.iter(|| {
            let mut index = presscut::entity_index::EntityIndex::default();
            for (i, a) in articles.iter().enumerate() {
                index.add(i, &a.body, &presscut::analysis::analyze(&a.body));
            }
            index
        })
    });
    group.bench_function("entity_and_quote_pass_10k", |b| {
        b.iter(|| {
            let mut index = presscut::entity_index::EntityIndex::default();
            let mut quotes = QuoteBuilder::default();
            for (i, a) in articles.iter().enumerate() {
                let analysis = presscut::analysis::analyze(&a.body);
                index.add(i, &a.body, &analysis);
                quotes.add(i, &analysis);
            }
            (index, quotes.finish(&articles))
        })
    });
    group.finish();
}

/// 100k synthetic articles, each ending with a quote by one of 2,500 made-up people (the
/// synthetic text has no attributed quotes of its own).
fn quoted_articles(count: usize) -> Vec<Article> {
    const FIRST: [&str; 50] = [
        "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
        "Karin", "Luis", "Mara", "Nils", "Olga", "Pavel", "Rosa", "Sven", "Tara", "Umar", "Vera",
        "Walter", "Yara", "Zoran", "Alma", "Boris", "Clara", "Dario", "Edith", "Felix", "Gemma",
        "Henrik", "Ida", "Jakob", "Kira", "Lena", "Milan", "Nora", "Oskar", "Petra", "Quentin",
        "Rita", "Simon", "Tilda", "Ugo", "Viktor", "Wanda", "Xaver", "Yusuf", "Zelda",
    ];
    const LAST: [&str; 50] = [
        "Adler",
        "Berg",
        "Castro",
        "Dahl",
        "Eriksen",
        "Fischer",
        "Garcia",
        "Horvath",
        "Ivanova",
        "Jansen",
        "Keller",
        "Lindqvist",
        "Moreau",
        "Novak",
        "Olsen",
        "Petrov",
        "Quist",
        "Rossi",
        "Schmidt",
        "Torres",
        "Ueda",
        "Vogel",
        "Weber",
        "Xu",
        "Young",
        "Zimmer",
        "Arendt",
        "Brandt",
        "Costa",
        "Duarte",
        "Engel",
        "Ferreira",
        "Gruber",
        "Haas",
        "Ilic",
        "Jovanovic",
        "Kowalski",
        "Lorenz",
        "Meyer",
        "Nagel",
        "Ortiz",
        "Pohl",
        "Reyes",
        "Sousa",
        "Tanaka",
        "Urban",
        "Varga",
        "Wolf",
        "Yilmaz",
        "Zeller",
    ];
    (0..count)
        .flat_map(|i| {
            let who = format!("{} {}", FIRST[i % 50], LAST[(i / 50) % 50]);
            let text = format!(
                "{}\n\n\"We will keep working on this until it is done,\" said {who}.\n",
                synthetic::article(i).trim_end()
            );
            parse_bytes(Path::new("a.txt"), Format::Text, text.as_bytes()).0
        })
        .collect()
}

fn views(c: &mut Criterion) {
    let articles = quoted_articles(100_000);
    let quotes = {
        use rayon::prelude::*;
        let analyses: Vec<_> = articles
            .par_iter()
            .map(|a| presscut::analysis::analyze(&a.body))
            .collect();
        let mut builder = QuoteBuilder::default();
        for (i, a) in analyses.iter().enumerate() {
            builder.add(i, a);
        }
        builder.finish(&articles)
    };
    let speakers = quotes.speakers.len();
    assert!(
        speakers >= 2000,
        "the made-up speakers are found: {speakers}"
    );
    let mut app = app_of(articles);
    app.set_quote_index(quotes);
    let mut group = c.benchmark_group("overview");
    group.sample_size(20);
    group.bench_function("quotes_view_open_100k", |b| {
        b.iter(|| {
            app.update(Action::Quotes);
            let shown = match app.overlay() {
                Some(presscut::app::Overlay::Quotes(view)) => view.speakers.len(),
                _ => 0,
            };
            assert_eq!(shown, speakers);
            app.update(Action::Cancel);
            shown
        })
    });
    app.update(Action::Timeline);
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
    group.bench_function("timeline_draw_100k_80x24", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| presscut::ui::draw(&app, frame))
                .expect("drawn");
        })
    });
    group.finish();
}

fn reopen(c: &mut Criterion) {
    use presscut::cache::{indexes, search, Cache};
    use std::sync::atomic::AtomicUsize;
    let articles = quoted_articles(10_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let cache = Cache::at(dir.path());
    let none = Default::default();
    let (_, bytes, _) = indexes::open(&articles, &none, Some(&cache), &AtomicUsize::new(0));
    indexes::keep(&cache, &bytes.expect("a fresh build to keep")).expect("cache written");
    let index = presscut::search::SearchIndex::build(&articles, &AtomicUsize::new(0));
    search::save(&cache, &articles, &index).expect("cache written");
    let mut group = c.benchmark_group("overview");
    group.sample_size(10);
    group.bench_function("reopen_indexes_whole_10k", |b| {
        b.iter(|| indexes::open(&articles, &none, Some(&cache), &AtomicUsize::new(0)))
    });
    group.bench_function("reopen_indexes_from_digests_10k", |b| {
        // Another date on one article: the whole indexes no longer fit, the digests do.
        let mut changed = articles.clone();
        changed[0].date = Some("1999-01-01".into());
        b.iter(|| indexes::open(&changed, &none, Some(&cache), &AtomicUsize::new(0)))
    });
    group.bench_function("reopen_indexes_no_cache_10k", |b| {
        b.iter(|| indexes::open(&articles, &none, None, &AtomicUsize::new(0)))
    });
    group.bench_function("reopen_search_index_10k", |b| {
        b.iter(|| search::load(&cache, &articles).expect("the cached index"))
    });
    group.finish();
}

criterion_group!(benches, clusters, index_passes, views, reopen);
criterion_main!(benches);
