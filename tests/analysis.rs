//! The analysis as a reader of the seed article would notice it, and `presscut analyze` as a
//! script would use it. Quality numbers live in the README (tests/eval/run.sh), not here.

mod common;

use assert_cmd::Command;
use presscut::analysis::{analyze, Analysis, Label, QuoteKind};

use common::{manifest_path, seed_corpus};

fn seed() -> (String, Analysis) {
    let corpus = seed_corpus();
    let body = corpus.articles[0].body.clone();
    let analysis = analyze(&body);
    (body.to_string(), analysis)
}

fn labelled(text: &str, a: &Analysis, label: Label) -> Vec<String> {
    a.texts(text, label)
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn seed_people_organisations_places_groups() {
    let (text, a) = seed();
    let people = labelled(&text, &a, Label::Person);
    for name in [
        "Yaroslav Moskalik",
        "Maria Zakharova",
        "Steve Witkoff",
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "Trump",
        "Moskalik",
    ] {
        assert!(
            people.iter().any(|p| p == name),
            "{name} not a PERSON in {people:?}"
        );
    }
    let orgs = labelled(&text, &a, Label::Org);
    assert!(orgs.iter().any(|o| o == "TASS"), "{orgs:?}");
    assert!(
        orgs.iter().any(|o| o == "Russian Foreign Ministry"),
        "{orgs:?}"
    );
    assert!(orgs.iter().any(|o| o.contains("General Staff")), "{orgs:?}");
    let places = labelled(&text, &a, Label::Place);
    for place in ["Moscow", "Crimea", "Kiev"] {
        assert!(
            places.iter().any(|p| p == place),
            "{place} not a PLACE in {places:?}"
        );
    }
    let groups = labelled(&text, &a, Label::Group);
    for group in ["Russian", "Ukrainian"] {
        assert!(
            groups.iter().any(|g| g == group),
            "{group} not a GROUP in {groups:?}"
        );
    }
    assert!(labelled(&text, &a, Label::Date).contains(&"Friday".to_string()));
    assert!(
        labelled(&text, &a, Label::Quantity).contains(&"more than 300 grams of TNT".to_string())
    );
    // Titles are context, not part of names; sentence starts are not names.
    assert!(!people
        .iter()
        .any(|p| p.contains("Gen.") || p.contains("President")));
    assert!(!labelled(&text, &a, Label::Org)
        .iter()
        .any(|o| o == "Authorities"));
}

#[test]
fn seed_quotes_and_speakers() {
    let (text, a) = seed();
    let find = |start: &str| {
        a.quotes
            .iter()
            .find(|q| text[q.range.clone()].starts_with(start))
            .unwrap_or_else(|| panic!("no quote starting {start:?} in {:?}", a.quotes))
    };
    let q = find("“The main question is");
    assert_eq!(q.speaker.as_deref(), Some("Maria Zakharova"));
    assert_eq!(q.cue.as_deref(), Some("said"));
    assert_eq!(q.kind, QuoteKind::Direct);
    let q = find("“This statement");
    assert_eq!(q.speaker.as_deref(), Some("Trump"));
    assert_eq!(q.cue.as_deref(), Some("wrote"));
    let q = find("“[Zelensky] can have Peace");
    assert_eq!(q.speaker.as_deref(), Some("Trump"));
    assert_eq!(q.cue.as_deref(), Some("added"));
    let q = find("“We are very close");
    assert_eq!(q.speaker.as_deref(), Some("Trump"));
    assert!(text[q.range.clone()].ends_with("GET IT DONE.”"));
    let q = find("‘no cards to play’");
    assert_ne!(q.kind, QuoteKind::Direct);
    let q = find("“terrorist attack.”");
    assert_ne!(q.kind, QuoteKind::Direct);
}

#[test]
fn wikinews_fixtures_analyse_with_exact_spans() {
    let corpus = common::wikinews_corpus();
    assert!(!corpus.articles.is_empty());
    for article in corpus.articles.iter() {
        let text = &article.body;
        let a = analyze(text);
        assert!(!a.entities.is_empty(), "{}", article.origin);
        let mut end = 0;
        for e in &a.entities {
            assert!(e.range.start >= end && e.range.start < e.range.end);
            assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            end = e.range.end;
        }
    }
}

fn presscut() -> Command {
    let mut cmd = Command::cargo_bin("presscut").unwrap();
    cmd.env_remove("PRESSCUT_CORPUS");
    cmd
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn analyze_prints_the_contract_fields_for_the_corpus() {
    let output = presscut().arg("analyze").output().unwrap();
    assert!(output.status.success());
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    for field in [
        "id", "path", "title", "date", "author", "source", "text", "entities", "quotes",
    ] {
        assert!(line.get(field).is_some(), "missing {field}");
    }
    assert_eq!(line["source"], "Antiwar.com");
    let text: Vec<char> = line["text"].as_str().unwrap().chars().collect();
    for e in line["entities"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let slice: String = text[s..t].iter().collect();
        assert_eq!(slice, e["text"].as_str().unwrap());
        assert!(e["label"].is_string());
    }
    let q = &line["quotes"][1];
    for field in ["start", "end", "text", "speaker", "cue", "kind", "evidence"] {
        assert!(q.get(field).is_some(), "missing quote {field}");
    }
    // Evidence is one of the documented words exactly when there is a speaker.
    for q in line["quotes"].as_array().unwrap() {
        let evidence = q["evidence"].as_str();
        assert_eq!(evidence.is_some(), q["speaker"].is_string(), "{q}");
        if let Some(e) = evidence {
            assert!(
                ["named", "pronoun", "description", "continued", "guess"].contains(&e),
                "{e}"
            );
        }
    }
}

#[test]
fn analyze_input_jsonl_uses_code_point_offsets_and_skips_bad_lines() {
    let input = concat!(
        r#"{"id":"a","text":"東京 😀 e\u0301: “Ça va,” said Zoë Ünal in Paris on Friday."}"#,
        "\n",
        "this is not json\n",
        r#"{"id":7,"text":""}"#,
        "\n"
    );
    let output = presscut()
        .args(["analyze", "--input-jsonl", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], 7);
    let text: Vec<char> = lines[0]["text"].as_str().unwrap().chars().collect();
    let by_text = |needle: &str| {
        lines[0]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["text"] == needle)
            .cloned()
            .unwrap_or_else(|| panic!("no {needle} in {}", lines[0]))
    };
    for (needle, label) in [
        ("Paris", "PLACE"),
        ("Friday", "DATE"),
        ("Zoë Ünal", "PERSON"),
    ] {
        let e = by_text(needle);
        assert_eq!(e["label"], label);
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text[s..t].iter().collect::<String>(), needle);
    }
    let q = &lines[0]["quotes"][0];
    assert_eq!(q["text"], "“Ça va,”");
    assert_eq!(q["speaker"], "Zoë Ünal");
    assert_eq!(q["cue"], "said");
    let (s, t) = (
        q["start"].as_u64().unwrap() as usize,
        q["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[s..t].iter().collect::<String>(), "“Ça va,”");
}

#[test]
fn analyze_reports_a_missing_input_file() {
    let output = presscut()
        .args(["analyze", "--input-jsonl"])
        .arg(manifest_path("tests/fixtures/no-such-file.jsonl"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no-such-file.jsonl") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn analyze_stops_quietly_when_the_reader_goes_away() {
    // `presscut analyze --input-jsonl big.jsonl | head -c 1`: exit 0, nothing on stderr.
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..3000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"“Hello {i},” Anna Kowalski said in Paris.\"}}\n"))
        .collect();
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, lines).unwrap();
    common::assert_quiet_on_closed_pipe(&[
        "analyze".as_ref(),
        "--input-jsonl".as_ref(),
        input.as_os_str(),
    ]);
}

#[test]
fn a_surname_resolves_to_the_spelling_the_article_uses_most() {
    let text =
        "Kristin Wilkins opened the show. Later, Kristen Wilkins spoke. Kristen Wilkins, the \
                curator, smiled.\n\n\"It is a legend,\" Wilkins said.";
    let analysis = presscut::analysis::analyze(text);
    assert_eq!(
        analysis.quotes[0].speaker.as_deref(),
        Some("Kristen Wilkins")
    );
}
