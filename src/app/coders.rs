//! Whose codings the reader shows: everyone's (the default), mine only, or one other coder's
//! (`L` cycles), and blind coding, where a coder sees nobody else's codings of an article until
//! they have finished it (`F`) — how coding teams keep their judgements independent before
//! they measure agreement. Only what is drawn changes; the store always holds everyone's work.

use super::{App, Effect};
use crate::store::Passage;

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

    /// `L`: everyone → mine → each other coder in turn → everyone.
    pub(super) fn cycle_coder_view(&mut self) {
        let mut others: Vec<&str> = self
            .store
            .passages
            .values()
            .flatten()
            .map(|p| p.coder.as_str())
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
