//! A deterministic synthetic news corpus in the seed format, for benchmarks and demos.
//! Shared by `benches/` and `examples/gen_corpus.rs` (included by path, so there is one copy).
//!
//! Words follow Zipf's law over a vocabulary of ~110k (the real words below first, then made-up
//! ones), so a search index over it has the shape of a real news archive's: a few very common
//! words, a long tail of rare ones, ~10⁵ distinct words at 100k articles.

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
    "Zelenskyy",
    "Moskalik",
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

/// Made-up words after the real ones: the long tail of names and rare words.
const MADE_UP: usize = 110_000;
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "de", "ba", "zu", "pe", "go", "ha", "ji", "we",
    "xo", "ly", "fa", "qu", "str", "ck", "en", "ov", "sky",
];

/// The word of Zipf rank `rank` (0 = most common).
fn word_of_rank(rank: usize) -> String {
    if let Some(word) = WORDS.get(rank) {
        return (*word).to_string();
    }
    let mut n = rank - WORDS.len() + SYLLABLES.len() * SYLLABLES.len();
    let mut word = String::new();
    while n > 0 {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    if rank.is_multiple_of(7) {
        // Some are names.
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    word
}

/// Cumulative Zipf weights (exponent 1) over all ranks, for sampling by binary search.
fn zipf_table() -> &'static (Vec<f64>, Vec<String>) {
    static TABLE: std::sync::OnceLock<(Vec<f64>, Vec<String>)> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let total = WORDS.len() + MADE_UP;
        let mut sum = 0.0;
        let cumulative = (0..total)
            .map(|r| {
                sum += 1.0 / (r as f64 + 1.0);
                sum
            })
            .collect();
        (cumulative, (0..total).map(word_of_rank).collect())
    })
}

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

    fn zipf_word(&mut self) -> &'static str {
        let (cumulative, words) = zipf_table();
        let last = cumulative.last().copied().unwrap_or(1.0);
        let target = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * last;
        let rank = cumulative
            .partition_point(|&c| c < target)
            .min(words.len() - 1);
        &words[rank]
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
            let word = rng.zipf_word();
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

/// Queries a reader might type, each a mix of common and rare words and one typo: what the
/// search benchmarks type, keystroke by keystroke.
#[allow(dead_code)] // used by the search bench and examples/keystroke_timing, not by every includer
pub const SEARCH_QUERIES: &[&str] = &[
    "zelensky",
    "witkoff ceasefire",
    "moskalik",
    "minister sanctions",
    "sao paulo",
    "government talks border",
    "zakharova statement",
    "kyiv attack",
    "zelnesky",
];

/// Every prefix of 2 characters and more of [`SEARCH_QUERIES`], as typed (a prefix ending in a
/// space is the same query as the one before it).
#[allow(dead_code)] // used by the search bench and the tantivy comparison, not by every includer
pub fn search_keystrokes() -> Vec<String> {
    SEARCH_QUERIES
        .iter()
        .flat_map(|q| (2..=q.len()).map(move |n| q[..n].to_string()))
        .filter(|p| !p.ends_with(' '))
        .collect()
}
