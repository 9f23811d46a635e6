//! Times `agree` by stage on the data of `cargo bench --bench store`'s `agree_2_coders_100k_5_tags`
//! (two coders' logs, 100k articles, 5 tags each at random): read the logs, fold each coder,
//! measure agreement. `cargo run --release --example agree_timing [DIR]` — with DIR, the logs are
//! kept there and reused on the next run. (BENCHMARKS.md; criterion's bench is the reference.)

use std::time::Instant;

#[path = "../benches/support/agree_logs.rs"]
mod agree_logs;

fn main() {
    let kept = std::env::args().nth(1).map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("a temp dir");
    let dir = kept.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let logs: Vec<std::path::PathBuf> = ["ana", "ben"]
        .iter()
        .map(|c| dir.join(format!("log/{c}.jsonl")))
        .collect();
    if !logs.iter().all(|l| l.exists()) {
        agree_logs::write(&dir);
    }
    for round in 0..3 {
        let all = Instant::now();
        let started = Instant::now();
        let mut entries = Vec::new();
        for read in presscut::store::log::read_log_files(&logs) {
            entries.extend(read.expect("read").0);
        }
        let read = started.elapsed();
        let started = Instant::now();
        let coders: Vec<_> = presscut::store::log::fold_by_coder(entries)
            .into_iter()
            .map(|(name, work)| (name, work.store, work.touched))
            .collect();
        let fold = started.elapsed();
        let started = Instant::now();
        let report = presscut::agree::agreement(&coders);
        let agree = started.elapsed();
        let started = Instant::now();
        let disagreements = report.disagreements.len();
        drop(report);
        drop(coders);
        let dropped = started.elapsed();
        println!(
            "round {round}: read {:.3} s, fold {:.3} s, agreement {:.3} s ({disagreements} disagreements), drop {:.3} s, all {:.3} s",
            read.as_secs_f64(),
            fold.as_secs_f64(),
            agree.as_secs_f64(),
            dropped.as_secs_f64(),
            all.elapsed().as_secs_f64()
        );
    }
}
