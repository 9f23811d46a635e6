//! Round trips: what an export writes, the reader of that format reads back equal to the store.

use super::*;
use crate::corpus::{Corpus, LoadOptions, Source};
use crate::store::{hint_for, StoreData};

fn seed() -> Corpus {
    Corpus::load(&[Source::BuiltinSeeds], &LoadOptions::default())
}

const AWKWARD_TAGS: &[&str] = &["Krim; Krise", "say \"hi\"", "Ω", " spaced  out ", "a,b"];
const AWKWARD_NOTE: &str =
    "comma, \"quotes\", tab\there,\nnew line\r\nCRLF, emoji 🎉, RTL שלום, NUL-free";

fn annotated(corpus: &Corpus) -> StoreData {
    let mut store = StoreData::default();
    let a = &corpus.articles[0];
    for tag in AWKWARD_TAGS {
        store.set_tag(a.id.as_str(), &hint_for(a), tag, true);
    }
    store.set_note(a.id.as_str(), &hint_for(a), AWKWARD_NOTE);
    store.set_read(a.id.as_str(), &hint_for(a), true);
    store
}

fn exported(format: Format, options: Options, corpus: &Corpus, store: &StoreData) -> Vec<u8> {
    let chosen = select(&corpus.articles, store, false, None, None);
    let mut out = Vec::new();
    write(&mut out, format, &chosen, store, options).unwrap();
    out
}

#[test]
fn tag_lists_with_separators_and_quotes_round_trip() {
    let tags: Vec<String> = AWKWARD_TAGS.iter().map(|t| t.trim().to_string()).collect();
    assert_eq!(split_tags(&join_tags(&tags)), tags);
    assert_eq!(split_tags(""), Vec::<String>::new());
    assert_eq!(split_tags("a; b ;;c"), ["a", "b", "c"]);
}

#[test]
fn every_format_imports_back_into_an_empty_store_equal_to_the_original() {
    let corpus = seed();
    let store = annotated(&corpus);
    let id = corpus.articles[0].id.as_str();
    for (format, ext) in [
        (Format::Json, "json"),
        (Format::Jsonl, "jsonl"),
        (Format::Csv, "csv"),
    ] {
        for options in [
            Options::default(),
            Options {
                long: true,
                with_text: true,
                with_entities: true,
                bom: true,
                no_formula_guard: false,
            },
        ] {
            let bytes = exported(format, options, &corpus, &store);
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join(format!("export.{ext}"));
            std::fs::write(&file, &bytes).unwrap();
            let mut back = StoreData::default();
            let report = import(&file, &corpus.articles, &mut back).unwrap();
            assert_eq!(back.tags_of(id), store.tags_of(id), "{ext} {options:?}");
            assert_eq!(back.note_of(id), store.note_of(id), "{ext} {options:?}");
            if format != Format::Csv {
                assert!(back.is_read(id), "{ext}");
            }
            assert!(report.conflicts.is_empty());
        }
    }
}

/// The first JSONL line of the seed article, exported with `options`.
fn first_line(store: &StoreData, options: Options) -> serde_json::Value {
    let corpus = seed();
    let bytes = exported(Format::Jsonl, options, &corpus, store);
    serde_json::from_slice(bytes.split(|&b| b == b'\n').next().unwrap()).unwrap()
}

/// What a span covers of the line's text.
fn covered(line: &serde_json::Value, span: &serde_json::Value) -> String {
    let at = |key: &str| span[key].as_u64().unwrap() as usize;
    line["text"]
        .as_str()
        .unwrap()
        .chars()
        .skip(at("start"))
        .take(at("end") - at("start"))
        .collect()
}

/// Codes `words` (their first occurrence in the seed article) as `code` by `coder`.
fn code_words(store: &mut StoreData, words: &str, code: &str, memo: &str, coder: &str) {
    let corpus = seed();
    let body = &corpus.articles[0].body;
    let start = body[..body.find(words).unwrap()].chars().count();
    let end = start + words.chars().count();
    let selector = crate::store::check_span(body, start, end).unwrap();
    let id = corpus.articles[0].id.as_str();
    store.code_passage(id, (start, end), code, &selector, memo, coder);
}

#[test]
fn jsonl_with_text_carries_the_coded_passages_as_spans_and_the_quotes() {
    let mut store = annotated(&seed());
    code_words(
        &mut store,
        "Maria Zakharova",
        "Sprecherin",
        "Außenministerium",
        "ana",
    );
    code_words(&mut store, "Maria Zakharova", "Sprecherin", "", "ben");
    code_words(&mut store, "car bomb", "Gewalt", "", "ana");
    let options = Options {
        with_text: true,
        ..Options::default()
    };
    let line = first_line(&store, options);
    let spans = line["spans"].as_array().unwrap();
    let got: Vec<(String, &str, &str)> = spans
        .iter()
        .map(|s| {
            assert_eq!(s["source"], "user", "{s}");
            (
                covered(&line, s),
                s["label"].as_str().unwrap(),
                s["coder"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("car bomb".to_string(), "Gewalt", "ana"),
            ("Maria Zakharova".to_string(), "Sprecherin", "ana"),
            ("Maria Zakharova".to_string(), "Sprecherin", "ben"),
        ]
    );
    assert_eq!(spans[1]["memo"], "Außenministerium");
    assert!(spans[0].get("memo").is_none());
    // doccano: each [start, end, label] once, though two coders agree on one.
    let label = line["label"].as_array().unwrap();
    assert_eq!(label.len(), 2);
    assert_eq!(label[1][2], "Sprecherin");
    assert_eq!(label[1][0], spans[1]["start"]);
    // Quotes as before.
    let quote = &line["quotes"][1];
    assert!(covered(&line, quote).starts_with("“The main question"));
    assert_eq!(quote["speaker"], "Maria Zakharova");
    assert!(line.get("unanchored").is_none());
}

#[test]
fn jsonl_with_entities_adds_the_machines_spans_marked_as_such() {
    let mut store = annotated(&seed());
    code_words(&mut store, "Maria Zakharova", "Sprecherin", "", "ana");
    let line = first_line(
        &store,
        Options {
            with_entities: true,
            ..Options::default()
        },
    );
    assert!(line["text"].is_string(), "--with-entities implies the text");
    let spans = line["spans"].as_array().unwrap();
    let machine: Vec<String> = spans
        .iter()
        .filter(|s| s["source"] == "machine")
        .map(|s| covered(&line, s))
        .collect();
    assert!(
        machine.contains(&"Maria Zakharova".to_string()),
        "{machine:?}"
    );
    assert!(spans
        .iter()
        .all(|s| s.get("coder").is_none() || s["source"] == "user"));
    // In text order; at one place the coder's span before the machine's.
    let starts: Vec<u64> = spans.iter().map(|s| s["start"].as_u64().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    let at = spans.iter().position(|s| s["source"] == "user").unwrap();
    assert_eq!(spans[at + 1]["source"], "machine");
    assert_eq!(covered(&line, &spans[at + 1]), "Maria Zakharova");
    assert_eq!(line["label"].as_array().unwrap().len(), spans.len());
    // Without the flag, no machine span at all.
    let plain = first_line(
        &store,
        Options {
            with_text: true,
            ..Options::default()
        },
    );
    assert_eq!(plain["spans"].as_array().unwrap().len(), 1);
}

#[test]
fn jsonl_lists_a_passage_whose_words_are_gone_apart_with_its_words() {
    let corpus = seed();
    let mut store = StoreData::default();
    code_words(&mut store, "car bomb", "Gewalt", "nachprüfen", "ana");
    let mut changed = corpus.articles[0].clone();
    changed.body = changed
        .body
        .replace("car bomb", "vehicle-borne device")
        .into();
    let mut out = Vec::new();
    let options = Options {
        with_text: true,
        ..Options::default()
    };
    write(&mut out, Format::Jsonl, &[&changed], &store, options).unwrap();
    let line: serde_json::Value =
        serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["spans"], serde_json::json!([]));
    let lost = &line["unanchored"][0];
    assert_eq!(lost["text"], "car bomb");
    assert_eq!(lost["label"], "Gewalt");
    assert_eq!(lost["coder"], "ana");
    assert_eq!(lost["memo"], "nachprüfen");
    assert_eq!(lost["source"], "user");
    assert_eq!(unplaced_passages(&[&changed], &store), 1);
}

#[test]
fn an_article_with_only_coded_passages_is_exported() {
    let corpus = seed();
    let mut store = StoreData::default();
    code_words(&mut store, "car bomb", "Gewalt", "", "ana");
    assert!(store.record(corpus.articles[0].id.as_str()).is_none());
    assert_eq!(select(&corpus.articles, &store, false, None, None).len(), 1);
}

#[test]
fn csv_long_has_a_row_per_tag_and_a_bom_only_when_asked() {
    let corpus = seed();
    let store = annotated(&corpus);
    let plain = exported(Format::Csv, Options::default(), &corpus, &store);
    assert!(plain.starts_with(b"id,path,date,outlet,author,title,tags,note\n"));
    let long = exported(
        Format::Csv,
        Options {
            long: true,
            bom: true,
            ..Options::default()
        },
        &corpus,
        &store,
    );
    assert!(long.starts_with(b"\xEF\xBB\xBFid,path,date,outlet,author,title,tag,note\n"));
    let rows = ::csv::Reader::from_reader(&long[3..]).records().count();
    assert_eq!(rows, AWKWARD_TAGS.len());
}

#[test]
fn markdown_has_tags_note_and_attributed_quotes() {
    let corpus = seed();
    let store = annotated(&corpus);
    let md = String::from_utf8(exported(Format::Md, Options::default(), &corpus, &store)).unwrap();
    assert!(md.contains("## A top Russian military commander was killed by a car bomb near Moscow"));
    assert!(md.contains("2025-04-26 · Kyle Anzalone · Antiwar.com"));
    assert!(md.contains("#spaced-out"), "{md}");
    assert!(md.contains("tab\there"));
    assert!(md.contains("> “Even today, a Russian [general] was killed in a terrorist attack in Moscow.” — Maria Zakharova"));
}

#[test]
fn output_files_are_written_atomically_and_never_over_protected_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    write_file(&out, false, &[], |b| b.write_all(b"first")).unwrap();
    let again = write_file(&out, false, &[], |b| b.write_all(b"second")).unwrap_err();
    assert!(matches!(again, ExportError::Exists(_)));
    assert_eq!(std::fs::read(&out).unwrap(), b"first");
    write_file(&out, true, &[], |b| b.write_all(b"second")).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"second");
    let store = dir.path().join("store.json");
    std::fs::write(&store, "{}").unwrap();
    let sneaky = dir.path().join(".").join("store.json");
    let err = write_file(
        &sneaky,
        true,
        &[(store.clone(), "the presscut store")],
        |b| b.write_all(b"x"),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::Protected(..)));
    assert_eq!(std::fs::read(&store).unwrap(), b"{}");
    let missing = dir.path().join("no/such/dir/out.json");
    assert!(matches!(
        write_file(&missing, false, &[], |b| b.write_all(b"x")),
        Err(ExportError::Io(..))
    ));
}

#[test]
fn import_reports_conflicts_and_unmatched_entries_and_keeps_our_note() {
    let corpus = seed();
    let id = corpus.articles[0].id.to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("theirs.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"id\":\"{id}\",\"tags\":[\"theirs\"],\"note\":\"their note\",\"read\":true}}\n{{\"id\":\"ffffffffffff\",\"tags\":[\"x\"]}}\n"
        ),
    )
    .unwrap();
    let mut store = StoreData::default();
    store.set_note(&id, &Default::default(), "our note");
    let report = import(&file, &corpus.articles, &mut store).unwrap();
    assert_eq!(report.tags_added, 2);
    assert_eq!(report.unmatched, 1);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(store.note_of(&id), "our note");
    assert!(store.is_read(&id));
    std::fs::write(&file, "{not json\n").unwrap();
    assert!(import(&file, &corpus.articles, &mut store)
        .unwrap_err()
        .contains("theirs.jsonl:1"));
}

#[test]
fn csv_cells_a_spreadsheet_would_run_get_a_quote_that_import_removes() {
    let corpus = seed();
    let a = &corpus.articles[0];
    let mut store = StoreData::default();
    for tag in ["@mention", "-minus", "+plus"] {
        store.set_tag(a.id.as_str(), &hint_for(a), tag, true);
    }
    store.set_note(
        a.id.as_str(),
        &hint_for(a),
        "=HYPERLINK(\"http://x\",\"click\")",
    );
    let long = Options {
        long: true,
        ..Options::default()
    };
    let text = String::from_utf8(exported(Format::Csv, long, &corpus, &store)).unwrap();
    assert!(text.contains(",'@mention,"), "{text}");
    assert!(text.contains(",'-minus,"), "{text}");
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(!text.contains(",=HYPERLINK") && !text.contains(",\"=HYPERLINK"));
    // Imported back, the cells are what they were.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, &text).unwrap();
    let mut back = StoreData::default();
    import(&path, &corpus.articles, &mut back).unwrap();
    assert_eq!(back.tags_of(a.id.as_str()), store.tags_of(a.id.as_str()));
    assert_eq!(back.note_of(a.id.as_str()), store.note_of(a.id.as_str()));
    // --no-formula-guard: as they are.
    let raw = Options {
        long: true,
        no_formula_guard: true,
        ..Options::default()
    };
    let text = String::from_utf8(exported(Format::Csv, raw, &corpus, &store)).unwrap();
    assert!(
        text.contains(",@mention,") && text.contains("\"=HYPERLINK("),
        "{text}"
    );
    assert_eq!(unguard_cell("'=1"), "=1");
    assert_eq!(unguard_cell("'plain"), "'plain");
}
