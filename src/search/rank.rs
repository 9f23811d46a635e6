//! Putting a query's hits in order: best score first, equal scores in corpus order (newest
//! first). At a million articles a two-letter word has 700,000 hits, ranked again on every
//! keystroke, so the order is computed as one integer per hit and sorted by a radix sort on
//! the score's 32 bits: three linear passes instead of a comparison sort's twenty (the sort was a
//! third of a keystroke). The radix sort is stable and the hits arrive in corpus order, so
//! equal scores need no second key.

/// Ranks `hits` (corpus order, ascending), best first, with their scores. `keys` and
/// `scratch` are reused between queries so that a keystroke does not allocate and fault in
/// fresh pages for them.
pub(super) fn rank(
    hits: &[(usize, f32)],
    keys: &mut Vec<u64>,
    scratch: &mut Vec<u64>,
) -> Vec<(usize, f32)> {
    ranked_keys(hits, keys, scratch)
        .iter()
        .map(|&key| (doc_of(key), score_of(key)))
        .collect()
}

/// [`rank`] without the scores, into `docs` (cleared first): the reader's list, whose buffer
/// is reused from the query before.
pub(super) fn rank_into(
    hits: &[(usize, f32)],
    keys: &mut Vec<u64>,
    scratch: &mut Vec<u64>,
    docs: &mut Vec<usize>,
) {
    docs.clear();
    docs.extend(
        ranked_keys(hits, keys, scratch)
            .iter()
            .map(|&key| doc_of(key)),
    );
}

/// [`rank_into`] for a list seen through a window: only the best `head` hits are put in order,
/// at the front of `docs`, and every other hit follows in corpus order. Returns whether the
/// rest is left unranked, in which case `keys` keeps every hit's key, in corpus order, for
/// [`rank_rest_into`]. While the reader types, only the top screenful is seen; ranking the
/// other 900,000 hits of a two-letter word was a quarter of the keystroke, and it is done once
/// typing pauses, with the same order.
pub(super) fn rank_head_into(
    hits: &[(usize, f32)],
    head: usize,
    keys: &mut Vec<u64>,
    scratch: &mut Vec<u64>,
    docs: &mut Vec<usize>,
) -> bool {
    // Selecting costs two reads of the keys; below a few times the head a whole sort is as
    // quick and leaves nothing to do later.
    if head == 0 || hits.len() <= SMALL.max(head.saturating_mul(4)) {
        rank_into(hits, keys, scratch, docs);
        return false;
    }
    keys.clear();
    keys.extend(hits.iter().map(|&(d, score)| rank_key(score, d)));
    let cut = nth_smallest(keys, head - 1, scratch);
    // One pass: the best `head` keys aside (to be sorted), the rest straight to `docs`.
    scratch.clear();
    docs.clear();
    docs.resize(head, 0);
    for &key in keys.iter() {
        if key <= cut {
            scratch.push(key);
        } else {
            docs.push(doc_of(key));
        }
    }
    scratch.sort_unstable();
    for (slot, &key) in docs.iter_mut().zip(scratch.iter()) {
        *slot = doc_of(key);
    }
    true
}

/// Finishes what [`rank_head_into`] left: every hit of `keys`, ranked, into `docs`.
pub(super) fn rank_rest_into(keys: &mut [u64], scratch: &mut Vec<u64>, docs: &mut Vec<usize>) {
    docs.clear();
    docs.extend(
        sort_by_score_half(keys, scratch)
            .iter()
            .map(|&key| doc_of(key)),
    );
}

/// The `n`th smallest of `keys` (distinct, lower halves ascending), found a digit of the
/// score at a time from the top, as the radix sort's digits: each round keeps only the keys
/// of the bucket the `n`th falls in, so after the first read of every key only a few
/// thousand are touched.
fn nth_smallest(keys: &[u64], n: usize, scratch: &mut Vec<u64>) -> u64 {
    debug_assert!(n < keys.len());
    let digit = |key: u64, pass: usize| ((key >> (32 + DIGIT_BITS * pass)) & DIGIT_MASK) as usize;
    let mut want = n;
    let mut in_scratch = false;
    let mut every_digit_read = true;
    for pass in (0..PASSES).rev() {
        let from: &[u64] = if in_scratch { scratch } else { keys };
        if from.len() <= SMALL {
            every_digit_read = false;
            break;
        }
        let mut count = [0usize; BUCKETS];
        for &key in from {
            count[digit(key, pass)] += 1;
        }
        let mut below = 0;
        let mut bucket = 0;
        for (b, &c) in count.iter().enumerate() {
            if want < below + c {
                bucket = b;
                break;
            }
            below += c;
        }
        want -= below;
        if count[bucket] == from.len() {
            continue; // every key shares this digit
        }
        if in_scratch {
            scratch.retain(|&key| digit(key, pass) == bucket);
        } else {
            scratch.clear();
            scratch.extend(
                keys.iter()
                    .copied()
                    .filter(|&key| digit(key, pass) == bucket),
            );
            in_scratch = true;
        }
    }
    let rest: &[u64] = if in_scratch { scratch } else { keys };
    if every_digit_read {
        // The keys left share their whole score, so their article numbers, ascending, order
        // them.
        return rest[want];
    }
    let mut few = rest.to_vec();
    *few.select_nth_unstable(want).1
}

fn ranked_keys<'a>(
    hits: &[(usize, f32)],
    keys: &'a mut Vec<u64>,
    scratch: &'a mut Vec<u64>,
) -> &'a [u64] {
    debug_assert!(
        hits.windows(2).all(|w| w[0].0 < w[1].0),
        "hits in corpus order"
    );
    keys.clear();
    keys.extend(hits.iter().map(|&(d, score)| rank_key(score, d)));
    sort_by_score_half(keys, scratch)
}

/// Below this many hits a comparison sort is as quick, and needs no histograms.
const SMALL: usize = 2048;
const DIGIT_BITS: usize = 11;
const DIGIT_MASK: u64 = (1 << DIGIT_BITS) - 1;
const BUCKETS: usize = 1 << DIGIT_BITS;
const PASSES: usize = 32_usize.div_ceil(DIGIT_BITS);

/// Sorts `keys` by their upper 32 bits, keeping the order of keys with equal upper halves (a
/// least-significant-digit-first radix sort), and returns them sorted: in `keys` or in
/// `scratch`, wherever the last pass left them. With the lower halves ascending on entry, as
/// `rank` makes them, this is the order of the whole keys.
fn sort_by_score_half<'a>(keys: &'a mut [u64], scratch: &'a mut Vec<u64>) -> &'a [u64] {
    if keys.len() <= SMALL {
        keys.sort_unstable();
        return keys;
    }
    // Three passes of 11 bits: 2,048 buckets keep every bucket's write position in the
    // cache, where four passes of 8 bits read and wrote everything once more.
    let digit = |key: u64, pass: usize| ((key >> (32 + DIGIT_BITS * pass)) & DIGIT_MASK) as usize;
    let mut counts = [[0usize; BUCKETS]; PASSES];
    for &key in keys.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit(key, pass)] += 1;
        }
    }
    let len = keys.len();
    // Grown, never cleared: every slot is written before it is read.
    if scratch.len() < len {
        scratch.resize(len, 0);
    }
    let scratch = &mut scratch[..len];
    let mut in_scratch = false;
    for (pass, count) in counts.iter().enumerate() {
        // A digit every key shares (the sign and most of the exponent, often) orders nothing.
        if count.contains(&len) {
            continue;
        }
        let mut next = [0usize; BUCKETS];
        let mut sum = 0;
        for (slot, &n) in next.iter_mut().zip(count) {
            *slot = sum;
            sum += n;
        }
        let (from, to): (&[u64], &mut [u64]) = if in_scratch {
            (scratch, keys)
        } else {
            (keys, scratch)
        };
        for &key in from {
            let slot = &mut next[digit(key, pass)];
            to[*slot] = key;
            *slot += 1;
        }
        in_scratch = !in_scratch;
    }
    if in_scratch {
        scratch
    } else {
        keys
    }
}

/// A hit's place in the ranking as one integer, smallest first: the score descending (in
/// `f32::total_cmp`'s order), then the article ascending. Articles are numbered in 32 bits, as
/// the postings number them.
fn rank_key(score: f32, doc: usize) -> u64 {
    let bits = score.to_bits();
    // Flip so that unsigned order is total_cmp's order: negatives reversed, below positives.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    (u64::from(!ascending) << 32) | (doc as u64 & u64::from(u32::MAX))
}

fn doc_of(key: u64) -> usize {
    (key & u64::from(u32::MAX)) as usize
}

/// The score `rank_key` was given back, read from the key instead of the scores array (that
/// read, in ranked order, jumped all over a million scores).
fn score_of(key: u64) -> f32 {
    let ascending = !((key >> 32) as u32);
    let bits = if ascending >> 31 == 1 {
        ascending & !(1 << 31)
    } else {
        !ascending
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranking by comparing (score, article) pairs, which `rank` must equal.
    fn by_pairs(scores: &[f32]) -> Vec<(usize, f32)> {
        let mut pairs: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
        pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        pairs
    }

    /// A repeatable stream of pseudo-random numbers for generated scores.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    fn ranked(scores: &[f32]) -> Vec<(usize, f32)> {
        let hits: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
        rank(&hits, &mut Vec::new(), &mut Vec::new())
    }

    fn same(a: &[(usize, f32)], b: &[(usize, f32)]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.0 == y.0 && x.1.to_bits() == y.1.to_bits())
    }

    #[test]
    fn best_score_first_then_corpus_order_with_every_odd_float() {
        let scores = [
            0.0,
            -0.0,
            1.5,
            1.5,
            -2.0,
            f32::INFINITY,
            f32::MIN_POSITIVE,
            3.25,
            f32::NAN,
            7.0e-3,
            -f32::INFINITY,
            3.25,
        ];
        let got = ranked(&scores);
        assert!(same(&got, &by_pairs(&scores)), "{got:?}");
        // Ties keep the corpus order: the two 3.25s and the two 1.5s.
        let at = |d: usize| got.iter().position(|h| h.0 == d).expect("ranked");
        assert!(at(7) < at(11) && at(2) < at(3), "{got:?}");
    }

    #[test]
    fn the_radix_sort_of_many_hits_equals_the_comparison_sort() {
        // Enough hits for the radix path, with many ties (BM25 scores of short articles repeat)
        // and scores spread over several exponents, so some passes are skipped and some not.
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let scores: Vec<f32> = (0..50_000)
            .map(|_| match next() % 4 {
                0 => (next() % 16) as f32 * 0.25,
                1 => f32::from_bits((next() % (1 << 31)) as u32).min(1e30),
                2 => 1.0 / (1 + next() % 1000) as f32,
                _ => 2.5,
            })
            .collect();
        assert!(same(&ranked(&scores), &by_pairs(&scores)));
        // Every score alike: all passes skipped, corpus order kept.
        let flat = vec![0.75f32; 10_000];
        let got = ranked(&flat);
        assert!(got.iter().enumerate().all(|(i, h)| h.0 == i && h.1 == 0.75));
    }

    #[test]
    fn the_head_first_is_the_whole_ranking_s_head_and_the_rest_ranks_the_same() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        // Scores with many ties and a few exponents; hits with gaps in their article numbers.
        let spread: Vec<(usize, f32)> = (0..40_000)
            .map(|i| {
                let score = match next() % 3 {
                    0 => (next() % 64) as f32 * 0.125,
                    1 => 1.0 / (1 + next() % 5000) as f32,
                    _ => 4.0,
                };
                (i * 3 + (next() % 3) as usize, score)
            })
            .collect();
        let flat: Vec<(usize, f32)> = (0..30_000).map(|i| (i, 1.25)).collect();
        let one_best: Vec<(usize, f32)> = (0..30_000)
            .map(|i| (i, if i == 29_999 { 9.0 } else { 0.5 }))
            .collect();
        for hits in [&spread, &flat, &one_best] {
            let whole: Vec<usize> = rank(hits, &mut Vec::new(), &mut Vec::new())
                .into_iter()
                .map(|h| h.0)
                .collect();
            for head in [1, 7, 100, 2500] {
                let (mut keys, mut scratch, mut docs) = (Vec::new(), Vec::new(), vec![5; 3]);
                let left = rank_head_into(hits, head, &mut keys, &mut scratch, &mut docs);
                assert!(left, "{} hits, head {head}", hits.len());
                assert_eq!(docs[..head], whole[..head], "head {head}");
                // The rest: every other hit once, in corpus order.
                let mut rest = whole[head..].to_vec();
                rest.sort_unstable();
                assert_eq!(docs[head..], rest[..], "head {head}");
                rank_rest_into(&mut keys, &mut scratch, &mut docs);
                assert_eq!(docs, whole, "head {head}");
            }
        }
        // Few hits: ranked whole at once, nothing left.
        let few: Vec<(usize, f32)> = (0..50).map(|i| (i, (i % 4) as f32)).collect();
        let mut docs = Vec::new();
        assert!(!rank_head_into(
            &few,
            10,
            &mut Vec::new(),
            &mut Vec::new(),
            &mut docs
        ));
        let whole: Vec<usize> = rank(&few, &mut Vec::new(), &mut Vec::new())
            .into_iter()
            .map(|h| h.0)
            .collect();
        assert_eq!(docs, whole);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any scores (few distinct values or many, odd floats included) and any head: the
        /// head-first ranking's head is the whole ranking's, and ranking the rest gives it all.
        #[test]
        fn head_first_equals_the_whole_ranking_for_any_scores(
            seed in proptest::prelude::any::<u64>(),
            len in 2049usize..12_000,
            distinct in 1u64..5000,
            head in 1usize..600,
        ) {
            let mut next = xorshift(seed | 1);
            let odd = [f32::NAN, f32::INFINITY, -f32::INFINITY, 0.0, -0.0, f32::MIN_POSITIVE];
            let hits: Vec<(usize, f32)> = (0..len)
                .map(|i| {
                    let r = next();
                    let score = if r.is_multiple_of(97) {
                        odd[(r / 97 % 6) as usize]
                    } else {
                        (r % distinct) as f32 / 7.0
                    };
                    (i * 2 + (r % 2) as usize, score)
                })
                .collect();
            let whole: Vec<usize> = rank(&hits, &mut Vec::new(), &mut Vec::new())
                .into_iter()
                .map(|h| h.0)
                .collect();
            let (mut keys, mut scratch, mut docs) = (Vec::new(), Vec::new(), Vec::new());
            let left = rank_head_into(&hits, head, &mut keys, &mut scratch, &mut docs);
            proptest::prop_assert_eq!(left, len > 4 * head);
            let shown = if left { head } else { len };
            proptest::prop_assert_eq!(&docs[..shown], &whole[..shown]);
            if left {
                rank_rest_into(&mut keys, &mut scratch, &mut docs);
            }
            proptest::prop_assert_eq!(docs, whole);
        }
    }

    #[test]
    fn ranking_into_a_used_buffer_gives_the_same_order() {
        let scores: Vec<f32> = (0..5000)
            .map(|i| ((i * 7919) % 613) as f32 / 17.0)
            .collect();
        let hits: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
        let mut docs = vec![42; 9000];
        rank_into(&hits, &mut Vec::new(), &mut Vec::new(), &mut docs);
        let expected: Vec<usize> = by_pairs(&scores).into_iter().map(|h| h.0).collect();
        assert_eq!(docs, expected);
    }

    #[test]
    fn a_sparse_set_of_hits_keeps_its_article_numbers() {
        let hits: Vec<(usize, f32)> = [3usize, 17, 40_000, 999_999]
            .into_iter()
            .map(|d| (d, (d % 7) as f32))
            .collect();
        let got = rank(&hits, &mut Vec::new(), &mut Vec::new());
        assert_eq!(
            got,
            vec![(3, 3.0), (17, 3.0), (40_000, 2.0), (999_999, 0.0)]
        );
    }
}
