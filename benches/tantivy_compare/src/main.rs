//! presscut's search index beside tantivy on one corpus folder: build time, open time, disk,
//! memory and the time of every keystroke of the typed queries (`benches/synthetic.rs`).
//!
//! ```text
//! tantivy_compare presscut-build DIR CACHE      build presscut's index, write CACHE/search.bin
//! tantivy_compare presscut-query DIR CACHE      open it, type the queries
//! tantivy_compare tantivy-build  DIR CACHE OUT  build a tantivy index of the same articles in OUT
//! tantivy_compare tantivy-query  OUT            open it, type the queries
//! ```
//! The articles come from presscut's loader with its cache in CACHE (fill it first with
//! `open_timing DIR CACHE`), so both engines index the same titles and bodies.
//!
//! Each word typed is what presscut does with it: a prefix, with one typo allowed from 4
//! letters and two from 8, in the title or the body, every word required. For tantivy that is
//! a `FuzzyTermQuery::new_prefix` per word and field (its Levenshtein automaton over the FST
//! term dictionary), title boosted, words joined by `Must`.

#[path = "../../synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::search::{NoFacts, Query, SearchIndex, Searcher};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query as TQuery};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, Index, IndexWriter, Term};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["presscut-build", dir, cache] => presscut_build(dir, cache),
        ["presscut-query", dir, cache] => presscut_query(dir, cache),
        ["tantivy-build", dir, cache, out] => tantivy_build(dir, cache, out),
        ["tantivy-query", out] => tantivy_query(out),
        _ => Err(
            "usage: see the module documentation (presscut-build | presscut-query | \
                  tantivy-build | tantivy-query)"
                .into(),
        ),
    };
    if let Err(e) = result {
        eprintln!("tantivy_compare: {e}");
        std::process::exit(1);
    }
}

/// `VmRSS` and `VmHWM` (peak) of this process, in MB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn disk_mb(path: &Path) -> f64 {
    let mut total = 0u64;
    if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            if let Ok(meta) = entry.metadata() {
                total += if meta.is_dir() { 0 } else { meta.len() };
            }
        }
    } else if let Ok(meta) = std::fs::metadata(path) {
        total = meta.len();
    }
    total as f64 / 1e6
}

fn load(dir: &str, cache: &str) -> Corpus {
    let options = LoadOptions {
        cache: Some(presscut::cache::Cache::at(cache)),
        ..LoadOptions::default()
    };
    Corpus::load(&[Source::Path(dir.into())], &options)
}

fn percentiles(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |p: f64| times[((times.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "{name}: {} keystrokes, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}

fn presscut_build(dir: &str, cache: &str) -> Result<(), String> {
    let corpus = load(dir, cache);
    let (before, _) = memory();
    let started = Instant::now();
    let index = SearchIndex::build(&corpus.articles, &Default::default());
    let took = started.elapsed();
    let (after, peak) = memory();
    let cache = presscut::cache::Cache::at(cache);
    presscut::cache::search::save(&cache, &corpus.articles, &index)?;
    let file = cache.path(presscut::cache::Kind::Search);
    println!(
        "presscut build: {} articles in {:.2} s; index {:.0} MB in memory (resident +{:.0} MB, \
         process peak {:.0} MB), {:.0} MB on disk ({})",
        corpus.articles.len(),
        took.as_secs_f64(),
        index.heap_bytes() as f64 / 1e6,
        after - before,
        peak,
        disk_mb(&file),
        file.display()
    );
    Ok(())
}

fn presscut_query(dir: &str, cache_dir: &str) -> Result<(), String> {
    let corpus = load(dir, cache_dir);
    let cache = presscut::cache::Cache::at(cache_dir);
    let (before, _) = memory();
    let started = Instant::now();
    let index = presscut::cache::search::load(&cache, &corpus.articles)
        .map_err(|e| format!("no usable search.bin in {cache_dir} ({e:?}): run presscut-build"))?;
    let opened = started.elapsed();
    let (after, _) = memory();
    println!(
        "presscut open: {:.3} s, resident +{:.0} MB",
        opened.as_secs_f64(),
        after - before
    );
    let mut searcher = Searcher::default();
    let mut times = Vec::new();
    let mut hits = Vec::new();
    for typed in synthetic::search_keystrokes() {
        let started = Instant::now();
        let outcome = searcher.run(&index, &corpus.articles, &Query::parse(&typed), &NoFacts);
        times.push(started.elapsed());
        hits.push((typed, outcome.hits.len()));
    }
    percentiles("presscut keystroke (every hit ranked)", times);
    report_hits(&hits);
    let (_, peak) = memory();
    println!("presscut process peak {peak:.0} MB (corpus table included)");
    Ok(())
}

/// The article count of each whole query, to show both engines find about the same.
fn report_hits(hits: &[(String, usize)]) {
    let whole: Vec<String> = hits
        .iter()
        .filter(|(typed, _)| synthetic::SEARCH_QUERIES.contains(&typed.as_str()))
        .map(|(typed, n)| format!("{typed}={n}"))
        .collect();
    println!("  hits: {}", whole.join(", "));
}

fn register(index: &Index) {
    let fold = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register("fold", fold);
}

fn tantivy_build(dir: &str, cache: &str, out: &str) -> Result<(), String> {
    let corpus = load(dir, cache);
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("fold")
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", text.clone());
    let body = schema.add_text_field("body", text);
    let index = Index::create_in_dir(&out, schema.build()).map_err(|e| e.to_string())?;
    register(&index);
    let (before, _) = memory();
    let started = Instant::now();
    let mut writer: IndexWriter = index.writer(1_000_000_000).map_err(|e| e.to_string())?;
    for article in corpus.articles.iter() {
        writer
            .add_document(doc!(title => article.title.as_str(), body => &*article.body))
            .map_err(|e| e.to_string())?;
    }
    writer.commit().map_err(|e| e.to_string())?;
    writer.wait_merging_threads().map_err(|e| e.to_string())?;
    let took = started.elapsed();
    let (after, peak) = memory();
    println!(
        "tantivy build: {} articles in {:.2} s (resident +{:.0} MB, process peak {:.0} MB), \
         {:.0} MB on disk",
        corpus.articles.len(),
        took.as_secs_f64(),
        after - before,
        peak,
        disk_mb(&out)
    );
    Ok(())
}

fn tantivy_query(out: &str) -> Result<(), String> {
    let (before, _) = memory();
    let started = Instant::now();
    let index = Index::open_in_dir(out).map_err(|e| e.to_string())?;
    register(&index);
    let reader = index.reader().map_err(|e| e.to_string())?;
    let searcher = reader.searcher();
    let opened = started.elapsed();
    let (after, _) = memory();
    let schema = index.schema();
    let title = schema.get_field("title").map_err(|e| e.to_string())?;
    let body = schema.get_field("body").map_err(|e| e.to_string())?;
    println!(
        "tantivy open: {:.3} s, {} segments, resident +{:.0} MB",
        opened.as_secs_f64(),
        searcher.segment_readers().len(),
        after - before
    );
    let query_for = |typed: &str| -> Box<dyn TQuery> {
        let words: Vec<String> = typed
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let clauses = words
            .iter()
            .map(|word| {
                let n = word.chars().count();
                let typos = if n >= 8 {
                    2
                } else if n >= 4 {
                    1
                } else {
                    0
                };
                let in_field = |field| {
                    FuzzyTermQuery::new_prefix(Term::from_field_text(field, word), typos, true)
                };
                let either: Box<dyn TQuery> = Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(in_field(title)), 2.0))
                            as Box<dyn TQuery>,
                    ),
                    (Occur::Should, Box::new(in_field(body))),
                ]));
                (Occur::Must, either)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    };
    for (name, count) in [("top 100 and the count", true), ("top 100 only", false)] {
        let mut times = Vec::new();
        let mut hits = Vec::new();
        for typed in synthetic::search_keystrokes() {
            let started = Instant::now();
            let query = query_for(&typed);
            let n = if count {
                let (_top, n) = searcher
                    .search(&*query, &(TopDocs::with_limit(100), Count))
                    .map_err(|e| e.to_string())?;
                n
            } else {
                searcher
                    .search(&*query, &TopDocs::with_limit(100))
                    .map_err(|e| e.to_string())?
                    .len()
            };
            times.push(started.elapsed());
            hits.push((typed, n));
        }
        percentiles(&format!("tantivy keystroke ({name})"), times);
        report_hits(&hits);
    }
    let (_, peak) = memory();
    println!("tantivy process peak {peak:.0} MB");
    Ok(())
}
