//! Who did what, in an export of everyone's work (DESIGN.md §7: "each tag/code once, with the
//! coders who applied it; every coder's note, attributed"). The folded store knows which coder
//! coded a passage but not who gave a tag or wrote which note, so each coder's own layer (their
//! operations folded alone) is summarised here and the writers add it beside the fields they
//! always had — `tags` and `note` stay as they were for tools that read them.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use crate::store::{same_tag, StoreData};

/// Per article: the coders behind each tag, and each coder's note.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attribution {
    tags: HashMap<String, Vec<(String, Vec<String>)>>,
    notes: HashMap<String, Vec<(String, String)>>,
}

impl Attribution {
    /// From every coder's layer: (name, what their operations alone fold to).
    pub fn from_layers<'a>(layers: impl IntoIterator<Item = (&'a str, &'a StoreData)>) -> Self {
        let mut out = Attribution::default();
        for (coder, store) in layers {
            for (id, record) in &store.articles {
                let tags = out.tags.entry(id.clone()).or_default();
                for tag in &record.tags {
                    match tags.iter_mut().find(|(t, _)| same_tag(t, tag)) {
                        Some((_, who)) => who.push(coder.to_string()),
                        None => tags.push((tag.clone(), vec![coder.to_string()])),
                    }
                }
                if !record.note.trim().is_empty() {
                    out.notes
                        .entry(id.clone())
                        .or_default()
                        .push((coder.to_string(), record.note.clone()));
                }
            }
        }
        out
    }

    /// From the coders' logs in the data folder `dir`.
    pub fn from_logs(dir: &std::path::Path) -> std::io::Result<Self> {
        let tails = crate::store::log::read_tails(dir, &BTreeMap::new())?;
        let layers = crate::store::log::fold_by_coder(tails.entries);
        Ok(Self::from_layers(
            layers
                .iter()
                .map(|(coder, work)| (coder.as_str(), &work.store)),
        ))
    }

    /// The fields an article's JSON object gains: `"coders": {"tags": {TAG: [CODER…]},
    /// "codes": {CODE: [CODER…]}}` and `"notes": [{"coder", "note"}]`; empty when nobody did
    /// anything to it.
    pub fn fields(&self, id: &str, store: &StoreData) -> Map<String, Value> {
        let mut fields = Map::new();
        let tags: BTreeMap<&str, &Vec<String>> = self
            .tags
            .get(id)
            .map(|t| t.iter().map(|(tag, who)| (tag.as_str(), who)).collect())
            .unwrap_or_default();
        let mut codes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in store.passages_of(id) {
            let who = codes.entry(p.code.as_str()).or_default();
            if !who.contains(&p.coder.as_str()) {
                who.push(&p.coder);
            }
        }
        if !tags.is_empty() || !codes.is_empty() {
            fields.insert("coders".into(), json!({"tags": tags, "codes": codes}));
        }
        if let Some(notes) = self.notes.get(id) {
            let notes: Vec<Value> = notes
                .iter()
                .map(|(coder, note)| json!({"coder": coder, "note": note}))
                .collect();
            fields.insert("notes".into(), Value::Array(notes));
        }
        fields
    }

    /// Whether any coder wrote a note on the article.
    pub fn has_notes(&self, id: &str) -> bool {
        self.notes.get(id).is_some_and(|n| !n.is_empty())
    }

    /// Markdown lines for an article: who gave each tag, each coder's note.
    pub fn markdown(&self, id: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(tags) = self.tags.get(id).filter(|t| !t.is_empty()) {
            let by: Vec<String> = tags
                .iter()
                .map(|(tag, who)| format!("{tag} ({})", who.join(", ")))
                .collect();
            lines.push(format!("Tags by coder: {}", by.join(" · ")));
        }
        for (coder, note) in self.notes.get(id).into_iter().flatten() {
            lines.push(format!("**{coder}:** {note}"));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ArticleHint;

    #[test]
    fn each_tag_once_with_its_coders_and_every_note_attributed() {
        let hint = ArticleHint::default();
        let mut ana = StoreData::default();
        let mut ben = StoreData::default();
        ana.set_tag("a", &hint, "Krim", true);
        ben.set_tag("a", &hint, "krim", true);
        ben.set_tag("a", &hint, "Sport", true);
        ana.set_note("a", &hint, "Anas Notiz über Zürich");
        ben.set_note("a", &hint, "Bens Notiz");
        let attribution = Attribution::from_layers([("ana", &ana), ("ben", &ben)]);
        let fields = attribution.fields("a", &StoreData::default());
        assert_eq!(
            fields["coders"]["tags"],
            json!({"Krim": ["ana", "ben"], "Sport": ["ben"]})
        );
        assert_eq!(
            fields["notes"],
            json!([
                {"coder": "ana", "note": "Anas Notiz über Zürich"},
                {"coder": "ben", "note": "Bens Notiz"}
            ])
        );
        assert!(attribution.fields("b", &StoreData::default()).is_empty());
        assert_eq!(
            attribution.markdown("a"),
            [
                "Tags by coder: Krim (ana, ben) · Sport (ben)",
                "**ana:** Anas Notiz über Zürich",
                "**ben:** Bens Notiz"
            ]
        );
    }
}
