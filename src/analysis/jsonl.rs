//! `presscut analyze`: one JSON line per article (DESIGN.md §4).
//!
//! JSONL rather than one array so that a corpus of any size streams through `jq`, `head` or a
//! Python loop without being held in memory twice. Offsets are converted from bytes to Unicode
//! code points here and nowhere else, because that is what spaCy, Prodigy, doccano and Python
//! string slicing expect.

use std::io::{self, BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{analyze, Analysis, Source};
use crate::model::Article;

#[derive(Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    text: &'a str,
    /// "user" for an entity a person labelled (absent for the machine's).
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    speaker: Option<&'a str>,
    cue: Option<&'a str>,
    kind: &'static str,
    /// "named", "pronoun", "description", "continued" or "guess"; null without a speaker.
    evidence: Option<&'static str>,
    /// "user" when a person set or cleared the speaker (absent for the machine's).
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Option<&'a str>>,
    text: &'a str,
    entities: Vec<EntityOut<'a>>,
    quotes: Vec<QuoteOut<'a>>,
}

#[derive(Deserialize)]
struct InputLine {
    id: serde_json::Value,
    text: String,
}

/// Maps byte offsets of one text to code-point offsets; identity for ASCII.
struct CodePoints {
    /// `(byte, code point)` just after every non-ASCII char, sorted; empty for ASCII text.
    marks: Vec<(usize, usize)>,
}

impl CodePoints {
    fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let mut cp = 0;
            for (b, c) in text.char_indices() {
                cp += 1;
                if !c.is_ascii() {
                    marks.push((b + c.len_utf8(), cp));
                }
            }
        }
        CodePoints { marks }
    }

    fn at(&self, byte: usize) -> usize {
        // The last non-ASCII char ending at or before `byte` fixes the offset; the ASCII after
        // it counts one code point per byte.
        let i = self.marks.partition_point(|&(b, _)| b <= byte);
        match i.checked_sub(1).and_then(|i| self.marks.get(i)) {
            None => byte,
            Some(&(b, cp)) => cp + (byte - b),
        }
    }
}

fn entities_out<'a>(
    text: &'a str,
    a: &'a Analysis,
    cp: &CodePoints,
) -> (Vec<EntityOut<'a>>, Vec<QuoteOut<'a>>) {
    let entities = a
        .entities
        .iter()
        .map(|e| EntityOut {
            start: cp.at(e.range.start),
            end: cp.at(e.range.end),
            label: e.label.as_str(),
            text: text.get(e.range.clone()).unwrap_or(""),
            source: source(e.source),
        })
        .collect();
    let quotes = a
        .quotes
        .iter()
        .map(|q| QuoteOut {
            start: cp.at(q.range.start),
            end: cp.at(q.range.end),
            text: text.get(q.range.clone()).unwrap_or(""),
            speaker: q.speaker.as_deref(),
            cue: q.cue.as_deref(),
            kind: q.kind.as_str(),
            evidence: q.evidence.map(|e| e.as_str()),
            source: source(q.source),
        })
        .collect();
    (entities, quotes)
}

fn source(source: Source) -> Option<&'static str> {
    (source == Source::User).then_some("user")
}

/// Writes the analysis of every article, one JSON object per line, with the corrections
/// people made (`corrections(id)`, see `crate::corrected`) laid over it.
pub fn write_articles<'c>(
    articles: &[Article],
    corrections: impl Fn(&str) -> &'c [crate::store::Correction],
    out: &mut impl Write,
) -> io::Result<()> {
    for article in articles {
        let text = article.body.as_str();
        let analysis = crate::corrected::analysis(text, corrections(article.id.as_str()));
        let cp = CodePoints::new(text);
        let (entities, quotes) = entities_out(text, &analysis, &cp);
        let line = ArticleOut {
            id: serde_json::Value::from(article.id.as_str()),
            path: Some(article.origin.to_string()),
            title: Some(&article.title),
            date: Some(article.date.as_deref()),
            author: Some(article.byline()),
            source: Some(article.outlet.as_deref()),
            text,
            entities,
            quotes,
        };
        crate::json_out::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Analyses `{"id","text"}` lines; a bad line is reported on `warn` by its number and skipped.
pub fn write_input_lines(
    input: impl BufRead,
    out: &mut impl Write,
    warn: &mut impl Write,
) -> io::Result<()> {
    for (n, line) in input.split(b'\n').enumerate() {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        if line.trim().is_empty() {
            continue;
        }
        let parsed: InputLine = match serde_json::from_str(&line) {
            Ok(p) => p,
            Err(e) => {
                writeln!(
                    warn,
                    "presscut: input line {}: skipped, not an {{\"id\",\"text\"}} object: {e}",
                    n + 1
                )?;
                continue;
            }
        };
        let text = parsed.text.as_str();
        let analysis = analyze(text);
        let cp = CodePoints::new(text);
        let (entities, quotes) = entities_out(text, &analysis, &cp);
        let record = ArticleOut {
            id: parsed.id,
            path: None,
            title: None,
            date: None,
            author: None,
            source: None,
            text,
            entities,
            quotes,
        };
        crate::json_out::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The command: the input file (`-` = stdin) or else the loaded corpus, with the store's
/// corrections (`load` gives both). Returns a one-line message for a runtime error; a closed
/// output pipe is success.
pub fn run(
    input: Option<&Path>,
    load: impl FnOnce() -> (Vec<Article>, crate::store::StoreData),
) -> Result<(), String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let stderr = io::stderr();
    let mut warn = stderr.lock();
    let result = match input {
        Some(path) if path == Path::new("-") => write_input_lines(io::stdin().lock(), &mut out, &mut warn),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => write_input_lines(io::BufReader::new(f), &mut out, &mut warn),
            Err(e) => {
                return Err(format!(
                    "{}: cannot open input: {e}; name a JSONL file of {{\"id\",\"text\"}} lines, or - for stdin",
                    path.display()
                ))
            }
        },
        None => {
            let (articles, store) = load();
            write_articles(&articles, |id| store.corrections_of(id), &mut out)
        }
    };
    match result.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot read input or write output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points() {
        let text = "a😀b é c";
        let cp = CodePoints::new(text);
        for (i, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(cp.at(b), i, "byte {b}");
        }
        assert_eq!(cp.at(text.len()), text.chars().count());
    }

    #[test]
    fn bad_lines_are_skipped_with_a_warning() {
        let input = "{\"id\":1,\"text\":\"Paris on Friday.\"}\nnot json\n{\"id\":\"x\",\"text\":\"“Hi there,” said Ann Lee.\"}\n";
        let mut out = Vec::new();
        let mut warn = Vec::new();
        write_input_lines(input.as_bytes(), &mut out, &mut warn).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 2);
        assert!(String::from_utf8(warn).unwrap().contains("line 2"));
    }
}
