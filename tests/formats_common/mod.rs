//! Helpers shared by the format tests: the fixtures in `tests/fixtures/formats/`.

use std::path::{Path, PathBuf};

use presscut::corpus::{Corpus, LoadOptions, Source};
use presscut::model::Article;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

pub fn load(name: &str) -> Corpus {
    Corpus::load(&[Source::Path(fixture(name))], &LoadOptions::default())
}

pub fn titled<'a>(corpus: &'a Corpus, title: &str) -> &'a Article {
    corpus
        .articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| {
            let titles: Vec<&str> = corpus.articles.iter().map(|a| a.title.as_str()).collect();
            panic!("no article titled {title:?} among {titles:?}")
        })
}

pub fn paragraphs(article: &Article) -> Vec<&str> {
    article.body.split("\n\n").collect()
}
