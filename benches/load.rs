//! Corpus loading at 1k and 10k generated articles (see BENCHMARKS.md for the numbers and the
//! `cat` floor they are compared with), and the same 1k articles in each of the formats news
//! comes in (#19): saved pages, an RSS feed, a CSV export and a Nexis-style DOCX archive.

#[path = "synthetic.rs"]
mod synthetic;

use std::io::Write;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use presscut::corpus::{Corpus, LoadOptions, Source};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for count in [1_000usize, 10_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes = synthetic::write_corpus(dir.path(), count).expect("write corpus");
        let sources = [Source::Path(dir.path().to_path_buf())];
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(
            BenchmarkId::from_parameter(count),
            &sources,
            |b, sources| {
                b.iter(|| {
                    let corpus = Corpus::load(sources, &LoadOptions::default());
                    assert_eq!(corpus.articles.len(), count);
                    corpus
                })
            },
        );
    }
    group.finish();
}

/// One generated article as (date, byline, outlet, paragraphs), from the seed-format text.
fn parts(index: usize) -> (String, String, String, Vec<String>) {
    let text = synthetic::article(index);
    let text = text.trim_start().trim_start_matches("date ");
    let (date, rest) = text.split_at(10);
    let rest = rest.trim_start().trim_start_matches('(');
    let (inside, body) = rest.split_once(')').unwrap_or(("", rest));
    let (byline, outlet) = inside.rsplit_once(", ").unwrap_or(("", inside));
    let paras = body.trim().split("\n\n").map(str::to_string).collect();
    (date.into(), byline.into(), outlet.into(), paras)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Writes `count` articles to `dir` in `format`; returns the bytes written.
fn write_format(dir: &Path, format: &str, count: usize) -> std::io::Result<u64> {
    let mut bytes = 0u64;
    let mut one = |name: String, data: &[u8]| {
        bytes += data.len() as u64;
        std::fs::write(dir.join(name), data)
    };
    match format {
        "seed" => {
            for i in 0..count {
                one(format!("{i:06}.txt"), synthetic::article(i).as_bytes())?;
            }
        }
        "html" => {
            for i in 0..count {
                let (date, byline, outlet, paras) = parts(i);
                let body: String = paras
                    .iter()
                    .map(|p| format!("<p>{}</p>\n", escape(p)))
                    .collect();
                let page = format!(
                    "<!DOCTYPE html><html><head><title>Story {i} | {outlet}</title>\
                     <meta property=\"og:site_name\" content=\"{outlet}\">\
                     <meta property=\"article:published_time\" content=\"{date}T08:00:00Z\">\
                     <meta name=\"author\" content=\"{byline}\"></head><body>\
                     <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
                     <article><h1>Story {i}</h1>{body}</article><footer>(c) {outlet}</footer></body></html>"
                );
                one(format!("{i:06}.html"), page.as_bytes())?;
            }
        }
        "rss" => {
            let mut feed = String::from(
                "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Bench</title>",
            );
            for i in 0..count {
                let (_, byline, _, paras) = parts(i);
                let html: String = paras
                    .iter()
                    .map(|p| format!("<p>{}</p>", escape(p)))
                    .collect();
                feed.push_str(&format!(
                    "<item><title>Story {i}</title><guid>s{i}</guid><author>{}</author><pubDate>Mon, 02 Jun 2025 09:00:00 GMT</pubDate><content:encoded><![CDATA[{html}]]></content:encoded></item>",
                    escape(&byline)
                ));
            }
            feed.push_str("</channel></rss>");
            one("feed.xml".into(), feed.as_bytes())?;
        }
        "csv" => {
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(["title", "publish_date", "author", "media_name", "text"])?;
            for i in 0..count {
                let (date, byline, outlet, paras) = parts(i);
                out.write_record([
                    &format!("Story {i}"),
                    &date,
                    &byline,
                    &outlet,
                    &paras.join("\n\n"),
                ])?;
            }
            let data = out
                .into_inner()
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            one("export.csv".into(), &data)?;
        }
        "docx" => {
            let mut xml = String::from("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
            let mut para =
                |t: &str| xml.push_str(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(t)));
            for i in 0..count {
                let (date, byline, outlet, paras) = parts(i);
                para(&format!("Story {i}"));
                para(&outlet);
                para(&date);
                para("Length: 800 words");
                para(&format!("Byline: {byline}"));
                para("Body");
                paras.iter().for_each(|p| para(p));
                para("Load-Date: June 3, 2025");
                para("End of Document");
            }
            xml.push_str("</w:body></w:document>");
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("word/document.xml", options)?;
            zip.write_all(xml.as_bytes())?;
            let data = zip.finish()?.into_inner();
            // Counted as the XML it unpacks to: what the loader reads.
            one("archive.docx".into(), &data)?;
            bytes += xml.len() as u64;
            bytes -= data.len() as u64;
        }
        other => unreachable!("no generator for {other}"),
    }
    Ok(bytes)
}

/// The same 1,000 articles in each format: what reading the format costs beside the seed format.
fn load_formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_formats");
    group.sample_size(10);
    let count = 1_000usize;
    for format in ["seed", "html", "rss", "csv", "docx"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes = write_format(dir.path(), format, count).expect("write corpus");
        let sources = [Source::Path(dir.path().to_path_buf())];
        // Throughput: the bytes read (for the docx, its XML as unpacked).
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(BenchmarkId::new(format, count), &sources, |b, sources| {
            b.iter(|| {
                let corpus = Corpus::load(sources, &LoadOptions::default());
                assert_eq!(
                    corpus.articles.len(),
                    count,
                    "{format}: {:?}",
                    corpus.warnings.first()
                );
                corpus
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load, load_formats);
criterion_main!(benches);
