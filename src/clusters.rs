//! Same-story clusters: wire copies and republished articles — a paragraph dropped or added,
//! a few words changed, a new headline and outlet — grouped, so a reader of wire copy reads a
//! story once.
//!
//! MinHash over word trigrams estimates how much two texts share (their Jaccard similarity);
//! banding the signatures (locality-sensitive hashing) finds the pairs worth comparing without
//! comparing every pair, so 100k articles cost a pass over the text plus the candidates. A
//! candidate pair is kept when its estimated similarity reaches [`SAME_STORY`]; pairs join into
//! groups (union–find). Thresholds are tuned on republication-like edits of real Wikinews
//! articles (`tests/clusters.rs`), not on the texts checked.

use std::collections::HashMap;

use rayon::prelude::*;

/// Hash functions per signature.
const HASHES: usize = 128;
/// Signature rows per band: a pair becomes a candidate when all rows of one band agree.
const ROWS: usize = 4;
// A band's rows are packed into one u128 (see `groups`).
const _: () = assert!(ROWS * 16 <= 128);
const BANDS: usize = HASHES / ROWS;
/// Estimated Jaccard similarity of the trigram sets from which two texts are one story.
pub const SAME_STORY: f64 = 0.3;
/// Texts with fewer words than this are too short to tell a copy from a coincidence.
const MIN_WORDS: usize = 20;

/// A MinHash signature, or `None` for a text too short to compare.
///
/// One permutation hashing (Li, Owen and Zhang 2012) with rotation densification (Shrivastava
/// and Li 2014): each trigram is hashed once and kept in the one bin its hash falls in, where
/// classic MinHash would hash it once per signature position — 128 times the work for the
/// same estimate on texts of a few hundred words. A bin no trigram fell in borrows the next
/// filled bin's value, shifted by the distance, so two texts still agree on it exactly when
/// they agree on the bin it was borrowed from.
///
/// Each position keeps the low 16 bits of its value (b-bit minwise hashing, Li and König
/// 2010): two different values agree by chance once in 65,536 positions, which moves a
/// similarity by less than 0.0001, and a million articles' signatures take half the memory
/// and cache (they are held until every article is analysed).
pub fn signature(text: &str) -> Option<Vec<u16>> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut bins = vec![u32::MAX; HASHES];
    for trigram in words.windows(3) {
        let h = hash64(trigram);
        let bin = (h >> 57) as usize % HASHES;
        let value = mix(h as u32 ^ (h >> 32) as u32);
        if value < bins[bin] {
            bins[bin] = value;
        }
    }
    let filled: Vec<usize> = (0..HASHES).filter(|&i| bins[i] != u32::MAX).collect();
    if filled.is_empty() {
        return None;
    }
    let mut out = bins.clone();
    for (i, slot) in out.iter_mut().enumerate() {
        if *slot == u32::MAX {
            // The next filled bin to the right, around the end.
            let at = filled.partition_point(|&f| f < i);
            let from = filled.get(at).copied().unwrap_or(filled[0]);
            let distance = (from + HASHES - i) % HASHES;
            *slot = mix(bins[from].wrapping_add((distance as u32).wrapping_mul(0x9e37_79b9)));
        }
    }
    Some(out.iter().map(|&value| value as u16).collect())
}

fn hash64(words: &[String]) -> u64 {
    // FNV-1a over the words with a separator: stable across runs and machines.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn mix(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x7feb_352d);
    h ^= h >> 15;
    h = h.wrapping_mul(0x846c_a68b);
    h ^ (h >> 16)
}

/// The share of equal positions of two signatures: the estimated Jaccard similarity.
pub fn similarity(a: &[u16], b: &[u16]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

/// Groups of two or more texts that tell the same story, each sorted, in order of their first
/// member. `texts[i]` is article `i`'s body.
pub fn clusters(texts: &[&str]) -> Vec<Vec<usize>> {
    let signatures: Vec<Option<Vec<u16>>> = texts.par_iter().map(|t| signature(t)).collect();
    groups(&signatures)
}

/// The groups from signatures already made (`signatures[i]` is text `i`'s; the reader's
/// background indexer makes them in the pass that analyses each article anyway).
pub fn groups<S: AsRef<[u16]>>(signatures: &[Option<S>]) -> Vec<Vec<usize>> {
    // A signature of another length (never made here; a damaged cache could hold one) is
    // left out rather than trusted.
    let signature = |i: usize| {
        signatures[i]
            .as_ref()
            .map(AsRef::as_ref)
            .filter(|s| s.len() == HASHES)
    };
    let mut parent: Vec<usize> = (0..signatures.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for band in 0..BANDS {
        // Articles whose rows of this band agree, found by sorting (band key, article): no
        // bucket per article to allocate, most of them singletons (0.3 s at 20k with a map).
        let mut keyed: Vec<(u128, usize)> = (0..signatures.len())
            .filter_map(|i| {
                let s = signature(i)?;
                let key = s[band * ROWS..(band + 1) * ROWS]
                    .iter()
                    .fold(0u128, |key, &row| (key << 16) | u128::from(row));
                Some((key, i))
            })
            .collect();
        keyed.sort_unstable();
        let buckets = keyed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
            .map(|run| run.iter().map(|&(_, i)| i).collect::<Vec<usize>>());
        for members in buckets {
            let first = members[0];
            for &other in &members[1..] {
                let (ra, rb) = (root(&mut parent, first), root(&mut parent, other));
                if ra == rb {
                    continue;
                }
                let (Some(a), Some(b)) = (signature(first), signature(other)) else {
                    continue;
                };
                // Compared with the bucket's first member: a chain of light edits still joins
                // through the members it resembles in another band.
                if similarity(a, b) >= SAME_STORY {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..signatures.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut out {
        g.sort_unstable();
    }
    out.sort_unstable_by_key(|g| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Die Stadt Köln hat am Montag eine neue Brücke über den Rhein eröffnet. \
        Die Bürgermeisterin sprach von einem Tag für alle Menschen in der Stadt, die seit Jahren \
        auf eine bessere Verbindung zwischen den beiden Ufern gewartet hätten. Der Bau kostete \
        vierzig Millionen Euro und dauerte drei Jahre länger als geplant.";

    #[test]
    fn a_light_edit_is_the_same_story_and_another_text_is_not() {
        let edited = STORY
            .replace("am Montag", "am Dienstag")
            .replace("vierzig", "fünfzig");
        let other = "Der Verein gewann das Spiel mit drei zu eins, nachdem er zur Pause noch \
            zurückgelegen hatte. Der Trainer lobte die Mannschaft für ihren Einsatz und sagte, \
            man habe in der zweiten Hälfte endlich das gezeigt, was man seit Wochen trainiere.";
        let (a, b, c) = (
            signature(STORY).unwrap(),
            signature(&edited).unwrap(),
            signature(other).unwrap(),
        );
        assert!(similarity(&a, &b) >= SAME_STORY, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.05, "{}", similarity(&a, &c));
        assert_eq!(clusters(&[STORY, other, &edited]), [vec![0, 2]]);
        assert_eq!(signature("zu kurz"), None);
    }
}
