//! Builds the corpus-wide entity index on a background thread, in chunks, reporting progress, so
//! the list and the reader are usable from the first frame whatever the corpus size.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

use crate::entity_index::EntityIndex;
use crate::model::Article;
use crate::store::Correction;

/// Articles analysed between two progress reports.
const CHUNK: usize = 64;

pub enum IndexMessage {
    Progress(usize),
    /// The entity index, the quote index, and the same-story groups.
    Done(Box<(EntityIndex, crate::quote_index::QuoteIndex, Vec<Vec<usize>>)>),
}

/// Starts indexing; the receiver yields progress, then the finished index.
/// `corrections`: the store's corrections by article id when indexing starts (one made later
/// reaches the index through the app, see `App::analysis_of`).
pub fn start(
    articles: Arc<Vec<Article>>,
    corrections: BTreeMap<String, Vec<Correction>>,
) -> Receiver<IndexMessage> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("presscut-indexer".into())
        .spawn(move || {
            let mut index = EntityIndex::default();
            // Who said what, from the same analyses: no article is analysed twice.
            let mut quotes = crate::quote_index::QuoteBuilder::default();
            let mut signatures = Vec::with_capacity(articles.len());
            let total = articles.len();
            let mut done = 0;
            while done < total {
                let end = (done + CHUNK).min(total);
                for i in done..end {
                    let article = &articles[i];
                    let fixes = corrections
                        .get(article.id.as_str())
                        .map_or(&[][..], Vec::as_slice);
                    let analysis = crate::corrected::analysis(&article.body, fixes);
                    index.add(i, &article.body, &analysis);
                    quotes.add(i, &analysis);
                    signatures.push(crate::clusters::signature(&article.body));
                }
                done = end;
                if tx.send(IndexMessage::Progress(done)).is_err() {
                    return; // the app has quit
                }
            }
            let stories = crate::clusters::groups(&signatures);
            let _ = tx.send(IndexMessage::Done(Box::new((
                index,
                quotes.finish(&articles),
                stories,
            ))));
        });
    if spawned.is_err() {
        // No thread: the app keeps working without the corpus-wide entity filter.
        drop(rx);
        let (_, empty) = mpsc::channel();
        return empty;
    }
    rx
}
