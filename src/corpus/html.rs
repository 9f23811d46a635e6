//! Saved web pages (`.html`, `.htm`) as one article each: the main text found by dom_smoothie
//! (a port of Firefox's readability.js), its paragraphs kept; title, date, author and outlet
//! from the page's metadata — JSON-LD `NewsArticle` first, then OpenGraph/`article:`/`author`
//! meta tags, then `<title>`, as readability.js orders them. html5ever decodes entities in text
//! and attributes; JSON-LD strings are unescaped by dom_smoothie.
//!
//! The same extraction serves `presscut fetch --full-text` for the pages feed items link to.

use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

use super::formats::{split_authors, tidy_date, Draft, Problem};

/// Pages with more elements than this are not worth scoring: a dump, not an article. The error
/// names the limit so the user knows why the file was skipped.
const MAX_ELEMENTS: usize = 200_000;

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageProblem {
    NoText,
    TooLarge(usize),
}

impl std::fmt::Display for PageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageProblem::NoText => f.write_str("no article text found; skipped"),
            PageProblem::TooLarge(n) => write!(
                f,
                "{n} HTML elements, over the {MAX_ELEMENTS} this reader scores; skipped"
            ),
        }
    }
}

/// Parses a decoded HTML page into one draft (or one problem naming why there is none).
pub fn parse_html(text: &str) -> (Vec<Draft>, Vec<Problem>) {
    match extract(text, None) {
        Ok(draft) => (vec![draft], Vec::new()),
        Err(problem) => (
            Vec::new(),
            vec![Problem {
                line: None,
                message: problem.to_string(),
            }],
        ),
    }
}

/// The article of a page. `url` (absolute) is the page's address when it was fetched; it is the
/// draft's url unless the page names its own canonical one.
pub fn extract(html: &str, url: Option<&str>) -> Result<Draft, PageProblem> {
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    // A relative or odd URL only serves to absolutise links, which plain text does not keep.
    let mut readability = match Readability::new(html, url, Some(config.clone())) {
        Ok(r) => r,
        Err(_) => Readability::new(html, None, Some(config)).map_err(|_| PageProblem::NoText)?,
    };
    // The page's own address, read before `parse` rewrites the document.
    let own_url = page_url(&readability.doc);
    let article = match readability.parse() {
        Ok(a) => a,
        Err(ReadabilityError::TooManyElements(n, _)) => return Err(PageProblem::TooLarge(n)),
        Err(_) => return Err(PageProblem::NoText),
    };
    let body = without_byline_line(article.text_content.trim());
    if body.trim().is_empty() {
        return Err(PageProblem::NoText);
    }
    let nonempty = |s: Option<String>| {
        s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let authors = nonempty(article.byline)
        .map(|b| split_authors(strip_by(&b)))
        .unwrap_or_default();
    Ok(Draft {
        title: nonempty(Some(article.title)),
        date: nonempty(article.published_time).map(|d| tidy_date(&d)),
        authors,
        outlet: nonempty(article.site_name),
        url: nonempty(article.url)
            .or(own_url)
            .or_else(|| url.map(str::to_string)),
        source_id: None,
        body,
        line: None,
    })
}

/// `og:url`, else `<link rel="canonical">`, when absolute.
fn page_url(doc: &dom_query::Document) -> Option<String> {
    let og = doc.select(r#"meta[property="og:url"]"#).attr("content");
    let canonical = doc.select(r#"link[rel="canonical"]"#).attr("href");
    [og, canonical]
        .into_iter()
        .flatten()
        .map(|u| u.trim().to_string())
        .find(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// The body without a leading "By Jo Roe" paragraph: readability.js leaves the page's byline in
/// the text when the metadata already named the author, and the article has it as `authors`.
fn without_byline_line(body: &str) -> String {
    if let Some((first, rest)) = body.split_once("\n\n") {
        if first.chars().count() <= 100 && strip_by(first).len() < first.trim().len() {
            return rest.to_string();
        }
    }
    body.to_string()
}

/// "By Jo Roe" is a byline, not an author called "By Jo Roe".
fn strip_by(byline: &str) -> &str {
    let trimmed = byline.trim();
    match trimmed.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => trimmed[3..].trim_start(),
        _ => trimmed,
    }
}

/// Markup of a fragment (a feed item's content) as plain text: block elements become
/// paragraphs separated by a blank line, entities decoded, scripts and styles dropped.
pub fn fragment_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.trim().to_string();
    }
    let doc = dom_query::Document::fragment(html);
    doc.select("script, style, noscript, template").remove();
    doc.formatted_text().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_prefix_is_not_part_of_the_name() {
        assert_eq!(strip_by("By Jo Roe"), "Jo Roe");
        assert_eq!(strip_by("BY  Jo Roe"), "Jo Roe");
        assert_eq!(strip_by("Byron Case"), "Byron Case");
        assert_eq!(strip_by("By"), "By");
    }

    #[test]
    fn the_site_name_tail_of_a_title_element_is_removed() {
        let para = "<p>The town library opens until nine on weekdays from September, after a survey found that most of its visitors come after work and leave before the doors close.</p>";
        let page = format!(
            "<html><head><title>Town library extends its weekday opening hours | Town Times</title></head><body><article>{}</article></body></html>",
            para.repeat(3)
        );
        let (drafts, problems) = parse_html(&page);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            drafts[0].title.as_deref(),
            Some("Town library extends its weekday opening hours")
        );
    }

    #[test]
    fn a_leading_byline_paragraph_is_dropped_from_the_body() {
        assert_eq!(without_byline_line("By Jo Roe\n\nText."), "Text.");
        assert_eq!(
            without_byline_line("Bylines matter.\n\nText."),
            "Bylines matter.\n\nText."
        );
        assert_eq!(without_byline_line("By Jo Roe"), "By Jo Roe");
    }

    #[test]
    fn fragments_keep_paragraphs_and_decode_entities() {
        let text = fragment_text(
            "<p>Fish &amp; chips&nbsp;cost &#8364;4.</p><script>alert(1)</script><p>Second <b>para</b>.</p>",
        );
        assert_eq!(text, "Fish & chips cost €4.\n\nSecond para.");
        assert_eq!(fragment_text("  plain words "), "plain words");
    }
}
