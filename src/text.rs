//! Text rules shared by every layer: decoding untrusted bytes, normalising bodies (which fixes
//! article ids), deriving titles, and making text safe to put on a terminal.
//!
//! Sanitising happens at the edge (drawing and printing), never at load time: exports and
//! analysis offsets must refer to the text exactly as the source had it.

use std::borrow::Cow;

/// How many leading bytes are inspected for NULs to call a file binary (the `git`/`grep` rule).
const BINARY_SNIFF_BYTES: usize = 8192;

#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    Utf8(String),
    /// Not valid UTF-8: every byte was taken as a Latin-1 code point, so nothing is lost.
    Latin1(String),
    Binary,
}

/// Decodes file contents: UTF-8 (BOM stripped), else Latin-1, and NUL bytes mean binary.
pub fn decode(bytes: &[u8]) -> Decoded {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if sniff.contains(&0) {
        return Decoded::Binary;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Utf8(s.to_string()),
        Err(_) => Decoded::Latin1(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Normalises a body: `\r\n`/`\r` become `\n`, trailing spaces go, runs of blank lines become one
/// blank line (the paragraph separator), and leading/trailing blank lines are dropped.
///
/// This function defines article identity: changing it changes every id, which orphans notes in
/// users' stores. Treat its behaviour as a contract.
pub fn normalise_body(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(unified.len());
    let mut pending_blank = false;
    for line in unified.split('\n') {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_blank { "\n\n" } else { "\n" });
        }
        pending_blank = false;
        out.push_str(line);
    }
    out
}

/// What separates a normalised body's paragraphs: a blank line, or, in a body that has none and
/// whose lines read as whole paragraphs, a single line break.
///
/// Some archives put each paragraph on one line with no blank line between; shown as one
/// paragraph, such an article is a wall of text. A hard-wrapped text (lines cut at a width,
/// mid-sentence) must not fall apart into one paragraph per line, so single breaks count only
/// when most lines end a sentence. The body itself is never changed: it fixes article ids.
pub fn paragraph_separator(body: &str) -> &'static str {
    if body.contains("\n\n") || !body.contains('\n') {
        return "\n\n";
    }
    let (mut lines, mut ended) = (0usize, 0usize);
    for line in body.lines().take(200) {
        lines += 1;
        let end = line.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '\u{00BB}']);
        // A heading-like short line counts as a paragraph of its own.
        if end.ends_with(['.', '!', '?', ':', '\u{2026}']) || end.chars().count() < 40 {
            ended += 1;
        }
    }
    if ended * 10 >= lines * 8 {
        "\n"
    } else {
        "\n\n"
    }
}

/// Paragraphs of a normalised body with their byte offsets (see [`paragraph_separator`]).
pub fn paragraphs(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let sep = paragraph_separator(body);
    body.split(sep).scan(0usize, move |offset, para| {
        let start = *offset;
        *offset += para.len() + sep.len();
        Some((start, para))
    })
}

/// Longest derived title, in characters, before it is cut at a word boundary.
pub const TITLE_MAX_CHARS: usize = 90;

/// Derives a title from a body that has none: its first sentence, cut at a word boundary with an
/// ellipsis when longer than [`TITLE_MAX_CHARS`].
pub fn derive_title(body: &str) -> String {
    let first_para = paragraphs(body).next().map_or("", |(_, p)| p);
    let flat: String = first_para.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = first_sentence(without_dateline(&flat));
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    shorten(sentence, TITLE_MAX_CHARS)
}

/// Cuts `s` to at most `max` characters at a word boundary, adding `…` when it cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut_at = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    let head = &s[..cut_at];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches([',', ';', ':', ' ', '-', '—']);
    format!("{head}…")
}

/// A wire dateline is where the story was filed, not what it says: `PHILADELPHIA (AP) — `,
/// `WASHINGTON — `, `BEIJING, March 3 (Reuters) - `. Returns the text after it, or all of it.
fn without_dateline(flat: &str) -> &str {
    let head = match flat.char_indices().nth(80) {
        Some((i, _)) => &flat[..i],
        None => flat,
    };
    for dash in [" \u{2014} ", " \u{2013} ", " -- ", " - ", "\u{2014}"] {
        let Some(at) = head.find(dash) else {
            continue;
        };
        let prefix = &head[..at];
        let mut depth = 0usize;
        let mut outside = String::new();
        for c in prefix.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        let mut words = outside.split_whitespace();
        let first_caps = words.next().is_some_and(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        });
        // Place names in capitals, a state abbreviation or a date: nothing lowercase.
        let rest_ok = words.all(|w| !w.starts_with(char::is_lowercase));
        if first_caps && rest_ok {
            let after = flat[at + dash.len()..].trim_start();
            if !after.is_empty() {
                return after;
            }
        }
    }
    flat
}

/// Words that end with a period without ending a sentence ("Lt. Gen. Yaroslav Moskalik").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "lt", "gen", "col", "capt", "cpt", "sgt", "maj", "adm",
    "cmdr", "rep", "sen", "gov", "pres", "st", "mt", "rev", "jr", "sr", "inc", "corp", "co", "ltd",
    "no", "vs", "etc", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
    "approx", "dept", "est", "fig", "vol", "ft", "sens", "reps", "govs", "gens", "drs", "messrs",
    "ala", "ariz", "ark", "calif", "colo", "conn", "fla", "ga", "ind", "kan", "ky", "la", "md",
    "mich", "minn", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt",
    "wis", "wyo", "univ", "assn",
];

fn first_sentence(flat: &str) -> &str {
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Closing quotes or brackets may follow the mark and belong to the sentence.
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']') {
            j += 1;
        }
        let at_end = j >= chars.len();
        let followed_by_space = !at_end && chars[j].1 == ' ';
        if !(at_end || followed_by_space) {
            continue;
        }
        if !at_end {
            let next = chars.get(j + 1).map(|&(_, c)| c);
            let starts_sentence = next.is_some_and(|n| {
                n.is_uppercase() || n.is_numeric() || matches!(n, '"' | '“' | '‘' | '\'')
            });
            if !starts_sentence {
                continue;
            }
        }
        if c == '.' && is_abbreviation(&flat[..pos]) {
            continue;
        }
        let end = if at_end { flat.len() } else { chars[j].0 };
        return &flat[..end];
    }
    flat
}

fn is_abbreviation(before_period: &str) -> bool {
    let word = before_period.rsplit(' ').next().unwrap_or("");
    let word = word.trim_start_matches(['(', '"', '“', '\'']);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // Initials ("J.") and dotted acronyms ("U.S", "D.C") never end the first sentence here.
    if letters == 1 || word.contains('.') {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Makes text safe for a terminal while keeping it readable: tabs and line breaks become spaces,
/// C0 controls become their Control Pictures (ESC → `␛`), DEL becomes `␡`, and C1 controls and
/// bidirectional overrides are spelled out as `\u{..}` so they can neither drive the terminal nor
/// reorder what the reader sees. Returns the input unchanged (no allocation) when it is clean.
///
/// ```
/// use presscut::text::sanitize;
/// // An OSC 52 clipboard write hidden in an article arrives as harmless, visible text.
/// assert_eq!(sanitize("hi\u{1b}]52;c;ZXZpbA==\u{7}"), "hi␛]52;c;ZXZpbA==␇");
/// assert_eq!(sanitize("\u{202e}txet"), "\\u{202e}txet");
/// ```
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('␡'),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `sanitize` changes the character.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_detects_binary_latin1_and_bom() {
        assert_eq!(decode(b"ab\0cd"), Decoded::Binary);
        assert_eq!(
            decode("\u{feff}Zoë".as_bytes()),
            Decoded::Utf8("Zoë".into())
        );
        assert_eq!(decode(b"caf\xe9"), Decoded::Latin1("café".into()));
    }

    #[test]
    fn normalise_unifies_line_endings_and_blank_runs() {
        let raw = "\r\n  \r\nFirst line  \r\nsecond\r\n\r\n\r\n\tThird\r\n\r\n";
        assert_eq!(normalise_body(raw), "First line\nsecond\n\n\tThird");
        assert_eq!(normalise_body("a\rb"), "a\nb");
        assert_eq!(normalise_body(" \n \n"), "");
    }

    #[test]
    fn title_is_first_sentence_respecting_abbreviations() {
        let body = "On Friday, Lt. Gen. Yaroslav Moskalik was killed near Moscow. He served.";
        assert_eq!(
            derive_title(body),
            "On Friday, Lt. Gen. Yaroslav Moskalik was killed near Moscow"
        );
        assert_eq!(
            derive_title("Was it the U.S. Army? Nobody knows."),
            "Was it the U.S. Army?"
        );
        assert_eq!(
            derive_title("北京では雨。明日は晴れ。"),
            "北京では雨。明日は晴れ。"
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let body = "word ".repeat(40);
        let title = derive_title(&body);
        assert!(title.ends_with('…'));
        assert!(title.chars().count() <= TITLE_MAX_CHARS + 1);
        assert!(!title.contains("wor…"));
    }

    #[test]
    fn sanitize_neutralises_every_control_sequence() {
        let hostile = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{9b}31mc\u{202e}d\u{8}e\u{7f}";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe:?}");
        assert_eq!(safe, "a␛]52;c;ZXZpbA==␇b\\u{9b}31mc\\u{202e}d␈e␡");
        assert!(matches!(sanitize("Zoë 北京 🎉"), Cow::Borrowed(_)));
        assert_eq!(sanitize("tab\there"), "tab here");
    }

    #[test]
    fn titles_drop_wire_datelines_and_do_not_end_at_abbreviations() {
        assert_eq!(
            derive_title("LAKEVILLE (AP) — The council voted to close the pier. More."),
            "The council voted to close the pier"
        );
        assert_eq!(
            derive_title("NORTH FALLS, Ore., May 3 (Wire) - Crews fixed the dam. Then."),
            "Crews fixed the dam"
        );
        assert_eq!(
            derive_title("Sens. Ann Roe and Bo Li filed a bill. It failed."),
            "Sens. Ann Roe and Bo Li filed a bill"
        );
        // A capitalised first word before a dash in an ordinary sentence is no dateline.
        assert_eq!(
            derive_title("Rain — and wind — hit the coast. More."),
            "Rain — and wind — hit the coast"
        );
    }

    #[test]
    fn one_paragraph_per_line_bodies_break_at_single_newlines() {
        let body = "The council met on Monday.\nIt voted to close the pier.\n“We had no choice,” the mayor said.";
        let paras: Vec<(usize, &str)> = paragraphs(body).collect();
        assert_eq!(paras.len(), 3);
        assert_eq!(paras[1], (27, "It voted to close the pier."));
        // Hard-wrapped text stays one paragraph; blank lines keep their meaning.
        let wrapped = "The council met on Monday and after a long debate that ran\nwell into the evening it voted to close the old pier for\ngood, which angered many of the fishermen who use it.";
        assert_eq!(paragraphs(wrapped).count(), 1);
        assert_eq!(paragraphs("A.\nB.\n\nC.").count(), 2);
    }
}
