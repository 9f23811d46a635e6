//! A segment's postings bytes: built in memory, or read in place from the mapped cache file.
//!
//! At a million articles the postings are a gigabyte. Reading the cached index into memory
//! held it twice while decoding (the file, then the copies) and once for good; used where the
//! mapped file has them, they cost no heap at all, and the pages a search touches stay in the
//! page cache, which the system can take back.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Whatever owns the bytes a [`SharedBytes`] slice lives in (a mapped file).
pub type Owner = Arc<dyn AsRef<[u8]> + Send + Sync>;

#[derive(Clone)]
pub enum SharedBytes {
    Owned(Vec<u8>),
    /// `len` bytes at `start` of what `owner` holds.
    Within {
        owner: Owner,
        start: usize,
        len: usize,
    },
}

impl SharedBytes {
    /// `slice`, which lies inside what `owner` holds, without a copy; a copy when it does not.
    pub fn within(owner: &Owner, slice: &[u8]) -> SharedBytes {
        let outer = (**owner).as_ref();
        let start = (slice.as_ptr() as usize).checked_sub(outer.as_ptr() as usize);
        match start {
            Some(start)
                if start
                    .checked_add(slice.len())
                    .is_some_and(|end| end <= outer.len()) =>
            {
                SharedBytes::Within {
                    owner: Arc::clone(owner),
                    start,
                    len: slice.len(),
                }
            }
            _ => SharedBytes::Owned(slice.to_vec()),
        }
    }

    /// Heap bytes held (a mapped slice holds none).
    pub fn heap_bytes(&self) -> usize {
        match self {
            SharedBytes::Owned(bytes) => bytes.capacity(),
            SharedBytes::Within { .. } => 0,
        }
    }
}

impl Default for SharedBytes {
    fn default() -> Self {
        SharedBytes::Owned(Vec::new())
    }
}

impl Deref for SharedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            SharedBytes::Owned(bytes) => bytes,
            SharedBytes::Within { owner, start, len } => {
                // `within` checked the range against the owner, which never changes.
                (**owner).as_ref().get(*start..start + len).unwrap_or(&[])
            }
        }
    }
}

impl fmt::Debug for SharedBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match self {
            SharedBytes::Owned(_) => "owned",
            SharedBytes::Within { .. } => "mapped",
        };
        write!(f, "{} {place} bytes", self.len())
    }
}

impl serde::Serialize for SharedBytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_of_the_owner_is_kept_in_place_and_any_other_is_copied() {
        let owner: Owner = Arc::new(b"postings: \xc3\xa9t\xc3\xa9".to_vec());
        let inner = &(*owner).as_ref()[10..];
        let shared = SharedBytes::within(&owner, inner);
        assert!(matches!(shared, SharedBytes::Within { start: 10, .. }));
        assert_eq!(&*shared, "été".as_bytes());
        assert_eq!(shared.heap_bytes(), 0);

        let elsewhere = b"elsewhere".to_vec();
        let copied = SharedBytes::within(&owner, &elsewhere);
        assert!(matches!(copied, SharedBytes::Owned(_)));
        assert_eq!(&*copied, b"elsewhere");
    }
}
