//! Whose codings the reader shows: everyone's (the default), mine only, or one other coder's
//! (`L` cycles), and blind coding, where a coder sees nobody else's codings of an article until
//! they have finished it (`F`) — how coding teams keep their judgements independent before
//! they measure agreement. Only what is drawn changes; the store always holds everyone's work.

use std::collections::BTreeMap;

use super::{App, Effect};
use crate::store::{Change, Passage};

/// Each coder's tags by article, from their own operations (the folded store knows only the
/// union). Computed by the shell from the logs when a view needs it (`Effect::CoderLayers`).
pub type TagLayers = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Whose coded passages are shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CoderView {
    #[default]
    Everyone,
    Mine,
    Coder(String),
}

impl App {
    /// Blind coding on or off (config `blind = true`, or `--blind`).
    pub fn set_blind(&mut self, blind: bool) {
        self.settings.blind = blind;
        self.reader.stale = true;
    }

    pub fn coder_view(&self) -> &CoderView {
        &self.coder_view
    }

    /// Whether the reader shows passage `p` of article `id`.
    pub(super) fn shows_passage(&self, id: &str, p: &Passage) -> bool {
        let mine = p.coder == self.coder;
        if self.settings.blind && !mine && !self.store.has_finished(id, &self.coder) {
            return false;
        }
        match &self.coder_view {
            CoderView::Everyone => true,
            CoderView::Mine => mine,
            CoderView::Coder(name) => &p.coder == name,
        }
    }

    /// The tags drawn for an article: everyone's, or the viewed coder's own (from their layer;
    /// none until the layers have arrived).
    pub fn shown_tags(&self, id: &str) -> &[String] {
        let coder = match &self.coder_view {
            CoderView::Everyone => return self.store.tags_of(id),
            CoderView::Mine => self.coder.as_str(),
            CoderView::Coder(name) => name.as_str(),
        };
        self.tag_layers
            .as_ref()
            .and_then(|layers| layers.get(coder))
            .and_then(|tags| tags.get(id))
            .map_or(&[], Vec::as_slice)
    }

    /// The shell's answer to [`Effect::CoderLayers`].
    pub fn set_tag_layers(&mut self, layers: Result<TagLayers, String>) {
        match layers {
            Ok(layers) => {
                self.tag_layers = Some(layers);
                self.reader.stale = true;
                if std::mem::take(&mut self.describe_after_layers) {
                    self.describe_who_applied();
                }
            }
            Err(why) => self.screen.message = Some(why),
        }
    }

    /// My own edits since the layers were read, in my layer too (tags only: passages carry
    /// their coder in the store itself).
    pub(super) fn follow_own_tags(&mut self, from: usize) {
        let Some(mine) = self
            .tag_layers
            .as_mut()
            .map(|layers| layers.entry(self.coder.clone()).or_default())
        else {
            return;
        };
        for change in self.store.journal_since(from) {
            match change {
                Change::Tag { id, tag } => {
                    let tags = mine.entry(id.clone()).or_default();
                    if !tags.iter().any(|t| crate::store::same_tag(t, tag)) {
                        tags.push(tag.clone());
                    }
                }
                Change::Untag { id, tag } => {
                    if let Some(tags) = mine.get_mut(id) {
                        tags.retain(|t| !crate::store::same_tag(t, tag));
                    }
                }
                _ => {}
            }
        }
    }

    /// `I`: who applied each tag and code of the open article, in the status bar.
    pub(super) fn describe_who_applied(&mut self) -> Vec<Effect> {
        let Some(id) = self.current().map(|a| a.id.as_str().to_string()) else {
            return Vec::new();
        };
        let Some(layers) = &self.tag_layers else {
            self.screen.message = Some("reading every coder's work…".into());
            self.describe_after_layers = true;
            return vec![Effect::CoderLayers];
        };
        let mut parts: Vec<String> = Vec::new();
        for tag in self.store.tags_of(&id) {
            let who: Vec<&str> = layers
                .iter()
                .filter(|(_, tags)| {
                    tags.get(&id)
                        .is_some_and(|t| t.iter().any(|x| crate::store::same_tag(x, tag)))
                })
                .map(|(coder, _)| coder.as_str())
                .collect();
            parts.push(format!("#{tag}: {}", who.join(", ")));
        }
        let mut codes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in self.store.passages_of(&id) {
            let who = codes.entry(p.code.as_str()).or_default();
            if !who.contains(&p.coder.as_str()) {
                who.push(&p.coder);
            }
        }
        for (code, who) in codes {
            parts.push(format!("{code}: {}", who.join(", ")));
        }
        self.screen.message = Some(if parts.is_empty() {
            "nobody tagged or coded this article".into()
        } else {
            crate::text::sanitize(&parts.join(" · ")).into_owned()
        });
        Vec::new()
    }

    /// `L`: everyone → mine → each other coder in turn → everyone.
    pub(super) fn cycle_coder_view(&mut self) -> Vec<Effect> {
        let from_layers = self
            .tag_layers
            .iter()
            .flat_map(|l| l.keys().map(String::as_str));
        let mut others: Vec<&str> = self
            .store
            .passages
            .values()
            .flatten()
            .map(|p| p.coder.as_str())
            .chain(from_layers)
            .filter(|c| *c != self.coder)
            .collect();
        others.sort_unstable();
        others.dedup();
        let next = match &self.coder_view {
            CoderView::Everyone => CoderView::Mine,
            CoderView::Mine => others
                .first()
                .map_or(CoderView::Everyone, |c| CoderView::Coder(c.to_string())),
            CoderView::Coder(name) => others
                .iter()
                .position(|c| c == name)
                .and_then(|i| others.get(i + 1))
                .map_or(CoderView::Everyone, |c| CoderView::Coder(c.to_string())),
        };
        self.coder_view = next;
        self.reader.stale = true;
        let blind = if self.settings.blind && self.coder_view != CoderView::Mine {
            " (blind: others' only in articles you finished, F)"
        } else {
            ""
        };
        self.screen.message = Some(format!("showing {}{blind}", self.coder_view_label()));
        // Tags are per coder only in the logs: read them once, when a view first needs them.
        if self.tag_layers.is_none() && self.coder_view != CoderView::Everyone {
            return vec![Effect::CoderLayers];
        }
        Vec::new()
    }

    /// "everyone's codings", "my codings", "ben's codings".
    pub fn coder_view_label(&self) -> String {
        match &self.coder_view {
            CoderView::Everyone => "everyone's codings".to_string(),
            CoderView::Mine => "my codings".to_string(),
            CoderView::Coder(name) => format!("{}'s codings", crate::text::sanitize(name)),
        }
    }

    /// `F`: the open article finished by me, or open again.
    pub(super) fn toggle_finished(&mut self) -> Vec<Effect> {
        let Some(id) = self.current().map(|a| a.id.as_str().to_string()) else {
            return Vec::new();
        };
        let done = !self.store.has_finished(&id, &self.coder);
        let coder = self.coder.clone();
        self.store.set_finished(&id, &coder, done);
        self.after_store_edit();
        self.reader.stale = true;
        self.screen.message = Some(match (done, self.settings.blind) {
            (true, true) => "finished: the other coders' codings of this article are shown".into(),
            (true, false) => "finished (F again reopens it)".into(),
            (false, true) => "reopened: the other coders' codings are hidden again".into(),
            (false, false) => "reopened".into(),
        });
        vec![Effect::Save]
    }
}
