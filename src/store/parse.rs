//! Reading an operation line fast. serde's internally tagged enums (`"op": "tag"`) buffer every
//! field before they can pick the variant, which made reading a large log twice as slow as the
//! rest of the fold; a flat struct with every field optional reads straight from the text, then
//! becomes the [`Change`]. A test round-trips every variant through serde's writer and this
//! reader, so the two cannot drift apart.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::op::{Change, Op};

#[derive(Deserialize)]
struct FlatOp {
    op: String,
    coder: String,
    at: String,
    id: Option<String>,
    tag: Option<String>,
    read: Option<bool>,
    note: Option<String>,
    was: Option<String>,
    path: Option<String>,
    title: Option<String>,
    sketch: Option<String>,
    updated: Option<String>,
    from: Option<String>,
    to: Option<String>,
    key: Option<String>,
    color: Option<String>,
    name: Option<String>,
    query: Option<String>,
    code: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
    exact: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    memo: Option<String>,
    parent: Option<String>,
    definition: Option<String>,
    guid: Option<String>,
    fix: Option<super::correction::Fix>,
    passages: Option<Vec<super::recode::PlacedPassage>>,
    value: Option<String>,
    done: Option<bool>,
    item: Option<String>,
    settled: Option<bool>,
    fields: Option<Map<String, Value>>,
}

/// One log line as an operation, or why it is not one.
pub fn parse_op(text: &str) -> Result<Op, String> {
    let flat: FlatOp =
        serde_json::from_str(text).map_err(|e| format!("not a readable operation: {e}"))?;
    let kind = flat.op.clone();
    let missing = |field: &str| format!("a {kind:?} operation without {field:?}");
    let need = |value: Option<String>, field: &str| value.ok_or_else(|| missing(field));
    let span = |start: Option<usize>, end: Option<usize>| match (start, end) {
        (Some(s), Some(e)) => Ok((s, e)),
        _ => Err(missing("start/end")),
    };
    let change = match kind.as_str() {
        "tag" => Change::Tag {
            id: need(flat.id, "id")?,
            tag: need(flat.tag, "tag")?,
        },
        "untag" => Change::Untag {
            id: need(flat.id, "id")?,
            tag: need(flat.tag, "tag")?,
        },
        "read" => Change::Read {
            id: need(flat.id, "id")?,
            read: flat.read.ok_or_else(|| missing("read"))?,
        },
        "note" => Change::Note {
            id: need(flat.id, "id")?,
            note: need(flat.note, "note")?,
            was: flat.was.unwrap_or_default(),
        },
        "hint" => Change::Hint {
            id: need(flat.id, "id")?,
            path: flat.path,
            title: flat.title,
            sketch: flat.sketch,
            updated: flat.updated,
        },
        "move" => Change::Move {
            from: need(flat.from, "from")?,
            to: need(flat.to, "to")?,
        },
        "tag-create" => Change::TagCreate {
            tag: need(flat.tag, "tag")?,
            key: flat.key,
            color: flat.color,
        },
        "tag-forget" => Change::TagForget {
            tag: need(flat.tag, "tag")?,
        },
        "tag-rename" => Change::TagRename {
            from: need(flat.from, "from")?,
            to: need(flat.to, "to")?,
        },
        "tag-delete" => Change::TagDelete {
            tag: need(flat.tag, "tag")?,
        },
        "search-save" => Change::SearchSave {
            name: need(flat.name, "name")?,
            query: need(flat.query, "query")?,
        },
        "search-delete" => Change::SearchDelete {
            name: need(flat.name, "name")?,
        },
        "code" => {
            let (start, end) = span(flat.start, flat.end)?;
            Change::Code {
                id: need(flat.id, "id")?,
                start,
                end,
                code: need(flat.code, "code")?,
                exact: need(flat.exact, "exact")?,
                prefix: flat.prefix.unwrap_or_default(),
                suffix: flat.suffix.unwrap_or_default(),
                memo: flat.memo.unwrap_or_default(),
                path: flat.path,
            }
        }
        "uncode" => {
            let (start, end) = span(flat.start, flat.end)?;
            Change::Uncode {
                id: need(flat.id, "id")?,
                start,
                end,
                code: need(flat.code, "code")?,
            }
        }
        "memo" => {
            let (start, end) = span(flat.start, flat.end)?;
            Change::Memo {
                id: need(flat.id, "id")?,
                start,
                end,
                code: need(flat.code, "code")?,
                memo: need(flat.memo, "memo")?,
            }
        }
        "adjudicate" => Change::Adjudicate {
            id: need(flat.id, "id")?,
            item: need(flat.item, "item")?,
            settled: flat.settled,
            from: flat.from,
        },
        "finish" => Change::Finish {
            id: need(flat.id, "id")?,
            done: flat.done.ok_or_else(|| missing("done"))?,
        },
        "code-rename" => Change::CodeRename {
            from: need(flat.from, "from")?,
            to: need(flat.to, "to")?,
        },
        "code-delete" => Change::CodeDelete {
            code: need(flat.code, "code")?,
        },
        "code-restore" => Change::CodeRestore {
            code: need(flat.code, "code")?,
            parent: flat.parent,
            definition: flat.definition,
            color: flat.color,
            key: flat.key,
            guid: flat.guid,
            passages: flat.passages.ok_or_else(|| missing("passages"))?,
        },
        "correct" => {
            let (start, end) = span(flat.start, flat.end)?;
            Change::Correct {
                id: need(flat.id, "id")?,
                start,
                end,
                fix: flat.fix.ok_or_else(|| missing("fix"))?,
                value: flat.value,
                exact: need(flat.exact, "exact")?,
                prefix: flat.prefix.unwrap_or_default(),
                suffix: flat.suffix.unwrap_or_default(),
                path: flat.path,
            }
        }
        "code-define" => Change::CodeDefine {
            code: need(flat.code, "code")?,
            parent: flat.parent,
            definition: flat.definition,
            color: flat.color,
            key: flat.key,
            guid: flat.guid,
        },
        "keep" => Change::Keep {
            id: flat.id,
            tag: flat.tag,
            fields: flat.fields.ok_or_else(|| missing("fields"))?,
        },
        other => {
            return Err(format!(
                "an operation this presscut does not know ({other:?}), from a newer version?"
            ))
        }
    };
    Ok(Op {
        change,
        coder: flat.coder,
        at: flat.at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_reads_back_as_serde_wrote_it() {
        let s = |v: &str| v.to_string();
        let fields: Map<String, Value> = serde_json::from_str(r#"{"x":[1,"ü"]}"#).unwrap();
        let changes = vec![
            Change::Tag {
                id: s("a"),
                tag: s("Krim"),
            },
            Change::Untag {
                id: s("a"),
                tag: s("Krim"),
            },
            Change::Read {
                id: s("a"),
                read: false,
            },
            Change::Note {
                id: s("a"),
                note: s("n\n\"q\""),
                was: s("abc"),
            },
            Change::Note {
                id: s("a"),
                note: String::new(),
                was: String::new(),
            },
            Change::Hint {
                id: s("a"),
                path: Some(s("p")),
                title: None,
                sketch: Some(s("s")),
                updated: Some(s("u")),
            },
            Change::Move {
                from: s("a"),
                to: s("b"),
            },
            Change::TagCreate {
                tag: s("t"),
                key: Some(s("1")),
                color: None,
            },
            Change::TagForget { tag: s("t") },
            Change::TagRename {
                from: s("t"),
                to: s("u"),
            },
            Change::TagDelete { tag: s("t") },
            Change::SearchSave {
                name: s("n"),
                query: s("q"),
            },
            Change::SearchDelete { name: s("n") },
            Change::Code {
                id: s("a"),
                start: 3,
                end: 9,
                code: s("C"),
                exact: s("e"),
                prefix: s("p"),
                suffix: String::new(),
                memo: s("m"),
                path: Some(s("x.txt")),
            },
            Change::Uncode {
                id: s("a"),
                start: 3,
                end: 9,
                code: s("C"),
            },
            Change::CodeRename {
                from: s("Bau"),
                to: s("Neubau"),
            },
            Change::CodeDelete { code: s("Bau") },
            Change::Finish {
                id: s("a"),
                done: true,
            },
            Change::Adjudicate {
                id: s("a"),
                item: s("tag:Krim"),
                settled: Some(false),
                from: Some(s("ben")),
            },
            Change::Adjudicate {
                id: s("a"),
                item: s("code:Zitat"),
                settled: None,
                from: None,
            },
            Change::CodeRestore {
                code: s("Bau"),
                parent: Some(s("Stadt")),
                definition: None,
                color: Some(s("#aabbcc")),
                key: None,
                guid: None,
                passages: vec![super::super::recode::PlacedPassage {
                    id: s("a"),
                    passage: crate::store::Passage {
                        code: s("Bau"),
                        coder: s("ben"),
                        created: s("2026-12-01T10:00:00Z"),
                        end: 9,
                        exact: s("Brücke"),
                        memo: s("m"),
                        path: None,
                        prefix: String::new(),
                        start: 3,
                        suffix: s("x"),
                    },
                }],
            },
            Change::Correct {
                id: s("a"),
                start: 3,
                end: 9,
                fix: super::super::correction::Fix::Speaker,
                value: Some(s("Zoë")),
                exact: s("e"),
                prefix: String::new(),
                suffix: s("s"),
                path: None,
            },
            Change::Correct {
                id: s("a"),
                start: 3,
                end: 9,
                fix: super::super::correction::Fix::RestoreEntity,
                value: None,
                exact: s("e"),
                prefix: s("p"),
                suffix: String::new(),
                path: Some(s("x.txt")),
            },
            Change::Memo {
                id: s("a"),
                start: 3,
                end: 9,
                code: s("C"),
                memo: s("m"),
            },
            Change::CodeDefine {
                code: s("C"),
                parent: Some(s("P")),
                definition: None,
                color: Some(s("#ffffff")),
                key: None,
                guid: Some(s("g")),
            },
            Change::Keep {
                id: None,
                tag: Some(s("t")),
                fields,
            },
        ];
        for change in changes {
            let op = Op {
                change,
                coder: s("ana"),
                at: s("2026-12-03T10:00:00.000000001Z"),
            };
            let line = serde_json::to_string(&op).unwrap();
            assert_eq!(parse_op(&line), Ok(op.clone()), "{line}");
            // And serde's own reader agrees (the format is serde's).
            assert_eq!(serde_json::from_str::<Op>(&line).unwrap(), op);
        }
        assert!(parse_op(r#"{"op":"tag","id":"a","coder":"c","at":"t"}"#)
            .unwrap_err()
            .contains("\"tag\""));
        assert!(parse_op(r#"{"op":"teleport","coder":"c","at":"t"}"#)
            .unwrap_err()
            .contains("newer version"));
    }
}
