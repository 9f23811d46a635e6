//! The reader's cursor and selection, as helix and vim users move: `w`/`b` by word, `)`/`(` by
//! sentence, `}`/`{` by paragraph, `v` to anchor a selection the motions then extend, and `s`,
//! `p`, `o` to select a sentence, a paragraph, or the entity or quote under the cursor. The
//! cursor is the reader's span cursor (the one `]e`, `]q` and `n` move); what is done with a
//! selection (coding it) is in `passages.rs`. Offsets are bytes of the article body.

use std::ops::Range;

use super::reader::{Piece, ReaderLine};
use super::{Action, App, Focus, SpanCursor, SpanKind};

/// The words (byte ranges of the body) of laid-out reader lines, in order.
fn body_words(lines: &[ReaderLine]) -> impl DoubleEndedIterator<Item = Range<usize>> + '_ {
    lines
        .iter()
        .filter_map(|line| match line {
            ReaderLine::Body(pieces) => Some(pieces),
            _ => None,
        })
        .flatten()
        .filter_map(|piece| match piece {
            Piece::Word(range) => Some(range.clone()),
            Piece::Speaker(_) => None,
        })
}

impl App {
    /// The selected text: from the anchor to the cursor, whichever comes first.
    pub fn selection(&self) -> Option<Range<usize>> {
        let anchor = self.reader.anchor.as_ref()?;
        let cursor = self
            .reader
            .span_cursor
            .as_ref()
            .map_or(anchor, |c| &c.range);
        Some(anchor.start.min(cursor.start)..anchor.end.max(cursor.end))
    }

    /// Every word of the open article in reading order (byte ranges), from its layout.
    pub(super) fn words(&self) -> Vec<Range<usize>> {
        body_words(&self.reader.lines).collect()
    }

    /// Byte ranges of the first and last body line on screen.
    pub(super) fn visible_bytes(&self) -> Option<Range<usize>> {
        let rows = self.reader_rows().max(1);
        let end = (self.reader.scroll + rows).min(self.reader.lines.len());
        let on_screen = self.reader.lines.get(self.reader.scroll..end)?;
        let mut words = body_words(on_screen);
        let first = words.next()?;
        let last = words.next_back().unwrap_or_else(|| first.clone());
        Some(first.start..last.end)
    }

    /// Where motions start from: the cursor when it is on screen, else the top of the screen
    /// (after scrolling with `j`/`k`, `w` starts where the reader is looking).
    pub(super) fn caret(&self) -> Option<usize> {
        let visible = self.visible_bytes();
        let cursor = self.reader.span_cursor.as_ref().map(|c| c.range.start);
        match (cursor, visible) {
            (Some(c), _) if self.reader.anchor.is_some() => Some(c),
            (Some(c), Some(v)) if c >= v.start && c < v.end => Some(c),
            (_, Some(v)) => Some(v.start),
            (c, None) => c,
        }
    }

    pub(super) fn set_cursor(&mut self, kind: SpanKind, range: Range<usize>) {
        self.reader.span_cursor = Some(SpanCursor { kind, range });
        self.scroll_to_cursor();
    }

    pub(super) fn word_at_caret(&self) -> Option<Range<usize>> {
        let caret = self.caret()?;
        let words = self.words();
        let at = words.partition_point(|w| w.end <= caret);
        words.get(at).or(words.last()).cloned()
    }

    pub(super) fn move_caret(&mut self, action: Action, index: usize) {
        let words = self.words();
        let Some(caret) = self.caret() else { return };
        let starts: Vec<usize> = match action {
            Action::WordNext | Action::WordPrev => words.iter().map(|w| w.start).collect(),
            Action::SentenceNext | Action::SentencePrev => {
                self.reader.sentences.iter().map(|s| s.start).collect()
            }
            _ => self.corpus.articles[index]
                .paragraphs()
                .filter(|(_, p)| !p.trim().is_empty())
                .map(|(offset, p)| offset + (p.len() - p.trim_start().len()))
                .collect(),
        };
        let forward = matches!(
            action,
            Action::WordNext | Action::SentenceNext | Action::ParagraphNext
        );
        // The cursor is on the screen's first word when it was not shown: `w` goes to it.
        let fresh = self
            .reader
            .span_cursor
            .as_ref()
            .is_none_or(|c| c.range.start != caret);
        let target = if forward && fresh && action == Action::WordNext {
            Some(caret)
        } else if forward {
            starts.iter().copied().find(|&s| s > caret)
        } else {
            starts.iter().rev().copied().find(|&s| s < caret)
        };
        let Some(target) = target else {
            self.screen.message = Some(
                if forward {
                    "end of the article"
                } else {
                    "start of the article"
                }
                .into(),
            );
            return;
        };
        let at = words.partition_point(|w| w.end <= target);
        if let Some(word) = words.get(at).cloned() {
            self.set_cursor(SpanKind::Word, word);
            self.describe_codes_at_cursor();
        }
    }

    /// Selects the sentence, paragraph, or entity/quote under the cursor.
    pub(super) fn select_unit(&mut self, action: Action, index: usize) {
        let Some(caret) = self.caret() else { return };
        let body = &self.corpus.articles[index].body;
        let unit = match action {
            Action::SelectSentence => self
                .reader
                .sentences
                .iter()
                .find(|s| s.end > caret)
                .cloned(),
            Action::SelectParagraph => self.corpus.articles[index]
                .paragraphs()
                .map(|(offset, p)| {
                    let trimmed = p.trim();
                    let start = offset + (p.len() - p.trim_start().len());
                    start..start + trimmed.len()
                })
                .find(|r| r.end > caret && !r.is_empty()),
            _ => {
                let analysis = self.analysis_of(index);
                let inside = |r: &Range<usize>| r.start <= caret && caret < r.end;
                let entity = analysis
                    .entities
                    .iter()
                    .filter(|e| inside(&e.range))
                    .min_by_key(|e| e.range.len())
                    .map(|e| (SpanKind::Entity, e.range.clone()));
                let quote = || {
                    analysis
                        .quotes
                        .iter()
                        .filter(|q| inside(&q.range))
                        .min_by_key(|q| q.range.len())
                        .map(|q| (SpanKind::Quote, q.range.clone()))
                };
                match entity.or_else(quote) {
                    Some((kind, range)) => {
                        self.reader.anchor = Some(range.clone());
                        self.set_cursor(kind, range);
                        self.screen.message = Some(format!(
                            "selected {}: c codes it",
                            if kind == SpanKind::Entity {
                                "the entity"
                            } else {
                                "the quote"
                            }
                        ));
                    }
                    None => {
                        self.screen.message =
                            Some("no entity or quote under the cursor (]e, ]q go to one)".into())
                    }
                }
                return;
            }
        };
        let Some(unit) = unit.filter(|u| body.get(u.clone()).is_some()) else {
            return;
        };
        // The cursor goes to the unit's last word, so `w` extends the selection past it.
        let words = self.words();
        let last = words
            .iter()
            .rev()
            .find(|w| w.start < unit.end)
            .cloned()
            .unwrap_or_else(|| unit.clone());
        self.reader.anchor = Some(unit.clone());
        self.set_cursor(SpanKind::Word, last);
        self.screen.message = Some(format!(
            "selected the {}: c codes it, w/b extend it",
            if action == Action::SelectSentence {
                "sentence"
            } else {
                "paragraph"
            }
        ));
    }

    /// Esc in the reader: drops the selection, then the cursor. `true` when it did.
    pub(super) fn drop_selection(&mut self) -> bool {
        if self.reader.anchor.take().is_some() {
            self.screen.message = Some("selection dropped".into());
            return true;
        }
        if self.screen.focus == Focus::Reader && self.reader.span_cursor.take().is_some() {
            return true;
        }
        false
    }
}
