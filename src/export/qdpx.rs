//! REFI-QDA projects (`.qdpx`): the one file that QualCoder, ATLAS.ti, MAXQDA, NVivo and the
//! other qualitative analysis tools all open with the codings in place. A codebook (`.qdc`)
//! carries the scheme only; a project carries what was coded where, by whom and when, so a
//! corpus coded while reading the news goes on to the tool where the analysis continues without
//! anyone coding it twice.
//!
//! The archive holds `project.qde` (namespace `urn:QDA-XML:project:1.0`, written to
//! `tests/fixtures/refi-qda/Project.xsd`) and each article's text as `sources/<guid>.txt`. The
//! text is the one `analyze` reports, so a selection's positions are a passage's own offsets,
//! in Unicode code points. Every GUID is derived from what it names (code, coder, article,
//! passage), so exporting the same work twice gives the same project, and a code keeps the GUID
//! its codebook export gives it.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Cursor, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::qdc::{self, escape, guid_from, push_attr, CodeDef};
use super::{place, Placed};
use crate::model::Article;
use crate::store::StoreData;

/// The project namespace of the REFI-QDA standard.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// Writes the `.qdpx` archive of `articles` with their coded passages. Passages whose words are
/// gone from the article's text are left out (see [`super::unplaced_passages`]).
pub fn write(out: &mut impl Write, articles: &[&Article], store: &StoreData) -> io::Result<()> {
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let project = Project::gather(articles, store);
    let qde = project.qde(&now)?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("project.qde", options)
        .map_err(io::Error::other)?;
    zip.write_all(&qde)?;
    for source in &project.sources {
        zip.start_file(format!("sources/{}.txt", source.guid), options)
            .map_err(io::Error::other)?;
        zip.write_all(source.article.body.as_bytes())?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    out.write_all(&bytes)
}

/// The GUID of a coder in the project's `<Users>`.
pub fn user_guid(coder: &str) -> String {
    guid_from(format!("presscut user\0{coder}").as_bytes())
}

/// The GUID of an article's `<TextSource>` (and the name of its text file in the archive).
pub fn source_guid(article_id: &str) -> String {
    guid_from(format!("presscut source\0{article_id}").as_bytes())
}

struct Source<'a> {
    article: &'a Article,
    guid: String,
    passages: Vec<Placed<'a>>,
}

struct Project<'a> {
    sources: Vec<Source<'a>>,
    codes: Vec<CodeDef>,
    /// Lower-cased code name → the GUID the codebook gives it.
    code_guids: HashMap<String, String>,
    coders: BTreeSet<&'a str>,
    store: &'a StoreData,
}

impl<'a> Project<'a> {
    fn gather(articles: &[&'a Article], store: &'a StoreData) -> Project<'a> {
        let sources: Vec<Source> = articles
            .iter()
            .map(|&article| Source {
                article,
                guid: source_guid(article.id.as_str()),
                passages: place(article, store).0,
            })
            .collect();
        let placed = sources.iter().flat_map(|s| &s.passages);
        let coders: BTreeSet<&str> = placed.clone().map(|p| p.passage.coder.as_str()).collect();
        let codes = codebook(store, placed.map(|p| p.passage.code.as_str()));
        let code_guids = codes
            .iter()
            .map(|c| (c.name.to_lowercase(), qdc::guid_of(c)))
            .collect();
        Project {
            sources,
            codes,
            code_guids,
            coders,
            store,
        }
    }

    fn qde(&self, now: &str) -> io::Result<Vec<u8>> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let mut root = BytesStart::new("Project");
        push_attr(&mut root, "xmlns", NAMESPACE);
        push_attr(&mut root, "name", "presscut export");
        push_attr(
            &mut root,
            "origin",
            &format!("presscut {}", env!("CARGO_PKG_VERSION")),
        );
        push_attr(&mut root, "creationDateTime", now);
        w.write_event(Event::Start(root))?;
        // Each list is left out when empty: the schema has no empty <Users>, <Codes> or
        // <Sources>.
        if !self.coders.is_empty() {
            w.write_event(Event::Start(BytesStart::new("Users")))?;
            for coder in &self.coders {
                let mut user = BytesStart::new("User");
                push_attr(&mut user, "guid", &user_guid(coder));
                push_attr(&mut user, "name", coder);
                w.write_event(Event::Empty(user))?;
            }
            w.write_event(Event::End(BytesEnd::new("Users")))?;
        }
        if !self.codes.is_empty() {
            w.write_event(Event::Start(BytesStart::new("CodeBook")))?;
            qdc::write_codes(&mut w, &self.codes)?;
            w.write_event(Event::End(BytesEnd::new("CodeBook")))?;
        }
        if !self.sources.is_empty() {
            w.write_event(Event::Start(BytesStart::new("Sources")))?;
            for source in &self.sources {
                self.write_source(&mut w, source)?;
            }
            w.write_event(Event::End(BytesEnd::new("Sources")))?;
        }
        w.write_event(Event::End(BytesEnd::new("Project")))?;
        let mut bytes = w.into_inner();
        bytes.push(b'\n');
        Ok(bytes)
    }

    fn write_source(&self, w: &mut Writer<Vec<u8>>, source: &Source) -> io::Result<()> {
        let article = source.article;
        let mut start = BytesStart::new("TextSource");
        push_attr(&mut start, "guid", &source.guid);
        let name = if article.title.trim().is_empty() {
            article.id.as_str()
        } else {
            article.title.as_str()
        };
        push_attr(&mut start, "name", name);
        push_attr(
            &mut start,
            "plainTextPath",
            &format!("internal://{}.txt", source.guid),
        );
        w.write_event(Event::Start(start))?;
        text_element(w, "Description", &self.description(article))?;
        for placed in &source.passages {
            self.write_selection(w, article, placed)?;
        }
        w.write_event(Event::End(BytesEnd::new("TextSource")))?;
        Ok(())
    }

    /// Where the article came from and how it was annotated here, for the reader of the
    /// project: the id finds it again in presscut.
    fn description(&self, article: &Article) -> String {
        let id = article.id.as_str();
        let mut lines = vec![format!("presscut article {id}"), article.origin.to_string()];
        let meta: Vec<String> = [
            article.date.clone(),
            article.byline(),
            article.outlet.clone(),
            article.url.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !meta.is_empty() {
            lines.push(meta.join(" · "));
        }
        let tags = self.store.tags_of(id);
        if !tags.is_empty() {
            lines.push(format!("tags: {}", super::join_tags(tags)));
        }
        let note = self.store.note_of(id);
        if !note.is_empty() {
            lines.push(format!("note: {note}"));
        }
        lines.join("\n")
    }

    fn write_selection(
        &self,
        w: &mut Writer<Vec<u8>>,
        article: &Article,
        placed: &Placed,
    ) -> io::Result<()> {
        let p = placed.passage;
        let key = format!(
            "{}\0{}\0{}\0{}\0{}",
            article.id.as_str(),
            p.start,
            p.end,
            p.code,
            p.coder
        );
        let user = user_guid(&p.coder);
        let created = date_time(&p.created);
        let mut selection = BytesStart::new("PlainTextSelection");
        push_attr(
            &mut selection,
            "guid",
            &guid_from(format!("presscut selection\0{key}").as_bytes()),
        );
        let words: String = article
            .body
            .chars()
            .skip(placed.start)
            .take(placed.end.saturating_sub(placed.start))
            .collect();
        push_attr(&mut selection, "name", &excerpt(&words));
        push_attr(&mut selection, "startPosition", &placed.start.to_string());
        push_attr(&mut selection, "endPosition", &placed.end.to_string());
        push_attr(&mut selection, "creatingUser", &user);
        if let Some(time) = &created {
            push_attr(&mut selection, "creationDateTime", time);
        }
        w.write_event(Event::Start(selection))?;
        if !p.memo.trim().is_empty() {
            text_element(w, "Description", &p.memo)?;
        }
        let mut coding = BytesStart::new("Coding");
        push_attr(
            &mut coding,
            "guid",
            &guid_from(format!("presscut coding\0{key}").as_bytes()),
        );
        push_attr(&mut coding, "creatingUser", &user);
        if let Some(time) = &created {
            push_attr(&mut coding, "creationDateTime", time);
        }
        w.write_event(Event::Start(coding))?;
        let code_guid = self
            .code_guids
            .get(&p.code.to_lowercase())
            .cloned()
            .unwrap_or_else(|| qdc::code_guid(&p.code));
        let mut code_ref = BytesStart::new("CodeRef");
        push_attr(&mut code_ref, "targetGUID", &code_guid);
        w.write_event(Event::Empty(code_ref))?;
        w.write_event(Event::End(BytesEnd::new("Coding")))?;
        w.write_event(Event::End(BytesEnd::new("PlainTextSelection")))?;
        Ok(())
    }
}

/// The codebook of the project: every code of the store's codebook, and every code a passage
/// uses that it lacks, so that no coding points at a code the project does not define.
/// Ordered by name, case-insensitively, as `presscut codebook` lists them.
fn codebook<'s>(store: &StoreData, used: impl Iterator<Item = &'s str>) -> Vec<CodeDef> {
    let mut codes: Vec<CodeDef> = store
        .codes
        .iter()
        .map(|(name, record)| CodeDef {
            name: name.clone(),
            parent: record.parent.clone(),
            definition: record.definition.clone(),
            color: record.color.clone(),
            guid: record.guid.clone(),
        })
        .collect();
    let mut known: BTreeSet<String> = codes.iter().map(|c| c.name.to_lowercase()).collect();
    for code in used {
        if known.insert(code.to_lowercase()) {
            codes.push(CodeDef {
                name: code.to_string(),
                ..CodeDef::default()
            });
        }
    }
    codes.sort_by_key(|c| c.name.to_lowercase());
    codes
}

/// `<NAME>text</NAME>`, the text escaped so that it reads back exactly.
fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::from_escaped(escape(text, false))))?;
    w.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

/// A stored time as the schema's `xsd:dateTime` (RFC 3339 in UTC); None for a time that is not
/// one, which is then left out rather than making the file invalid.
fn date_time(stored: &str) -> Option<String> {
    let time = humantime::parse_rfc3339_weak(stored.trim()).ok()?;
    Some(humantime::format_rfc3339_seconds(time).to_string())
}

/// A selection's name as the tools list it: its first 60 characters, on one line.
fn excerpt(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests;
