//! Which articles mention which entity, across the whole corpus: the data behind "show me every
//! article that names Maria Zakharova". Built off the input path (it analyses every article),
//! in chunks so progress can be shown.
//!
//! One person is one row: within an article, "Clinton" and "Hillary" are the "Hillary Clinton"
//! the article names in full, where that full name is the only one they can be (an article
//! naming Bill and Hillary Clinton leaves a bare "Clinton" alone). Rows and the index use the
//! fullest name; the other forms are kept as its aliases.

mod lists;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::analysis::{Analysis, Label};
use lists::NameLists;

/// An entity as the index knows it: its label and its name as written (whitespace folded).
/// Names compare case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKey {
    pub label: Label,
    pub name: String,
}

impl EntityKey {
    pub fn new(label: Label, text: &str) -> EntityKey {
        EntityKey {
            label,
            name: text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    fn folded(&self) -> (Label, String) {
        (self.label, self.name.to_lowercase())
    }
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct EntityIndex {
    /// (label, lower-cased name) → corpus indices of the articles mentioning it, ascending.
    mentions: NameLists,
    /// (label, lower-cased fullest name) → the other forms articles used for it.
    aliases: FastMap<(Label, String), BTreeSet<String>>,
    /// Lower-cased speaker name (whitespace folded) → the articles quoting them, ascending.
    speakers: FastMap<String, Vec<usize>>,
}

/// A million name lookups per 20k articles: foldhash, not SipHash (names are not attacker-chosen
/// keys of a server; a crafted corpus can only slow its own indexing).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The speakers of an article's quotes (not the guessed ones: see `digest::QuoteFact`),
/// lower-cased and whitespace folded, each once.
fn speakers_of(analysis: &Analysis) -> BTreeSet<String> {
    analysis
        .quotes
        .iter()
        .filter_map(|q| crate::digest::QuoteFact::of(q).speaker)
        .map(|s| crate::quote_index::fold(&s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The articles of every name (already folded) holding each word of `wanted` (folded the same
/// way) as a whole word, ascending and each once.
fn articles_with_words<'a, Docs: IntoIterator<Item = usize>>(
    names: impl Iterator<Item = (&'a str, Docs)>,
    wanted: &str,
) -> Vec<usize> {
    let wanted: Vec<&str> = wanted.split_whitespace().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<usize> = names
        .filter(|(name, _)| {
            let words: Vec<&str> = name.split_whitespace().collect();
            wanted.iter().all(|w| words.contains(w))
        })
        .flat_map(|(_, docs)| docs)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Adds `index` to a sorted list of article indices (once).
fn insert_sorted(list: &mut Vec<usize>, index: usize) {
    if let Err(at) = list.binary_search(&index) {
        list.insert(at, index);
    }
}

/// The name each entity of an article is listed under, in entity order: a person's fullest
/// unambiguous form in this article ("Clinton" → "Hillary Clinton"), otherwise the text itself
/// (whitespace folded).
pub fn canonical_names(body: &str, analysis: &Analysis) -> Vec<EntityKey> {
    let keys: Vec<EntityKey> = analysis
        .entities
        .iter()
        .map(|e| EntityKey::new(e.label, body.get(e.range.clone()).unwrap_or("")))
        .collect();
    // The article's multi-word person names, distinct (case folded), as lower-cased words,
    // and for each word the names holding it.
    let mut full: Vec<(&str, Vec<String>)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for k in keys
        .iter()
        .filter(|k| k.label == Label::Person && k.name.contains(' '))
    {
        if seen.insert(k.name.to_lowercase()) {
            full.push((
                k.name.as_str(),
                k.name.split(' ').map(str::to_lowercase).collect(),
            ));
        }
    }
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, words)) in full.iter().enumerate() {
        for w in words {
            by_word.entry(w.as_str()).or_default().push(i);
        }
    }
    keys.iter()
        .map(|k| {
            if k.label != Label::Person {
                return k.clone();
            }
            let words: Vec<String> = k.name.split(' ').map(str::to_lowercase).collect();
            let Some(holders) = words.first().and_then(|w| by_word.get(w.as_str())) else {
                return k.clone();
            };
            // A name many people share in one article is ambiguous anyway; the bound keeps a
            // hostile article linear.
            if holders.len() > 32 {
                return k.clone();
            }
            let fuller: Vec<&(&str, Vec<String>)> = holders
                .iter()
                .map(|&i| &full[i])
                .filter(|(_, have)| have.len() > words.len())
                .filter(|(_, have)| words.iter().all(|w| have.contains(w)))
                .collect();
            // The longest fuller name, if only one has that length.
            let longest = fuller.iter().map(|f| f.1.len()).max();
            let mut top = fuller.iter().filter(|f| Some(f.1.len()) == longest);
            match (top.next(), top.next()) {
                (Some(one), None) => EntityKey::new(Label::Person, one.0),
                _ => k.clone(),
            }
        })
        .collect()
}

impl EntityIndex {
    /// Fits an index read from a cache to a corpus of `articles` articles: the speakers' lists
    /// are checked (ascending, of articles that exist) and the names' lists will end before an
    /// article that does not exist or one out of order — checked as they are read, since reading
    /// all 58 million of a million articles at every start took half a second.
    pub fn fit(&mut self, articles: usize) -> Result<(), String> {
        let fits = |list: &[usize]| {
            list.windows(2).all(|w| w[0] < w[1]) && list.last().is_none_or(|&l| l < articles)
        };
        self.mentions.bound(articles);
        if self.speakers.values().all(|list| fits(list)) {
            Ok(())
        } else {
            Err("an entity in articles that do not exist".into())
        }
    }

    /// Records the entities of article `index` (its analysis of `body`), each under its
    /// canonical name (see [`canonical_names`]).
    pub fn add(&mut self, index: usize, body: &str, analysis: &Analysis) {
        self.add_digest(index, &crate::digest::ArticleDigest::of(body, analysis));
    }

    /// Records article `index` from its digest (the same as [`EntityIndex::add`] of the
    /// analysis it was made from). Articles are added in ascending order.
    pub fn add_digest(&mut self, index: usize, digest: &crate::digest::ArticleDigest) {
        for mention in &digest.mentions {
            let key = (mention.label, mention.name.to_lowercase());
            if let Some(alias) = &mention.alias {
                self.aliases
                    .entry(key.clone())
                    .or_default()
                    .insert(alias.clone());
            }
            self.mentions.push(key, index);
        }
        let speakers: BTreeSet<String> = digest
            .quotes
            .iter()
            .filter_map(|q| q.speaker.as_deref())
            .map(crate::quote_index::fold)
            .filter(|s| !s.is_empty())
            .collect();
        for speaker in speakers {
            insert_sorted(self.speakers.entry(speaker).or_default(), index);
        }
    }

    /// The other forms of `key`'s name that articles of the corpus used for it, sorted: for
    /// "Hillary Clinton", `["Clinton", "Hillary"]`.
    pub fn aliases(&self, key: &EntityKey) -> Vec<String> {
        self.aliases
            .get(&key.folded())
            .map(|set| set.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Re-records article `index` after its analysis changed from `old` to `new` (a
    /// correction in the reader): `who:` and the entity filter follow at once.
    pub fn replace(&mut self, index: usize, body: &str, old: &Analysis, new: &Analysis) {
        for name in canonical_names(body, old) {
            self.mentions.remove(&name.folded(), index);
        }
        for name in canonical_names(body, new) {
            self.mentions.insert(name.folded(), index);
        }
        for speaker in speakers_of(old) {
            if let Some(list) = self.speakers.get_mut(&speaker) {
                list.retain(|&i| i != index);
                if list.is_empty() {
                    self.speakers.remove(&speaker);
                }
            }
        }
        for speaker in speakers_of(new) {
            insert_sorted(self.speakers.entry(speaker).or_default(), index);
        }
    }

    /// Articles with a quote credited to a speaker whose name holds every word of `name`
    /// (case ignored, whole words: "zakharova" finds "Maria Zakharova"), ascending.
    pub fn articles_quoting(&self, name: &str) -> Vec<usize> {
        let speakers = self
            .speakers
            .iter()
            .map(|(name, docs)| (name.as_str(), docs.iter().copied()));
        articles_with_words(speakers, &crate::quote_index::fold(name))
    }

    /// Articles naming an entity of any label whose name contains every word of `name`
    /// (case ignored, whole words: "zakharova" finds "Maria Zakharova"), ascending.
    pub fn articles_naming(&self, name: &str) -> Vec<usize> {
        let names = self.mentions.iter().map(|(_, entity, docs)| (entity, docs));
        articles_with_words(names, &name.to_lowercase())
    }

    /// Corpus indices of the articles that mention `key`, ascending.
    pub fn articles_mentioning(&self, key: &EntityKey) -> Vec<usize> {
        self.mentions.get(&key.folded()).collect()
    }
}

/// One row of an article's entity list: the fullest name, how often the article mentions it in
/// any form, and the other forms it used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRow {
    pub key: EntityKey,
    pub count: usize,
    /// Other forms of the name in this article ("Clinton", "Hillary"), sorted.
    pub aliases: Vec<String>,
}

/// The entities of one article grouped by label, one row per person however the article
/// names them, most mentioned first, with their aliases.
pub fn summarize_with_aliases(body: &str, analysis: &Analysis) -> Vec<EntityRow> {
    let names = canonical_names(body, analysis);
    let mut rows: HashMap<(Label, String), (EntityKey, usize, BTreeSet<String>)> = HashMap::new();
    for (entity, name) in analysis.entities.iter().zip(names) {
        let written = EntityKey::new(entity.label, body.get(entity.range.clone()).unwrap_or(""));
        let row = rows
            .entry(name.folded())
            .or_insert_with(|| (name.clone(), 0, BTreeSet::new()));
        row.1 += 1;
        if !written.name.eq_ignore_ascii_case(&row.0.name) {
            row.2.insert(written.name);
        }
    }
    let mut rows: Vec<EntityRow> = rows
        .into_values()
        .map(|(key, count, aliases)| EntityRow {
            key,
            count,
            aliases: aliases.into_iter().collect(),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.key
            .label
            .cmp(&b.key.label)
            .then(b.count.cmp(&a.count))
            .then(a.key.name.cmp(&b.key.name))
    });
    rows
}

/// The entities of one article grouped by label, each with its mention count, most mentioned
/// first: the side panel's content (see [`summarize_with_aliases`] for the aliases).
pub fn summarize(body: &str, analysis: &Analysis) -> Vec<(EntityKey, usize)> {
    summarize_with_aliases(body, analysis)
        .into_iter()
        .map(|r| (r.key, r.count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_counted_per_article_and_names_fold_case_and_spaces() {
        let text = "Maria  Zakharova spoke in Moscow. Later MARIA ZAKHAROVA left Moscow for Kyiv.";
        let analysis = crate::analysis::analyze(text);
        let mut index = EntityIndex::default();
        index.add(3, text, &analysis);
        index.add(3, text, &analysis);
        let moscow = EntityKey::new(Label::Place, "moscow");
        assert_eq!(index.articles_mentioning(&moscow), [3]);
        let rows = summarize(text, &analysis);
        assert!(
            rows.iter().any(|(k, n)| k.name == "Moscow" && *n == 2),
            "{rows:?}"
        );
    }

    #[test]
    fn variants_of_one_person_are_one_row_and_one_index_entry() {
        let text = "Senator Dana Whitfield spoke in Ohio. Whitfield said the plan works, and \
                    Dana smiled. Later Whitfield left.";
        let analysis = crate::analysis::analyze(text);
        let rows = summarize_with_aliases(text, &analysis);
        let person: Vec<&EntityRow> = rows
            .iter()
            .filter(|r| r.key.label == Label::Person)
            .collect();
        assert_eq!(person.len(), 1, "{rows:?}");
        assert_eq!(person[0].key.name, "Dana Whitfield");
        assert_eq!(person[0].count, 4);
        assert_eq!(person[0].aliases, ["Dana", "Whitfield"]);
        let mut index = EntityIndex::default();
        index.add(0, text, &analysis);
        let other = "Reporters met Senator Whitfield on Friday.";
        index.add(1, other, &crate::analysis::analyze(other));
        let key = EntityKey::new(Label::Person, "Dana Whitfield");
        assert_eq!(index.articles_mentioning(&key), [0]);
        assert_eq!(index.aliases(&key), ["Dana", "Whitfield"]);
        // "Whitfield" alone finds both, and at least every article the full name finds.
        assert_eq!(index.articles_naming("whitfield"), [0, 1]);
    }

    #[test]
    fn an_ambiguous_surname_stays_its_own_row() {
        let text = "Walter Brandt and Greta Brandt met. Brandt said no.";
        let analysis = crate::analysis::analyze(text);
        let names = canonical_names(text, &analysis);
        assert!(names.iter().any(|k| k.name == "Brandt"), "{names:?}");
    }

    #[test]
    fn said_finds_articles_by_any_words_of_a_speakers_name_and_follows_a_replace() {
        let text = "“We stay,” said Martin O’Malley. Later Ada Lovelace spoke.";
        let analysis = crate::analysis::analyze(text);
        assert_eq!(
            analysis.quotes[0].speaker.as_deref(),
            Some("Martin O’Malley"),
            "the analyser credits the named speaker"
        );
        let mut index = EntityIndex::default();
        index.add(4, text, &analysis);
        assert_eq!(index.articles_quoting("o'malley"), [4]);
        assert_eq!(index.articles_quoting("MARTIN"), [4]);
        assert!(
            index.articles_quoting("lovelace").is_empty(),
            "named, not quoted"
        );
        let mut corrected = analysis.clone();
        corrected.quotes[0].speaker = Some("Ada Lovelace".into());
        index.replace(4, text, &analysis, &corrected);
        assert!(index.articles_quoting("o’malley").is_empty());
        assert_eq!(index.articles_quoting("ada lovelace"), [4]);
    }
}
