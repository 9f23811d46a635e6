//! Saving a large store: 100k articles in the corpus, 20% of them annotated (tags and a
//! 200-character note). The save runs on the TUI thread after a debounce, so its cost is what a
//! user could feel once after they stop typing.

use criterion::{criterion_group, criterion_main, Criterion};
use presscut::store::{ArticleHint, StoreData, StoreFile};

fn annotated_store(articles: usize) -> StoreData {
    let mut store = StoreData::default();
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
    store
}

fn save(c: &mut Criterion) {
    let store = annotated_store(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut file, _) = StoreFile::open(dir.path()).expect("open store");
    let mut data = file.save(&store).expect("first save");
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function("save_20k_annotated_of_100k", |b| {
        let mut n = 0u64;
        b.iter(|| {
            // One real edit per save, as in use: merge + serialise + atomic write + fsync.
            n += 1;
            data.set_note(
                "000000000000",
                &ArticleHint::default(),
                &format!("edit {n}"),
            );
            data = file.save(&data).expect("save");
        })
    });
    group.bench_function("serialise_only", |b| {
        b.iter(|| presscut::store::to_pretty_json(&data).len())
    });
    // What the event loop itself pays per save: the snapshot sent to the save thread, and folding
    // the saved result back in (merge) when it returns.
    group.bench_function("event_loop_cost_per_save", |b| {
        b.iter_batched(
            || data.clone(), // what the save thread hands back (made there, not on the event loop)
            |saved| {
                let sent = data.clone();
                presscut::store::merge_into(&sent, &data, saved)
                    .articles
                    .len()
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, save);
criterion_main!(benches);
