//! REFI-QDA codebooks (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`, www.qdasoftware.org) are
//! the one codebook file that the qualitative data analysis tools all import and export:
//! QualCoder, ATLAS.ti, MAXQDA, NVivo, QDA Miner, f4analyse, Quirkos, Taguette. Writing our
//! tags as one lets a researcher carry a coding scheme built while reading the news into the
//! tool where the rest of the analysis happens, and reading one lets a scheme agreed in such a
//! tool (or by a team) seed the tags here, with its hierarchy, definitions and colours intact
//! and its GUIDs kept, so the same code keeps its identity on the way back.
//!
//! The writer follows the schema (`tests/fixtures/refi-qda/Codebook.xsd`) exactly; the reader
//! is lenient the way files from real tools need: it ignores the namespace (QualCoder has
//! written `urn:QDA-XML:codebook:1:0`), `<Sets>`, `isCodable` and anything it does not know.

use std::collections::HashMap;
use std::io;

use quick_xml::escape::{resolve_predefined_entity, unescape};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesRef, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// The codebook namespace of the REFI-QDA standard.
pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// One code of a codebook, flat: the hierarchy is `parent` (the parent's name).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CodeDef {
    pub name: String,
    pub parent: Option<String>,
    pub definition: Option<String>,
    /// "#rrggbb"
    pub color: Option<String>,
    /// Stable id: kept from an imported file; when None on export, derived deterministically
    /// from the name (a UUID-shaped string from blake3 of the name, see [`code_guid`]).
    pub guid: Option<String>,
}

/// The GUID a code gets when it has none: the first 128 bits of the blake3 hash of its name,
/// marked as an RFC 9562 version 8 (custom) UUID, upper-case like ATLAS.ti writes them. The
/// same name always gives the same GUID, so a codebook exported twice, or a project file whose
/// codings refer to codes by GUID, agree without storing anything.
pub fn code_guid(name: &str) -> String {
    guid_from(name.as_bytes())
}

/// A UUID-shaped GUID derived from `key` as [`code_guid`] derives one from a name: for the
/// other things a project file names by GUID (users, sources, selections), from keys that
/// start with a prefix of their own so that they never meet a code's.
pub(super) fn guid_from(key: &[u8]) -> String {
    let hash = blake3::hash(key);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash.as_bytes()[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Writes a QDC document (UTF-8, with XML declaration), hierarchy nested by parent; codes whose
/// parent is unknown go to the top level. Order: as given.
///
/// A parent is found by name (the first code of that name); codes caught in a parent cycle are
/// not lost: the first of them in the given order goes to the top level. A `guid` that is not
/// GUID-shaped as the schema requires is replaced by [`code_guid`], a colour that is not `#rgb`
/// or `#rrggbb` is left out, an empty definition writes no `<Description>`, and characters XML
/// cannot carry (control characters other than tab and line breaks) become U+FFFD. Every code
/// is `isCodable="true"`. With no codes the result has an empty `<Codes/>`, which the schema
/// does not allow (it wants at least one code): there is no valid empty codebook.
pub fn write_qdc(codes: &[CodeDef], origin: &str) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_document(&mut writer, codes, origin).expect("writing to memory cannot fail");
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    // Everything written came from `&str`s, so this is UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn write_document(w: &mut Writer<Vec<u8>>, codes: &[CodeDef], origin: &str) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let mut root = BytesStart::new("CodeBook");
    push_attr(&mut root, "xmlns", NAMESPACE);
    if !origin.is_empty() {
        push_attr(&mut root, "origin", origin);
    }
    w.write_event(Event::Start(root))?;
    if codes.is_empty() {
        w.write_event(Event::Empty(BytesStart::new("Codes")))?;
    } else {
        write_codes(w, codes)?;
    }
    w.write_event(Event::End(BytesEnd::new("CodeBook")))
}

/// `<Codes>` with the hierarchy: shared by the codebook and the project file, whose code
/// elements the two schemas define alike. `codes` must not be empty (neither schema has an
/// empty `<Codes>`).
pub(super) fn write_codes(w: &mut Writer<Vec<u8>>, codes: &[CodeDef]) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("Codes")))?;
    let (roots, children) = tree(codes);
    let mut written = vec![false; codes.len()];
    for root in roots {
        write_subtree(w, codes, &children, &mut written, root)?;
    }
    // Only codes in a parent cycle are left: each breaks its cycle at the top level.
    for i in 0..codes.len() {
        if !written[i] {
            write_subtree(w, codes, &children, &mut written, i)?;
        }
    }
    w.write_event(Event::End(BytesEnd::new("Codes")))
}

/// The top-level codes and each code's children, both in the given order.
fn tree(codes: &[CodeDef]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, code) in codes.iter().enumerate() {
        first.entry(code.name.as_str()).or_insert(i);
    }
    let mut roots = Vec::new();
    let mut children = vec![Vec::new(); codes.len()];
    for (i, code) in codes.iter().enumerate() {
        match code.parent.as_deref().and_then(|p| first.get(p)) {
            Some(&p) if p != i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    (roots, children)
}

/// Writes a code and its descendants, depth first without recursion (a hierarchy may be deep).
fn write_subtree(
    w: &mut Writer<Vec<u8>>,
    codes: &[CodeDef],
    children: &[Vec<usize>],
    written: &mut [bool],
    top: usize,
) -> io::Result<()> {
    // (children still to write, how many of them are written)
    let mut stack: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut next = Some(top);
    loop {
        if let Some(i) = next.take() {
            written[i] = true;
            let kids: Vec<usize> = children[i]
                .iter()
                .copied()
                .filter(|&k| !written[k])
                .collect();
            let code = &codes[i];
            let definition = code.definition.as_deref().filter(|d| !d.trim().is_empty());
            let start = code_start(code);
            if kids.is_empty() && definition.is_none() {
                w.write_event(Event::Empty(start))?;
                continue;
            }
            w.write_event(Event::Start(start))?;
            if let Some(text) = definition {
                w.write_event(Event::Start(BytesStart::new("Description")))?;
                w.write_event(Event::Text(BytesText::from_escaped(escape(text, false))))?;
                w.write_event(Event::End(BytesEnd::new("Description")))?;
            }
            if kids.is_empty() {
                w.write_event(Event::End(BytesEnd::new("Code")))?;
            } else {
                stack.push((kids, 0));
            }
            continue;
        }
        let Some((kids, done)) = stack.last_mut() else {
            return Ok(());
        };
        match kids.get(*done) {
            Some(&k) => {
                *done += 1;
                if !written[k] {
                    next = Some(k);
                }
            }
            None => {
                stack.pop();
                w.write_event(Event::End(BytesEnd::new("Code")))?;
            }
        }
    }
}

/// The GUID a code is written with: its own if it is GUID-shaped as the schema requires, else
/// [`code_guid`] of its name. A project file's codings refer to codes by this.
pub fn guid_of(code: &CodeDef) -> String {
    match code.guid.as_deref().map(str::trim) {
        Some(g) if is_guid(g) => g.to_string(),
        _ => code_guid(&code.name),
    }
}

fn code_start(code: &CodeDef) -> BytesStart<'static> {
    let guid = guid_of(code);
    let mut start = BytesStart::new("Code");
    push_attr(&mut start, "guid", &guid);
    push_attr(&mut start, "name", &code.name);
    push_attr(&mut start, "isCodable", "true");
    if let Some(color) = code.color.as_deref().and_then(normalize_color) {
        push_attr(&mut start, "color", &color);
    }
    start
}

/// Adds an attribute escaped by [`escape`] (quick-xml's own escaping keeps line breaks and tabs
/// literal, which a reader turns into spaces).
pub(super) fn push_attr(start: &mut BytesStart<'_>, key: &str, value: &str) {
    let escaped = escape(value, true);
    start.push_attribute(Attribute::from((key.as_bytes(), escaped.as_bytes())));
}

/// Escapes text content or a double-quoted attribute value so that a conforming parser gives
/// back exactly `s`: markup characters as entities, CR (and, in attributes, LF and tab) as
/// character references because parsers normalise them, and characters XML 1.0 cannot carry at
/// all as U+FFFD.
pub(super) fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The schema's `GUIDType`: 8-4-4-4-12 hex digits, optionally in braces.
fn is_guid(s: &str) -> bool {
    let bare = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    let bytes = bare.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The schema's `RGBType` (`#rgb` or `#rrggbb`, any case) as "#rrggbb"; None for anything else.
fn normalize_color(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    match hex.len() {
        6 => Some(format!("#{hex}")),
        3 => Some(hex.chars().fold(String::from("#"), |mut out, c| {
            out.push(c);
            out.push(c);
            out
        })),
        _ => None,
    }
}

/// Reads a QDC document. Errors are one line: "line N: what is wrong" (1-based line of the
/// problem), e.g. not XML, wrong root element, a Code without a name. Unknown elements and
/// attributes are ignored.
///
/// Codes come in document order (a parent before its children), `parent` being the enclosing
/// code's name. Colours are normalised to "#rrggbb" (one that is not `#rgb`/`#rrggbb` is
/// dropped), a `<Description>` loses its surrounding whitespace (an empty one is None), and the
/// namespace, `isCodable` and `<Sets>` are not looked at.
pub fn read_qdc(text: &str) -> Result<Vec<CodeDef>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = |pos: u64| line_of(text, pos);
    let mut reader = Reader::from_str(text);
    let mut codes: Vec<CodeDef> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut root_seen = false;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            format!(
                "line {}: not well-formed XML: {}",
                line(reader.error_position()),
                one_line(&e.to_string())
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if open.is_empty() && root_seen => {
                return Err(format!(
                    "line {}: element <{}> after the end of <CodeBook>",
                    line(at),
                    element_name(&e)
                ));
            }
            Event::Start(e) => {
                let kind = start_element(&e, open.last(), &mut codes, &mut root_seen)
                    .map_err(|what| format!("line {}: {what}", line(at)))?;
                open.push(Open {
                    kind,
                    name: element_name(&e),
                    at,
                });
            }
            Event::Empty(e) => {
                let kind = start_element(&e, open.last(), &mut codes, &mut root_seen)
                    .map_err(|what| format!("line {}: {what}", line(at)))?;
                close(kind, &mut codes);
            }
            Event::End(_) => {
                if let Some(element) = open.pop() {
                    close(element.kind, &mut codes);
                }
            }
            Event::Text(t) => {
                let content = t
                    .xml10_content()
                    .map_err(|e| format!("line {}: {}", line(at), one_line(&e.to_string())))?;
                text_content(&content, &mut open, root_seen)
                    .map_err(|what| format!("line {}: {what}", line(at)))?;
            }
            Event::CData(t) => {
                let content = t
                    .xml10_content()
                    .map_err(|e| format!("line {}: {}", line(at), one_line(&e.to_string())))?;
                text_content(&content, &mut open, root_seen)
                    .map_err(|what| format!("line {}: {what}", line(at)))?;
            }
            Event::GeneralRef(r) => {
                let content =
                    resolve_reference(&r).map_err(|what| format!("line {}: {what}", line(at)))?;
                text_content(&content, &mut open, root_seen)
                    .map_err(|what| format!("line {}: {what}", line(at)))?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(element) = open.first() {
        return Err(format!(
            "line {}: <{}> is never closed (the document ends inside it)",
            line(element.at),
            element.name
        ));
    }
    if !root_seen {
        return Err("line 1: no root element: empty, or not an XML document".to_string());
    }
    Ok(codes)
}

/// An element being read.
struct Open {
    kind: Kind,
    name: String,
    /// Where its start tag begins (a byte offset: lines are counted only for an error).
    at: u64,
}

/// What an open element means to the codebook.
enum Kind {
    CodeBook,
    Codes,
    /// The index of the code in the result.
    Code(usize),
    /// The description of that code, so far.
    Description(usize, String),
    /// Anything else, and everything inside it: ignored.
    Other,
}

/// Decides what a start tag means, checking its attributes are well-formed; a `<Code>` is added
/// to `codes` here.
fn start_element(
    e: &BytesStart<'_>,
    parent: Option<&Open>,
    codes: &mut Vec<CodeDef>,
    root_seen: &mut bool,
) -> Result<Kind, String> {
    let local = e.local_name();
    let local = local.as_ref();
    let Some(parent) = parent else {
        if local != b"CodeBook" {
            return Err(format!(
                "the root element is <{}>, not <CodeBook>: not a REFI-QDA codebook",
                element_name(e)
            ));
        }
        *root_seen = true;
        check_attributes(e)?;
        return Ok(Kind::CodeBook);
    };
    let kind = match (&parent.kind, local) {
        (Kind::CodeBook, b"Codes") => Kind::Codes,
        (Kind::Codes, b"Code") => Kind::Code(read_code(e, None, codes)?),
        (Kind::Code(p), b"Code") => {
            let parent = codes.get(*p).map(|c| c.name.clone());
            Kind::Code(read_code(e, parent, codes)?)
        }
        (Kind::Code(p), b"Description") => Kind::Description(*p, String::new()),
        _ => Kind::Other,
    };
    if !matches!(kind, Kind::Code(_)) {
        check_attributes(e)?;
    }
    Ok(kind)
}

fn read_code(
    e: &BytesStart<'_>,
    parent: Option<String>,
    codes: &mut Vec<CodeDef>,
) -> Result<usize, String> {
    let mut code = CodeDef {
        parent,
        ..CodeDef::default()
    };
    let mut name = None;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("bad attribute in <Code>: {err}"))?;
        let key = attr.key.as_ref();
        let value = attribute_value(&attr)
            .map_err(|err| format!("bad value of {} in <Code>: {err}", lossy(key)))?;
        match key {
            b"name" => name = Some(value),
            b"guid" => code.guid = Some(value.trim().to_string()).filter(|g| !g.is_empty()),
            b"color" => code.color = normalize_color(&value),
            _ => {}
        }
    }
    match name {
        Some(name) if !name.trim().is_empty() => code.name = name,
        Some(_) => return Err("a <Code> with an empty name".to_string()),
        None => return Err("a <Code> without a name".to_string()),
    }
    codes.push(code);
    Ok(codes.len() - 1)
}

/// An attribute's value as XML defines it: line breaks and tabs written literally become
/// spaces (attribute-value normalisation), then references are resolved.
fn attribute_value(attr: &Attribute<'_>) -> Result<String, String> {
    let raw = std::str::from_utf8(&attr.value).map_err(|e| e.to_string())?;
    let normalised: String = raw
        .replace("\r\n", "\n")
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let value = unescape(&normalised).map_err(|e| one_line(&e.to_string()))?;
    if let Some(c) = value.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!(
            "character U+{:04X} is not allowed in XML",
            u32::from(c)
        ));
    }
    Ok(value.into_owned())
}

fn check_attributes(e: &BytesStart<'_>) -> Result<(), String> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("bad attribute in <{}>: {err}", element_name(e)))?;
        attribute_value(&attr).map_err(|err| {
            format!(
                "bad value of {} in <{}>: {err}",
                lossy(attr.key.as_ref()),
                element_name(e)
            )
        })?;
    }
    Ok(())
}

/// Text, CDATA or a resolved reference: kept inside a `<Description>` of a code, an error
/// outside the root element unless it is whitespace, ignored anywhere else.
fn text_content(content: &str, open: &mut [Open], root_seen: bool) -> Result<(), String> {
    match open.last_mut() {
        Some(Open {
            kind: Kind::Description(_, text),
            ..
        }) => text.push_str(content),
        Some(_) => {}
        None if content.trim().is_empty() => {}
        None if root_seen => return Err("text after the end of <CodeBook>".to_string()),
        None => return Err("not an XML document (text before any element)".to_string()),
    }
    Ok(())
}

/// `&#...;` and the five predefined entities; a DTD's own entities are not supported.
fn resolve_reference(r: &BytesRef<'_>) -> Result<String, String> {
    let bad = |e: &dyn std::fmt::Display| format!("bad reference: {}", one_line(&e.to_string()));
    if let Some(c) = r.resolve_char_ref().map_err(|e| bad(&e))? {
        if !is_xml_char(c) {
            return Err(format!(
                "character U+{:04X} is not allowed in XML",
                u32::from(c)
            ));
        }
        return Ok(c.to_string());
    }
    let name = r.decode().map_err(|e| bad(&e))?;
    resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity &{name};"))
}

fn close(kind: Kind, codes: &mut [CodeDef]) {
    if let Kind::Description(i, text) = kind {
        if let Some(code) = codes.get_mut(i) {
            let text = text.trim();
            if code.definition.is_none() && !text.is_empty() {
                code.definition = Some(text.to_string());
            }
        }
    }
}

fn element_name(e: &BytesStart<'_>) -> String {
    lossy(e.name().as_ref())
}

fn lossy(bytes: &[u8]) -> String {
    one_line(&String::from_utf8_lossy(bytes))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based line of a byte position.
fn line_of(text: &str, pos: u64) -> usize {
    let end = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;
