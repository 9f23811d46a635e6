//! A team through git: two machines commit and merge their data folders with real `git`, with
//! no conflict and the same fold on both; agreement and the audit log on the result.

mod common;

use std::path::Path;
use std::process::Command;

use common::{presscut_in, stdout_of as ok};

fn corpus() -> std::path::PathBuf {
    common::manifest_path("tests/fixtures/wikinews")
}

fn presscut(data: &Path, coder: &str) -> assert_cmd::Command {
    let mut cmd = presscut_in(data);
    cmd.env("PRESSCUT_CODER", coder)
        .arg("--corpus")
        .arg(corpus());
    cmd
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ids(data: &Path) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_str(&ok(presscut(data, "x").args(["list", "--json"]))).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn fold(data: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(presscut(data, "x").args(["list", "--json"]))).unwrap()
}

#[test]
fn two_machines_sync_through_git_without_a_conflict_and_fold_the_same() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    git(&a, &["init", "-q"]);
    let ids = ids(&a);
    // Machine A: ana tags, commits. Machine B clones it.
    for id in &ids[..6] {
        ok(presscut(&a, "ana").args(["tag", id, "Konflikt"]));
    }
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "ana"]);
    git(root.path(), &["clone", "-q", a.to_str().unwrap(), "b"]);
    // Both work at once: ben on B, and ana on both machines (one coder, two devices).
    for (i, id) in ids.iter().enumerate() {
        let tag = if i % 2 == 0 { "Konflikt" } else { "Wirtschaft" };
        ok(presscut(&b, "ben").args(["tag", id, tag]));
    }
    ok(presscut(&b, "ana").args(["note", &ids[0], "auf dem Laptop"]));
    ok(presscut(&a, "ana").args(["tag", &ids[7], "Wirtschaft"]));
    ok(presscut(&a, "ana").args(["untag", &ids[1], "Konflikt"]));
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "ana again"]);
    git(&b, &["add", "-A"]);
    git(&b, &["commit", "-qm", "ben and ana on b"]);
    // Merge both ways: no conflict (the logs are union-merged, derived files are ignored).
    git(&b, &["pull", "-q", "--no-rebase", "origin", "main"]);
    git(
        &a,
        &["pull", "-q", "--no-rebase", b.to_str().unwrap(), "main"],
    );
    let tracked = git(&a, &["ls-files"]);
    assert!(
        !tracked.contains("store.json"),
        "the snapshot stays out of git: {tracked}"
    );
    assert!(tracked.contains("log/ana.jsonl") && tracked.contains("log/ben.jsonl"));
    let (fold_a, fold_b) = (fold(&a), fold(&b));
    assert_eq!(fold_a, fold_b, "the same state on both machines");
    let first = &fold_a[0];
    let note = ok(presscut(&a, "x").args(["export", "--format", "jsonl"]));
    assert!(note.contains("auf dem Laptop"), "{note}");
    assert!(first["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "Konflikt"));
    // Agreement on the merged logs, and who did what.
    let report: serde_json::Value =
        serde_json::from_str(&ok(presscut(&a, "x").args(["agree", "--json"]))).unwrap();
    assert_eq!(report["coders"], serde_json::json!(["ana", "ben"]));
    let konflikt = &report["items"]["tag:Konflikt"];
    assert!(konflikt["units"].as_u64().unwrap() >= 5, "{report}");
    assert!(
        konflikt["kappa"].is_number() && konflikt["alpha"].is_number(),
        "{report}"
    );
    assert!(report["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["article"] == ids[1].as_str()));
    let text = ok(presscut(&a, "x").arg("agree"));
    assert!(
        text.contains("tag:Konflikt\t") && text.contains("disagree: "),
        "{text}"
    );
    let log: serde_json::Value =
        serde_json::from_str(&ok(presscut(&a, "x").args(["log", "--by", "ben", "--json"])))
            .unwrap();
    assert_eq!(
        log.as_array()
            .unwrap()
            .iter()
            .filter(|op| op["op"] == "tag")
            .count(),
        ids.len()
    );
    let lines = ok(presscut(&a, "x").args(["log", "--article", &ids[1][..6]]));
    assert!(
        lines.lines().any(|l| l.contains("\tana\tuntag\t")),
        "{lines}"
    );
}

#[test]
fn agree_needs_two_coders_and_names_unreadable_files() {
    let data = tempfile::tempdir().unwrap();
    let out = presscut(data.path(), "ana").arg("agree").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least two coders"));
    let out = presscut(data.path(), "ana")
        .args(["agree", "/nonexistent/ben.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/ben.jsonl"));
}

#[test]
fn export_only_one_coders_layer() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = ids(d);
    ok(presscut(d, "ana").args(["tag", &ids[0], "Konflikt"]));
    ok(presscut(d, "ben").args(["tag", &ids[0], "Wirtschaft"]));
    ok(presscut(d, "ben").args(["note", &ids[1], "bens Notiz"]));
    let everyone = ok(presscut(d, "x").args(["export", "--format", "jsonl"]));
    assert!(everyone.contains("Konflikt") && everyone.contains("Wirtschaft"));
    let ben = ok(presscut(d, "x").args(["export", "--format", "jsonl", "--only-coder", "ben"]));
    assert!(
        !ben.contains("Konflikt") && ben.contains("Wirtschaft") && ben.contains("bens Notiz"),
        "{ben}"
    );
    assert_eq!(ben.lines().count(), 2);
    let out = presscut(d, "x")
        .args(["export", "--only-coder", "cleo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no operations by coder \"cleo\"") && err.contains("ana, ben"),
        "{err}"
    );
}

#[test]
fn agree_measures_codes_on_the_characters_coders_coded() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let id = ids(d)[0].clone();
    // ana codes characters 10–40, ben 10–50 with the same code; ben also codes 60–70 alone.
    ok(presscut(d, "ana").args(["code", &id, "10", "40", "Rahmen"]));
    ok(presscut(d, "ben").args(["code", &id, "10", "50", "Rahmen"]));
    ok(presscut(d, "ben").args(["code", &id, "60", "70", "Rahmen"]));
    let report: serde_json::Value =
        serde_json::from_str(&ok(presscut(d, "ana").args(["agree", "--json"]))).unwrap();
    let item = &report["items"]["code:Rahmen"];
    assert_eq!(item["units"], 1);
    assert_eq!(item["agreement"], 1.0, "both coded it in the one article");
    let span = &item["span"];
    assert_eq!(span["characters"], 50, "10–50 and 60–70: what anyone coded");
    assert_eq!(
        span["agreement"], 0.6,
        "they agree on 30 of those 50 characters"
    );
    assert!(
        span["alpha"].as_f64().unwrap() < 0.0,
        "ana never codes where ben does not: {span}"
    );
    let text = ok(presscut(d, "ana").arg("agree"));
    assert!(text.contains("code:Rahmen\t1\t100.0%"), "{text}");
    assert!(text.contains("\t50\t60.0%\t"), "{text}");
}

#[test]
fn an_adjudicator_settles_disagreements_and_export_adjudicated_writes_the_settled_layer() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ids = ids(d);
    let (a, b) = (ids[0].as_str(), ids[1].as_str());
    ok(presscut(d, "ana").args(["tag", a, "Krim", "Wirtschaft"]));
    ok(presscut(d, "ben").args(["tag", a, "Krim"]));
    ok(presscut(d, "ana").args(["tag", b, "Kultur"]));
    ok(presscut(d, "ben").args(["tag", b, "Sport"]));
    let out =
        ok(presscut(d, "carla").args(["adjudicate", &a[..6], "tag:Wirtschaft", "--accept", "ana"]));
    assert_eq!(
        out,
        format!("{a} tag:Wirtschaft: settled: applies (as ana)\n")
    );
    ok(presscut(d, "carla").args(["adjudicate", b, "tag:Sport", "--not"]));
    // carla settled, she did not code: agreement stays between ana and ben.
    let report: serde_json::Value =
        serde_json::from_str(&ok(presscut(d, "carla").args(["agree", "--json"]))).unwrap();
    assert_eq!(report["coders"], serde_json::json!(["ana", "ben"]));
    let settled: Vec<&serde_json::Value> = report["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d.get("settled").is_some())
        .collect();
    assert_eq!(settled.len(), 2, "{report}");
    let text = ok(presscut(d, "carla").arg("agree"));
    assert!(
        text.contains("tag:Wirtschaft ana=yes ben=no settled=yes by carla as ana"),
        "{text}"
    );
    // The settled layer: agreed Krim and settled Wirtschaft on a; on b Sport settled no,
    // Kultur still open (left out, and counted on stderr).
    let out = presscut(d, "carla")
        .args(["export", "--adjudicated"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 disagreement(s) not settled yet"));
    let export: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tags_of = |id: &str| -> Vec<String> {
        let mut tags: Vec<String> = export["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .map(|x| {
                x["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        tags.sort();
        tags
    };
    assert_eq!(tags_of(a), ["Krim", "Wirtschaft"]);
    assert!(tags_of(b).is_empty());
    // Taken back: Wirtschaft is open again.
    ok(presscut(d, "carla").args(["adjudicate", a, "tag:Wirtschaft", "--undo"]));
    let out = presscut(d, "carla")
        .args(["export", "--adjudicated"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 disagreement(s)"));
    let bad = presscut(d, "carla")
        .args(["adjudicate", a, "Krim", "--not"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_colleagues_export_is_imported_as_their_layer_not_mixed_into_mine() {
    let mine = tempfile::tempdir().unwrap();
    let theirs = tempfile::tempdir().unwrap();
    let (m, t) = (mine.path(), theirs.path());
    let ids = ids(m);
    ok(presscut(m, "ana").args(["tag", &ids[0], "Krim"]));
    ok(presscut(m, "ana").args(["tag", &ids[1], "Krim"]));
    // ben works on his own machine, without git, and sends an export.
    ok(presscut(t, "ben").args(["tag", &ids[0], "Krim"]));
    ok(presscut(t, "ben").args(["tag", &ids[2], "Sport"]));
    let export = t.join("ben.json");
    ok(presscut(t, "ben").args(["export", "-o"]).arg(&export));
    let out = ok(presscut(m, "ana")
        .args(["import", "--as", "ben"])
        .arg(&export));
    assert!(out.starts_with("as ben's work (log/ben.jsonl):"), "{out}");
    assert!(m.join("log/ben.jsonl").exists());
    // ana's own log holds only her two tags.
    let ana_log = std::fs::read_to_string(m.join("log/ana.jsonl")).unwrap();
    assert_eq!(
        ana_log
            .lines()
            .filter(|l| l.contains("\"op\":\"tag\""))
            .count(),
        2
    );
    // ben's Krim on the first article is his even though ana had tagged it already.
    let report: serde_json::Value =
        serde_json::from_str(&ok(presscut(m, "ana").args(["agree", "--json"]))).unwrap();
    assert_eq!(report["coders"], serde_json::json!(["ana", "ben"]));
    let disagreements: Vec<(&str, &str)> = report["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["article"].as_str().unwrap(), d["item"].as_str().unwrap()))
        .collect();
    assert!(
        !disagreements.contains(&(ids[0].as_str(), "tag:Krim")),
        "{disagreements:?}"
    );
    // Importing the same export again adds nothing.
    let again = ok(presscut(m, "ana")
        .args(["import", "--as", "ben"])
        .arg(&export));
    assert!(again.contains(" 0 tag(s) added"), "{again}");
}

/// The goal at scale: two coders × 1,000 articles × 10 tags, one of them on two
/// machines, through real git: no conflict, no operation lost, the same fold on both sides.
#[test]
fn a_thousand_articles_by_two_coders_merge_through_git_losing_nothing() {
    use presscut::store::{ArticleHint, StoreFile};
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    git(&a, &["init", "-q"]);
    let hint = ArticleHint::default();
    // Appends `tags` for `articles` as `coder` in `dir`; returns how many operations.
    let work = |dir: &Path, coder: &str, articles: std::ops::Range<u32>, tags: &[&str]| {
        let (mut file, mut data) = StoreFile::open(dir, coder).expect("open");
        for i in articles {
            let id = format!("{i:012x}");
            for tag in tags {
                data.declare_tag(&id, &hint, tag, true);
            }
        }
        let changes = data.take_journal();
        file.append(&changes).expect("append");
        changes.len()
    };
    let tags: Vec<String> = (0..10).map(|t| format!("topic-{t}")).collect();
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    let mut written = work(&a, "ana", 0..500, &tags);
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-qm", "ana, first half"]);
    git(root.path(), &["clone", "-q", a.to_str().unwrap(), "b"]);
    // At once: ana finishes on machine A, ben codes everything on B, and ana also works on B.
    written += work(&a, "ana", 500..1000, &tags);
    written += work(&b, "ben", 0..1000, &tags);
    written += work(&b, "ana", 1000..1010, &tags[..2]);
    for (dir, msg) in [(&a, "a"), (&b, "b")] {
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-qm", msg]);
    }
    git(&b, &["pull", "-q", "--no-rebase", "origin", "main"]);
    git(
        &a,
        &["pull", "-q", "--no-rebase", b.to_str().unwrap(), "main"],
    );
    let lines = |dir: &Path| -> usize {
        ["ana", "ben"]
            .iter()
            .map(|c| {
                let text = std::fs::read_to_string(dir.join(format!("log/{c}.jsonl"))).unwrap();
                assert!(!text.contains("<<<<<<<"), "no conflict markers");
                text.lines().count()
            })
            .sum()
    };
    assert_eq!(lines(&a), written, "every operation on machine A");
    assert_eq!(lines(&b), written, "every operation on machine B");
    let (_, fold_a) = StoreFile::open(&a, "x").expect("open a");
    let (_, fold_b) = StoreFile::open(&b, "x").expect("open b");
    assert_eq!(fold_a, fold_b, "the same state on both machines");
    assert_eq!(fold_a.articles.len(), 1010);
    assert_eq!(fold_a.tags_of(&format!("{:012x}", 999)).len(), 10);
}

#[test]
fn export_of_everyones_work_names_who_applied_each_tag_and_whose_each_note_is() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let id = ids(d)[0].clone();
    ok(presscut(d, "ana").args(["tag", &id, "Krim"]));
    ok(presscut(d, "ben").args(["tag", &id, "Krim", "Sport"]));
    ok(presscut(d, "ana").args(["note", &id, "Anas Sicht"]));
    ok(presscut(d, "ben").args(["code", &id, "0", "10", "Titel"]));
    let export: serde_json::Value =
        serde_json::from_str(&ok(presscut(d, "ana").arg("export"))).unwrap();
    let article = &export["articles"][0];
    assert_eq!(
        article["tags"],
        serde_json::json!(["Krim", "Sport"]),
        "each tag once"
    );
    assert_eq!(
        article["coders"]["tags"],
        serde_json::json!({"Krim": ["ana", "ben"], "Sport": ["ben"]})
    );
    assert_eq!(
        article["coders"]["codes"],
        serde_json::json!({"Titel": ["ben"]})
    );
    assert_eq!(
        article["notes"],
        serde_json::json!([{"coder": "ana", "note": "Anas Sicht"}])
    );
    // One coder's layer says nothing of others.
    let theirs: serde_json::Value = serde_json::from_str(&ok(presscut(d, "ana").args([
        "export",
        "--only-coder",
        "ben",
    ])))
    .unwrap();
    assert!(theirs["articles"][0].get("coders").is_none());
    assert_eq!(
        theirs["articles"][0]["tags"],
        serde_json::json!(["Krim", "Sport"])
    );
}
