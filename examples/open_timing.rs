//! Times what opening a corpus costs, step by step, as the reader does it (load, then the
//! search index and the entity/quote indexes side by side, from the cache when it has them,
//! their files read while the corpus loads),
//! and the peak memory:
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
    let cache = Cache::at(cache_dir);
    let options = LoadOptions {
        cache: Some(cache.clone()),
        ..LoadOptions::default()
    };
    let sampler = AnonSampler::start();
    let opening = Instant::now();
    // As in the reader: the cached index files are read while the corpus loads.
    let pending_search = presscut::cache::search::prefetch(&cache);
    let pending_indexes = presscut::cache::indexes::prefetch(&cache);
    // As in the reader: the snapshot of the last load when there is one, the folders then
    // checked on a thread of low priority (`checked` times that); else a load.
    let sources = [Source::Path(dir.into())];
    let (corpus, checking) = match Corpus::open_snapshot(&sources, &options) {
        Ok((corpus, unverified)) => {
            let checking = std::thread::spawn(move || {
                presscut::cache::yield_to_everything();
                let started = Instant::now();
                (unverified.still_current(), started.elapsed())
            });
            (corpus, Some(checking))
        }
        Err(_) => (Corpus::load(&sources, &options), None),
    };
    let loaded = opening.elapsed();
    let phases = std::env::var_os("PHASES").is_some();
    if phases {
        eprintln!(
            "after the load: anonymous {}, mapped files {}; {}",
            gigabytes(status_kb("RssAnon:").unwrap_or(0)),
            gigabytes(status_kb("RssFile:").unwrap_or(0)),
            heap_in_use()
        );
    }
    for warning in &corpus.warnings {
        eprintln!("{warning}");
    }
    // As in the reader: the search index on one thread, the entity and quote indexes on another.
    let (search, searched, checksum, (indexes, opened, kept, stats)) =
        std::thread::scope(|scope| {
            let searching = scope.spawn(|| search_index(&cache, &corpus, pending_search));
            let indexing = scope.spawn(|| entity_indexes(&cache, &corpus, pending_indexes));
            let (search, searched, checksum) = searching.join().expect("search index");
            if phases {
                eprintln!(
                    "with the search index ({} heap bytes): anonymous {}",
                    search.heap_bytes(),
                    gigabytes(status_kb("RssAnon:").unwrap_or(0))
                );
            }
            (
                search,
                searched,
                checksum,
                indexing.join().expect("indexes"),
            )
        });
    let ready = opening.elapsed();
    let cpu_until_ready = cpu_seconds();
    // As in the reader: the search index's checksum verified behind it, at idle priority.
    let verifying = checksum.map(|checksum| {
        std::thread::spawn(move || {
            presscut::cache::yield_to_everything();
            let started = Instant::now();
            (checksum.verify().is_ok(), started.elapsed())
        })
    });
    if let Some((fits, took)) = verifying.and_then(|v| v.join().ok()) {
        println!(
            "the search index's checksum verified in {:.2} s after it ({})",
            took.as_secs_f64(),
            if fits { "fits" } else { "MISMATCH" }
        );
    }
    if let Some(checking) = checking {
        let (current, took) = checking.join().expect("check");
        println!(
            "shown from the snapshot; the folders checked in {:.2} s after it ({})",
            took.as_secs_f64(),
            if current { "unchanged" } else { "changed" }
        );
        if !current {
            // As the reader does: loaded again (and the snapshot replaced); not timed further.
            let started = Instant::now();
            let again = Corpus::load(&sources, &options);
            println!(
                "loaded again in {:.2} s: {} articles",
                started.elapsed().as_secs_f64(),
                again.articles.len()
            );
        }
    }
    println!(
        "{} articles: load {:.2} s; search index {:.2} s ({} words); entity+quote index and \
         stories {:.2} s ({} analysed, {} from the cache{}), cache written in {:.2} s \
         ({} speakers, {} stories); all ready after {:.2} s ({:.2} s of CPU); peak memory {} (anonymous: peak {}, now {})",
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
        ready.as_secs_f64(),
        cpu_until_ready,
        peak_memory(),
        gigabytes(sampler.peak()),
        gigabytes(status_kb("RssAnon:").unwrap_or(0)),
    );
}

/// The CPU time the process has used, user and system, all threads: on two cores the opening
/// is CPU-bound, so this varies less between runs than the time on the clock.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct it is given, which lives across the call.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// One line of /proc/self/status, in kB.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn gigabytes(kb: u64) -> String {
    format!("{:.2} GB", kb as f64 / 1_048_576.0)
}

/// The peaks of the process's anonymous memory (heap), of its mapped files' resident pages and
/// of both, sampled every 5 ms: Linux keeps the peak of the whole resident set only, and that
/// counts the pages of mapped cache files too, which belong to the page cache and are given
/// back under pressure. `PEAK_AT=1` prints all three and when each was reached.
struct AnonSampler(std::sync::Arc<std::sync::Mutex<[(u64, f64); 3]>>);

impl AnonSampler {
    fn start() -> AnonSampler {
        let peaks = std::sync::Arc::new(std::sync::Mutex::new([(0, 0.0); 3]));
        let shared = peaks.clone();
        let started = Instant::now();
        std::thread::spawn(move || loop {
            let anon = status_kb("RssAnon:").unwrap_or(0);
            let file = status_kb("RssFile:").unwrap_or(0);
            if let Ok(mut peaks) = shared.lock() {
                for (peak, kb) in peaks.iter_mut().zip([anon, file, anon + file]) {
                    if kb > peak.0 {
                        *peak = (kb, started.elapsed().as_secs_f64());
                    }
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        });
        AnonSampler(peaks)
    }

    fn peak(&self) -> u64 {
        let peaks = self.0.lock().map_or([(0, 0.0); 3], |p| *p);
        if std::env::var_os("PEAK_AT").is_some() {
            for (what, (kb, at)) in ["anonymous", "mapped files", "both"].iter().zip(peaks) {
                eprintln!("{what}: peak {} after {at:.1} s", gigabytes(kb));
            }
        }
        peaks[0].0
    }
}

/// The process's peak resident memory, as Linux reports it.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.2} GB", kb / 1_048_576.0))
        })
        .unwrap_or_else(|| "unknown".into())
}

fn search_index(
    cache: &Cache,
    corpus: &Corpus,
    pending: presscut::cache::search::Pending,
) -> (
    SearchIndex,
    std::time::Duration,
    Option<presscut::cache::Checksum>,
) {
    let started = Instant::now();
    let mut checksum = None;
    let search =
        match presscut::cache::search::load_unverified(cache, &corpus.articles, Some(pending)) {
            Ok((index, unverified)) => {
                checksum = Some(unverified);
                index
            }
            Err(_) => {
                // As in the reader: built into the cache, then used from the file written.
                let never = Default::default();
                let built = presscut::cache::search::build_and_keep(
                    cache,
                    &corpus.articles,
                    &Default::default(),
                    &never,
                );
                let (index, warning) = built.expect("never stopped");
                if let Some(why) = warning {
                    eprintln!("{why}");
                }
                index
            }
        };
    (search, started.elapsed(), checksum)
}

type Opened = (
    presscut::digest::Indexes,
    std::time::Duration,
    std::time::Duration,
    presscut::cache::digests::Stats,
);

fn entity_indexes(
    cache: &Cache,
    corpus: &Corpus,
    pending: presscut::cache::indexes::Pending,
) -> Opened {
    let started = Instant::now();
    let (indexes, to_keep, stats) = presscut::cache::indexes::open_prefetched(
        &corpus.articles,
        &Default::default(),
        Some(cache),
        &AtomicUsize::new(0),
        Some(pending),
        &Default::default(),
    );
    let opened = started.elapsed();
    let started = Instant::now();
    if let Some(bytes) = to_keep {
        if let Err(why) = presscut::cache::indexes::keep(cache, &bytes) {
            eprintln!("{why}");
        }
    }
    (indexes, opened, started.elapsed(), stats)
}

/// What the allocator holds, all arenas: in use, free but kept, and large blocks mapped
/// apart — to tell live data from memory the allocator keeps after a free.
fn heap_in_use() -> String {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's statistics.
        let info = unsafe { libc::mallinfo2() };
        let gb = |bytes: usize| format!("{:.2} GB", bytes as f64 / 1_073_741_824.0);
        format!(
            "heap in use {}, free in arenas {}, mapped blocks {}",
            gb(info.uordblks),
            gb(info.fordblks),
            gb(info.hblkhd)
        )
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    String::new()
}
