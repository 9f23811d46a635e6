//! `presscut search`: the search line's engine for scripts and for timing. One query from the
//! command line, or (`--stdin`) one per input line over a corpus loaded and indexed once.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use serde::Serialize;

use super::{Failure, Session};
use crate::entity_index::EntityIndex;
use crate::search::{ClauseKind, Outcome, Query, SearchIndex, Searcher, StoreFacts};
use crate::text::sanitize;

pub(super) struct SearchRequest {
    pub query: Option<String>,
    pub json: bool,
    pub limit: usize,
    pub stdin: bool,
    pub timings: bool,
}

#[derive(Serialize)]
struct Hit<'a> {
    id: &'a str,
    title: &'a str,
    score: f64,
    terms: Vec<String>,
}

struct Engine<'a> {
    session: &'a Session,
    index: SearchIndex,
    searcher: Searcher,
    /// Built (or read from the cache) the first time a query asks `who:`, `said:` or `quote:`.
    entities: Option<EntityIndex>,
    quotes: Option<crate::quote_index::QuoteIndex>,
}

impl<'a> Engine<'a> {
    /// The corpus indexed for search; the entity and quote indexes wait for a query that
    /// needs them.
    fn new(session: &'a Session) -> Engine<'a> {
        Engine {
            session,
            index: session.search_index(),
            searcher: Searcher::default(),
            entities: None,
            quotes: None,
        }
    }

    fn answer(&mut self, query: &Query) -> Outcome {
        let wants_entities = query
            .clauses
            .iter()
            .any(|c| matches!(c.kind, ClauseKind::Who(_) | ClauseKind::Said(_)));
        let articles = &self.session.corpus.articles;
        let wants_quotes = query
            .clauses
            .iter()
            .any(|c| matches!(c.kind, ClauseKind::Quote(_)));
        if (wants_entities || wants_quotes) && self.entities.is_none() {
            let indexes = self.session.indexes();
            self.entities = Some(indexes.entities);
            self.quotes = Some(indexes.quotes);
        }
        let facts = StoreFacts {
            articles,
            store: &self.session.store,
            entities: self.entities.as_ref(),
            quotes: self.quotes.as_ref(),
        };
        self.searcher.run(&self.index, articles, query, &facts)
    }

    fn print(
        &self,
        out: &mut impl Write,
        outcome: &Outcome,
        request: &SearchRequest,
    ) -> io::Result<()> {
        let articles = &self.session.corpus.articles;
        let hits: Vec<Hit> = outcome
            .hits
            .iter()
            .take(request.limit)
            .map(|&(doc, score)| Hit {
                id: articles[doc].id.as_str(),
                title: &articles[doc].title,
                // Three decimals are plenty to rank by and keep the output stable.
                score: (f64::from(score) * 1000.0).round() / 1000.0,
                terms: outcome.terms_in(&articles[doc]),
            })
            .collect();
        if request.json {
            crate::json_out::to_writer(&mut *out, &hits)?;
            writeln!(out)
        } else {
            for hit in &hits {
                writeln!(
                    out,
                    "{}\t{:.3}\t{}\t{}",
                    hit.id,
                    hit.score,
                    sanitize(hit.title),
                    sanitize(&hit.terms.join(","))
                )?;
            }
            Ok(())
        }
    }
}

/// The corpus indices of every article matching `text` (as the search line would list them),
/// with its parse errors reported on stderr.
pub(super) fn matching(session: &Session, text: &str) -> Vec<usize> {
    let mut engine = Engine::new(session);
    let query = Query::parse(text);
    report_errors(text, &query);
    engine
        .answer(&query)
        .hits
        .into_iter()
        .map(|(doc, _)| doc)
        .collect()
}

pub(super) fn search(session: &Session, request: &SearchRequest) -> Result<(), Failure> {
    let mut engine = Engine::new(session);
    let kind = if request.json {
        super::output::Kind::Json
    } else {
        super::output::Kind::Text
    };
    let mut out = super::output::stdout(kind);
    if !request.stdin {
        let text = request.query.as_deref().unwrap_or_default();
        let query = Query::parse(text);
        report_errors(text, &query);
        let outcome = engine.answer(&query);
        engine.print(&mut out, &outcome, request)?;
        out.flush()?;
        return Ok(());
    }
    let stdin = io::stdin();
    let mut line = String::new();
    let mut input = stdin.lock();
    loop {
        line.clear();
        let read = input
            .read_line(&mut line)
            .map_err(|e| Failure::Runtime(format!("cannot read queries from stdin: {e}")))?;
        if read == 0 {
            break;
        }
        let started = Instant::now();
        let text = line.trim_end_matches(['\n', '\r']);
        let query = Query::parse(text);
        let outcome = engine.answer(&query);
        let micros = started.elapsed().as_micros();
        if request.timings {
            eprintln!("timing\t{}\t{micros}", sanitize(text));
        }
        report_errors(text, &query);
        engine.print(&mut out, &outcome, request)?;
        if !request.json {
            // A blank line ends each query's answer.
            writeln!(out)?;
        }
        out.flush()?;
    }
    Ok(())
}

fn report_errors(text: &str, query: &Query) {
    for error in &query.errors {
        eprintln!(
            "presscut: query \"{}\": {}",
            sanitize(text),
            sanitize(error)
        );
    }
}
