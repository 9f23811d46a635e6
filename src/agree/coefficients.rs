//! The coefficients: Krippendorff's α (nominal, any number of coders, missing values allowed)
//! and Cohen's κ (two coders), each in a general form and, for the binary values `agree`
//! counts at 100k articles, from counts (the 2×2 table, the coincidences) — tested against
//! each other and against the published worked examples.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// Krippendorff's α for nominal data. `units[u][c]` is coder `c`'s value for unit `u`, `None`
/// when missing. Units with fewer than two values are not pairable and do not count. `None`
/// when α is undefined (no pairable values, or every value the same: no variation to agree on).
pub fn alpha_nominal<V: Eq + Hash + Clone + Ord>(units: &[Vec<Option<V>>]) -> Option<f64> {
    let weighted: Vec<(&[Option<V>], f64)> = units.iter().map(|u| (u.as_slice(), 1.0)).collect();
    alpha_nominal_weighted(&weighted)
}

/// The same with each unit counting `weight` times (a run of characters with the same values
/// counts once per character).
pub fn alpha_nominal_weighted<V: Eq + Hash + Clone + Ord>(
    units: &[(&[Option<V>], f64)],
) -> Option<f64> {
    // The coincidence matrix: o[(c, k)] sums, over units, the pairs of values (c, k) from
    // different coders, each unit weighted 1 / (m_u - 1).
    let mut coincidences: BTreeMap<(V, V), f64> = BTreeMap::new();
    for (unit, times) in units {
        let values: Vec<&V> = unit.iter().flatten().collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        let weight = times / (m as f64 - 1.0);
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *coincidences
                        .entry(((*a).clone(), (*b).clone()))
                        .or_default() += weight;
                }
            }
        }
    }
    let mut totals: BTreeMap<V, f64> = BTreeMap::new();
    for ((c, _), o) in &coincidences {
        *totals.entry(c.clone()).or_default() += o;
    }
    let n: f64 = totals.values().sum();
    if n <= 1.0 {
        return None;
    }
    let observed: f64 = coincidences
        .iter()
        .filter(|((c, k), _)| c != k)
        .map(|(_, o)| o)
        .sum();
    let expected: f64 = totals
        .iter()
        .flat_map(|(c, nc)| {
            totals
                .iter()
                .filter(move |(k, _)| *k != c)
                .map(move |(_, nk)| nc * nk)
        })
        .sum();
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// Cohen's κ for two coders' values on the same units. `None` when chance agreement is total.
pub fn cohen_kappa<V: Eq + Hash + Clone>(pairs: &[(V, V)]) -> Option<f64> {
    let weighted: Vec<(&V, &V, f64)> = pairs.iter().map(|(a, b)| (a, b, 1.0)).collect();
    cohen_kappa_weighted(&weighted)
}

/// The same with each pair counting `weight` times.
pub fn cohen_kappa_weighted<V: Eq + Hash + Clone>(pairs: &[(&V, &V, f64)]) -> Option<f64> {
    let n: f64 = pairs.iter().map(|(_, _, w)| w).sum();
    if pairs.is_empty() || n <= 0.0 {
        return None;
    }
    let observed = pairs
        .iter()
        .filter(|(a, b, _)| a == b)
        .map(|(_, _, w)| w)
        .sum::<f64>()
        / n;
    let mut first: HashMap<&V, f64> = HashMap::new();
    let mut second: HashMap<&V, f64> = HashMap::new();
    for (a, b, w) in pairs {
        *first.entry(*a).or_default() += w;
        *second.entry(*b).or_default() += w;
    }
    let expected: f64 = first
        .iter()
        .map(|(v, count)| count / n * second.get(v).copied().unwrap_or(0.0) / n)
        .sum();
    if (1.0 - expected).abs() < f64::EPSILON {
        return None;
    }
    Some((observed - expected) / (1.0 - expected))
}

/// Cohen's κ from a 2×2 table of counts (`table[first][second]`).
pub(super) fn kappa_from_table(table: &[[f64; 2]; 2]) -> Option<f64> {
    let n: f64 = table.iter().flatten().sum();
    if n == 0.0 {
        return None;
    }
    let observed = (table[0][0] + table[1][1]) / n;
    let first = [table[0][0] + table[0][1], table[1][0] + table[1][1]];
    let second = [table[0][0] + table[1][0], table[0][1] + table[1][1]];
    let expected = (first[0] * second[0] + first[1] * second[1]) / (n * n);
    if (1.0 - expected).abs() < f64::EPSILON {
        return None;
    }
    Some((observed - expected) / (1.0 - expected))
}

/// Krippendorff's α for binary values from the coincidences (`o_tf` = `o_ft`) and the number of
/// pairable values: the same as [`alpha_nominal`] on the units they were counted from.
pub(super) fn alpha_from_coincidences(
    o_tt: f64,
    o_ff: f64,
    o_tf: f64,
    pairable: f64,
) -> Option<f64> {
    let (n_t, n_f) = (o_tt + o_tf, o_ff + o_tf);
    let n = n_t + n_f;
    if n <= 1.0 || pairable <= 1.0 || n_t * n_f == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * o_tf / (n_t * n_f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round3(x: Option<f64>) -> Option<f64> {
        x.map(|v| (v * 1000.0).round() / 1000.0)
    }

    #[test]
    fn krippendorffs_worked_example_four_coders_with_missing_data() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
        // 4 observers, 12 units, nominal values, missing data: α = 0.743.
        let rows: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let units: Vec<Vec<Option<u8>>> = (0..12)
            .map(|u| {
                rows.iter()
                    .map(|r| Some(r[u]).filter(|&v| v != 0))
                    .collect()
            })
            .collect();
        assert_eq!(round3(alpha_nominal(&units)), Some(0.743));
    }

    #[test]
    fn krippendorffs_binary_example_two_coders() {
        // The same paper, example A: two observers, ten units, binary: α = 0.095.
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let units: Vec<Vec<Option<u8>>> = (0..10).map(|u| vec![Some(a[u]), Some(b[u])]).collect();
        assert_eq!(round3(alpha_nominal(&units)), Some(0.095));
    }

    #[test]
    fn cohens_textbook_example() {
        // 50 grant proposals: both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
        // p_o = 0.70, p_e = 0.50, κ = 0.40.
        let mut pairs = Vec::new();
        pairs.extend(std::iter::repeat_n((true, true), 20));
        pairs.extend(std::iter::repeat_n((true, false), 5));
        pairs.extend(std::iter::repeat_n((false, true), 10));
        pairs.extend(std::iter::repeat_n((false, false), 15));
        assert_eq!(round3(cohen_kappa(&pairs)), Some(0.4));
        assert_eq!(
            cohen_kappa(&[(true, true), (true, true)]),
            None,
            "no variation"
        );
    }

    #[test]
    fn the_counted_coefficients_equal_the_general_ones_on_random_units() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for coders in [2usize, 3, 4] {
            for _ in 0..20 {
                let units: Vec<Vec<bool>> = (0..(5 + next() % 40))
                    .map(|_| (0..coders).map(|_| next() % 3 == 0).collect())
                    .collect();
                let (mut o_tt, mut o_ff, mut o_tf, mut pairable) = (0.0, 0.0, 0.0, 0.0);
                let mut table = [[0f64; 2]; 2];
                for v in &units {
                    let yes = v.iter().filter(|x| **x).count() as f64;
                    let no = coders as f64 - yes;
                    let w = 1.0 / (coders as f64 - 1.0);
                    o_tt += yes * (yes - 1.0) * w;
                    o_ff += no * (no - 1.0) * w;
                    o_tf += yes * no * w;
                    pairable += coders as f64;
                    if coders == 2 {
                        table[usize::from(v[0])][usize::from(v[1])] += 1.0;
                    }
                }
                let general: Vec<Vec<Option<bool>>> = units
                    .iter()
                    .map(|v| v.iter().copied().map(Some).collect())
                    .collect();
                let fast = alpha_from_coincidences(o_tt, o_ff, o_tf, pairable);
                let slow = alpha_nominal(&general);
                assert_eq!(
                    fast.map(|x| (x * 1e9).round()),
                    slow.map(|x| (x * 1e9).round())
                );
                if coders == 2 {
                    let pairs: Vec<(bool, bool)> = units.iter().map(|v| (v[0], v[1])).collect();
                    assert_eq!(
                        kappa_from_table(&table).map(|x| (x * 1e9).round()),
                        cohen_kappa(&pairs).map(|x| (x * 1e9).round())
                    );
                }
            }
        }
    }
}
