//! The store at 100k articles in the corpus, 20% of them annotated (two tags and a
//! 200-character note each).
//!
//! - `edit_on_event_loop`: what the reader's event loop pays per edit — the edit itself and
//!   taking its change from the journal (it is then sent to the save thread as it is).
//! - `append_one_edit`: what the save thread pays per edit — one line appended to the log and
//!   applied to its copy of the state.
//! - `snapshot_20k_of_100k`: rewriting `store.json` (save thread, after a quiet moment).
//! - `open_from_snapshot` / `open_by_folding_the_log`: starting with and without a snapshot.
//! - `agree_2_coders_100k_5_tags`: `presscut agree` without its printing — reading two coders'
//!   logs (100k articles, 5 tags, each applied with probability 1/2 by each coder), folding each
//!   coder's work, and κ, α and the disagreements per tag.
//! - `reader_toggle_read_100k`: a whole edit in the reader — the action, the list and counts
//!   re-derived, the change taken for the save thread — with 100k articles, 20k annotated.

#[path = "synthetic.rs"]
#[allow(dead_code)] // the corpus writer is for gen_corpus; this uses the article texts
mod synthetic;

#[path = "support/agree_logs.rs"]
mod agree_logs;

use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use presscut::app::{Action, App, Keymap};
use presscut::corpus::{parse_bytes, Corpus, Format};
use presscut::store::{ArticleHint, StoreData, StoreFile};

fn annotate(store: &mut StoreData, articles: usize) {
    let note: String = "Zakharova’s statement contradicts the ministry; compare TASS, 26 April. "
        .repeat(3)[..200]
        .to_string();
    for i in (0..articles).filter(|i| i % 5 == 0) {
        let id = format!("{i:012x}");
        let hint = ArticleHint {
            path: Some(format!("corpus/{:04}/{i:06}.txt", i / 100)),
            title: Some(format!("Article number {i} about something")),
            sketch: None,
        };
        store.set_tag(&id, &hint, &format!("topic-{}", i % 40), true);
        store.set_tag(&id, &hint, "to-check", true);
        store.set_note(&id, &hint, &note);
    }
}

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut file, mut data) = StoreFile::open(dir.path(), "bench").expect("open store");
    annotate(&mut data, 100_000);
    file.commit(&mut data).expect("first commit");
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    let hint = ArticleHint::default();
    group.bench_function("edit_on_event_loop", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            data.set_note("000000000000", &hint, &format!("edit {n}"));
            data.take_journal()
        })
    });
    group.bench_function("append_one_edit", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            data.set_read("0000000000a0", &hint, n.is_multiple_of(2));
            let ops = file.append(&data.take_journal()).expect("append");
            data.stamp(&ops);
            ops.len()
        })
    });
    file.catch_up(&mut data).expect("catch up");
    group.bench_function("snapshot_20k_of_100k", |b| {
        b.iter(|| file.write_snapshot(&mut data).expect("snapshot"))
    });
    group.bench_function("open_from_snapshot", |b| {
        b.iter(|| {
            StoreFile::open(dir.path(), "bench")
                .expect("open")
                .1
                .articles
                .len()
        })
    });
    group.bench_function("open_by_folding_the_log", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(dir.path().join("store.json"));
            },
            |()| {
                StoreFile::open(dir.path(), "bench")
                    .expect("open")
                    .1
                    .articles
                    .len()
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn reader(c: &mut Criterion) {
    let articles: Vec<_> = (0..100_000)
        .flat_map(|i| {
            let text = synthetic::article(i);
            parse_bytes(Path::new("a.txt"), Format::Text, text.as_bytes()).0
        })
        .collect();
    let mut store = StoreData::default();
    for (i, article) in articles.iter().enumerate().filter(|(i, _)| i % 5 == 0) {
        let hint = presscut::store::hint_for(article);
        store.set_tag(
            article.id.as_str(),
            &hint,
            &format!("topic-{}", i % 40),
            true,
        );
        store.set_note(article.id.as_str(), &hint, "Compare TASS, 26 April.");
    }
    store.take_journal();
    let corpus = Corpus {
        name: "synthetic".into(),
        articles: Arc::new(articles),
        warnings: Vec::new(),
        ignored: Vec::new(),
        files_read: 100_000,
    };
    let mut app = App::new(corpus, Keymap::default_keymap());
    app.set_store(store);
    app.update(Action::Resize(120, 40));
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function("reader_toggle_read_100k", |b| {
        b.iter(|| {
            app.update(Action::ToggleRead);
            app.take_store_changes().len()
        })
    });
    group.finish();
}

fn agree(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    agree_logs::write(dir.path());
    let logs: Vec<std::path::PathBuf> = ["ana", "ben"]
        .iter()
        .map(|c| dir.path().join(format!("log/{c}.jsonl")))
        .collect();
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("agree_2_coders_100k_5_tags", |b| {
        // `presscut agree` hands its memory back to the OS at exit instead of freeing it
        // (`std::mem::forget`), so the drop is not timed here either.
        b.iter_with_large_drop(|| {
            let mut entries = Vec::new();
            for read in presscut::store::log::read_log_files(&logs) {
                entries.extend(read.expect("read").0);
            }
            let coders: Vec<_> = presscut::store::log::fold_by_coder(entries)
                .into_iter()
                .map(|(name, work)| (name, work.store, work.touched))
                .collect();
            let report = presscut::agree::agreement(&coders);
            (coders, report)
        })
    });
    group.finish();
}

criterion_group!(benches, store, reader, agree);
criterion_main!(benches);
