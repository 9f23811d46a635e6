//! The settled layer of a team's coding (`export --adjudicated`): where the coders agree, what
//! they agree on; where they differ, what the adjudicator decided; the rest left out and
//! counted. The unit is the article, as in `agree`: an article every coder touched.
//!
//! A tag settled "applies" is put on the article. A code settled "applies" brings the passages
//! with that code of the coder whose version was accepted (or of every coder who applied it,
//! when all agreed or the decision named nobody), each span once.

use std::collections::BTreeSet;

use crate::store::{same_tag, ArticleRecord, Passage, StoreData};

pub use crate::agree::Layer;

/// The settled store, and how many (article, item) disagreements are still undecided.
pub fn settled(coders: &[Layer], folded: &StoreData) -> (StoreData, usize) {
    let mut units: Option<BTreeSet<&String>> = None;
    for (_, _, touched) in coders {
        let mine: BTreeSet<&String> = touched.iter().collect();
        units = Some(match units {
            None => mine,
            Some(u) => u.intersection(&mine).copied().collect(),
        });
    }
    let mut out = StoreData::default();
    out.codes.clone_from(&folded.codes);
    let mut undecided = 0;
    for id in units.unwrap_or_default() {
        let mut items: Vec<String> = Vec::new();
        for (_, store, _) in coders {
            let tags = store.tags_of(id).iter().map(|t| format!("tag:{t}"));
            let codes = store
                .passages_of(id)
                .iter()
                .map(|p| format!("code:{}", p.code));
            for item in tags.chain(codes) {
                if !items.iter().any(|i| same_tag(i, &item)) {
                    items.push(item);
                }
            }
        }
        let mut record = folded
            .record(id)
            .cloned()
            .unwrap_or_else(ArticleRecord::default);
        record.tags.clear();
        let mut passages: Vec<Passage> = Vec::new();
        for item in &items {
            let values: Vec<bool> = coders
                .iter()
                .map(|(_, store, _)| applies(store, id, item))
                .collect();
            let agreed = values.windows(2).all(|w| w[0] == w[1]);
            let decision = folded
                .adjudications
                .get(id)
                .and_then(|d| d.iter().find(|(i, _)| same_tag(i, item)).map(|(_, a)| a));
            let (value, from) = match (agreed, decision) {
                (true, _) => (values[0], None),
                (false, Some(a)) => (a.value, a.from.as_deref()),
                (false, None) => {
                    undecided += 1;
                    continue;
                }
            };
            if !value {
                continue;
            }
            if let Some(tag) = item.strip_prefix("tag:") {
                record.tags.push(tag.to_string());
                continue;
            }
            let code = item.strip_prefix("code:").unwrap_or(item);
            for (name, store, _) in coders {
                if from.is_some_and(|f| f != name) {
                    continue;
                }
                for p in store
                    .passages_of(id)
                    .iter()
                    .filter(|p| same_tag(&p.code, code))
                {
                    let seen = passages
                        .iter()
                        .any(|q| (q.start, q.end) == (p.start, p.end) && same_tag(&q.code, code));
                    if !seen {
                        passages.push(p.clone());
                    }
                }
            }
        }
        if !record.carries_nothing() {
            out.articles.insert(id.clone(), record);
        }
        if !passages.is_empty() {
            passages.sort_by(|a, b| (a.start, a.end, &a.code).cmp(&(b.start, b.end, &b.code)));
            out.passages.insert(id.clone(), passages);
        }
    }
    (out, undecided)
}

fn applies(store: &StoreData, id: &str, item: &str) -> bool {
    match item.strip_prefix("tag:") {
        Some(tag) => store.tags_of(id).iter().any(|t| same_tag(t, tag)),
        None => {
            let code = item.strip_prefix("code:").unwrap_or(item);
            store
                .passages_of(id)
                .iter()
                .any(|p| same_tag(&p.code, code))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{check_span, ArticleHint};

    const TEXT: &str = "Die Stadt baut. „Wir bauen für alle“, sagte Åsa Berg.";

    fn layer(name: &str, tags: &[(&str, &str)], codes: &[(&str, (usize, usize), &str)]) -> Layer {
        let mut store = StoreData::default();
        let hint = ArticleHint::default();
        for id in ["a", "b"] {
            store.set_read(id, &hint, true);
        }
        for (id, tag) in tags {
            store.set_tag(id, &hint, tag, true);
        }
        for (id, span, code) in codes {
            let selector = check_span(TEXT, span.0, span.1).expect("a span");
            store.code_passage(id, *span, code, &selector, "", name);
        }
        let touched = crate::agree::touched(&store);
        (name.to_string(), store, touched)
    }

    #[test]
    fn agreements_stand_decisions_settle_the_rest_and_undecided_ones_are_counted() {
        let ana = layer(
            "ana",
            &[("a", "Krim"), ("a", "Wirtschaft"), ("b", "Krim")],
            &[("a", (16, 36), "Zitat")],
        );
        let ben = layer(
            "ben",
            &[("a", "Krim"), ("b", "Kultur")],
            &[("a", (16, 40), "Zitat")],
        );
        let mut folded = StoreData::default();
        // carla settles "Wirtschaft" on a as ana had it, and Zitat on a as ben had it.
        folded.adjudicate("a", "tag:Wirtschaft", Some(true), Some("ana"), "carla");
        folded.adjudicate("a", "code:Zitat", Some(true), Some("ben"), "carla");
        let (out, undecided) = settled(&[ana, ben], &folded);
        let mut tags_a = out.tags_of("a").to_vec();
        tags_a.sort();
        assert_eq!(tags_a, ["Krim", "Wirtschaft"]);
        // b: both tagged nothing alike (Krim vs Kultur): two undecided items, no tags.
        assert!(out.tags_of("b").is_empty());
        assert_eq!(undecided, 2);
        // The codings agree at article level (both coded Zitat), so both spans stand… unless a
        // decision names one coder; here they agree, so the decision is not needed.
        let spans: Vec<(usize, usize)> = out
            .passages_of("a")
            .iter()
            .map(|p| (p.start, p.end))
            .collect();
        assert_eq!(spans, [(16, 36), (16, 40)]);
    }

    #[test]
    fn a_decision_for_one_coders_code_brings_only_their_passages() {
        let ana = layer(
            "ana",
            &[],
            &[("a", (16, 36), "Zitat"), ("b", (0, 4), "Ort")],
        );
        let ben = layer("ben", &[], &[("a", (16, 40), "Bau")]);
        let mut folded = StoreData::default();
        folded.adjudicate("a", "code:Zitat", Some(true), Some("ana"), "carla");
        folded.adjudicate("a", "code:Bau", Some(false), Some("ana"), "carla");
        let (out, undecided) = settled(&[ana, ben], &folded);
        let codes: Vec<(&str, &str)> = out
            .passages_of("a")
            .iter()
            .map(|p| (p.code.as_str(), p.coder.as_str()))
            .collect();
        assert_eq!(codes, [("Zitat", "ana")]);
        assert_eq!(undecided, 1, "Ort on b is still open");
    }
}
