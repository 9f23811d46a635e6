//! What a non-interactive command works on: the loaded corpus, the coder's store, and the
//! derived indexes (from the cache when it has them).

use crate::corpus::Corpus;
use crate::store::{self, StoreData, StoreFile};
use crate::text::sanitize;

pub(crate) struct Session {
    pub corpus: Corpus,
    pub store_file: StoreFile,
    pub store: StoreData,
    /// Where derived data is kept between runs; `None`: `--no-cache`.
    pub cache: Option<crate::cache::Cache>,
}

impl Session {
    /// Writes the command's edits to the coder's log (and the snapshot); warnings to stderr.
    pub fn commit(&mut self) -> Result<(), store::StoreError> {
        let result = self.store_file.commit(&mut self.store);
        for warning in self.store_file.take_warnings() {
            eprintln!("presscut: {}", sanitize(&warning));
        }
        result
    }

    /// The search index: the cache's when it was made from exactly these articles, otherwise
    /// built (and kept for the next run).
    pub fn search_index(&self) -> crate::search::SearchIndex {
        let articles = &self.corpus.articles;
        let Some(cache) = &self.cache else {
            return crate::search::SearchIndex::build(articles, &Default::default());
        };
        match crate::cache::search::load(cache, articles) {
            Ok(index) => return index,
            Err(why) => {
                if let Some(warning) = cache.warning(crate::cache::Kind::Search, &why) {
                    eprintln!("presscut: {}", sanitize(&warning));
                }
            }
        }
        let never = std::sync::atomic::AtomicBool::new(false);
        let built =
            crate::cache::search::build_and_keep(cache, articles, &Default::default(), &never);
        let (index, warning) = built.unwrap_or_default();
        if let Some(why) = warning {
            eprintln!("presscut: {}", sanitize(&why));
        }
        index
    }

    /// The entity and quote indexes and the same-story groups, analysing on every core only
    /// the articles the cache does not hold (and keeping what it analysed for the next run).
    pub fn indexes(&self) -> crate::digest::Indexes {
        let articles = &self.corpus.articles;
        let (indexes, to_keep, mut stats) = crate::cache::indexes::open(
            articles,
            &self.store.corrections,
            self.cache.as_ref(),
            &Default::default(),
        );
        if let (Some(cache), Some(bytes)) = (&self.cache, to_keep) {
            if let Err(why) = crate::cache::indexes::keep(cache, &bytes) {
                stats.warnings.push(why);
            }
        }
        for warning in &stats.warnings {
            eprintln!("presscut: {}", sanitize(warning));
        }
        indexes
    }
}
