//! Coding passages from the reader, without a mouse: the code picker and memo editor acting on
//! the selection (`cursor.rs` makes it), `]c`/`[c` between coded passages, quick codes, and the
//! coded spans the reader draws. This is what QualCoder or ATLAS.ti users do with a mouse drag,
//! done the way helix and vim users work: motions first, then the verb.
//!
//! Offsets here are bytes of the article body; the store keeps code points (DESIGN.md §7),
//! converted only where a passage is read or written.

use std::ops::Range;

use super::popup::{NoteEditor, Overlay, PickerRow, TagPicker};
use super::{Action, App, Effect, Focus, SpanKind};
use crate::store::{check_span, clean_tag, same_tag, Passage};

/// A coded passage of the open article as the reader draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedSpan {
    /// Byte range in the article body (re-anchored if the text changed since it was coded).
    pub range: Range<usize>,
    /// Its codes, each once, in codebook spelling (several coders may share one).
    pub codes: Vec<String>,
    /// Coders who coded it.
    pub coders: Vec<String>,
    /// The first memo written on it.
    pub memo: String,
    /// The colour of its first code that has one in the codebook (`#rrggbb`), as RGB.
    pub color: Option<(u8, u8, u8)>,
}

/// `#rrggbb` as RGB.
fn rgb(hex: &str) -> Option<(u8, u8, u8)> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let part = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((part(0)?, part(2)?, part(4)?))
}

/// The passage the code picker or memo editor acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassageTarget {
    pub id: String,
    /// Byte range in the body, for drawing.
    pub range: Range<usize>,
    /// Code points, as the store keeps them.
    pub chars: (usize, usize),
}

/// Code-point offset of byte `byte` in `text`.
fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.chars().count())
}

impl App {
    /// Who codes in this session (the store's coder; codings and memos are per coder).
    pub fn set_coder(&mut self, coder: &str) {
        self.coder = coder.to_string();
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// The coded passages of article `index`, merged per span, as byte ranges. A passage whose
    /// words moved is drawn where its selector finds them; one whose words are gone is not
    /// drawn (`presscut check` reports it, and it stays in the store).
    pub(super) fn coded_spans(&self, index: usize) -> Vec<CodedSpan> {
        let Some(article) = self.corpus.articles.get(index) else {
            return Vec::new();
        };
        let id = article.id.as_str();
        let passages: Vec<&Passage> = self
            .store
            .passages_of(id)
            .iter()
            .filter(|p| self.shows_passage(id, p))
            .collect();
        if passages.is_empty() {
            return Vec::new();
        }
        let body = article.body.as_str();
        let bytes: Vec<usize> = body
            .char_indices()
            .map(|(b, _)| b)
            .chain([body.len()])
            .collect();
        let mut spans: Vec<CodedSpan> = Vec::new();
        for p in passages {
            let in_place = bytes
                .get(p.start)
                .zip(bytes.get(p.end))
                .and_then(|(&s, &e)| body.get(s..e))
                .is_some_and(|text| text == p.exact);
            let (start, end) = if in_place {
                (p.start, p.end)
            } else {
                match p.anchor(body) {
                    Some(found) => found,
                    None => continue,
                }
            };
            let (Some(&start), Some(&end)) = (bytes.get(start), bytes.get(end)) else {
                continue;
            };
            match spans.iter_mut().find(|s| s.range == (start..end)) {
                Some(span) => {
                    if !span.codes.iter().any(|c| same_tag(c, &p.code)) {
                        span.codes.push(p.code.clone());
                    }
                    if !span.coders.contains(&p.coder) {
                        span.coders.push(p.coder.clone());
                    }
                    if span.memo.is_empty() {
                        span.memo = p.memo.clone();
                    }
                }
                None => spans.push(CodedSpan {
                    range: start..end,
                    codes: vec![p.code.clone()],
                    coders: vec![p.coder.clone()],
                    memo: p.memo.clone(),
                    color: None,
                }),
            }
        }
        for span in &mut spans {
            span.color = span.codes.iter().find_map(|code| {
                let name = self.store.existing_code(code)?;
                rgb(self.store.codes.get(name)?.color.as_deref()?)
            });
        }
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        spans
    }

    /// The cursor's word motions, the selection keys, the code picker, memo and `]c`.
    pub(super) fn passage_action(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Codebook {
            self.open_codebook();
            return Vec::new();
        }
        let Some(index) = self.reader.article else {
            return Vec::new();
        };
        self.screen.focus = Focus::Reader;
        match action {
            Action::WordNext
            | Action::WordPrev
            | Action::SentenceNext
            | Action::SentencePrev
            | Action::ParagraphNext
            | Action::ParagraphPrev => self.move_caret(action, index),
            Action::Select => {
                if self.reader.anchor.take().is_some() {
                    self.screen.message = Some("selection dropped".into());
                } else if let Some(word) = self.word_at_caret() {
                    self.reader.anchor = Some(word.clone());
                    self.set_cursor(SpanKind::Word, word);
                    self.screen.message = Some(
                        "selecting: move to extend (w b ) ( } {), c codes it, v or Esc drops it"
                            .into(),
                    );
                }
            }
            Action::SelectSentence | Action::SelectParagraph | Action::SelectObject => {
                self.select_unit(action, index)
            }
            Action::CodePicker => self.open_code_picker(),
            Action::Memo => return self.open_memo(),
            Action::NextCoded | Action::PrevCoded => self.jump_coded(action == Action::NextCoded),
            _ => {}
        }
        Vec::new()
    }

    /// What `c` and `m` act on: the selection; else the entity, quote or coded passage the
    /// cursor was moved to; else the innermost coded passage under the word cursor.
    pub(super) fn passage_target(&self) -> Option<PassageTarget> {
        let index = self.reader.article?;
        let article = self.corpus.articles.get(index)?;
        let range = self.selection().or_else(|| {
            let cursor = self.reader.span_cursor.as_ref()?;
            if cursor.kind != SpanKind::Word {
                return Some(cursor.range.clone());
            }
            self.reader
                .coded
                .iter()
                .filter(|s| s.range.start <= cursor.range.start && cursor.range.start < s.range.end)
                .min_by_key(|s| s.range.len())
                .map(|s| s.range.clone())
        })?;
        let body = article.body.as_str();
        body.get(range.clone())?;
        Some(PassageTarget {
            id: article.id.as_str().to_string(),
            chars: (char_offset(body, range.start), char_offset(body, range.end)),
            range,
        })
    }

    fn open_code_picker(&mut self) {
        let Some(target) = self.passage_target() else {
            self.screen.message =
                Some("select a passage first: v and a motion, s sentence, p paragraph, o entity or quote".into());
            return;
        };
        let mut picker = TagPicker {
            passage: Some(target),
            ..TagPicker::default()
        };
        picker.rows = self.code_rows_for("", picker.passage.as_ref());
        self.popups.push(Overlay::TagPicker(picker));
    }

    /// This coder's codings of exactly the target's span (one per code).
    fn my_codings<'a>(&'a self, target: &'a PassageTarget) -> impl Iterator<Item = &'a Passage> {
        self.store
            .passages_of(&target.id)
            .iter()
            .filter(move |p| (p.start, p.end) == target.chars && p.coder == self.coder)
    }

    /// Rows of the code picker: "create" first when the name is new, then the codes that match,
    /// best first; a code is ticked when this coder coded exactly this passage with it.
    pub(super) fn code_rows_for(
        &self,
        query: &str,
        target: Option<&PassageTarget>,
    ) -> Vec<PickerRow> {
        let query = query.trim();
        let mine: Vec<&Passage> = target.map_or_else(Vec::new, |t| self.my_codings(t).collect());
        let mut rows: Vec<(i64, PickerRow)> = self
            .store
            .code_counts()
            .into_iter()
            .filter_map(|(name, count)| {
                let label = self.code_path(&name);
                let score = crate::search::fuzzy_score(&label, query)?;
                let on = mine.iter().any(|p| same_tag(&p.code, &name));
                Some((score, PickerRow::Existing { name, count, on }))
            })
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut rows: Vec<PickerRow> = rows.into_iter().map(|(_, r)| r).collect();
        if let Some(new) = clean_tag(query) {
            if self.store.existing_code(&new).is_none() {
                rows.insert(0, PickerRow::Create(new));
            }
        }
        rows
    }

    /// A code's name under its parents (`frame/conflict`), as the picker and codebook show it.
    pub fn code_path(&self, code: &str) -> String {
        let mut path = code.to_string();
        let mut current = code.to_string();
        for _ in 0..8 {
            let parent = self
                .store
                .existing_code(&current)
                .and_then(|c| self.store.codes.get(c))
                .and_then(|r| r.parent.clone());
            match parent {
                Some(parent) if !same_tag(&parent, code) => {
                    path = format!("{parent}/{path}");
                    current = parent;
                }
                _ => break,
            }
        }
        path
    }

    /// Codes the target with `code`, or takes this coder's `code` off it when it has it.
    pub(super) fn toggle_code(&mut self, target: &PassageTarget, code: &str) -> Vec<Effect> {
        let Some(&index) = self.positions.get(&target.id) else {
            return Vec::new();
        };
        let article = &self.corpus.articles[index];
        let coded = self.my_codings(target).any(|p| same_tag(&p.code, code));
        let words = article.body[target.range.clone()]
            .split_whitespace()
            .count();
        if coded {
            let label = format!("uncoded {code} ({words} words)");
            return self.record_change(label, Some(vec![target.id.clone()]), |store, app| {
                store.uncode_passage(&target.id, target.chars, Some(code), &app.coder);
            });
        }
        let Some(selector) = self.selector_for(target) else {
            return Vec::new();
        };
        let label = format!("coded {words} words {code}");
        let effects = self.record_change(label, Some(vec![target.id.clone()]), |store, app| {
            store.code_passage(&target.id, target.chars, code, &selector, "", &app.coder);
        });
        if !effects.is_empty() {
            self.reader.anchor = None;
            self.set_cursor(SpanKind::Coded, target.range.clone());
        }
        effects
    }

    /// The target's words and context, with the article's path (so a coding or correction
    /// follows the article if its text changes); `None`, said in the status bar, for a span
    /// that cannot be anchored.
    pub(super) fn selector_for(
        &mut self,
        target: &PassageTarget,
    ) -> Option<crate::store::Selector> {
        let &index = self.positions.get(&target.id)?;
        let article = self.corpus.articles.get(index)?;
        match check_span(&article.body, target.chars.0, target.chars.1) {
            Ok(mut selector) => {
                selector.path = Some(article.origin.to_string());
                Some(selector)
            }
            Err(why) => {
                self.screen.message = Some(why);
                None
            }
        }
    }

    /// Digit keys with a selection: the code whose key is that digit.
    pub(super) fn quick_code(&mut self, n: u8) -> Option<Vec<Effect>> {
        self.reader.anchor.as_ref()?;
        let key = n.to_string();
        let code = self
            .store
            .codes
            .iter()
            .find(|(_, r)| r.key.as_deref() == Some(key.as_str()))
            .map(|(name, _)| name.clone());
        let Some(code) = code else {
            self.screen.message = Some(format!(
                "no code on key {n} (set one: presscut codebook define NAME --key {n})"
            ));
            return Some(Vec::new());
        };
        let target = self.passage_target()?;
        Some(self.toggle_code(&target, &code))
    }

    fn open_memo(&mut self) -> Vec<Effect> {
        let target = self.passage_target();
        let memo = target
            .as_ref()
            .and_then(|t| self.my_codings(t).next())
            .map(|p| p.memo.clone());
        let (Some(target), Some(memo)) = (target, memo) else {
            self.screen.message = Some(
                "no passage of yours under the cursor: code one first (c), then m writes its memo"
                    .into(),
            );
            return Vec::new();
        };
        let editor = crate::app::editor::TextEditor::new(&memo);
        self.popups.push(Overlay::NoteEditor(NoteEditor {
            id: target.id.clone(),
            original: memo,
            editor,
            memo_for: Some(target),
        }));
        Vec::new()
    }

    /// Saves the memo of every code this coder gave the passage.
    pub(super) fn save_memo(&mut self, target: &PassageTarget, memo: &str) -> Vec<Effect> {
        let codes: Vec<String> = self.my_codings(target).map(|p| p.code.clone()).collect();
        self.record_change(
            "memo saved".into(),
            Some(vec![target.id.clone()]),
            |store, app| {
                for code in &codes {
                    store.set_passage_memo(&target.id, target.chars, code, memo, &app.coder);
                }
            },
        )
    }

    fn jump_coded(&mut self, forward: bool) {
        let spans: Vec<Range<usize>> = self.reader.coded.iter().map(|s| s.range.clone()).collect();
        match self.next_span(&spans, SpanKind::Coded, forward) {
            Some(range) => {
                let n = spans.iter().position(|s| *s == range).map_or(0, |p| p + 1);
                self.reader.anchor = None;
                self.set_cursor(SpanKind::Coded, range);
                self.describe_codes_at_cursor();
                let codes = self.screen.message.take().unwrap_or_default();
                self.screen.message = Some(format!("passage {n} of {} · {codes}", spans.len()));
            }
            None if spans.is_empty() => {
                self.screen.message = Some("no coded passages in this article".into())
            }
            None => {
                self.screen.message = Some(format!(
                    "no coded passage {}",
                    if forward { "below" } else { "above" }
                ))
            }
        }
    }

    /// Shows the codes (and memo) of the passages under the cursor in the status bar.
    pub(super) fn describe_codes_at_cursor(&mut self) {
        let Some(cursor) = self.reader.span_cursor.as_ref().map(|c| c.range.clone()) else {
            return;
        };
        let here: Vec<&CodedSpan> = self
            .reader
            .coded
            .iter()
            .filter(|s| s.range.start <= cursor.start && cursor.start < s.range.end)
            .collect();
        if here.is_empty() {
            return;
        }
        let mut codes: Vec<String> = Vec::new();
        for span in &here {
            for code in &span.codes {
                let path = self.code_path(code);
                if !codes.contains(&path) {
                    codes.push(path);
                }
            }
        }
        let coders: Vec<&str> = here
            .iter()
            .flat_map(|s| s.coders.iter().map(String::as_str))
            .fold(Vec::new(), |mut all, c| {
                if !all.contains(&c) {
                    all.push(c);
                }
                all
            });
        let memo = here
            .iter()
            .map(|s| s.memo.as_str())
            .find(|m| !m.is_empty())
            .map(|m| format!(" · memo: {}", m.lines().next().unwrap_or("")))
            .unwrap_or_default();
        self.screen.message = Some(format!(
            "coded {} ({}){memo}",
            codes.join(", "),
            coders.join(", ")
        ));
    }
}

impl TagPicker {
    /// The picker serves tags and codes with one handler; this is where they part.
    pub(super) fn toggle(&self, name: &str, app: &mut App) -> Vec<Effect> {
        match &self.passage {
            Some(target) => {
                let target = target.clone();
                app.toggle_code(&target, name)
            }
            None => app.toggle_tag(name),
        }
    }

    pub(super) fn rows_for(&self, app: &App) -> Vec<PickerRow> {
        match &self.passage {
            Some(target) => app.code_rows_for(&self.query.text, Some(target)),
            None => app.picker_rows_for(&self.query.text),
        }
    }
}

/// The memo editor closing with Save.
pub(super) fn memo_saved(note: &NoteEditor, app: &mut App) -> Option<Vec<Effect>> {
    let target = note.memo_for.as_ref()?;
    Some(app.save_memo(target, note.editor.text.trim_end()))
}
