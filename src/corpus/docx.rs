//! Word documents (`.docx`): the paragraphs of `word/document.xml`, read with the `zip` crate
//! and quick-xml. News archives export many articles into one such file; `archive.rs` splits
//! them. A docx is a zip archive, so the text inside is bounded before it is unpacked (a small
//! file can unpack to gigabytes).

use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::archive;
use super::formats::{Draft, Problem};

/// A docx file as drafts: an archive export split into its articles, anything else one article.
pub fn parse_docx(bytes: &[u8], max_unpacked: u64) -> (Vec<Draft>, Vec<Problem>) {
    match paragraphs(bytes, max_unpacked) {
        Ok(paras) => archive::split(&paras),
        Err(message) => (
            Vec::new(),
            vec![Problem {
                line: None,
                message,
            }],
        ),
    }
}

/// The text of every paragraph of the main document, in order (tabs kept, line breaks inside
/// a paragraph as `\n`).
pub fn paragraphs(bytes: &[u8], max_unpacked: u64) -> Result<Vec<String>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!("not a readable .docx ({e}); skipped — open it in Word and save it again")
    })?;
    let mut entry = zip
        .by_name("word/document.xml")
        .map_err(|_| "no word/document.xml inside: not a Word document; skipped".to_string())?;
    let too_big = |size: u64| {
        format!(
            "its text unpacks to {:.1} MB, over the {:.1} MB per-file limit; skipped (raise it with --max-file-mb)",
            size as f64 / 1_048_576.0,
            max_unpacked as f64 / 1_048_576.0
        )
    };
    if entry.size() > max_unpacked {
        return Err(too_big(entry.size()));
    }
    let mut xml = Vec::new();
    // The declared size can lie; `take` holds whatever the stream really unpacks to.
    (&mut entry)
        .take(max_unpacked + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("cannot unpack word/document.xml ({e}); skipped"))?;
    if xml.len() as u64 > max_unpacked {
        return Err(too_big(xml.len() as u64));
    }
    document_paragraphs(&xml)
        .map_err(|e| format!("word/document.xml is not well-formed XML ({e}); skipped"))
}

/// Paragraph texts of WordprocessingML: the `w:t` runs of each `w:p`, `w:tab` as a tab,
/// `w:br`/`w:cr` as a line break. Deleted text and field codes are not text.
fn document_paragraphs(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut paras = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"p" => current.clear(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => current.push('\t'),
                b"br" | b"cr" => current.push('\n'),
                b"p" => paras.push(String::new()),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => paras.push(std::mem::take(&mut current)),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content().map_err(|e| e.to_string())?;
                current.push_str(&text);
            }
            Event::CData(t) if in_text => {
                current.push_str(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else if let Ok(name) = r.decode() {
                    if let Some(s) = resolve_predefined_entity(&name) {
                        current.push_str(s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(paras)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tabs_breaks_and_entities_make_paragraph_text() {
        let xml = br#"<?xml version="1.0"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Fish &amp; </w:t></w:r><w:r><w:t xml:space="preserve">chi</w:t><w:t>ps</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c&#233;</w:t></w:r><w:r><w:delText>gone</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>
</w:body></w:document>"#;
        let paras = document_paragraphs(xml).unwrap();
        assert_eq!(paras, ["Fish & chips", "", "a\tb\ncé"]);
    }

    #[test]
    fn broken_xml_and_non_zip_bytes_are_errors_not_panics() {
        assert!(document_paragraphs(b"<w:p><w:t>unclosed</w:p>").is_err());
        let err = paragraphs(b"PK\x03\x04 not really a zip", 1 << 20).unwrap_err();
        assert!(err.starts_with("not a readable .docx"), "{err}");
    }
}
