//! Corpus loading at 1k and 10k generated articles (see BENCHMARKS.md for the numbers and the
//! `cat` floor they are compared with).

#[path = "synthetic.rs"]
mod synthetic;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use presscut::corpus::{Corpus, LoadOptions, Source};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for count in [1_000usize, 10_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes = synthetic::write_corpus(dir.path(), count).expect("write corpus");
        let sources = [Source::Path(dir.path().to_path_buf())];
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(
            BenchmarkId::from_parameter(count),
            &sources,
            |b, sources| {
                b.iter(|| {
                    let corpus = Corpus::load(sources, &LoadOptions::default());
                    assert_eq!(corpus.articles.len(), count);
                    corpus
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
