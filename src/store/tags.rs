//! Renaming and deleting tags across the whole store (the tag browser's `R` and `D`): the
//! registry and every article at once. Apart from `data.rs` because, like the codebook's
//! `recode.rs`, it acts on everything rather than on one record.

use super::data::{clean_tag, same_tag, StoreData};
use super::op::Change;

impl StoreData {
    /// Renames a tag everywhere; renaming onto an existing tag merges the two. Returns how many
    /// articles changed.
    pub fn rename_tag(&mut self, from: &str, to: &str) -> usize {
        let (Some(existing), Some(to)) = (self.existing_tag(from), clean_tag(to)) else {
            return 0;
        };
        let change = Change::TagRename {
            from: existing.to_string(),
            to,
        };
        self.journal.push(change.clone());
        let Change::TagRename { from, to } = change else {
            return 0;
        };
        self.rename_tag_raw(&from, &to)
    }

    pub(super) fn rename_tag_raw(&mut self, from: &str, to: &str) -> usize {
        let Some(to) = clean_tag(to) else { return 0 };
        let Some(from) = self.existing_tag(from).map(str::to_string) else {
            return 0;
        };
        let target = self.existing_tag(&to).map(str::to_string).unwrap_or(to);
        let mut changed = 0;
        for record in self.articles.values_mut() {
            if record.has_tag(&from) {
                record.tags.retain(|t| !same_tag(t, &from));
                if !record.has_tag(&target) {
                    record.tags.push(target.clone());
                }
                changed += 1;
            }
        }
        let old = self.tags.remove(&from).unwrap_or_default();
        let merging = self.tags.contains_key(&target);
        let entry = self.tags.entry(target).or_default();
        if !merging || entry.key.is_none() {
            entry.key = entry.key.take().or(old.key);
        }
        changed
    }

    /// Removes a tag from every article and from the registry. Returns how many articles changed.
    pub fn delete_tag(&mut self, tag: &str) -> usize {
        let Some(existing) = self.existing_tag(tag).map(str::to_string) else {
            return 0;
        };
        self.journal.push(Change::TagDelete {
            tag: existing.clone(),
        });
        self.delete_tag_raw(&existing)
    }

    pub(super) fn delete_tag_raw(&mut self, tag: &str) -> usize {
        let Some(tag) = self.existing_tag(tag).map(str::to_string) else {
            return 0;
        };
        let mut changed = 0;
        for record in self.articles.values_mut() {
            if record.has_tag(&tag) {
                record.tags.retain(|t| !same_tag(t, &tag));
                changed += 1;
            }
        }
        self.articles.retain(|_, r| !r.carries_nothing());
        self.tags.remove(&tag);
        changed
    }
}
