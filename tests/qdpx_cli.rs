//! `presscut export --format qdpx` as a researcher uses it: passages coded through the CLI by
//! two coders go out as a REFI-QDA project that the published schema accepts, whose selections
//! cover exactly the coded words of the source text stored with it, and whose codebook has
//! every code in use under the GUID the codebook export gives it.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use common::{manifest_path, presscut_in, stdout_of as ok};

const ZURICH: &str = "Zürich — “quoted” 東京 and 🎉 at the Stadthaus.\n\n\
Der Stadtrat von Zürich sagte: „Wir prüfen das.“ Tokyo (東京) antwortete nicht.\n";
const OTHER: &str = "Nothing coded here.\n\nJust a second article.\n";

struct Setup {
    data: tempfile::TempDir,
    corpus: tempfile::TempDir,
    /// Where the exports go (the data folder is no place for them: an export never replaces
    /// a file there).
    out: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let corpus = tempfile::tempdir().unwrap();
        std::fs::write(corpus.path().join("zurich.txt"), ZURICH).unwrap();
        std::fs::write(corpus.path().join("other.txt"), OTHER).unwrap();
        Setup {
            data: tempfile::tempdir().unwrap(),
            corpus,
            out: tempfile::tempdir().unwrap(),
        }
    }

    fn presscut(&self, coder: &str) -> assert_cmd::Command {
        let mut cmd = presscut_in(self.data.path());
        cmd.env("PRESSCUT_CODER", coder)
            .arg("--corpus")
            .arg(self.corpus.path());
        cmd
    }

    /// The article whose text has `needle`: its id, and the code-point span of `needle` in
    /// the text as `analyze` reports it.
    fn span_of(&self, needle: &str) -> (String, usize, usize) {
        let out = ok(self.presscut("ana").arg("analyze"));
        for line in out.lines() {
            let article: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = article["text"].as_str().unwrap();
            if let Some(byte) = text.find(needle) {
                let start = text[..byte].chars().count();
                let id = article["id"].as_str().unwrap().to_string();
                return (id, start, start + needle.chars().count());
            }
        }
        panic!("{needle:?} is in no article");
    }

    fn code(&self, coder: &str, needle: &str, codes: &[&str], memo: Option<&str>) {
        let (id, start, end) = self.span_of(needle);
        let mut cmd = self.presscut(coder);
        cmd.args(["code", &id, &start.to_string(), &end.to_string()])
            .args(codes);
        if let Some(memo) = memo {
            cmd.args(["--memo", memo]);
        }
        ok(&mut cmd);
    }
}

/// The archive's entries by name.
fn unzip(file: &Path) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut entries = HashMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        entries.insert(entry.name().unwrap().to_string(), text);
    }
    entries
}

/// Validates with xmllint against the published schema. Without xmllint the check is skipped
/// with a note, except in CI (env `CI` set; `.ci/run` installs it), where that fails.
fn assert_valid(file: &Path) {
    let xsd = manifest_path("tests/fixtures/refi-qda/Project.xsd");
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(file)
        .output();
    match output {
        Ok(output) => assert!(
            output.status.success(),
            "xmllint: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("xmllint is needed in CI (apt-get install libxml2-utils): {e}")
        }
        Err(e) => eprintln!("note: xmllint is not installed ({e}); schema validation skipped"),
    }
}

/// Each element of the document: name, attributes, and the name of the enclosing element.
type Element = (String, HashMap<String, String>, String);

fn elements(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        let (e, empty) = match reader.read_event().unwrap() {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Eof => return out,
            _ => continue,
        };
        let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                (key, a.unescape_value().unwrap().into_owned())
            })
            .collect();
        out.push((
            name.clone(),
            attrs,
            open.last().cloned().unwrap_or_default(),
        ));
        if !empty {
            open.push(name);
        }
    }
}

#[test]
fn coded_passages_go_out_as_a_valid_project_whose_selections_slice_the_sources() {
    let s = Setup::new();
    s.code(
        "ana",
        "“quoted” 東京",
        &["Zitat"],
        Some("„Memo“ mit <Zeichen> & 東京"),
    );
    s.code("ben", "“quoted” 東京", &["Zitat"], None);
    s.code("ben", "🎉", &["Emoji"], None);
    ok(s.presscut("ana")
        .args(["codebook", "define", "Stadt", "--parent", "Ort"]));
    s.code("ana", "Stadtrat von Zürich", &["Stadt", "Akteur"], None);
    s.code("ana", "(東京)", &["Ort"], None);

    // Binary: never to a terminal or a pipe.
    let refused = s
        .presscut("ana")
        .args(["export", "--format", "qdpx"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(message.contains("-o FILE"), "{message}");

    let file = s.out.path().join("project.qdpx");
    let out = s
        .presscut("ana")
        .args(["export", "--format", "qdpx", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exported 1 article(s) as qdpx"),
        "only the coded article (no tags, no note): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries = unzip(&file);
    let qde = &entries["project.qde"];
    let qde_file = s.out.path().join("project.qde");
    std::fs::write(&qde_file, qde).unwrap();
    assert_valid(&qde_file);

    let items = elements(qde);
    let of = |name: &str| -> Vec<&HashMap<String, String>> {
        items
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, a, _)| a)
            .collect()
    };
    let users: HashMap<&str, &str> = of("User")
        .iter()
        .map(|u| (u["guid"].as_str(), u["name"].as_str()))
        .collect();
    assert_eq!(
        users.values().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from(["ana", "ben"])
    );
    let codes: HashMap<&str, &str> = of("Code")
        .iter()
        .map(|c| (c["guid"].as_str(), c["name"].as_str()))
        .collect();
    // The hierarchy: Stadt inside Ort.
    let stadt = items
        .iter()
        .find(|(n, a, _)| n == "Code" && a["name"] == "Stadt");
    assert_eq!(stadt.map(|(_, _, parent)| parent.as_str()), Some("Code"));

    // Each selection, sliced out of its source file at its code points, with its code and coder.
    let mut got = BTreeSet::new();
    let mut source_text = String::new();
    let mut selection: Option<(usize, usize, &str)> = None;
    for (name, attrs, _) in &items {
        match name.as_str() {
            "TextSource" => {
                let path = attrs["plainTextPath"].strip_prefix("internal://").unwrap();
                assert_eq!(path, format!("{}.txt", attrs["guid"]));
                source_text = entries[&format!("sources/{path}")].clone();
                // The text as `analyze` reports it (the file's last line break is not part of it).
                assert_eq!(source_text, ZURICH.trim_end());
            }
            "PlainTextSelection" => {
                let start: usize = attrs["startPosition"].parse().unwrap();
                let end: usize = attrs["endPosition"].parse().unwrap();
                selection = Some((start, end, users[attrs["creatingUser"].as_str()]));
            }
            "CodeRef" => {
                let (start, end, coder) = selection.take().unwrap();
                let words: String = source_text.chars().skip(start).take(end - start).collect();
                let code = codes[attrs["targetGUID"].as_str()];
                got.insert((words, code.to_string(), coder.to_string()));
            }
            _ => {}
        }
    }
    // What `presscut codes` lists is what the project holds.
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(s.presscut("ana").args(["codes", "--json"]))).unwrap();
    let want: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap().to_string();
            (field("text"), field("code"), field("coder"))
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(got.len(), 6);
    assert!(got.contains(&("“quoted” 東京".into(), "Zitat".into(), "ben".into())));
    assert!(qde.contains("<Description>„Memo“ mit &lt;Zeichen&gt; &amp; 東京</Description>"));

    // Round trip: the codebook inside lists every code in use, under the GUID that
    // `codebook export` gives the same code.
    let used: BTreeSet<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let listed: BTreeSet<&str> = codes.values().copied().collect();
    assert!(used.is_subset(&listed), "{used:?} ⊄ {listed:?}");
    let qdc = ok(s
        .presscut("ana")
        .args(["codebook", "export", "--format", "qdc"]));
    let from_qdc: HashMap<String, String> = presscut::export::qdc::read_qdc(&qdc)
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.guid.unwrap_or_default()))
        .collect();
    for (guid, name) in &codes {
        assert_eq!(
            from_qdc.get(*name).map(String::as_str),
            Some(*guid),
            "{name}"
        );
    }
}

#[test]
fn all_articles_become_sources_and_the_file_rules_hold() {
    let s = Setup::new();
    s.code("ana", "🎉", &["Emoji"], None);
    let file = s.out.path().join("all.qdpx");
    ok(s.presscut("ana")
        .args(["export", "--all", "--format", "qdpx", "--output"])
        .arg(&file));
    let entries = unzip(&file);
    let sources: Vec<&String> = entries
        .keys()
        .filter(|k| k.starts_with("sources/"))
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    let qde_file = s.out.path().join("all.qde");
    std::fs::write(&qde_file, &entries["project.qde"]).unwrap();
    assert_valid(&qde_file);
    // As every export: an existing file only with --force, written atomically.
    let again = s
        .presscut("ana")
        .args(["export", "--format", "qdpx", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    ok(s.presscut("ana")
        .args(["export", "--format", "qdpx", "--force", "-o"])
        .arg(&file));
    assert_eq!(unzip(&file).len(), 2, "one source and project.qde");
    let leftovers: Vec<_> = std::fs::read_dir(s.out.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}
