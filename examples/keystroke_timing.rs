//! What one keystroke in the search line costs in the reader itself — query, ranking, the
//! filtered list and the reader re-laid out — at a corpus folder's size:
//! `cargo run --release --example keystroke_timing -- DIR [CACHE_DIR]` (with a cache folder that
//! `open_timing` filled, the corpus and search index come from it, as on a reader's second
//! open: texts read from the mapped pack). Types each query of
//! `benches/synthetic.rs` (`SEARCH_QUERIES`) character by character and prints percentiles over the keystrokes of
//! 2 characters and more: the keystroke until the list's top screenful is ready, and apart
//! from it the ranking of the other hits that the shell runs once typing pauses.

#[path = "../benches/synthetic.rs"]
#[allow(dead_code)] // the corpus writer is for gen_corpus; this uses the queries
mod synthetic;

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use presscut::app::{Action, App, Keymap};
use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::search::SearchIndex;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: keystroke_timing DIR [CACHE_DIR]");
        std::process::exit(2);
    };
    let cache = args.next().map(presscut::cache::Cache::at);
    let options = LoadOptions {
        cache: cache.clone(),
        ..LoadOptions::default()
    };
    let corpus = Corpus::load(&[Source::Path(dir.into())], &options);
    let cached = cache
        .as_ref()
        .and_then(|cache| presscut::cache::search::load(cache, &corpus.articles).ok());
    let index = cached.unwrap_or_else(|| SearchIndex::build(&corpus.articles, &Default::default()));
    let mut app = App::new(corpus, Keymap::default_keymap());
    app.set_search_index(Arc::new(index));
    app.update(Action::Resize(120, 40));
    let key = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    let mut micros: Vec<u128> = Vec::new();
    let mut rest_micros: Vec<u128> = Vec::new();
    // `KEYSTROKES=each` prints every keystroke: the line typed so far, its time, the hits.
    let each = std::env::var("KEYSTROKES").is_ok_and(|v| v == "each");
    for query in synthetic::SEARCH_QUERIES {
        app.on_key(key(KeyCode::Char('/')));
        for (typed, c) in query.chars().enumerate() {
            let started = Instant::now();
            app.on_key(key(KeyCode::Char(c)));
            let took = started.elapsed().as_micros();
            // What the shell does once the frame is drawn and no key waits: rank the hits
            // below the screenful. Timed apart: it delays only a key typed within it.
            let started = Instant::now();
            app.rank_rest();
            let rest = started.elapsed().as_micros();
            if typed >= 1 {
                micros.push(took);
                rest_micros.push(rest);
                if each {
                    let line: String = query.chars().take(typed + 1).collect();
                    let hits = app.list().visible.len();
                    println!(
                        "{line:<26} {took:>7} µs {hits:>8} hits, then {rest:>6} µs ranking the rest"
                    );
                }
            }
        }
        app.on_key(key(KeyCode::Esc));
    }
    let summary = |mut micros: Vec<u128>| {
        micros.sort_unstable();
        let at = |p: f64| micros[((micros.len() - 1) as f64 * p) as usize];
        format!(
            "p50 {} µs, p90 {} µs, p99 {} µs, max {} µs",
            at(0.5),
            at(0.9),
            at(0.99),
            micros.last().copied().unwrap_or(0)
        )
    };
    println!(
        "{} articles, {} keystrokes: {}",
        app.corpus().articles.len(),
        micros.len(),
        summary(micros)
    );
    println!(
        "ranking the rest once typing pauses: {}",
        summary(rest_micros)
    );
}
