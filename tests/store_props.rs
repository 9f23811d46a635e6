//! Property: whatever the interleaving of edits, saves and reloads by two writers sharing one
//! store, no edit is lost. Each writer owns some articles (its last word on them must survive)
//! and both add tags to one shared article (every tag added must survive).

use std::collections::BTreeSet;

use presscut::store::{ArticleHint, StoreData, StoreFile};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    /// writer, article slot (0–2, own), tag number, on/off
    Tag(usize, usize, u8, bool),
    Note(usize, usize, u8),
    Read(usize, usize, bool),
    /// writer adds a tag to the shared article
    Shared(usize, u8),
    Save(usize),
    Reload(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..2usize, 0..3usize, 0..4u8, any::<bool>())
            .prop_map(|(w, a, t, on)| Op::Tag(w, a, t, on)),
        (0..2usize, 0..3usize, any::<u8>()).prop_map(|(w, a, n)| Op::Note(w, a, n)),
        (0..2usize, 0..3usize, any::<bool>()).prop_map(|(w, a, r)| Op::Read(w, a, r)),
        (0..2usize, 0..6u8).prop_map(|(w, t)| Op::Shared(w, t)),
        (0..2usize).prop_map(Op::Save),
        (0..2usize).prop_map(Op::Reload),
    ]
}

fn own_id(writer: usize, slot: usize) -> String {
    format!("w{writer}a{slot}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn interleaved_writers_never_lose_an_edit(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let hint = ArticleHint::default();
        let mut files = Vec::new();
        let mut data = Vec::new();
        for _ in 0..2 {
            let (f, d) = StoreFile::open(dir.path()).unwrap();
            files.push(f);
            data.push(d);
        }
        // What each writer last said about its own articles, and every shared tag added.
        let mut shared: BTreeSet<String> = BTreeSet::new();
        let mut own_model = [StoreData::default(), StoreData::default()];
        for op in ops {
            match op {
                Op::Tag(w, a, t, on) => {
                    data[w].set_tag(&own_id(w, a), &hint, &format!("t{t}"), on);
                    own_model[w].set_tag(&own_id(w, a), &hint, &format!("t{t}"), on);
                }
                Op::Note(w, a, n) => {
                    let note = format!("note {n} ✍");
                    data[w].set_note(&own_id(w, a), &hint, &note);
                    own_model[w].set_note(&own_id(w, a), &hint, &note);
                }
                Op::Read(w, a, r) => {
                    data[w].set_read(&own_id(w, a), &hint, r);
                    own_model[w].set_read(&own_id(w, a), &hint, r);
                }
                Op::Shared(w, t) => {
                    data[w].set_tag("shared", &hint, &format!("s{t}"), true);
                    shared.insert(format!("s{t}"));
                }
                Op::Save(w) => data[w] = files[w].save(&data[w]).unwrap(),
                Op::Reload(w) => {
                    if let Some(merged) = files[w].reload_if_changed(&data[w]).unwrap() {
                        data[w] = merged;
                    }
                }
            }
        }
        for w in 0..2 {
            data[w] = files[w].save(&data[w]).unwrap();
        }
        let (_, on_disk) = StoreFile::open(dir.path()).unwrap();
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
