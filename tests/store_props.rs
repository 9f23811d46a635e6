//! Properties of the operation-log store, on random inputs:
//! - whatever the interleaving of edits, commits and catch-ups by two writers (two coders, or one
//!   coder in two processes sharing a log), no edit is lost and every process agrees with a
//!   fresh fold;
//! - the log reader and the migration never fail or panic on any bytes, and keep every
//!   readable line.
//!
//! `PRESSCUT_FUZZ_CASES=N` runs N cases per property (the 10-minute run in BENCHMARKS.md).

use std::collections::BTreeSet;

use presscut::store::{ArticleHint, StoreData, StoreFile};
use proptest::prelude::*;

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PRESSCUT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

#[derive(Clone, Debug)]
enum Step {
    /// writer, article slot (0–2, own), tag number, on/off
    Tag(usize, usize, u8, bool),
    Note(usize, usize, u8),
    Read(usize, usize, bool),
    /// writer adds a tag to the shared article
    Shared(usize, u8),
    Commit(usize),
    CatchUp(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..2usize, 0..3usize, 0..4u8, any::<bool>())
            .prop_map(|(w, a, t, on)| Step::Tag(w, a, t, on)),
        (0..2usize, 0..3usize, any::<u8>()).prop_map(|(w, a, n)| Step::Note(w, a, n)),
        (0..2usize, 0..3usize, any::<bool>()).prop_map(|(w, a, r)| Step::Read(w, a, r)),
        (0..2usize, 0..6u8).prop_map(|(w, t)| Step::Shared(w, t)),
        (0..2usize).prop_map(Step::Commit),
        (0..2usize).prop_map(Step::CatchUp),
    ]
}

fn own_id(writer: usize, slot: usize) -> String {
    format!("w{writer}a{slot}")
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn interleaved_writers_never_lose_an_edit_and_agree_with_a_fresh_fold(
        steps in proptest::collection::vec(step(), 1..40),
        same_coder in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let hint = ArticleHint::default();
        let coders = if same_coder { ["ana", "ana"] } else { ["ana", "ben"] };
        let mut files = Vec::new();
        let mut data = Vec::new();
        for coder in coders {
            let (f, d) = StoreFile::open(dir.path(), coder).unwrap();
            files.push(f);
            data.push(d);
        }
        // What each writer last said about its own articles, and every shared tag added.
        let mut shared: BTreeSet<String> = BTreeSet::new();
        let mut own_model = [StoreData::default(), StoreData::default()];
        for step in steps {
            match step {
                Step::Tag(w, a, t, on) => {
                    data[w].set_tag(&own_id(w, a), &hint, &format!("t{t}"), on);
                    own_model[w].set_tag(&own_id(w, a), &hint, &format!("t{t}"), on);
                }
                Step::Note(w, a, n) => {
                    let note = format!("note {n} ✍");
                    data[w].set_note(&own_id(w, a), &hint, &note);
                    own_model[w].set_note(&own_id(w, a), &hint, &note);
                }
                Step::Read(w, a, r) => {
                    data[w].set_read(&own_id(w, a), &hint, r);
                    own_model[w].set_read(&own_id(w, a), &hint, r);
                }
                Step::Shared(w, t) => {
                    data[w].set_tag("shared", &hint, &format!("s{t}"), true);
                    shared.insert(format!("s{t}"));
                }
                Step::Commit(w) => files[w].commit(&mut data[w]).unwrap(),
                Step::CatchUp(w) => {
                    files[w].catch_up(&mut data[w]).unwrap();
                }
            }
        }
        for w in 0..2 {
            files[w].commit(&mut data[w]).unwrap();
        }
        for w in 0..2 {
            files[w].catch_up(&mut data[w]).unwrap();
        }
        let (_, on_disk) = StoreFile::open(dir.path(), "cleo").unwrap();
        prop_assert_eq!(&data[0], &on_disk, "writer 0 agrees with a fresh fold");
        prop_assert_eq!(&data[1], &on_disk, "writer 1 agrees with a fresh fold");
        for (w, model) in own_model.iter().enumerate() {
            for slot in 0..3 {
                let id = own_id(w, slot);
                let mut want = model.tags_of(&id).to_vec();
                let mut got = on_disk.tags_of(&id).to_vec();
                want.sort();
                got.sort();
                prop_assert_eq!(got, want, "tags of {}", id);
                prop_assert_eq!(on_disk.note_of(&id), model.note_of(&id), "note of {}", id);
                prop_assert_eq!(on_disk.is_read(&id), model.is_read(&id), "read of {}", id);
            }
        }
        let got: BTreeSet<String> = on_disk.tags_of("shared").iter().cloned().collect();
        prop_assert_eq!(got, shared);
    }
}

/// Log lines: valid operations, valid JSON that is no operation, and damaged bytes.
fn log_line() -> impl Strategy<Value = Vec<u8>> {
    let valid = (0..3u8, 0..4u8, any::<u32>()).prop_map(|(a, t, s)| {
        format!(
            r#"{{"op":"tag","id":"a{a}","tag":"t{t}","coder":"ana","at":"2026-01-01T00:00:{:02}.{s:09}Z"}}"#,
            s % 60
        )
        .into_bytes()
    });
    prop_oneof![
        4 => valid,
        1 => Just(br#"{"op":"future-op","x":1,"coder":"ana","at":"2026"}"#.to_vec()),
        1 => Just(br#"{"op":"note","id":"a1","coder":"ana"}"#.to_vec()),
        2 => proptest::collection::vec(any::<u8>(), 0..80),
    ]
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn the_log_reader_takes_any_bytes_and_keeps_every_readable_operation(
        lines in proptest::collection::vec(log_line(), 0..30),
        cut in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("log")).unwrap();
        let mut bytes = Vec::new();
        let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
        for line in &lines {
            // A line the reader must apply: one of ours, whole, on a line of its own.
            if let Ok(text) = std::str::from_utf8(line) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                    if v["op"] == "tag" && !text.contains('\n') {
                        expected.insert((
                            v["id"].as_str().unwrap().to_string(),
                            v["tag"].as_str().unwrap().to_string(),
                        ));
                    }
                }
            }
            bytes.extend_from_slice(line);
            bytes.push(b'\n');
        }
        if cut {
            bytes.extend_from_slice(br#"{"op":"tag","id":"a9","ta"#);
        }
        std::fs::write(dir.path().join("log/ana.jsonl"), &bytes).unwrap();
        let (mut file, mut state) = StoreFile::open(dir.path(), "ana").unwrap();
        // Random bytes may contain newlines that split a valid line: only assert on lines that
        // stayed whole, which are exactly those whose tag is now in the state.
        for (id, tag) in &expected {
            let whole = bytes.split(|&b| b == b'\n').any(|l| {
                std::str::from_utf8(l).is_ok_and(|t| t.contains(&format!(r#""id":"{id}","tag":"{tag}""#)))
            });
            if whole {
                prop_assert!(state.record(id).is_some_and(|r| r.has_tag(tag)), "{} {}", id, tag);
            }
        }
        prop_assert!(state.record("a9").is_none(), "a cut line is not applied");
        // Appending after damage works, and the result reopens the same.
        state.set_read("a0", &ArticleHint::default(), true);
        file.commit(&mut state).unwrap();
        let (_, reopened) = StoreFile::open(dir.path(), "ana").unwrap();
        prop_assert_eq!(reopened, state);
    }

    #[test]
    fn any_store_from_before_the_log_migrates_to_the_same_annotations(
        records in proptest::collection::btree_map(
            "[a-f0-9]{12}",
            (proptest::collection::vec("[A-Za-zÀ-ÿ ]{1,12}", 0..4), "\\PC{0,40}", any::<bool>()),
            0..12,
        ),
        searches in proptest::collection::btree_map("[a-z]{1,8}", "\\PC{1,30}", 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut old = StoreData::default();
        let hint = ArticleHint::default();
        for (id, (tags, note, read)) in &records {
            for tag in tags {
                old.set_tag(id, &hint, tag, true);
            }
            old.set_note(id, &hint, note);
            old.set_read(id, &hint, *read);
        }
        let mut value = serde_json::to_value(&old).unwrap();
        value["version"] = 1.into();
        value["searches"] = serde_json::to_value(&searches).unwrap();
        let text = serde_json::to_string_pretty(&value).unwrap();
        std::fs::write(dir.path().join("store.json"), &text).unwrap();
        let (_, migrated) = StoreFile::open(dir.path(), "ana").unwrap();
        // `updated` is set when an edit enters the log (a v1 store always had it; these
        // generated ones do not).
        let without_time = |s: &StoreData| {
            let mut articles = s.articles.clone();
            articles.values_mut().for_each(|r| r.updated = None);
            articles
        };
        prop_assert_eq!(without_time(&migrated), without_time(&old));
        prop_assert_eq!(&migrated.tags, &old.tags);
        prop_assert_eq!(&migrated.searches, &searches);
        if !old.articles.is_empty() || !old.tags.is_empty() || !searches.is_empty() {
            prop_assert_eq!(
                std::fs::read_to_string(dir.path().join("store.json.v1-backup")).unwrap(),
                text
            );
        }
    }
}
