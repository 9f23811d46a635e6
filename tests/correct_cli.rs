//! `presscut correct` (DESIGN.md §7): a person's corrections of the analysis, reported by
//! `analyze` with "source":"user", used by `who:`, following an article whose text is edited,
//! and reported by `check` when their words are gone.

mod common;

use std::path::Path;

use common::{presscut_in, stdout_of as ok};

fn presscut(data: &Path, corpus: &Path) -> assert_cmd::Command {
    let mut cmd = presscut_in(data);
    cmd.env("PRESSCUT_CODER", "ana")
        .env("PRESSCUT_CORPUS", corpus);
    cmd
}

/// Written for this test, not from a news source.
const STORY: &str = "Senator visits Zürich\n\n\
Senator Marco Rubio met the mayor of Zürich on Tuesday. \
“We will keep the trains running,” he said. Reporters asked about the budget.";

struct Setup {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    data: std::path::PathBuf,
    corpus: std::path::PathBuf,
}

fn setup() -> Setup {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("story.txt"), STORY).unwrap();
    Setup {
        data: data.path().to_path_buf(),
        corpus: corpus.path().to_path_buf(),
        _dirs: (data, corpus),
    }
}

fn analyze(s: &Setup) -> serde_json::Value {
    let out = ok(presscut(&s.data, &s.corpus).arg("analyze"));
    serde_json::from_str(out.lines().next().unwrap()).unwrap()
}

/// Code-point span of `needle` in the analysed text.
fn span(article: &serde_json::Value, needle: &str) -> (String, String) {
    let text = article["text"].as_str().unwrap();
    let byte = text.find(needle).expect("the needle is in the text");
    let start = text[..byte].chars().count();
    (
        start.to_string(),
        (start + needle.chars().count()).to_string(),
    )
}

fn entity<'a>(article: &'a serde_json::Value, text: &str) -> Option<&'a serde_json::Value> {
    article["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == text)
}

#[test]
fn corrections_are_reported_by_analyze_as_the_users_and_can_be_taken_back() {
    let s = setup();
    let before = analyze(&s);
    let id = before["id"].as_str().unwrap().to_string();
    let (rs, re) = span(&before, "Marco Rubio");
    let (ds, de) = span(&before, "Tuesday");
    let (qs, qe) = span(&before, "“We will keep the trains running,”");
    let run = |args: &[&str]| ok(presscut(&s.data, &s.corpus).args(args));
    assert_eq!(
        run(&["correct", &id, &rs, &re, "--label", "person"]),
        format!("{id} {rs}–{re} \"Marco Rubio\" labelled PERSON\n")
    );
    run(&["correct", &id, &ds, &de, "--reject"]);
    run(&["correct", &id, &qs, &qe, "--speaker", "Marco  Rubio"]);
    let after = analyze(&s);
    let rubio = entity(&after, "Marco Rubio").expect("the corrected entity");
    assert_eq!(
        (&rubio["label"], &rubio["source"]),
        (&"PERSON".into(), &"user".into())
    );
    assert!(
        entity(&after, "Tuesday").is_none(),
        "a rejected entity is gone"
    );
    let quote = &after["quotes"][0];
    assert_eq!(quote["speaker"], "Marco Rubio");
    assert_eq!(quote["source"], "user");
    // The machine's items carry no source: the output is unchanged where nobody corrected.
    assert!(after["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["text"] != "Marco Rubio")
        .all(|e| e.get("source").is_none()));
    // Taken back: the machine's analysis again.
    run(&["correct", &id, &ds, &de, "--restore", "entity"]);
    run(&["correct", &id, &qs, &qe, "--restore", "speaker"]);
    let restored = analyze(&s);
    assert_eq!(entity(&restored, "Tuesday"), entity(&before, "Tuesday"));
    assert_eq!(restored["quotes"], before["quotes"]);
    let again = run(&["correct", &id, &qs, &qe, "--restore", "speaker"]);
    assert!(again.contains("no correction of yours"), "{again}");
}

#[test]
fn a_bad_label_or_span_is_a_usage_error_that_says_why() {
    let s = setup();
    let id = analyze(&s)["id"].as_str().unwrap().to_string();
    let fail = |args: &[&str]| {
        let out = presscut(&s.data, &s.corpus).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = fail(&["correct", &id, "0", "7", "--label", "city"]);
    assert!(
        err.contains("\"city\" is not a label") && err.contains("PLACE"),
        "{err}"
    );
    let err = fail(&["correct", &id, "9", "9", "--reject"]);
    assert!(err.contains("empty"), "{err}");
    let err = fail(&["correct", &id, "0", "99999", "--reject"]);
    assert!(err.contains("beyond the text"), "{err}");
    let err = fail(&["correct", &id, "0", "7"]);
    assert!(err.contains("--label"), "one fix is required: {err}");
    let err = fail(&["correct", &id, "0", "7", "--reject", "--no-speaker"]);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn who_follows_a_correction() {
    let s = setup();
    let article = analyze(&s);
    let id = article["id"].as_str().unwrap().to_string();
    let search = |q: &str| ok(presscut(&s.data, &s.corpus).args(["search", q]));
    assert!(!search("who:rubio").is_empty(), "the machine names Rubio");
    // Every span naming Rubio rejected: who: no longer finds the article.
    for e in article["entities"].as_array().unwrap() {
        if e["text"].as_str().unwrap().contains("Rubio") {
            let (a, b) = (e["start"].to_string(), e["end"].to_string());
            ok(presscut(&s.data, &s.corpus).args(["correct", &id, &a, &b, "--reject"]));
        }
    }
    assert_eq!(search("who:rubio"), "");
}

#[test]
fn a_correction_follows_its_article_when_the_text_is_edited_and_check_reports_lost_ones() {
    let s = setup();
    let article = analyze(&s);
    let id = article["id"].as_str().unwrap().to_string();
    let (zs, ze) = span(&article, "Zürich on");
    let ze = (ze.parse::<usize>().unwrap() - 3).to_string();
    ok(presscut(&s.data, &s.corpus).args(["correct", &id, &zs, &ze, "--label", "ORG"]));
    let file = s.corpus.join("story.txt");
    std::fs::write(
        &file,
        STORY.replace("Senator Marco", "On a visit, Senator Marco"),
    )
    .unwrap();
    let edited = analyze(&s);
    assert_ne!(
        edited["id"],
        id.as_str(),
        "the text (and so the id) changed"
    );
    let zurich = entity(&edited, "Zürich").expect("Zürich");
    assert_eq!(
        (&zurich["label"], &zurich["source"]),
        (&"ORG".into(), &"user".into()),
        "the correction found its words again"
    );
    let check = ok(presscut(&s.data, &s.corpus).arg("check"));
    assert!(
        check.contains("corrections: 1 standing, 0 not found"),
        "{check}"
    );
    std::fs::write(&file, STORY.replace("Zürich on", "Basel on")).unwrap();
    let check = ok(presscut(&s.data, &s.corpus).arg("check"));
    assert!(check.contains("correction not found"), "{check}");
    assert!(
        check.contains("corrections: 1 standing, 1 not found"),
        "kept: {check}"
    );
}

#[test]
fn said_finds_the_articles_quoting_a_speaker_a_person_set() {
    let s = setup();
    let article = analyze(&s);
    let id = article["id"].as_str().unwrap().to_string();
    let (qs, qe) = span(&article, "“We will keep the trains running,”");
    let search = |q: &str| ok(presscut(&s.data, &s.corpus).args(["search", q]));
    assert_eq!(search("said:o'malley"), "", "nobody named so is quoted");
    ok(presscut(&s.data, &s.corpus).args([
        "correct",
        &id,
        &qs,
        &qe,
        "--speaker",
        "Martin O’Malley",
    ]));
    let found = search("said:o'malley");
    assert!(
        found.starts_with(&id),
        "a straight apostrophe finds a curly one: {found}"
    );
    assert_eq!(search("said:omalley"), "");
    assert_eq!(
        search("said:\"martin o’malley\" -said:rubio")
            .lines()
            .count(),
        1
    );
}
