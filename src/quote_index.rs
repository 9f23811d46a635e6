//! Who said what across the corpus: every quote with a speaker, by speaker — the journalist's
//! first question of an archive ("what has X said, and when"). Built in the same pass as the
//! entity index (one analysis per article, corrections included), so it costs nothing extra
//! to analyse.
//!
//! One person is one speaker: names are compared case- and space-folded with straight
//! apostrophes, and a one-word speaker ("Zakharova") joins the one fuller name in the corpus
//! that ends with it ("Maria Zakharova"); when several fuller names do, it stays on its own,
//! as in the entity panel — a wrong merge would put words in someone's mouth.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::model::Article;

/// One quote credited to a speaker.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuoteRow {
    /// Corpus index of the article.
    pub article: usize,
    /// Byte range of the quote in the article's body.
    pub range: Range<usize>,
    /// Index into [`QuoteIndex::speakers`].
    pub speaker: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Speaker {
    /// The fullest spelling met.
    pub name: String,
    pub quotes: usize,
    pub articles: usize,
    pub outlets: usize,
    /// Quotes per year of their articles' dates (undated ones left out): the sparkline.
    pub by_year: std::collections::BTreeMap<i32, usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuoteIndex {
    /// Ranked: most quotes first, then by name.
    pub speakers: Vec<Speaker>,
    pub quotes: Vec<QuoteRow>,
    /// Every quote of every article, with a speaker or not, by article: what `quote:` searches.
    pub spans: Vec<(usize, Range<usize>)>,
}

/// Where a quote is: the article's corpus index and the byte range in its body.
type Place = (usize, Range<usize>);

/// Gathers quotes article by article; [`QuoteBuilder::finish`] merges names and ranks.
#[derive(Default)]
pub struct QuoteBuilder {
    /// Folded name → (spelling, quotes as (article, range)).
    by_name: HashMap<String, (String, Vec<Place>)>,
    spans: Vec<Place>,
}

/// A name as speakers are compared (here and by `said:`): lower case, whitespace folded,
/// straight apostrophes (`O’Malley` is found by `said:o'malley`).
pub fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
}

impl QuoteBuilder {
    /// Records the speech quotes of article `index` that have a speaker.
    pub fn add(&mut self, index: usize, analysis: &Analysis) {
        self.add_quotes(
            index,
            analysis.quotes.iter().map(crate::digest::QuoteFact::of),
        );
    }

    /// [`QuoteBuilder::add`] from an article's digest.
    pub fn add_digest(&mut self, index: usize, digest: &crate::digest::ArticleDigest) {
        self.add_quotes(index, digest.quotes.iter().cloned());
    }

    fn add_quotes(&mut self, index: usize, quotes: impl Iterator<Item = crate::digest::QuoteFact>) {
        for q in quotes {
            self.spans.push((index, q.range.clone()));
            let Some(speaker) = q.speaker.filter(|_| q.speech) else {
                continue;
            };
            let entry = self
                .by_name
                .entry(fold(&speaker))
                .or_insert_with(|| (speaker.clone(), Vec::new()));
            entry.1.push((index, q.range));
        }
    }

    /// Merges one-word names into their one fuller name and ranks the speakers.
    pub fn finish(mut self, articles: &[Article]) -> QuoteIndex {
        let fuller: Vec<String> = self
            .by_name
            .keys()
            .filter(|k| k.contains(' '))
            .cloned()
            .collect();
        let short: Vec<String> = self
            .by_name
            .keys()
            .filter(|k| !k.contains(' '))
            .cloned()
            .collect();
        for name in short {
            let mut homes = fuller
                .iter()
                .filter(|f| f.rsplit(' ').next() == Some(name.as_str()));
            if let (Some(home), None) = (homes.next(), homes.next()) {
                if let Some((_, quotes)) = self.by_name.remove(&name) {
                    if let Some(entry) = self.by_name.get_mut(home) {
                        entry.1.extend(quotes);
                    }
                }
            }
        }
        let mut speakers: Vec<(String, Vec<Place>)> = self.by_name.into_values().collect();
        speakers.sort_by(|a, b| {
            b.1.len()
                .cmp(&a.1.len())
                .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
        });
        let mut index = QuoteIndex {
            spans: std::mem::take(&mut self.spans),
            ..QuoteIndex::default()
        };
        index.spans.sort_by_key(|(a, r)| (*a, r.start));
        for (i, (name, mut quotes)) in speakers.into_iter().enumerate() {
            quotes.sort_by_key(|(a, r)| (*a, r.start));
            quotes.dedup();
            let mut in_articles: Vec<usize> = quotes.iter().map(|(a, _)| *a).collect();
            in_articles.dedup();
            let mut outlets: Vec<&str> = in_articles
                .iter()
                .filter_map(|&a| articles.get(a).and_then(|x| x.outlet.as_deref()))
                .collect();
            outlets.sort_unstable();
            outlets.dedup();
            let mut by_year = std::collections::BTreeMap::new();
            for (a, _) in &quotes {
                let year = articles
                    .get(*a)
                    .and_then(|x| x.date.as_deref())
                    .and_then(|d| d.get(..4)?.parse::<i32>().ok());
                if let Some(year) = year {
                    *by_year.entry(year).or_default() += 1;
                }
            }
            index.speakers.push(Speaker {
                name,
                quotes: quotes.len(),
                articles: in_articles.len(),
                outlets: outlets.len(),
                by_year,
            });
            index
                .quotes
                .extend(quotes.into_iter().map(|(article, range)| QuoteRow {
                    article,
                    range,
                    speaker: i,
                }));
        }
        index
    }
}

impl QuoteIndex {
    /// Checks that an index read from a cache fits `articles`: every quote a slice of its
    /// article's body, every speaker one that exists.
    pub fn check(&self, articles: &[Article]) -> Result<(), String> {
        let fits = |a: usize, r: &Range<usize>| {
            articles.get(a).is_some_and(|x| {
                r.start <= r.end
                    && x.body.is_char_boundary(r.start)
                    && x.body.is_char_boundary(r.end)
            })
        };
        if !self.spans.iter().all(|(a, r)| fits(*a, r)) {
            return Err("a quote outside its article".into());
        }
        let speakers = self.speakers.len();
        if !self
            .quotes
            .iter()
            .all(|q| q.speaker < speakers && fits(q.article, &q.range))
        {
            return Err("a quote of a speaker or article that does not exist".into());
        }
        Ok(())
    }

    /// The years the quotes span, first and last.
    pub fn years(&self) -> Option<(i32, i32)> {
        let first = self
            .speakers
            .iter()
            .filter_map(|s| s.by_year.keys().next())
            .min()?;
        let last = self
            .speakers
            .iter()
            .filter_map(|s| s.by_year.keys().last())
            .max()?;
        Some((*first, *last))
    }

    /// Whether a quote of article `article` (its `body`) holds a word starting with `word`
    /// (folded as the search line folds words).
    pub fn quotes_word(&self, article: usize, body: &str, word: &str) -> bool {
        let wanted = crate::search::fold(word);
        let from = self.spans.partition_point(|(a, _)| *a < article);
        self.spans[from..]
            .iter()
            .take_while(|(a, _)| *a == article)
            .filter_map(|(_, r)| body.get(r.clone()))
            .any(|quote| {
                crate::search::words(quote)
                    .any(|(_, w)| crate::search::fold(w).starts_with(wanted.as_ref()))
            })
    }

    /// The speaker whose folded name is `name`'s, or else the only one holding all its words.
    pub fn find(&self, name: &str) -> Option<usize> {
        let wanted = fold(name);
        if let Some(i) = self.speakers.iter().position(|s| fold(&s.name) == wanted) {
            return Some(i);
        }
        let words: Vec<&str> = wanted.split(' ').filter(|w| !w.is_empty()).collect();
        let mut matching = self.speakers.iter().enumerate().filter(|(_, s)| {
            let folded = fold(&s.name);
            let have: Vec<&str> = folded.split(' ').collect();
            words.iter().all(|w| have.contains(w))
        });
        match (matching.next(), matching.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// A speaker's quotes, newest article first (undated last), in text order within one.
    pub fn quotes_of<'a>(&'a self, speaker: usize, articles: &[Article]) -> Vec<&'a QuoteRow> {
        self.quote_ids_of(speaker, articles)
            .into_iter()
            .map(|i| &self.quotes[i])
            .collect()
    }

    /// The same as indices into [`QuoteIndex::quotes`].
    pub fn quote_ids_of(&self, speaker: usize, articles: &[Article]) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.quotes.len())
            .filter(|&i| self.quotes[i].speaker == speaker)
            .collect();
        let date = |i: usize| {
            articles
                .get(self.quotes[i].article)
                .and_then(|a| a.date.as_deref())
                .unwrap_or("")
        };
        ids.sort_by(|&a, &b| {
            let (qa, qb) = (&self.quotes[a], &self.quotes[b]);
            date(b)
                .cmp(date(a))
                .then(qa.article.cmp(&qb.article))
                .then(qa.range.start.cmp(&qb.range.start))
        });
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, LoadOptions, Source};

    fn corpus(texts: &[(&str, &str)]) -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().expect("a temp dir");
        for (name, text) in texts {
            std::fs::write(dir.path().join(name), text).expect("written");
        }
        let corpus = Corpus::load(&[Source::Path(dir.path().into())], &LoadOptions::default());
        (dir, corpus)
    }

    #[test]
    fn speakers_are_ranked_and_a_surname_joins_its_one_full_name() {
        let (_dir, corpus) = corpus(&[
            (
                "a.md",
                "---\ndate: 2025-01-02\nsource: Wire\n---\n# Talks\n\n\"We will talk,\" said Maria Zakharova. \"Not today,\" Zakharova added.\n",
            ),
            (
                "b.md",
                "---\ndate: 2025-03-04\nsource: Daily\n---\n# More talks\n\n\"Tomorrow, then,\" said Zakharova. \"I agree,\" said Jan Novák.\n",
            ),
        ]);
        let articles = &corpus.articles;
        let mut builder = QuoteBuilder::default();
        for (i, a) in articles.iter().enumerate() {
            builder.add(i, &crate::analysis::analyze(&a.body));
        }
        let index = builder.finish(articles);
        let first = &index.speakers[0];
        assert_eq!(first.name, "Maria Zakharova");
        assert_eq!((first.quotes, first.articles, first.outlets), (3, 2, 2));
        assert_eq!(index.find("zakharova"), Some(0));
        assert_eq!(
            index
                .find("jan novák")
                .map(|i| index.speakers[i].name.as_str()),
            Some("Jan Novák")
        );
        // Newest first.
        let quotes = index.quotes_of(0, articles);
        let dates: Vec<_> = quotes
            .iter()
            .map(|q| articles[q.article].date.clone().unwrap_or_default())
            .collect();
        assert_eq!(dates, ["2025-03-04", "2025-01-02", "2025-01-02"]);
        assert_eq!(
            &articles[quotes[0].article].body[quotes[0].range.clone()],
            "\"Tomorrow, then,\""
        );
    }
}
