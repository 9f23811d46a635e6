//! `presscut quotes` and `presscut timeline` (DESIGN.md §7) on the Wikinews fixtures: who said
//! what with offsets that point at the quote in the text, and articles per period for a query.

mod common;

use common::{manifest_path, presscut_in, stdout_of as ok};

fn presscut(data: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = presscut_in(data);
    cmd.current_dir(manifest_path(""))
        .args(["--corpus", "tests/fixtures/wikinews"]);
    cmd
}

#[test]
fn quotes_of_a_speaker_point_at_their_words_newest_first() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let speakers: serde_json::Value =
        serde_json::from_str(&ok(presscut(d).args(["quotes", "--speakers", "--json"]))).unwrap();
    let counts: Vec<u64> = speakers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["quotes"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "ranked: {counts:?}"
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&ok(presscut(d).args([
        "quotes",
        "--speaker",
        "bolden",
        "--json",
    ])))
    .unwrap();
    assert_eq!(rows.len(), 2);
    // The offsets are characters of the text `analyze` reports.
    let analysis = ok(presscut(d).arg("analyze"));
    for row in &rows {
        assert_eq!(row["speaker"], "Charles Bolden");
        let article: serde_json::Value = analysis
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|a| a["id"] == row["article"])
            .expect("the article");
        let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
        let (s, e) = (
            row["start"].as_u64().unwrap() as usize,
            row["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..e].iter().collect::<String>(),
            row["text"].as_str().unwrap()
        );
    }
    let text = ok(presscut(d).args(["quotes", "--speaker", "bolden"]));
    assert!(
        text.starts_with("Charles Bolden\t2011-04-13\tWikinews\taf31fe7823bb\t\"We want"),
        "{text}"
    );
    let missing = presscut(d)
        .args(["quotes", "--speaker", "nobody-here"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("presscut quotes --speakers"));
}

#[test]
fn timeline_counts_a_querys_articles_per_period_oldest_first() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&ok(presscut(d).args(["timeline", "--json"]))).unwrap();
    let total: u64 = all.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 12, "every article counted once");
    assert_eq!(all[0]["period"], "2008", "2008 to 2017: by year");
    let periods: Vec<&str> = all.iter().filter_map(|b| b["period"].as_str()).collect();
    assert!(periods.windows(2).all(|w| w[0] < w[1]), "{periods:?}");
    let by_month: Vec<serde_json::Value> = serde_json::from_str(&ok(presscut(d).args([
        "timeline",
        "date:2008",
        "--by",
        "month",
        "--json",
    ])))
    .unwrap();
    assert_eq!(
        by_month[0],
        serde_json::json!({"period": "2008-01", "count": 1})
    );
    assert_eq!(
        by_month[2],
        serde_json::json!({"period": "2008-03", "count": 3})
    );
    let text = ok(presscut(d).args(["timeline", "date:2008", "--by", "month"]));
    assert!(text.starts_with("2008-01\t1\t"), "{text}");
}

#[test]
fn quote_finds_a_word_inside_quotes_and_combines_with_said() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = |q: &str| -> Vec<String> {
        ok(presscut(d).args(["search", q, "--limit", "50"]))
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    // "thank" is in Bolden's quote; "launch" is in that article's text but in no quote.
    assert_eq!(ids("quote:thank"), ["af31fe7823bb"]);
    assert!(ids("launch").contains(&"af31fe7823bb".to_string()));
    assert!(!ids("quote:launch").contains(&"af31fe7823bb".to_string()));
    assert_eq!(ids("said:bolden quote:decision"), ["af31fe7823bb"]);
    assert!(ids("said:bolden quote:crane").is_empty());
}

#[test]
fn clusters_group_a_republished_copy_with_its_original() {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(manifest_path("tests/fixtures/wikinews/gum_nasa.txt")).unwrap();
    // Republished: another outlet's headline line, a paragraph dropped, a few words changed.
    let mut paragraphs: Vec<&str> = original.split("\n\n").collect();
    paragraphs.remove(2);
    let copy = paragraphs
        .join("\n\n")
        .replace("Tuesday", "on Tuesday")
        .replace("national treasures", "treasures of the nation");
    std::fs::write(corpus.path().join("original.txt"), &original).unwrap();
    std::fs::write(
        corpus.path().join("copy.txt"),
        format!("Shuttles find homes\n\n{copy}"),
    )
    .unwrap();
    std::fs::copy(
        manifest_path("tests/fixtures/wikinews/gum_crane.txt"),
        corpus.path().join("other.txt"),
    )
    .unwrap();
    let mut cmd = presscut_in(data.path());
    cmd.arg("--corpus")
        .arg(corpus.path())
        .args(["clusters", "--json"]);
    let groups: serde_json::Value = serde_json::from_str(&ok(&mut cmd)).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["articles"].as_array().unwrap().len(), 2);
    let mut list = presscut_in(data.path());
    list.arg("--corpus").arg(corpus.path()).arg("list");
    let listed = ok(&mut list);
    let crane = listed
        .lines()
        .find(|l| l.contains("crane"))
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    assert!(!groups[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|id| id == crane.as_str()));
}
