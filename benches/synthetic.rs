//! A deterministic synthetic news corpus in the seed format, for benchmarks and demos.
//! Shared by `benches/` and `examples/gen_corpus.rs` (included by path, so there is one copy).

use std::io::Write;
use std::path::Path;

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "on",
    "for",
    "was",
    "with",
    "that",
    "by",
    "government",
    "minister",
    "president",
    "officials",
    "report",
    "week",
    "city",
    "police",
    "election",
    "talks",
    "according",
    "statement",
    "security",
    "forces",
    "economy",
    "market",
    "percent",
    "million",
    "agreement",
    "people",
    "region",
    "border",
    "parliament",
    "court",
    "ministry",
    "spokesperson",
    "Moscow",
    "Kyiv",
    "Brussels",
    "Washington",
    "Beijing",
    "Zakharova",
    "Witkoff",
    "Zelensky",
    "Müller",
    "São",
    "Paulo",
    "Δελφοί",
    "北京",
    "attack",
    "ceasefire",
    "negotiations",
    "sanctions",
];
const OUTLETS: &[&str] = &[
    "Antiwar.com",
    "Reuters",
    "Le Monde",
    "Der Spiegel",
    "Wikinews",
    "El País",
];
const AUTHORS: &[&str] = &[
    "Kyle Anzalone",
    "Ana Núñez",
    "Jan Kowalski",
    "Mei Chen",
    "Olu Adeyemi",
];

/// xorshift64*: tiny, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The text of synthetic article `index` (about 4.8 KB, like the average news article).
pub fn article(index: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1).wrapping_mul(0x1000_0000_01b3));
    let date = format!(
        "20{:02}-{:02}-{:02}",
        10 + rng.below(16),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let mut text = format!(
        " date {date} ({}, {}) ",
        AUTHORS[rng.below(AUTHORS.len())],
        OUTLETS[rng.below(OUTLETS.len())]
    );
    let paragraphs = 6 + rng.below(6);
    for p in 0..paragraphs {
        if p > 0 {
            text.push_str("\n\n");
        }
        let words = 50 + rng.below(60);
        for w in 0..words {
            let word = WORDS[rng.below(WORDS.len())];
            if w == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push(' ');
                text.push_str(word);
            }
            if w % 17 == 16 {
                text.push('.');
            }
        }
        // Make every article's text unique, as real ones are.
        text.push_str(&format!(" Item {index}.{p}."));
    }
    text.push('\n');
    text
}

/// Writes `count` articles as files into `dir` (100 per subfolder, like a real archive).
pub fn write_corpus(dir: &Path, count: usize) -> std::io::Result<u64> {
    let mut bytes = 0;
    for i in 0..count {
        let sub = dir.join(format!("{:04}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let text = article(i);
        bytes += text.len() as u64;
        std::fs::File::create(sub.join(format!("{i:06}.txt")))?.write_all(text.as_bytes())?;
    }
    Ok(bytes)
}
