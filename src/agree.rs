//! Agreement between coders: how far two or more people who tagged and coded the same articles
//! independently agree, beyond what chance would give — Cohen's κ (two coders) and
//! Krippendorff's α (nominal, any number of coders, missing data allowed), the measures coding
//! research reports.
//!
//! Unitisation, two levels:
//! - **Articles** (tags and codes): every coder's value for an article is whether they applied
//!   the tag or code there (a code anywhere in the article). Only articles that every coder has
//!   touched (tagged, noted, coded or marked read) count, so an article one coder has not reached
//!   yet is not a disagreement.
//! - **Characters** (codes, `span`): within those articles, each character that any coder coded
//!   with any code is a unit, and a coder's value is whether a passage of theirs with this code
//!   covers it (what NVivo's coding comparison and QDA method texts use for passages: it counts
//!   a passage coded a few words longer as mostly agreeing, where an exact-span match would
//!   count it as two disagreements). Characters nobody coded are left out: in a long article
//!   they would all be agreements on "not coded" and inflate every coefficient. Characters are
//!   weighted units, computed per run of characters with the same values, so the cost is the
//!   number of passage boundaries, not the length of the text.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;

use serde::Serialize;

use crate::store::{same_tag, StoreData};

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

/// One tag's or code's agreement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemAgreement {
    pub units: usize,
    /// Share of units where every coder gave the same value.
    pub agreement: f64,
    pub kappa: Option<f64>,
    pub alpha: Option<f64>,
    /// Codes only: agreement on characters (see the module's note on unitisation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<SpanAgreement>,
}

/// A code's agreement with characters as units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpanAgreement {
    /// Characters anyone coded, in the articles every coder touched.
    pub characters: usize,
    /// Share of those characters every coder gave the same value (coded so, or not).
    pub agreement: f64,
    pub kappa: Option<f64>,
    pub alpha: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub article: String,
    pub item: String,
    pub coders: BTreeMap<String, bool>,
    /// How it was settled (`presscut adjudicate`), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settled: Option<crate::store::Adjudication>,
}

impl Report {
    /// Marks the disagreements `folded` (the whole team's store) has decisions for.
    pub fn mark_settled(&mut self, folded: &StoreData) {
        for d in &mut self.disagreements {
            d.settled = folded.adjudication(&d.article, &d.item).cloned();
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub coders: Vec<String>,
    pub items: BTreeMap<String, ItemAgreement>,
    pub disagreements: Vec<Disagreement>,
}

/// The team's agreement from every coder's log in the data folder `dir`, with the decisions of
/// `folded` (the whole team's store) marked. Coders who only settled disagreements are not
/// compared. `Err` says why the logs could not be read, or that there are fewer than two coders.
pub fn from_logs(dir: &std::path::Path, folded: &StoreData) -> Result<Report, String> {
    let tails = crate::store::log::read_tails(dir, &BTreeMap::new()).map_err(|e| {
        format!(
            "{}: cannot read the logs: {e}",
            crate::store::log::log_dir(dir).display()
        )
    })?;
    let coders: Vec<(String, StoreData, BTreeSet<String>)> =
        crate::store::log::fold_by_coder(tails.entries)
            .into_iter()
            .filter(|(_, work)| !work.touched.is_empty())
            .map(|(name, work)| (name, work.store, work.touched))
            .collect();
    if coders.len() < 2 {
        return Err(format!(
            "agreement needs at least two coders' logs in {}; found {}",
            crate::store::log::log_dir(dir).display(),
            coders.len()
        ));
    }
    let mut report = agreement(&coders);
    report.mark_settled(folded);
    Ok(report)
}

/// The articles a store has a record or passages for.
pub fn touched(store: &StoreData) -> BTreeSet<String> {
    store
        .articles
        .keys()
        .chain(store.passages.keys())
        .cloned()
        .collect()
}

/// Agreement between coders, each given as the store their work alone folds to and the
/// articles they touched (see [`touched`] for a store without its log).
///
/// Built for 100k articles: each coder's items per unit are looked up once into a flat list of
/// item numbers, and each item's coefficients are then counted from those lists (κ from the 2×2
/// table, α from the binary coincidences) without a vector per unit.
pub fn agreement(coders: &[(String, StoreData, BTreeSet<String>)]) -> Report {
    // The articles every coder touched, in id order (a merge of sorted sets, no lookups).
    let mut units: Vec<&String> = coders
        .first()
        .map(|(_, _, first)| first.iter().collect())
        .unwrap_or_default();
    for (_, _, mine) in coders.iter().skip(1) {
        let mut theirs = mine.iter().peekable();
        units.retain(|id| {
            while theirs.next_if(|t| t < id).is_some() {}
            theirs.peek() == Some(id)
        });
    }
    // Items: every tag and code any coder used, one spelling each (the first met), sorted.
    // Distinct names first (no allocation per occurrence: 500k tags per coder at 100k).
    // foldhash: the default SipHash was a third of this function at 100k articles.
    let mut names_seen: std::collections::HashSet<(&str, &str), foldhash::fast::RandomState> =
        Default::default();
    for (_, store, _) in coders {
        let tags = store
            .articles
            .values()
            .flat_map(|r| &r.tags)
            .map(|t| ("tag", t));
        let codes = store.passages.values().flatten().map(|p| ("code", &p.code));
        for (kind, name) in tags.chain(codes) {
            names_seen.insert((kind, name.as_str()));
        }
    }
    let mut names_seen: Vec<(&str, &str)> = names_seen.into_iter().collect();
    names_seen.sort_unstable();
    let mut spelling: HashMap<String, String> = HashMap::new();
    for (kind, name) in names_seen {
        let item = format!("{kind}:{name}");
        spelling.entry(item.to_lowercase()).or_insert(item);
    }
    let mut items: Vec<String> = spelling.values().cloned().collect();
    items.sort_by_key(|i| i.to_lowercase());
    let number: HashMap<String, u32, foldhash::fast::RandomState> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.to_lowercase(), i as u32))
        .collect();
    // For each coder and unit, the numbers of the items they applied there: one flat list,
    // `spans[c * units + u]` its range. Units and each coder's records are both in id order,
    // so they are walked side by side rather than looked up.
    let mut applied: Vec<u32> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(units.len() * coders.len());
    let mut key = String::new();
    for (_, store, _) in coders {
        let mut records = store.articles.iter().peekable();
        let mut coded = store.passages.iter().peekable();
        for article in &units {
            while records.next_if(|(id, _)| id < article).is_some() {}
            while coded.next_if(|(id, _)| id < article).is_some() {}
            let tags: &[String] = match records.peek() {
                Some((id, r)) if id == article => &r.tags,
                _ => &[],
            };
            let passages: &[crate::store::Passage] = match coded.peek() {
                Some((id, p)) if id == article => p,
                _ => &[],
            };
            let start = applied.len();
            let tags = tags.iter().map(|t| ("tag:", t));
            let codes = passages.iter().map(|p| ("code:", &p.code));
            for (kind, name) in tags.chain(codes) {
                key.clear();
                key.push_str(kind);
                key.extend(name.chars().flat_map(char::to_lowercase));
                if let Some(&n) = number.get(key.as_str()) {
                    if !applied[start..].contains(&n) {
                        applied.push(n);
                    }
                }
            }
            spans.push((start, applied.len()));
        }
    }
    let names: Vec<String> = coders.iter().map(|(name, _, _)| name.clone()).collect();
    let mut report = Report {
        coders: names.clone(),
        items: BTreeMap::new(),
        disagreements: Vec::new(),
    };
    let m = coders.len();
    // Each item on its own (in parallel: the items are independent), then gathered in order.
    use rayon::prelude::*;
    let measured: Vec<(ItemAgreement, Vec<Disagreement>)> = items
        .par_iter()
        .enumerate()
        .map(|(n, item)| {
            let n = n as u32;
            let mut values = vec![false; m];
            let mut disagreements = Vec::new();
            let mut agreeing = 0usize;
            // κ's 2×2 table (two coders): [first][second], and α's binary coincidences.
            let mut table = [[0f64; 2]; 2];
            let (mut o_tt, mut o_ff, mut o_tf, mut pairable) = (0f64, 0f64, 0f64, 0f64);
            for (u, article) in units.iter().enumerate() {
                for (c, value) in values.iter_mut().enumerate() {
                    let (from, to) = spans[c * units.len() + u];
                    *value = applied[from..to].contains(&n);
                }
                let yes = values.iter().filter(|v| **v).count();
                if yes == 0 || yes == m {
                    agreeing += 1;
                } else {
                    disagreements.push(Disagreement {
                        article: (*article).clone(),
                        item: item.clone(),
                        coders: names.iter().cloned().zip(values.iter().copied()).collect(),
                        settled: None,
                    });
                }
                if m == 2 {
                    table[usize::from(values[0])][usize::from(values[1])] += 1.0;
                }
                if m >= 2 {
                    let (k, no, w) = (yes as f64, (m - yes) as f64, 1.0 / (m as f64 - 1.0));
                    o_tt += k * (k - 1.0) * w;
                    o_ff += no * (no - 1.0) * w;
                    o_tf += k * no * w;
                    pairable += m as f64;
                }
            }
            let agreement = ItemAgreement {
                units: units.len(),
                agreement: if units.is_empty() {
                    0.0
                } else {
                    agreeing as f64 / units.len() as f64
                },
                kappa: (m == 2).then(|| kappa_from_table(&table)).flatten(),
                alpha: alpha_from_coincidences(o_tt, o_ff, o_tf, pairable),
                span: item.strip_prefix("code:").map(|code| {
                    let here: Vec<Vec<(&[String], &[crate::store::Passage])>> = units
                        .iter()
                        .map(|article| {
                            coders
                                .iter()
                                .map(|(_, store, _)| {
                                    (store.tags_of(article), store.passages_of(article))
                                })
                                .collect()
                        })
                        .collect();
                    span_agreement(&here, code)
                }),
            };
            (agreement, disagreements)
        })
        .collect();
    for (item, (agreement, disagreements)) in items.into_iter().zip(measured) {
        report.items.insert(item, agreement);
        report.disagreements.extend(disagreements);
    }
    report
}

/// Cohen's κ from a 2×2 table of counts (`table[first][second]`).
fn kappa_from_table(table: &[[f64; 2]; 2]) -> Option<f64> {
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
fn alpha_from_coincidences(o_tt: f64, o_ff: f64, o_tf: f64, pairable: f64) -> Option<f64> {
    let (n_t, n_f) = (o_tt + o_tf, o_ff + o_tf);
    let n = n_t + n_f;
    if n <= 1.0 || pairable <= 1.0 || n_t * n_f == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * o_tf / (n_t * n_f))
}

/// Runs of characters anyone coded in one article, each with every coder's value for `code`:
/// (length, values).
fn coded_runs(coders: &[&[crate::store::Passage]], code: &str) -> Vec<(usize, Vec<bool>)> {
    let mut bounds: Vec<usize> = coders
        .iter()
        .flat_map(|ps| ps.iter().flat_map(|p| [p.start, p.end]))
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let covered = |ps: &[crate::store::Passage], from: usize, to: usize, code: Option<&str>| {
        ps.iter()
            .any(|p| p.start <= from && to <= p.end && code.is_none_or(|c| same_tag(&p.code, c)))
    };
    bounds
        .windows(2)
        .filter(|w| coders.iter().any(|ps| covered(ps, w[0], w[1], None)))
        .map(|w| {
            let values = coders
                .iter()
                .map(|ps| covered(ps, w[0], w[1], Some(code)))
                .collect();
            (w[1] - w[0], values)
        })
        .collect()
}

fn span_agreement(
    applied_here: &[Vec<(&[String], &[crate::store::Passage])>],
    code: &str,
) -> SpanAgreement {
    let runs: Vec<(usize, Vec<bool>)> = applied_here
        .iter()
        .flat_map(|unit| {
            let passages: Vec<&[crate::store::Passage]> = unit.iter().map(|(_, p)| *p).collect();
            coded_runs(&passages, code)
        })
        .collect();
    let characters: usize = runs.iter().map(|(n, _)| n).sum();
    let agreeing: usize = runs
        .iter()
        .filter(|(_, v)| v.windows(2).all(|w| w[0] == w[1]))
        .map(|(n, _)| n)
        .sum();
    let as_units: Vec<Vec<Option<bool>>> = runs
        .iter()
        .map(|(_, v)| v.iter().copied().map(Some).collect())
        .collect();
    let weighted: Vec<(&[Option<bool>], f64)> = as_units
        .iter()
        .zip(&runs)
        .map(|(u, (n, _))| (u.as_slice(), *n as f64))
        .collect();
    let kappa = runs
        .first()
        .is_some_and(|(_, v)| v.len() == 2)
        .then(|| {
            let pairs: Vec<(&bool, &bool, f64)> = runs
                .iter()
                .map(|(n, v)| (&v[0], &v[1], *n as f64))
                .collect();
            cohen_kappa_weighted(&pairs)
        })
        .flatten();
    SpanAgreement {
        characters,
        agreement: if characters == 0 {
            0.0
        } else {
            agreeing as f64 / characters as f64
        },
        kappa,
        alpha: alpha_nominal_weighted(&weighted),
    }
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
    fn tags_are_compared_on_the_articles_both_coders_touched() {
        let hint = crate::store::ArticleHint::default();
        let mut ana = StoreData::default();
        let mut ben = StoreData::default();
        for id in ["a", "b", "c", "d"] {
            ana.set_read(id, &hint, true);
            ben.set_read(id, &hint, true);
        }
        ana.set_tag("a", &hint, "Krim", true);
        ben.set_tag("a", &hint, "krim", true);
        ana.set_tag("b", &hint, "Krim", true);
        ben.set_tag("e", &hint, "Krim", true); // only ben touched e: not a unit
        let (ta, tb) = (touched(&ana), touched(&ben));
        let report = agreement(&[("ana".into(), ana, ta), ("ben".into(), ben, tb)]);
        let krim = &report.items["tag:Krim"];
        assert_eq!(krim.units, 4);
        assert_eq!(krim.agreement, 0.75);
        assert_eq!(report.disagreements.len(), 1);
        assert_eq!(report.disagreements[0].article, "b");
        assert!(report.disagreements[0].coders["ana"]);
        assert!(!report.disagreements[0].coders["ben"]);
        assert!(krim.kappa.is_some() && krim.alpha.is_some());
    }

    #[test]
    fn codes_agree_on_characters_where_passages_overlap() {
        use crate::store::check_span;
        let text = "Die Stadt baut eine Brücke. „Wir bauen für alle“, sagte Åsa Berg.";
        let code = |store: &mut StoreData, (s, e): (usize, usize), code: &str, coder: &str| {
            let selector = check_span(text, s, e).expect("a span");
            store.code_passage("a", (s, e), code, &selector, "", coder);
        };
        let mut ana = StoreData::default();
        let mut ben = StoreData::default();
        // Both code the quote Zitat, ben a few characters longer; ana codes the first sentence
        // Bau, ben does not.
        code(&mut ana, (28, 49), "Zitat", "ana");
        code(&mut ben, (28, 55), "Zitat", "ben");
        code(&mut ana, (0, 27), "Bau", "ana");
        code(&mut ben, (0, 27), "Anderes", "ben");
        let (ta, tb) = (touched(&ana), touched(&ben));
        let report = agreement(&[("ana".into(), ana, ta), ("ben".into(), ben, tb)]);
        let zitat = report.items["code:Zitat"]
            .span
            .clone()
            .expect("a span agreement");
        // Coded by anyone: 0–27 and 28–55, 54 characters; Zitat agrees on 0–27 (neither) and
        // 28–49 (both), 48 of them.
        assert_eq!(zitat.characters, 54);
        assert_eq!(
            round3(Some(zitat.agreement)),
            Some(round3(Some(48.0 / 54.0)).unwrap())
        );
        // κ by hand: yes/yes 21, no/yes 6, no/no 27 → p_o = 48/54, p_e = (21/54)(27/54) + (33/54)(27/54).
        let p_o = 48.0 / 54.0;
        let p_e = (21.0 / 54.0) * (27.0 / 54.0) + (33.0 / 54.0) * (27.0 / 54.0);
        assert_eq!(round3(zitat.kappa), round3(Some((p_o - p_e) / (1.0 - p_e))));
        // α equals α over the same characters one by one.
        let one_by_one: Vec<Vec<Option<bool>>> = (0..54)
            .map(|i| {
                let ben = true;
                let ana = i < 21;
                let in_quote = i < 27;
                if in_quote {
                    vec![Some(ana), Some(ben)]
                } else {
                    vec![Some(false), Some(false)]
                }
            })
            .collect();
        assert_eq!(round3(zitat.alpha), round3(alpha_nominal(&one_by_one)));
        let bau = report.items["code:Bau"]
            .span
            .clone()
            .expect("a span agreement");
        assert_eq!(bau.agreement, 27.0 / 54.0);
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
