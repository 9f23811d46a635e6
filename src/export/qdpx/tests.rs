//! The project file as the QDA tools read it: an archive whose selections slice the stored text
//! at code points, whatever the script, and a `project.qde` the published schema accepts.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::*;
use crate::corpus::{Corpus, LoadOptions, Source as CorpusSource};
use crate::store::{check_span, CodeRecord, StoreData};

const TEXT: &str =
    "Zürich — “quoted” 東京 and 🎉 emoji.\n\nSecond paragraph: Zürich again, “東京”.";

fn corpus(dir: &Path, text: &str) -> Corpus {
    std::fs::write(dir.join("zurich.txt"), text).unwrap();
    Corpus::load(
        &[CorpusSource::Path(dir.to_path_buf())],
        &LoadOptions::default(),
    )
}

/// Codes the first occurrence of `words` in the article's text.
fn code(
    store: &mut StoreData,
    article: &Article,
    words: &str,
    code: &str,
    memo: &str,
    coder: &str,
) {
    let byte = article.body.find(words).expect("the words are in the text");
    let start = article.body[..byte].chars().count();
    let end = start + words.chars().count();
    let selector = check_span(&article.body, start, end).unwrap();
    assert!(store.code_passage(
        article.id.as_str(),
        (start, end),
        code,
        &selector,
        memo,
        coder
    ));
}

fn archive(articles: &[&Article], store: &StoreData) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    let mut bytes = Vec::new();
    write(&mut bytes, articles, store).unwrap();
    zip::ZipArchive::new(Cursor::new(bytes)).unwrap()
}

fn entry(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every element of the document with its attributes, in order; a `<Description>` has its text
/// as the attribute "text".
fn elements(xml: &str) -> Vec<(String, HashMap<String, String>)> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<(String, HashMap<String, String>)> = Vec::new();
    let mut in_description = false;
    loop {
        let text = match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attrs: HashMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                        (key, a.unescape_value().unwrap().into_owned())
                    })
                    .collect();
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                in_description = name == "Description";
                out.push((name, attrs));
                continue;
            }
            Event::End(_) => {
                in_description = false;
                continue;
            }
            Event::Text(t) => t.xml10_content().unwrap().into_owned(),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => c.to_string(),
                None => {
                    let name = String::from_utf8(r.to_vec()).unwrap();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap()
                        .to_string()
                }
            },
            Event::Eof => return out,
            _ => continue,
        };
        if let (true, Some((_, attrs))) = (in_description, out.last_mut()) {
            attrs.entry("text".into()).or_default().push_str(&text);
        }
    }
}

/// Validates with xmllint against the published schema; a machine without xmllint skips,
/// except in CI (env `CI` set), where a missing validator is a failure.
fn assert_valid(qde: &str) {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi-qda/Project.xsd");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.qde");
    std::fs::write(&file, qde).unwrap();
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output();
    match output {
        Ok(output) => assert!(
            output.status.success(),
            "xmllint: {}{}\n{qde}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("xmllint is needed in CI (libxml2-utils): {e}")
        }
        Err(e) => eprintln!("note: xmllint is not installed ({e}); schema validation skipped"),
    }
}

#[test]
fn non_ascii_selections_slice_the_stored_text_at_code_points() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), TEXT);
    let article = &corpus.articles[0];
    let mut store = StoreData::default();
    code(
        &mut store,
        article,
        "“quoted” 東京",
        "Zitat",
        "“memo” <b> & ü",
        "ana",
    );
    code(&mut store, article, "🎉", "Emoji", "", "ben");
    code(&mut store, article, "“東京”", "Zitat", "", "ben");
    let mut zip = archive(&[article], &store);
    let qde = entry(&mut zip, "project.qde");
    assert_valid(&qde);
    let items = elements(&qde);
    let source = items.iter().find(|(n, _)| n == "TextSource").unwrap();
    let guid = &source.1["guid"];
    assert_eq!(guid, &source_guid(article.id.as_str()));
    assert_eq!(source.1["plainTextPath"], format!("internal://{guid}.txt"));
    let stored = entry(&mut zip, &format!("sources/{guid}.txt"));
    assert_eq!(stored, article.body);
    let chars: Vec<char> = stored.chars().collect();
    let selections: Vec<&HashMap<String, String>> = items
        .iter()
        .filter(|(n, _)| n == "PlainTextSelection")
        .map(|(_, a)| a)
        .collect();
    let sliced: Vec<String> = selections
        .iter()
        .map(|s| {
            let start: usize = s["startPosition"].parse().unwrap();
            let end: usize = s["endPosition"].parse().unwrap();
            chars[start..end].iter().collect()
        })
        .collect();
    assert_eq!(sliced, ["“quoted” 東京", "🎉", "“東京”"]);
    assert_eq!(selections[0]["name"], "“quoted” 東京");
    assert_eq!(selections[0]["creatingUser"], user_guid("ana"));
    assert_eq!(selections[1]["creatingUser"], user_guid("ben"));
    assert!(selections[0]["creationDateTime"].ends_with('Z'));
    // The memo is the selection's description, exactly.
    let memo = items
        .iter()
        .find(|(n, a)| n == "Description" && a.get("text").is_some_and(|t| t.contains("memo")))
        .unwrap();
    assert_eq!(memo.1["text"], "“memo” <b> & ü");
    // Users: one per coder, each once.
    let users: Vec<&str> = items
        .iter()
        .filter(|(n, _)| n == "User")
        .map(|(_, a)| a["name"].as_str())
        .collect();
    assert_eq!(users, ["ana", "ben"]);
    // Each coding refers to a code of the codebook.
    let codes: HashMap<&str, &str> = items
        .iter()
        .filter(|(n, _)| n == "Code")
        .map(|(_, a)| (a["guid"].as_str(), a["name"].as_str()))
        .collect();
    let referred: Vec<&str> = items
        .iter()
        .filter(|(n, _)| n == "CodeRef")
        .map(|(_, a)| codes[a["targetGUID"].as_str()])
        .collect();
    assert_eq!(referred, ["Zitat", "Emoji", "Zitat"]);
}

#[test]
fn the_same_work_gives_the_same_guids_and_codes_keep_their_codebook_guid() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), TEXT);
    let article = &corpus.articles[0];
    let mut store = StoreData::default();
    let imported = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294";
    store.define_code(
        "Ort",
        &CodeRecord {
            guid: Some(imported.to_string()),
            color: Some("#46aa00".to_string()),
            definition: Some("Orte, auch „Zürich“".to_string()),
            ..CodeRecord::default()
        },
    );
    store.define_code(
        "Stadt",
        &CodeRecord {
            parent: Some("Ort".to_string()),
            ..CodeRecord::default()
        },
    );
    code(&mut store, article, "Zürich", "stadt", "", "ana");
    code(&mut store, article, "東京", "Ort", "", "ana");
    let qde = |store: &StoreData| {
        let project = Project::gather(&[article], store);
        String::from_utf8(project.qde("2025-01-01T00:00:00Z").unwrap()).unwrap()
    };
    let first = qde(&store);
    assert_eq!(first, qde(&store.clone()));
    assert_valid(&first);
    assert!(first.contains(&format!("<CodeRef targetGUID=\"{imported}\"/>")));
    let stadt = qdc::code_guid("Stadt");
    assert!(first.contains(&format!("<CodeRef targetGUID=\"{stadt}\"/>")));
    // The hierarchy as the codebook has it.
    assert!(first.contains("<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"Ort\" isCodable=\"true\" color=\"#46aa00\">"), "{first}");
    let codebook_qdc = qdc::write_qdc(&codebook(&store, std::iter::empty()), "");
    assert!(codebook_qdc.contains(&format!("guid=\"{stadt}\" name=\"Stadt\"")));
}

#[test]
fn every_code_in_use_is_in_the_codebook_even_one_it_lacks() {
    let mut store = StoreData::default();
    store.define_code("Wirtschaft", &CodeRecord::default());
    let codes = codebook(&store, ["neu", "WIRTSCHAFT", "Neu", "älter"].into_iter());
    let names: Vec<&str> = codes.iter().map(|c| c.name.as_str()).collect();
    // Case-insensitively by name, as `presscut codebook` lists them (code-point order: "ä" last).
    assert_eq!(names, ["neu", "Wirtschaft", "älter"]);
}

#[test]
fn passages_whose_words_are_gone_are_left_out_and_an_empty_project_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), TEXT);
    let article = &corpus.articles[0];
    let mut store = StoreData::default();
    code(&mut store, article, "Second paragraph", "Absatz", "", "ana");
    // The article's text is corrected: the coded words are gone.
    let other = corpus_with(
        dir.path(),
        &TEXT.replace("Second paragraph", "Zweiter Absatz"),
    );
    let changed = Article {
        id: article.id.clone(),
        ..other.articles[0].clone()
    };
    assert_eq!(super::super::unplaced_passages(&[&changed], &store), 1);
    let mut zip = archive(&[&changed], &store);
    let qde = entry(&mut zip, "project.qde");
    assert_valid(&qde);
    assert!(!qde.contains("PlainTextSelection"), "{qde}");
    // Nothing at all: a project with no users, codes or sources, which the schema allows.
    let mut zip = archive(&[], &StoreData::default());
    let qde = entry(&mut zip, "project.qde");
    assert_valid(&qde);
    assert_eq!(zip.len(), 1);
}

fn corpus_with(dir: &Path, text: &str) -> Corpus {
    let sub = dir.join("changed");
    std::fs::create_dir_all(&sub).unwrap();
    corpus(&sub, text)
}

#[test]
fn stored_times_become_schema_date_times_or_nothing() {
    assert_eq!(
        date_time("2025-04-26T10:11:12.123456789Z").as_deref(),
        Some("2025-04-26T10:11:12Z")
    );
    assert_eq!(
        date_time("2025-04-26T10:11:12Z").as_deref(),
        Some("2025-04-26T10:11:12Z")
    );
    assert_eq!(date_time("yesterday"), None);
    assert_eq!(date_time(""), None);
    assert_eq!(excerpt(&"wörter ".repeat(20)).chars().count(), 61);
}
