//! News-database exports (#19): CSV in the usual column layouts (streamed, any delimiter) and
//! multi-article DOCX exports of Nexis Uni and Factiva, from fixtures written for these tests
//! (`tests/fixtures/formats/make_docx.py` writes the .docx files).

mod formats_common;

use formats_common::{load, paragraphs, titled};
use presscut::corpus::{Corpus, LoadOptions, Source};

#[test]
fn csv_exports_in_two_column_layouts() {
    let corpus = load("export-mediacloud.csv");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.articles.len(), 2);
    let tram = titled(&corpus, "Tram line extension opens in the east");
    assert_eq!(tram.date.as_deref(), Some("2025-02-03"));
    assert_eq!(tram.outlet.as_deref(), Some("Metro Daily"));
    assert_eq!(tram.url.as_deref(), Some("https://metro.example/tram"));
    assert_eq!(tram.source_id.as_deref(), Some("90001"));
    assert_eq!(paragraphs(tram).len(), 2);

    let corpus = load("export-scraper.csv");
    assert_eq!(corpus.articles.len(), 1);
    let night = &corpus.articles[0];
    assert_eq!(night.title, "Night buses return to the ring road");
    assert_eq!(night.authors, ["Ines Duarte", "Farid Haddad"]);
    assert_eq!(night.outlet.as_deref(), Some("City Wire"));
    assert_eq!(night.date.as_deref(), Some("2023-12-01"));
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    assert_eq!(corpus.warnings[0].origin.line, Some(3));
    assert_eq!(corpus.warnings[0].message, "empty text; skipped");
}

#[test]
fn a_csv_larger_than_the_file_limit_streams_and_a_huge_row_is_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut csv = String::from("title,text\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "Row {i},\"Text of row number {i}, long enough to count.\"\n"
        ));
    }
    std::fs::write(&path, &csv).unwrap();
    assert!(csv.len() > 64 * 1024);
    let options = LoadOptions {
        max_file_bytes: 64 * 1024,
        cache: None,
    };
    let corpus = Corpus::load(&[Source::Path(path.clone())], &options);
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.articles.len(), 3000);

    // One row bigger than the limit (an unclosed quote runs to the end of the file).
    let mut bad = String::from("title,text\nFirst,\"Fine text.\"\nSecond,\"never closed ");
    bad.push_str(&"x".repeat(200 * 1024));
    std::fs::write(&path, &bad).unwrap();
    let corpus = Corpus::load(&[Source::Path(path)], &options);
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    assert_eq!(corpus.warnings[0].origin.line, Some(3));
    assert_eq!(
        corpus.warnings[0].message,
        "a row over the 0.1 MB limit; rest of file skipped (raise it with --max-file-mb)"
    );
}

#[test]
fn a_latin1_csv_loads_with_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.csv");
    let mut bytes = b"title,text\nCaf".to_vec();
    bytes.push(0xE9); // é in Latin-1
    bytes.extend_from_slice(b" reopens,\"The caf");
    bytes.push(0xE9);
    bytes.extend_from_slice(b" on the square reopens.\"\n");
    std::fs::write(&path, bytes).unwrap();
    let corpus = Corpus::load(&[Source::Path(path)], &LoadOptions::default());
    assert_eq!(corpus.articles[0].title, "Café reopens");
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    assert!(corpus.warnings[0].message.contains("read as Latin-1"));
}

#[test]
fn a_nexis_uni_export_is_split_at_end_of_document() {
    let corpus = load("archive-nexis.docx");
    assert_eq!(corpus.articles.len(), 2);
    let ferry = titled(&corpus, "Harbour ferry returns after winter repairs");
    assert_eq!(ferry.outlet.as_deref(), Some("The Quayside Courier"));
    assert_eq!(ferry.date.as_deref(), Some("2025-03-14"));
    assert_eq!(ferry.authors, ["Marta Llobet", "Tomás Øvrebø"]);
    assert_eq!(
        paragraphs(ferry),
        [
            "The small ferry linking Nordby & Skallen returned to service on Friday after four months in the yard.",
            "“We found corrosion nobody could see,” said the foreman.",
        ],
        "the cover page, the fields and the classification are not text"
    );
    let library = titled(&corpus, "Council votes to keep the night library");
    assert_eq!(library.outlet.as_deref(), Some("Valley Post"));
    assert_eq!(library.date.as_deref(), Some("2024-05-02"));
    assert!(library.authors.is_empty());
    assert_eq!(
        library.body,
        "Councillors voted nine to four on Thursday to keep the library open until nine on weekdays."
    );
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    assert_eq!(
        corpus.warnings[0].message,
        "article 3 (\"A headline with no fields\"): no Byline:/Length:/Body fields of a Nexis document; skipped"
    );
}

#[test]
fn a_factiva_export_is_split_at_its_document_lines() {
    let corpus = load("archive-factiva.docx");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    assert_eq!(corpus.articles.len(), 2);
    let frost = titled(&corpus, "Orchard growers count the cost of a late frost");
    assert_eq!(frost.authors, ["Aino Virtanen"]);
    assert_eq!(frost.date.as_deref(), Some("2024-05-02"));
    assert_eq!(frost.outlet.as_deref(), Some("Valley Post"));
    assert_eq!(paragraphs(frost).len(), 2);
    assert!(frost.body.starts_with("Two nights of frost"));
    let tram = titled(&corpus, "Tram line extension opens in the east");
    assert!(tram.authors.is_empty());
    assert_eq!(tram.date.as_deref(), Some("2025-02-03"));
    assert_eq!(tram.outlet.as_deref(), Some("Metro Daily"));
    assert_eq!(
        tram.body,
        "The tram now runs three stops further east, to the new hospital."
    );
}

#[test]
fn a_word_file_without_an_archive_layout_is_one_article() {
    let corpus = load("word-plain.docx");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let a = &corpus.articles[0];
    assert_eq!(a.title, "Snow gates closed on the pass road");
    assert_eq!(paragraphs(a).len(), 2);
}

#[test]
fn a_docx_that_is_not_a_zip_or_unpacks_too_far_is_one_warning() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.docx");
    std::fs::write(&fake, "just text with a docx name").unwrap();
    let corpus = Corpus::load(&[Source::Path(fake)], &LoadOptions::default());
    assert!(corpus.articles.is_empty());
    assert_eq!(corpus.warnings.len(), 1);
    assert!(
        corpus.warnings[0]
            .message
            .starts_with("not a readable .docx"),
        "{:?}",
        corpus.warnings
    );

    // 4 MB of text that deflates to a few KB: over a 1 MB limit once unpacked.
    let bomb = dir.path().join("bomb.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document><w:body><w:p><w:t>").unwrap();
    zip.write_all(&vec![b'a'; 4 << 20]).unwrap();
    zip.write_all(b"</w:t></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 64 * 1024);
    let options = LoadOptions {
        max_file_bytes: 1 << 20,
        cache: None,
    };
    let corpus = Corpus::load(&[Source::Path(bomb)], &options);
    assert!(corpus.articles.is_empty());
    assert_eq!(corpus.warnings.len(), 1);
    assert!(
        corpus.warnings[0]
            .message
            .starts_with("its text unpacks to 4.0 MB, over the 1.0 MB per-file limit"),
        "{:?}",
        corpus.warnings
    );
}

#[test]
fn a_semicolon_separated_export_with_a_bom_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("excel.csv");
    std::fs::write(
        &path,
        "\u{feff}title;text;media_name\r\nHafen;\"Die Fähre fährt wieder; täglich elfmal.\";Kieler Bote\r\n",
    )
    .unwrap();
    let corpus = Corpus::load(&[Source::Path(path)], &LoadOptions::default());
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let a = &corpus.articles[0];
    assert_eq!(a.title, "Hafen");
    assert_eq!(a.body, "Die Fähre fährt wieder; täglich elfmal.");
    assert_eq!(a.outlet.as_deref(), Some("Kieler Bote"));
}
