//! What the corpus-wide indexes need to know of one article, and nothing more: the names it
//! mentions (under the name the entity panel lists them), who it quotes and where, and its
//! same-story signature. Computing it means analysing the article — the expensive part of
//! opening a corpus — while the indexes are then built from digests in a blink. A digest is a
//! pure function of the article's text, so the cache can keep it by article id (a hash of the
//! text) and reuse it on the next open whatever else changed (DESIGN.md §7, issue #18).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, Label, QuoteKind};
use crate::entity_index::{canonical_names, EntityKey};

/// One distinct (listed name, written form) pair of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub label: Label,
    /// The name the entity panel lists it under (a person's fullest form in the article).
    pub name: String,
    /// How this mention was written, whitespace folded, when it differs from `name` beyond
    /// ASCII case (an alias such as "Clinton" for "Hillary Clinton").
    pub alias: Option<String>,
}

/// A quote of the article: where it is, and for speech with a speaker the text supports, who
/// said it. A speaker the analysis only guessed is left out: the corpus-wide views (`Q`,
/// `quotes`, `said:`) state who said what as fact, so a guess has no place there (the reader
/// still shows it, dimmed with `?`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteFact {
    pub range: Range<usize>,
    pub speaker: Option<String>,
    /// Speech (direct or partial), not scare quotes or titles.
    pub speech: bool,
}

impl QuoteFact {
    /// The fact of one analysed quote.
    pub fn of(quote: &crate::analysis::Quote) -> QuoteFact {
        let guessed = quote.evidence == Some(crate::analysis::SpeakerEvidence::Guess);
        QuoteFact {
            range: quote.range.clone(),
            speaker: quote.speaker.clone().filter(|_| !guessed),
            speech: quote.kind != QuoteKind::Other,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDigest {
    /// In the order the article mentions them, each distinct pair once.
    pub mentions: Vec<Mention>,
    pub quotes: Vec<QuoteFact>,
    /// The MinHash signature of `clusters`, `None` for a text too short to compare.
    pub signature: Option<Vec<u16>>,
}

impl ArticleDigest {
    /// The digest of an article whose text is `body` and whose analysis (corrections laid
    /// over) is `analysis`.
    pub fn of(body: &str, analysis: &Analysis) -> ArticleDigest {
        let names = canonical_names(body, analysis);
        let mut mentions: Vec<Mention> = Vec::new();
        for (entity, name) in analysis.entities.iter().zip(names) {
            let written =
                EntityKey::new(entity.label, body.get(entity.range.clone()).unwrap_or(""));
            let alias = (!written.name.eq_ignore_ascii_case(&name.name)).then_some(written.name);
            let mention = Mention {
                label: name.label,
                name: name.name,
                alias,
            };
            if !mentions.contains(&mention) {
                mentions.push(mention);
            }
        }
        let quotes = analysis.quotes.iter().map(QuoteFact::of).collect();
        ArticleDigest {
            mentions,
            quotes,
            signature: crate::clusters::signature(body),
        }
    }

    /// The article's digest, analysing it with `corrections` laid over the machine's analysis.
    pub fn analyse(body: &str, corrections: &[crate::store::Correction]) -> ArticleDigest {
        ArticleDigest::of(body, &crate::corrected::analysis(body, corrections))
    }

    /// True when every quote's range is a slice of `body`: a digest read from a cache is
    /// checked against the article it is for before any index uses it.
    pub fn fits(&self, body: &str) -> bool {
        self.quotes.iter().all(|q| {
            q.range.start <= q.range.end
                && body.is_char_boundary(q.range.start)
                && body.is_char_boundary(q.range.end)
        })
    }
}

/// The corpus-wide indexes made from every article's digest.
pub struct Indexes {
    pub entities: crate::entity_index::EntityIndex,
    pub quotes: crate::quote_index::QuoteIndex,
    /// Same-story groups (see `crate::clusters::groups`).
    pub stories: Vec<Vec<usize>>,
}

impl Indexes {
    /// The indexes from `digests`, one per article of `articles`, in corpus order.
    pub fn build(articles: &[crate::model::Article], digests: &[ArticleDigest]) -> Indexes {
        let mut builder = IndexesBuilder::default();
        for digest in digests {
            builder.add(digest.clone());
        }
        builder.finish(articles)
    }
}

/// The indexes made from digests handed over one at a time, in corpus order, so that no more
/// than one digest need exist at once: only the same-story signatures are kept until the end.
#[derive(Default)]
pub struct IndexesBuilder {
    entities: crate::entity_index::EntityIndex,
    quotes: crate::quote_index::QuoteBuilder,
    signatures: Vec<Option<Box<[u16]>>>,
}

impl IndexesBuilder {
    /// Adds the digest of the next article.
    pub fn add(&mut self, digest: ArticleDigest) {
        let article = self.signatures.len();
        self.entities.add_digest(article, &digest);
        self.quotes.add_digest(article, &digest);
        self.signatures
            .push(digest.signature.map(Vec::into_boxed_slice));
    }

    pub fn finish(self, articles: &[crate::model::Article]) -> Indexes {
        let signatures: Vec<Option<&[u16]>> =
            self.signatures.iter().map(|s| s.as_deref()).collect();
        Indexes {
            entities: self.entities,
            quotes: self.quotes.finish(articles),
            stories: crate::clusters::groups(&signatures),
        }
    }
}
