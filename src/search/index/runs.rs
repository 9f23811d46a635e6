//! Where each word's postings are: one record per (word, segment). At a million articles
//! there are 26 million of them. Kept as fixed-width little-endian records rather than a
//! vector of structs, they are used where the mapped cache file has them — half a gigabyte of
//! heap less — and cost five integer reads when a search needs one.

use super::SharedBytes;

/// One record: segment, postings start and end, title postings start and end.
const RECORD: usize = 20;

/// Where one word's postings are in one segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct RunRef {
    pub(super) segment: u32,
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) title_start: u32,
    pub(super) title_end: u32,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub(super) struct RunTable(SharedBytes);

impl RunTable {
    pub(super) fn new(bytes: SharedBytes) -> Option<RunTable> {
        bytes
            .len()
            .is_multiple_of(RECORD)
            .then_some(RunTable(bytes))
    }

    pub(super) fn len(&self) -> usize {
        self.0.len() / RECORD
    }

    /// Records `range`; those past the end are left out.
    pub(super) fn range(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = RunRef> + '_ {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        let bytes = self.0.get(start * RECORD..end * RECORD).unwrap_or(&[]);
        bytes.chunks_exact(RECORD).map(|record| {
            let field = |i: usize| {
                let mut word = [0; 4];
                word.copy_from_slice(&record[i * 4..i * 4 + 4]);
                u32::from_le_bytes(word)
            };
            RunRef {
                segment: field(0),
                start: field(1),
                end: field(2),
                title_start: field(3),
                title_end: field(4),
            }
        })
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.0.heap_bytes()
    }
}

/// Appends records while an index is built.
#[derive(Default)]
pub(super) struct RunWriter(Vec<u8>);

impl RunWriter {
    pub(super) fn with_capacity(records: usize) -> RunWriter {
        RunWriter(Vec::with_capacity(records * RECORD))
    }

    pub(super) fn len(&self) -> usize {
        self.0.len() / RECORD
    }

    pub(super) fn push(&mut self, run: RunRef) {
        for field in [
            run.segment,
            run.start,
            run.end,
            run.title_start,
            run.title_end,
        ] {
            self.0.extend_from_slice(&field.to_le_bytes());
        }
    }

    pub(super) fn finish(self) -> RunTable {
        RunTable(SharedBytes::Owned(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written_and_a_range_past_the_end_is_cut() {
        let runs = [
            RunRef {
                segment: 0,
                start: 1,
                end: 2,
                title_start: 3,
                title_end: 4,
            },
            RunRef {
                segment: u32::MAX,
                start: 70_000,
                end: 1 << 31,
                title_start: 0,
                title_end: 255,
            },
        ];
        let mut writer = RunWriter::with_capacity(2);
        runs.iter().for_each(|r| writer.push(*r));
        assert_eq!(writer.len(), 2);
        let table = writer.finish();
        assert_eq!(table.len(), 2);
        assert_eq!(table.range(0..2).collect::<Vec<_>>(), runs);
        assert_eq!(table.range(1..9).collect::<Vec<_>>(), runs[1..]);
        assert_eq!(table.range(5..9).count(), 0);
        assert!(RunTable::new(SharedBytes::Owned(vec![0; 21])).is_none());
    }
}
