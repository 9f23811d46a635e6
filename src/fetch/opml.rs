//! OPML, the list of feeds newsboat and every other feed reader import and export: each
//! `<outline>` with an `xmlUrl` is a feed, however deeply the outlines are nested in folders.

use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub url: String,
    pub title: Option<String>,
}

/// The feeds an OPML document lists, in document order, each address once.
pub fn parse(text: &str) -> Result<Vec<Outline>, String> {
    let mut reader = Reader::from_str(text);
    let mut feeds: Vec<Outline> = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML at byte {} ({e})",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                if name.as_ref().eq_ignore_ascii_case(b"opml") {
                    saw_opml = true;
                } else if name.as_ref().eq_ignore_ascii_case(b"outline") {
                    if let Some(outline) = outline(&e) {
                        if !feeds.iter().any(|f| f.url == outline.url) {
                            feeds.push(outline);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("not an OPML file (no <opml> element)".into());
    }
    Ok(feeds)
}

fn outline(e: &BytesStart<'_>) -> Option<Outline> {
    let mut url = None;
    let mut title = None;
    let mut text = None;
    for attr in e.attributes().flatten() {
        let Ok(value) = attr.unescape_value() else {
            continue;
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match attr
            .key
            .local_name()
            .as_ref()
            .to_ascii_lowercase()
            .as_slice()
        {
            b"xmlurl" => url = Some(value),
            b"title" => title = Some(value),
            b"text" => text = Some(value),
            _ => {}
        }
    }
    Some(Outline {
        url: url?,
        title: title.or(text),
    })
}

/// An OPML 2.0 document listing `feeds` (what `presscut feeds --opml` prints).
pub fn write(feeds: &[Outline]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>presscut feeds</title>\n  </head>\n  <body>\n",
    );
    for feed in feeds {
        let title = feed.title.as_deref().unwrap_or(&feed.url);
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{}\" title=\"{}\" xmlUrl=\"{}\"/>\n",
            escape(title),
            escape(title),
            escape(feed.url.as_str())
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_outlines_round_trip() {
        let text = r#"<?xml version="1.0"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="News">
    <outline text="Gazette &amp; Times" type="rss" xmlUrl="https://g.example/rss?a=1&amp;b=2"/>
    <outline title="Observer" xmlurl="https://o.example/atom"></outline>
  </outline>
  <outline text="a folder without feeds"/>
  <outline text="dup" xmlUrl="https://g.example/rss?a=1&amp;b=2"/>
</body></opml>"#;
        let feeds = parse(text).unwrap();
        assert_eq!(
            feeds,
            [
                Outline {
                    url: "https://g.example/rss?a=1&b=2".into(),
                    title: Some("Gazette & Times".into())
                },
                Outline {
                    url: "https://o.example/atom".into(),
                    title: Some("Observer".into())
                },
            ]
        );
        assert_eq!(parse(&write(&feeds)).unwrap(), feeds);
    }

    #[test]
    fn not_opml_is_an_error() {
        assert!(parse("<rss version=\"2.0\"/>")
            .unwrap_err()
            .contains("not an OPML"));
        assert!(parse("<opml><body><outline").is_err());
    }
}
