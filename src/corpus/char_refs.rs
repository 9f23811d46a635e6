//! HTML character references left in plain-text articles. Text scraped from web pages often
//! keeps `&amp;`, `&quot;` or `&#233;` (20 of the 144 Wikinews articles here do): shown as
//! written they read as noise, and search for "AT&T" or "Tōkyō" misses them. Only references
//! that are well formed are decoded; a bare `&`, an unknown name or a number that is no
//! printable character stays as it was.

use std::borrow::Cow;

/// The longest reference looked at: `&#x10FFFF;` and the names below fit.
const LONGEST: usize = 10;

/// Named references news text uses; an HTML page has hundreds more, which a text file almost
/// never carries.
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("times", "×"),
    ("frac12", "½"),
    ("middot", "·"),
    ("bull", "•"),
];

/// `text` with its well-formed character references decoded.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let from = &rest[at..];
        match reference(from) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &from[len..];
            }
            None => {
                out.push('&');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference at the start of `text` (which starts with `&`): what it stands for and its
/// length in bytes.
fn reference(text: &str) -> Option<(Cow<'static, str>, usize)> {
    let end = text.bytes().take(LONGEST + 1).position(|b| b == b';')?;
    let inside = text.get(1..end)?;
    let decoded = match inside.strip_prefix('#') {
        Some(number) => {
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                    number.parse().ok()?
                }
                _ => return None,
            };
            Cow::Owned(character(value)?.to_string())
        }
        None => Cow::Borrowed(NAMED.iter().find(|(name, _)| *name == inside)?.1),
    };
    Some((decoded, end + 1))
}

/// The character a numeric reference stands for, as browsers read it: 128–159 are the
/// Windows-1252 punctuation pages meant (`&#146;` is ’), and no control character comes out.
fn character(value: u32) -> Option<char> {
    let c = match value {
        0x80..=0x9F => {
            let byte = [value as u8];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            decoded.chars().next()?
        }
        _ => char::from_u32(value)?,
    };
    (!c.is_control() || c == '\t' || c == '\n').then_some(c)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn references_in_news_text_become_the_characters_they_stand_for() {
        assert_eq!(
            decode("European Aeronautic Defence &amp; Space NV"),
            "European Aeronautic Defence & Space NV"
        );
        assert_eq!(decode("a fine of &#165;10,000"), "a fine of ¥10,000");
        assert_eq!(decode("Zoë Lef&#232;vre in Łódź"), "Zoë Lefèvre in Łódź");
        assert_eq!(
            decode("&#x20AC;5 &ndash; &quot;cheap&quot;"),
            "€5 – \"cheap\""
        );
        assert_eq!(decode("it&#146;s"), "it’s");
        assert_eq!(decode("&amp;amp;"), "&amp;", "decoded once, not twice");
    }

    #[test]
    fn anything_not_a_well_formed_reference_stays_as_written() {
        for kept in [
            "AT&T and R&D",
            "a & b",
            "&amp without its semicolon",
            "&unknown; &Amp; &#; &#x; &#12a;",
            "a control: &#27; &#0; &#x7F; &#x9D;",
            "past the last character: &#x110000; &#xD800; &#99999999999;",
            "a long name &averyveryverylongname;",
            "no ampersand at all: Tōkyō",
            "ends with &",
        ] {
            assert_eq!(decode(kept), kept);
        }
    }
}
