use super::*;
use crate::digest::ArticleDigest;

fn sample() -> Vec<(String, ArticleDigest)> {
    let body = "«Мы готовы», сказала Мария Захарова. \"We are ready,\" Maria Zakharova said.";
    let analysis = crate::analysis::analyze(body);
    vec![(
        "0123456789ab".to_string(),
        ArticleDigest::of(body, &analysis),
    )]
}

#[test]
fn a_cache_file_reads_back_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("c"));
    assert_eq!(
        cache.read::<Vec<(String, ArticleDigest)>>(Kind::Digests),
        Err(Unusable::Missing)
    );
    cache.write(Kind::Digests, &sample()).unwrap();
    let back: Vec<(String, ArticleDigest)> = cache.read(Kind::Digests).unwrap();
    assert_eq!(back, sample());
    assert!(!back[0].1.quotes.is_empty(), "the sample has quotes");
}

#[test]
fn every_damage_is_noticed_and_none_panics() {
    let bytes = encode(Kind::Digests, &sample()).unwrap();
    // Every truncation, and a flipped bit at every position.
    for len in 0..bytes.len() {
        let got = decode::<Vec<(String, ArticleDigest)>>(Kind::Digests, &bytes[..len]);
        assert!(
            matches!(got, Err(Unusable::Damaged(_))),
            "truncated to {len}"
        );
    }
    for at in 0..bytes.len() {
        let mut bent = bytes.clone();
        bent[at] ^= 0x10;
        let got = decode::<Vec<(String, ArticleDigest)>>(Kind::Digests, &bent);
        assert!(got.is_err(), "bit flipped at {at} went unnoticed");
    }
}

#[test]
fn a_cache_from_another_build_is_not_used() {
    let mut bytes = encode(Kind::Digests, &sample()).unwrap();
    bytes[20] ^= 1; // the fingerprint
    assert_eq!(
        decode::<Vec<(String, ArticleDigest)>>(Kind::Digests, &bytes),
        Err(Unusable::OtherBuild)
    );
}

#[test]
fn two_corpora_have_two_caches() {
    let data = std::path::Path::new("/data");
    let a = Cache::for_corpus(data, &[Source::Path("/news/a".into())]);
    let b = Cache::for_corpus(data, &[Source::Path("/news/b".into())]);
    assert_ne!(a.dir(), b.dir());
    assert!(a.dir().starts_with("/data/cache"));
}

#[test]
fn a_file_read_ahead_gives_what_reading_it_then_gives() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::at(dir.path().join("c"));
    let missing: Prefetch<Vec<(String, ArticleDigest)>> = Prefetch::start(&cache, Kind::Digests);
    assert_eq!(
        missing.finish(&cache, Kind::Digests),
        Err(Unusable::Missing)
    );
    cache.write(Kind::Digests, &sample()).unwrap();
    let ahead: Prefetch<Vec<(String, ArticleDigest)>> = Prefetch::start(&cache, Kind::Digests);
    assert_eq!(ahead.finish(&cache, Kind::Digests), Ok(sample()));
    // Damaged between: the read-ahead says so as a read would.
    let path = cache.path(Kind::Digests);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let ahead: Prefetch<Vec<(String, ArticleDigest)>> = Prefetch::start(&cache, Kind::Digests);
    assert!(matches!(
        ahead.finish(&cache, Kind::Digests),
        Err(Unusable::Damaged(_))
    ));
}
