//! Coding passages from the command line (DESIGN.md §7): code, uncode, codes, codebook, with
//! offsets in characters of the text `analyze` reports, and passages that follow an article
//! whose text is corrected.

mod common;

use std::path::Path;

use common::{presscut_in, stdout_of as ok};

const SEED_ID: &str = "2a933c745409";

fn presscut(data: &Path) -> assert_cmd::Command {
    let mut cmd = presscut_in(data);
    cmd.env("PRESSCUT_CODER", "ana")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The character span of `needle` in the article's text as `analyze` reports it.
fn span_of(data: &Path, corpus: Option<&Path>, needle: &str) -> (usize, usize, String) {
    let mut cmd = presscut(data);
    cmd.arg("analyze");
    if let Some(c) = corpus {
        cmd.arg("--corpus").arg(c);
    }
    let line = ok(&mut cmd);
    let article: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    let text = article["text"].as_str().unwrap();
    let byte = text.find(needle).expect("the needle is in the text");
    let start = text[..byte].chars().count();
    (
        start,
        start + needle.chars().count(),
        article["id"].as_str().unwrap().to_string(),
    )
}

fn codes_json(data: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(presscut(data).args(["codes", "--json"]))).unwrap()
}

#[test]
fn code_a_passage_list_it_and_take_a_code_off() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (start, end, _) = span_of(d, None, "Lt. Gen. Yaroslav Moskalik");
    let (s, e) = (start.to_string(), end.to_string());
    let out = ok(presscut(d).args([
        "code",
        &SEED_ID[..6],
        &s,
        &e,
        "Akteur",
        "Militär",
        "--memo",
        "erster Beleg",
    ]));
    assert_eq!(
        out,
        format!("{SEED_ID} {start}–{end} \"Lt. Gen. Yaroslav Moskalik\": Akteur, Militär\n")
    );
    let rows = codes_json(d);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row["article"], SEED_ID);
        assert_eq!(row["start"], start);
        assert_eq!(row["end"], end);
        assert_eq!(row["text"], "Lt. Gen. Yaroslav Moskalik");
        assert_eq!(row["memo"], "erster Beleg");
        assert_eq!(row["coder"], "ana");
        assert!(row["created"].as_str().unwrap().starts_with("20"));
    }
    let csv = ok(presscut(d).args(["codes", "--csv", "--code", "militär"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("article,start,end,text,code,memo,coder,created")
    );
    assert!(lines
        .next()
        .unwrap()
        .contains(",Lt. Gen. Yaroslav Moskalik,Militär,erster Beleg,ana,"));
    assert_eq!(lines.next(), None);
    let out = ok(presscut(d).args(["uncode", SEED_ID, &s, &e, "MILITÄR"]));
    assert!(out.contains("1 code(s) taken off"), "{out}");
    let rows = codes_json(d);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["code"], "Akteur");
    // Another coder's uncode leaves ana's coding alone.
    let out = presscut(d)
        .env("PRESSCUT_CODER", "ben")
        .args(["uncode", SEED_ID, &s, &e])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no passage coded by ben"));
    assert_eq!(codes_json(d).len(), 1);
    let log = std::fs::read_to_string(d.join("log/ana.jsonl")).unwrap();
    assert!(
        log.contains(r#""op":"code""#) && log.contains(r#""exact":"Lt. Gen. Yaroslav Moskalik""#)
    );
}

#[test]
fn an_empty_or_out_of_range_passage_is_a_usage_error_that_says_why() {
    let data = tempfile::tempdir().unwrap();
    for (s, e, why) in [
        ("5", "5", "is empty"),
        ("0", "999999", "ends beyond the text"),
    ] {
        let out = presscut(data.path())
            .args(["code", SEED_ID, s, e, "X"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why) && err.lines().count() == 1, "{err}");
    }
    let out = presscut(data.path())
        .args(["code", SEED_ID, "-1", "4", "X"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!data.path().join("log").exists(), "nothing was written");
}

#[test]
fn the_codebook_is_defined_counted_and_round_trips_through_qdc_and_json() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (start, end, _) = span_of(d, None, "Vladimir Putin");
    ok(presscut(d).args([
        "code",
        SEED_ID,
        &start.to_string(),
        &end.to_string(),
        "Akteur",
    ]));
    ok(presscut(d).args([
        "codebook",
        "define",
        "Akteure & Institutionen",
        "--definition",
        "Wer handelt <öffentlich>",
    ]));
    ok(presscut(d).args([
        "codebook",
        "define",
        "akteur",
        "--parent",
        "Akteure & Institutionen",
        "--definition",
        "Eine Person, die handelt",
        "--color",
        "#d9534f",
    ]));
    let bad = presscut(d)
        .args(["codebook", "define", "X", "--color", "red"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let book: serde_json::Value =
        serde_json::from_str(&ok(presscut(d).args(["codebook", "--json"]))).unwrap();
    let akteur = book
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Akteur")
        .unwrap();
    assert_eq!(akteur["passages"], 1);
    assert_eq!(akteur["parent"], "Akteure & Institutionen");
    assert_eq!(akteur["color"], "#d9534f");
    let text = ok(presscut(d).arg("codebook"));
    assert!(
        text.contains("Akteur\t1\tAkteure & Institutionen\tEine Person, die handelt"),
        "{text}"
    );
    for format in ["qdc", "json"] {
        let file = d.join(format!("book.{format}"));
        let out = presscut(d)
            .args(["codebook", "export", "--format", format, "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let other = tempfile::tempdir().unwrap();
        let out = ok(presscut(other.path())
            .args(["codebook", "import"])
            .arg(&file));
        assert!(out.contains("2 code(s): 2 added"), "{out}");
        let again: serde_json::Value =
            serde_json::from_str(&ok(presscut(other.path()).args(["codebook", "--json"]))).unwrap();
        for (a, b) in book
            .as_array()
            .unwrap()
            .iter()
            .zip(again.as_array().unwrap())
        {
            for field in ["name", "parent", "definition", "color"] {
                assert_eq!(a[field], b[field], "{format}: {field}");
            }
        }
        // Importing again merges and says so.
        let out = ok(presscut(other.path())
            .args(["codebook", "import"])
            .arg(&file));
        assert!(out.contains("2 already in the codebook"), "{out}");
    }
    let broken = d.join("broken.qdc");
    std::fs::write(&broken, "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n<Code isCodable=\"true\">\n").unwrap();
    let out = presscut(d)
        .args(["codebook", "import"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.qdc") && err.contains("line"), "{err}");
}

#[test]
fn a_passage_follows_its_article_when_the_text_is_corrected_and_check_reports_lost_ones() {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let d = data.path();
    let file = corpus.path().join("story.txt");
    let body = "Tram vote\\n\\nThe council voted on Tuesday to expand the tram network to the northern districts. \
                The mayor said the first line would open in two years.";
    std::fs::write(&file, body.replace("\\n", "\n")).unwrap();
    let (start, end, id) = span_of(d, Some(corpus.path()), "expand the tram network");
    let code = |args: &[&str]| {
        let mut cmd = presscut(d);
        cmd.args(args).arg("--corpus").arg(corpus.path());
        ok(&mut cmd)
    };
    code(&["code", &id, &start.to_string(), &end.to_string(), "Verkehr"]);
    code(&["code", &id, "0", "3", "Artikel"]);
    // A correction before the passage: the id changes, the passage moves with its words.
    std::fs::write(
        &file,
        body.replace("\\n", "\n").replace(
            "The council voted",
            "After a long debate, the city council voted",
        ),
    )
    .unwrap();
    let check = code(&["check"]);
    assert!(check.contains(&format!("re-attached: {id} → ")), "{check}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&code(&["codes", "--json"])).unwrap();
    let verkehr = rows.iter().find(|r| r["code"] == "Verkehr").unwrap();
    assert_eq!(verkehr["text"], "expand the tram network");
    assert_ne!(verkehr["article"], id.as_str());
    assert!(verkehr["start"].as_u64().unwrap() > start as u64);
    // A passage whose words are gone is reported and kept.
    let now = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        now.replace("expand the tram network", "extend the light rail"),
    )
    .unwrap();
    let check = code(&["check"]);
    assert!(
        check.contains("passage not found")
            && check.contains("Verkehr by ana \"expand the tram network\""),
        "{check}"
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&code(&["codes", "--json"])).unwrap();
    assert_eq!(rows.len(), 2, "nothing is dropped");
}

#[test]
fn search_finds_articles_by_code() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let corpus = common::manifest_path("tests/fixtures/wikinews");
    let list = ok(presscut(d).args(["list", "--corpus"]).arg(&corpus));
    let ids: Vec<&str> = list
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    ok(presscut(d)
        .args(["code", ids[2], "0", "4", "Akteur"])
        .arg("--corpus")
        .arg(&corpus));
    let hits = ok(presscut(d)
        .args(["search", "code:akteur", "--corpus"])
        .arg(&corpus));
    assert_eq!(hits.lines().count(), 1, "{hits}");
    assert!(hits.starts_with(ids[2]), "{hits}");
    let rest = ok(presscut(d)
        .args(["search", "--limit", "100", "--corpus"])
        .arg(&corpus)
        .args(["--", "-code:Akteur"]));
    assert_eq!(rest.lines().count(), ids.len() - 1, "{rest}");
    let out = presscut(d)
        .args(["search", "code:", "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("code: needs a code name"));
}

#[test]
fn codes_matrix_counts_overlapping_codes_and_codes_by_outlet_and_month() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (start, end, _) = span_of(d, None, "Lt. Gen. Yaroslav Moskalik was killed");
    let (name_start, name_end, _) = span_of(d, None, "Yaroslav Moskalik");
    let (far_start, far_end, _) = span_of(d, None, "Maria Zakharova");
    for (s, e, code) in [
        (start, end, "Gewalt"),
        (name_start, name_end, "Akteur"),
        (far_start, far_end, "Akteur"),
    ] {
        ok(presscut(d).args(["code", SEED_ID, &s.to_string(), &e.to_string(), code]));
    }
    // Akteur twice, Gewalt once; one Akteur passage lies inside the Gewalt one.
    assert_eq!(
        ok(presscut(d).args(["codes", "--matrix", "codes"])),
        "code\tAkteur\tGewalt\nAkteur\t2\t1\nGewalt\t1\t1\n"
    );
    assert_eq!(
        ok(presscut(d).args(["codes", "--matrix", "outlet"])),
        "code\tAntiwar.com\nAkteur\t2\nGewalt\t1\n"
    );
    let months: serde_json::Value = serde_json::from_str(&ok(
        presscut(d).args(["codes", "--matrix", "month", "--json"])
    ))
    .unwrap();
    assert_eq!(
        months,
        serde_json::json!({"rows": ["Akteur", "Gewalt"], "columns": ["2025-04"], "counts": [[2], [1]]})
    );
    let csv = ok(presscut(d).args(["codes", "--matrix", "codes", "--csv"]));
    assert_eq!(csv, "code,Akteur,Gewalt\nAkteur,2,1\nGewalt,1,1\n");
    presscut(d)
        .args(["codes", "--matrix", "weekday"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn a_code_is_renamed_merged_and_deleted_across_coders_with_the_counts_said() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let (s1, e1, _) = span_of(d, None, "Lt. Gen. Yaroslav Moskalik");
    let (s2, e2, _) = span_of(d, None, "Moscow");
    let (s1, e1, s2, e2) = (
        s1.to_string(),
        e1.to_string(),
        s2.to_string(),
        e2.to_string(),
    );
    ok(presscut(d).args(["code", SEED_ID, &s1, &e1, "Militär"]));
    ok(presscut(d)
        .env("PRESSCUT_CODER", "ben")
        .args(["code", SEED_ID, &s1, &e1, "Militär", "Armee"]));
    ok(presscut(d).args(["code", SEED_ID, &s2, &e2, "Ort"]));
    assert_eq!(
        ok(presscut(d).args(["codebook", "rename", "militär", "Streitkräfte"])),
        "code Militär renamed to Streitkräfte: 2 passage(s) in 1 article(s) by 2 coder(s)\n"
    );
    // Onto an existing name: a merge; ben's two codings of one span become one.
    assert_eq!(
        ok(presscut(d).args(["codebook", "rename", "Armee", "streitkräfte"])),
        "code Armee merged into Streitkräfte: 1 passage(s) in 1 article(s) by 1 coder(s)\n"
    );
    let rows = codes_json(d);
    let mut codes: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().into(),
                r["coder"].as_str().unwrap().into(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        vec![
            ("Ort".into(), "ana".into()),
            ("Streitkräfte".into(), "ana".into()),
            ("Streitkräfte".into(), "ben".into()),
        ]
    );
    assert_eq!(
        ok(presscut(d).args(["codebook", "delete", "Streitkräfte"])),
        "code Streitkräfte deleted with its 2 passage(s) in 1 article(s) by 2 coder(s)\n"
    );
    assert_eq!(codes_json(d).len(), 1);
    let book: Vec<serde_json::Value> =
        serde_json::from_str(&ok(presscut(d).args(["codebook", "--json"]))).unwrap();
    assert_eq!(book.len(), 1, "{book:?}");
    let out = presscut(d)
        .args(["codebook", "delete", "nichts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no code \"nichts\""));
}
