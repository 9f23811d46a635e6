//! Tags, notes and read state that must never lose a word (DESIGN.md §4, §7): an append-only
//! log of operations per coder (`log`, `op`), folded into the state (`data`), with
//! `store.json` as the snapshot other tools read (`open`, `file`).

mod apply;
mod coders;
pub mod correction;
mod data;
mod file;
mod history;
pub mod log;
mod migrate;
pub mod op;
mod open;
pub(crate) mod parse;
pub mod passage;
mod recode;
pub mod sketch;
mod tags;

pub use coders::Adjudication;
pub use correction::{Correction, Fix};
pub use data::{clean_tag, same_tag, ArticleHint, ArticleRecord, Folded, StoreData, TagRecord};
pub use file::{
    create_private_dir, data_dir, private_file, read_regular_file, read_store, recover,
    to_pretty_json, StoreError, STORE_FILE,
};
pub use history::{history_path, load_history, save_history};
pub use op::{Change, Op};
pub use open::{CaughtUp, StoreFile};
pub use passage::{check_span, CodeRecord, Passage, Selector};
pub use recode::{CodeUsage, PlacedPassage};

use crate::model::Article;

/// The hint a record keeps about its article.
pub fn hint_for(article: &Article) -> ArticleHint {
    ArticleHint {
        path: Some(article.origin.to_string()),
        title: Some(article.title.clone()),
        sketch: Some(sketch::sketch(&article.body)),
    }
}

/// A record moved to a new id because its article's text changed but its path did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reattached {
    pub old_id: String,
    pub new_id: String,
    pub path: String,
}

/// The article a record's origin (`path` or `path:line`, as `Origin` displays it) names,
/// found through an index of the articles' paths made on the first question. Each orphan used
/// to be looked for by formatting every article's origin: with 24 notes on articles no longer
/// in a 100k corpus, `presscut list` took 0.5-0.7 s longer (the reader, at every start).
struct ArticlesByOrigin<'a> {
    articles: &'a [Article],
    by_path: Option<std::collections::HashMap<std::borrow::Cow<'a, str>, Vec<usize>>>,
}

impl<'a> ArticlesByOrigin<'a> {
    fn new(articles: &'a [Article]) -> Self {
        ArticlesByOrigin {
            articles,
            by_path: None,
        }
    }

    fn find(&mut self, origin: &str) -> Option<&'a Article> {
        let articles = self.articles;
        let by_path = self.by_path.get_or_insert_with(|| {
            let mut map: std::collections::HashMap<_, Vec<usize>> =
                std::collections::HashMap::new();
            for (i, a) in articles.iter().enumerate() {
                map.entry(a.origin.path.to_string_lossy())
                    .or_default()
                    .push(i);
            }
            map
        });
        // The whole of it a path, or a path, a colon and the line (paths may hold colons).
        std::iter::once(origin)
            .chain(origin.rsplit_once(':').map(|(path, _)| path))
            .filter_map(|path| by_path.get(path))
            .flatten()
            .map(|&i| &articles[i])
            .find(|a| a.origin.to_string() == origin)
    }
}

/// Re-attaches records whose id is no longer in the corpus to the article now at the same path,
/// when that article is recognisably the one the record was made for (the text was edited):
/// its text matches the record's sketch, or, for records from before sketches, its title is
/// the record's. Returns what moved. Records that match nothing stay, as orphans, reported by
/// `check` — a feed that reused a file name for another story never inherits the old notes.
pub fn reattach(store: &mut StoreData, articles: &[Article]) -> Vec<Reattached> {
    // Which of the store's ids the corpus has: the corpus's ids looked up among the store's
    // (a few hundred), not a set of a million ids made on the reader's thread at every load.
    let recorded: std::collections::HashSet<&str> = store
        .articles
        .keys()
        .chain(store.passages.keys())
        .chain(store.corrections.keys())
        .map(String::as_str)
        .collect();
    if recorded.is_empty() {
        return Vec::new();
    }
    let mut known: std::collections::HashSet<&str> = articles
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| recorded.contains(id))
        .collect();
    drop(recorded);
    let mut moved = Vec::new();
    let orphans: Vec<(String, String)> = store
        .articles
        .iter()
        .filter(|(id, _)| !known.contains(id.as_str()))
        .filter_map(|(id, r)| r.path.clone().map(|p| (id.clone(), p)))
        .collect();
    let mut at_path = ArticlesByOrigin::new(articles);
    for (old_id, path) in orphans {
        let Some(article) = at_path.find(&path) else {
            continue;
        };
        let Some(record) = store.articles.get(&old_id) else {
            continue;
        };
        let same_story = match record.sketch.as_deref() {
            Some(old) => sketch::similarity(old, &sketch::sketch(&article.body))
                .is_some_and(|s| s >= sketch::SAME_ARTICLE),
            None => record
                .title
                .as_deref()
                .is_some_and(|t| t.trim().to_lowercase() == article.title.trim().to_lowercase()),
        };
        if !same_story {
            continue;
        }
        let new_id = article.id.as_str();
        if store.articles.contains_key(new_id) {
            continue; // the new text already has its own record: keep both, report as orphan
        }
        store.move_record(&old_id, new_id, &hint_for(article));
        known.insert(new_id); // its passages and corrections moved with it
        moved.push(Reattached {
            old_id,
            new_id: new_id.to_string(),
            path,
        });
    }
    // Coded passages and corrections of an article whose text changed follow it when most of
    // their words are still in the article now at the same path.
    let mut orphan_spans: Vec<(String, String)> = Vec::new();
    for (id, path) in store
        .passages
        .iter()
        .filter_map(|(id, ps)| ps.iter().find_map(|p| p.path.clone()).map(|p| (id, p)))
        .chain(
            store
                .corrections
                .iter()
                .filter_map(|(id, cs)| cs.iter().find_map(|c| c.path.clone()).map(|p| (id, p))),
        )
    {
        if !known.contains(id.as_str()) && !orphan_spans.iter().any(|(o, _)| o == id) {
            orphan_spans.push((id.clone(), path));
        }
    }
    for (old_id, path) in orphan_spans {
        let Some(article) = at_path.find(&path) else {
            continue;
        };
        let body = article.body.as_str();
        let passages = store.passages_of(&old_id);
        let corrections = store.corrections_of(&old_id);
        let found = passages.iter().filter(|p| p.anchor(body).is_some()).count()
            + corrections
                .iter()
                .filter(|c| c.anchor(body).is_some())
                .count();
        let total = passages.len() + corrections.len();
        let new_id = article.id.as_str();
        let taken = store.passages.contains_key(new_id) || store.corrections.contains_key(new_id);
        if found == 0 || found * 2 < total || taken {
            continue;
        }
        store.move_record(&old_id, new_id, &hint_for(article));
        moved.push(Reattached {
            old_id,
            new_id: new_id.to_string(),
            path,
        });
    }
    moved
}

/// Ids in the store that no article of the corpus has.
pub fn orphans<'a>(
    store: &'a StoreData,
    articles: &[Article],
) -> Vec<(&'a String, &'a ArticleRecord)> {
    let known: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    store
        .articles
        .iter()
        .filter(|(id, _)| !known.contains(id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests;
