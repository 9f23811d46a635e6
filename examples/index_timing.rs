//! Times loading a corpus folder and building the search index over it, and reports the
//! index's size: `cargo run --release --example index_timing -- DIR`.
//! (BENCHMARKS.md; criterion's `cargo bench --bench search` covers the same at 10k in-memory.)

use std::time::Instant;

use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::search::SearchIndex;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: index_timing DIR");
        std::process::exit(2);
    };
    let started = Instant::now();
    let corpus = Corpus::load(&[Source::Path(dir.into())], &LoadOptions::default());
    let loaded = started.elapsed();
    let bytes: usize = corpus.articles.iter().map(|a| a.body.len()).sum();
    let started = Instant::now();
    let titles = SearchIndex::build_titles(&corpus.articles);
    let titles_took = started.elapsed();
    drop(titles);
    let started = Instant::now();
    let index = SearchIndex::build(&corpus.articles, &Default::default());
    let built = started.elapsed();
    println!(
        "{} articles, {:.0} MB of text: load {:.2} s, titles index {:.3} s, full index {:.2} s, \
         {} words, index {:.0} MB",
        corpus.articles.len(),
        bytes as f64 / 1e6,
        loaded.as_secs_f64(),
        titles_took.as_secs_f64(),
        built.as_secs_f64(),
        index.vocabulary(),
        index.heap_bytes() as f64 / 1e6
    );
}
