//! Same-story clusters on real text: every Wikinews article of `../shared/corpus/wikinews` and
//! two republished versions of it made the way wire copy is republished — a paragraph dropped
//! or one added, 5 % of the words changed (a new headline and outlet do not touch the body the
//! clusters are made from). The goal: recall ≥ 95 % and precision ≥ 99 % of pairs.

use std::collections::HashSet;

use presscut::corpus::{Corpus, LoadOptions, Source};

/// A fixed xorshift: the same variants on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `body` with 5 % of its words replaced by words from elsewhere in the corpus.
fn change_words(body: &str, vocabulary: &[&str], rng: &mut Rng) -> String {
    body.split(' ')
        .map(|w| {
            if rng.below(100) < 5 {
                vocabulary[rng.below(vocabulary.len())].to_string()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const ADDED: &str = "This article was republished with permission. Additional reporting was \
    contributed by our regional desk, and an earlier version of this story gave a different \
    time for the announcement, which has since been corrected by the editors.";

#[test]
fn republished_versions_of_real_articles_are_one_story_and_different_stories_are_not() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wikinews");
    let corpus = Corpus::load(&[Source::Path(dir)], &LoadOptions::default());
    let originals: Vec<&str> = corpus.articles.iter().map(|a| a.body.as_str()).collect();
    assert!(
        originals.len() >= 100,
        "the Wikinews sample: {}",
        originals.len()
    );
    let vocabulary: Vec<&str> = originals
        .iter()
        .flat_map(|b| b.split_whitespace())
        .filter(|w| w.len() > 3)
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut texts: Vec<String> = Vec::new();
    let mut story: Vec<usize> = Vec::new();
    for (s, body) in originals.iter().enumerate() {
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        // A paragraph dropped (when there are three or more).
        let dropped: String = if paragraphs.len() >= 3 {
            let gone = rng.below(paragraphs.len());
            paragraphs
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != gone)
                .map(|(_, p)| *p)
                .collect::<Vec<_>>()
                .join("\n\n")
        } else {
            body.to_string()
        };
        let added = format!("{body}\n\n{ADDED}");
        for text in [body.to_string(), dropped, added] {
            let text = if texts.len().is_multiple_of(3) {
                text
            } else {
                change_words(&text, &vocabulary, &mut rng)
            };
            texts.push(text);
            story.push(s);
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let groups = presscut::clusters::clusters(&refs);
    let mut found: HashSet<(usize, usize)> = HashSet::new();
    for g in &groups {
        for (i, &a) in g.iter().enumerate() {
            for &b in &g[i + 1..] {
                found.insert((a, b));
            }
        }
    }
    // Texts too short to compare (under 20 words) are not expected in a group.
    let comparable: Vec<bool> = refs
        .iter()
        .map(|t| presscut::clusters::signature(t).is_some())
        .collect();
    let mut truth = 0;
    let mut hit = 0;
    for a in 0..texts.len() {
        for b in a + 1..texts.len() {
            if story[a] == story[b] && comparable[a] && comparable[b] {
                truth += 1;
                hit += usize::from(found.contains(&(a, b)));
            }
        }
    }
    let correct = found.iter().filter(|(a, b)| story[*a] == story[*b]).count();
    let recall = hit as f64 / truth as f64;
    let precision = correct as f64 / found.len().max(1) as f64;
    eprintln!(
        "{} texts, {truth} same-story pairs: recall {:.3}, precision {:.3} ({} pairs found)",
        texts.len(),
        recall,
        precision,
        found.len()
    );
    assert!(recall >= 0.95, "recall {recall:.3}");
    assert!(precision >= 0.99, "precision {precision:.3}");
}
