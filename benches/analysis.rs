//! Analysis throughput on real news text: the seed article and the Wikinews fixtures, analysed
//! one after another on one core (criterion reports bytes per second).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use presscut::analysis::{analyze, warm_up};

fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["seeds", "tests/fixtures/wikinews"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixture folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            out.push(std::fs::read_to_string(p).expect("fixture text"));
        }
    }
    out
}

fn analysis(c: &mut Criterion) {
    warm_up();
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seed+wikinews", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    let a = analyze(t);
                    a.entities.len() + a.quotes.len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
