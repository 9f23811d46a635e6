//! Search: building the index, and answering every keystroke of realistic queries, on the
//! generated corpus (Zipf vocabulary, ~4.8 KB an article). 10k articles by default; set
//! `PRESSCUT_BENCH_SEARCH_SIZES=10000,100000` for the 100k figures in BENCHMARKS.md.

#[path = "synthetic.rs"]
#[allow(dead_code)] // shared with benches/load.rs, which uses the parts this bench does not
mod synthetic;

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use presscut::corpus::{parse_bytes, Format};
use presscut::model::Article;
use presscut::search::{NoFacts, Query, SearchIndex, Searcher};

fn corpus(count: usize) -> Vec<Article> {
    (0..count)
        .flat_map(|i| {
            let text = synthetic::article(i);
            parse_bytes(Path::new("a.txt"), Format::Text, text.as_bytes()).0
        })
        .collect()
}

fn sizes() -> Vec<usize> {
    std::env::var("PRESSCUT_BENCH_SEARCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000])
}

fn search(c: &mut Criterion) {
    for count in sizes() {
        let articles = corpus(count);
        let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
        let mut group = c.benchmark_group(format!("search/{count}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("build_index", |b| {
            b.iter(|| SearchIndex::build(&articles, &Default::default()))
        });
        group.throughput(Throughput::Elements(1));
        let index = SearchIndex::build(&articles, &Default::default());
        let mut searcher = Searcher::default();
        let typed = synthetic::search_keystrokes();
        group.bench_with_input(
            BenchmarkId::new("keystroke", "all prefixes"),
            &typed,
            |b, typed| {
                let mut i = 0;
                b.iter(|| {
                    let query = Query::parse(&typed[i % typed.len()]);
                    i += 1;
                    searcher.run(&index, &articles, &query, &NoFacts).hits.len()
                })
            },
        );
        group.finish();
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
