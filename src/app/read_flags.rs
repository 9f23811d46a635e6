//! Which articles are read, by corpus index, one bit each. Counting the unread articles of a
//! search's list reads these in ranked order, which jumps all over the corpus: at a million
//! articles a byte each (1 MB) fell out of the cache on every keystroke, a bit each (125 KB)
//! stays.

#[derive(Debug, Default)]
pub(super) struct ReadFlags {
    words: Vec<u64>,
    len: usize,
}

impl ReadFlags {
    pub(super) fn from_flags(flags: impl ExactSizeIterator<Item = bool>) -> Self {
        let mut read = ReadFlags {
            words: vec![0; flags.len().div_ceil(64)],
            len: flags.len(),
        };
        for (i, flag) in flags.enumerate() {
            read.set(i, flag);
        }
        read
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Whether article `i` is read; false for an index past the end.
    pub(super) fn get(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// Sets article `i`'s flag; an index past the end is ignored.
    pub(super) fn set(&mut self, i: usize, read: bool) {
        if i >= self.len {
            return;
        }
        let bit = 1u64 << (i % 64);
        if read {
            self.words[i / 64] |= bit;
        } else {
            self.words[i / 64] &= !bit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ReadFlags;

    #[test]
    fn flags_round_trip_across_word_boundaries() {
        let pattern: Vec<bool> = (0..200).map(|i| i % 3 == 0 || i == 63 || i == 64).collect();
        let mut flags = ReadFlags::from_flags(pattern.iter().copied());
        assert_eq!(flags.len(), 200);
        assert!((0..200).all(|i| flags.get(i) == pattern[i]));
        assert!(!flags.get(200) && !flags.get(10_000));
        flags.set(63, false);
        flags.set(127, true);
        flags.set(5_000, true);
        assert!(!flags.get(63) && flags.get(64) && flags.get(127) && flags.len() == 200);
    }
}
