//! The character encoding of a web page, as browsers find it: a byte-order mark, else the
//! HTTP `Content-Type` charset (fetched pages), else a `<meta charset>` / `http-equiv` declaration
//! in the first 1024 bytes, else UTF-8 when the bytes are valid UTF-8, else windows-1252 (the
//! WHATWG default for legacy Western pages — Latin-1 with curly quotes and dashes where
//! Latin-1 has control codes). Decoding is encoding_rs's (already in the tree through quick-xml).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How the text was decoded, for the caller's warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// UTF-8, or an encoding the page declares (nothing to report).
    AsDeclared,
    /// Not UTF-8 and nothing declared: read as windows-1252.
    Guessed,
}

/// Decodes page bytes; `None` for binary data (NUL bytes in the first 8 KB with no UTF-16 BOM).
pub fn decode_page(bytes: &[u8], header_charset: Option<&str>) -> Option<(String, How)> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Some((text.into_owned(), How::AsDeclared));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return None;
    }
    let declared = header_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    // A page that says UTF-16 without a BOM is ASCII-compatible in fact (HTML's rule).
    let declared = declared.map(|e| {
        if e.is_single_byte() || e == UTF_8 {
            e
        } else {
            e.output_encoding()
        }
    });
    match declared {
        Some(encoding) => {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            Some((text.into_owned(), How::AsDeclared))
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => Some((text.to_string(), How::AsDeclared)),
            Err(_) => {
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                Some((text.into_owned(), How::Guessed))
            }
        },
    }
}

/// The charset a `Content-Type` value names (`text/html; charset=ISO-8859-1`).
pub fn content_type_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the
/// first 1024 bytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(i) = tag.find("charset") {
            let Some(value) = tag[i + "charset".len()..].trim_start().strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            if let Some(encoding) = Encoding::for_label(&value.as_bytes()[..end]) {
                return Some(encoding);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_guessed_and_bom_encodings() {
        // “Café” in windows-1252, declared both ways, then undeclared.
        let body = b"<p>\x93Caf\xe9\x94</p>";
        let page = [
            &b"<html><head><meta charset=\"windows-1252\"></head>"[..],
            body,
        ]
        .concat();
        assert_eq!(
            decode_page(&page, None),
            Some((
                "<html><head><meta charset=\"windows-1252\"></head><p>“Café”</p>".into(),
                How::AsDeclared
            ))
        );
        let page = [
            &b"<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"[..],
            b"caf\xe9",
        ]
        .concat();
        assert!(decode_page(&page, None).unwrap().0.ends_with("café"));
        let (text, how) = decode_page(body, None).unwrap();
        assert_eq!((text.as_str(), how), ("<p>“Café”</p>", How::Guessed));
        // The HTTP header wins over nothing; a BOM wins over everything.
        assert_eq!(decode_page(b"caf\xe9", Some("latin1")).unwrap().0, "café");
        assert_eq!(
            decode_page(b"\xEF\xBB\xBFcaf\xc3\xa9", Some("latin1"))
                .unwrap()
                .0,
            "café"
        );
        assert_eq!(
            decode_page(b"\xFF\xFEc\0a\0f\0\xe9\0", None).unwrap().0,
            "café"
        );
        assert_eq!(decode_page(b"a\0b", None), None);
    }

    #[test]
    fn charset_of_a_content_type() {
        assert_eq!(
            content_type_charset("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(content_type_charset("text/html"), None);
    }
}
