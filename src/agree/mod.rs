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
//!
//! The coefficients themselves are `coefficients.rs`.

mod coefficients;

use coefficients::{alpha_from_coincidences, kappa_from_table};
pub use coefficients::{alpha_nominal, alpha_nominal_weighted, cohen_kappa, cohen_kappa_weighted};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::store::{same_tag, StoreData};

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
    let coders = layers(tails.entries);
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

/// A coder's name, the store their operations alone fold to, and the articles they touched.
pub type Layer = (String, StoreData, BTreeSet<String>);

/// Each coder's layer from log entries. An adjudicator who only settled disagreements coded
/// nothing and is not a coder to compare.
pub fn layers(entries: Vec<crate::store::log::Entry>) -> Vec<Layer> {
    crate::store::log::fold_by_coder(entries)
        .into_iter()
        .filter(|(_, work)| !work.touched.is_empty())
        .map(|(name, work)| (name, work.store, work.touched))
        .collect()
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
pub fn agreement(coders: &[Layer]) -> Report {
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
    // Each coder's passages per unit, for the codes' character agreement: gathered once, not
    // once per code.
    let has_codes = items.iter().any(|i| i.starts_with("code:"));
    let here: Vec<Vec<(&[String], &[crate::store::Passage])>> = if has_codes {
        units
            .iter()
            .map(|article| {
                coders
                    .iter()
                    .map(|(_, store, _)| (store.tags_of(article), store.passages_of(article)))
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
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
                span: item
                    .strip_prefix("code:")
                    .map(|code| span_agreement(&here, code)),
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
}
