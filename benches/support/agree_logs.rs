//! The data of the `agree` bench and of `examples/agree_timing.rs`, written once here so the
//! two measure the same thing: two coders' logs over 100k articles, each marked read and given
//! each of 5 tags at random (a fixed xorshift seed, so every run writes the same logs).

use presscut::store::{ArticleHint, StoreFile};

/// Writes `log/ana.jsonl` and `log/ben.jsonl` into `dir`.
pub fn write(dir: &std::path::Path) {
    let hint = ArticleHint::default();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for coder in ["ana", "ben"] {
        let (mut file, mut data) = StoreFile::open(dir, coder).expect("open");
        for i in 0..100_000u64 {
            let id = format!("{i:012x}");
            data.set_read(&id, &hint, true);
            for tag in 0..5 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                if seed.is_multiple_of(2) {
                    data.declare_tag(&id, &hint, &format!("topic-{tag}"), true);
                }
            }
        }
        let changes = data.take_journal();
        file.append(&changes).expect("append");
    }
}
