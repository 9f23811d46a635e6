//! Times what opening a corpus costs, step by step, as the reader does it (load, then the
//! search index and the entity/quote indexes, from the cache when it has them):
//! `cargo run --release --example open_timing -- CORPUS_DIR CACHE_DIR`.
//! Run it twice: the first run analyses and fills CACHE_DIR, the second reads it back; touch
//! or edit a file in between to see the incremental path.
//! (BENCHMARKS.md, "Reopening"; criterion's `cargo bench --bench overview` has the in-memory parts.)

use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use presscut::cache::Cache;
use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::search::SearchIndex;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(cache_dir)) = (args.next(), args.next()) else {
        eprintln!("usage: open_timing CORPUS_DIR CACHE_DIR");
        std::process::exit(2);
    };
    let started = Instant::now();
    let corpus = Corpus::load(&[Source::Path(dir.into())], &LoadOptions::default());
    let loaded = started.elapsed();
    let cache = Cache::at(cache_dir);
    let started = Instant::now();
    let (indexes, to_keep, stats) = presscut::cache::indexes::open(
        &corpus.articles,
        &Default::default(),
        Some(&cache),
        &AtomicUsize::new(0),
    );
    let opened = started.elapsed();
    let started = Instant::now();
    if let Some(bytes) = to_keep {
        if let Err(why) = presscut::cache::indexes::keep(&cache, &bytes) {
            eprintln!("{why}");
        }
    }
    let kept = started.elapsed();
    let started = Instant::now();
    let search = match presscut::cache::search::load(&cache, &corpus.articles) {
        Ok(index) => index,
        Err(_) => {
            let index = SearchIndex::build(&corpus.articles, &Default::default());
            if let Err(why) = presscut::cache::search::save(&cache, &corpus.articles, &index) {
                eprintln!("{why}");
            }
            index
        }
    };
    let searched = started.elapsed();
    println!(
        "{} articles: load {:.2} s; search index {:.2} s ({} words); entity+quote index and \
         stories {:.2} s ({} analysed, {} from the cache{}), cache written in {:.2} s \
         ({} speakers, {} stories)",
        corpus.articles.len(),
        loaded.as_secs_f64(),
        searched.as_secs_f64(),
        search.vocabulary(),
        opened.as_secs_f64(),
        stats.analysed,
        stats.reused,
        stats
            .warnings
            .iter()
            .map(|w| format!("; {w}"))
            .collect::<String>(),
        kept.as_secs_f64(),
        indexes.quotes.speakers.len(),
        indexes.stories.len(),
    );
}
