//! `presscut fetch` against a small HTTP server on 127.0.0.1 that each test starts (a few lines
//! of std::net, stopped when the test ends): new items, conditional GET, a second run that
//! writes nothing, and every kind of failure as one line while the other feeds still fetch.

mod http_server;

use std::path::Path;
use std::time::{Duration, Instant};

use http_server::{ok, status, Response, Server};
use presscut::corpus::{Corpus, LoadOptions, Source};

fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let mut out =
        format!("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{title}</title>");
    for (guid, item_title, description) in items {
        out.push_str(&format!(
            "<item><guid>{guid}</guid><title>{item_title}</title><pubDate>Mon, 02 Jun 2025 09:00:00 GMT</pubDate><description>{description}</description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

fn presscut(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("presscut").unwrap();
    cmd.env_remove("PRESSCUT_CORPUS")
        .env_remove("PRESSCUT_CONFIG")
        .env("XDG_CONFIG_HOME", home)
        .env("PRESSCUT_DATA_DIR", home)
        // The test server is local: no proxy from the environment in between.
        .env("NO_PROXY", "*")
        .env("no_proxy", "*")
        .timeout(Duration::from_secs(60));
    cmd
}

fn run(cmd: &mut assert_cmd::Command) -> (bool, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn item_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

fn two_items() -> String {
    rss(
        "Harbour Notes &amp; News",
        &[
            ("hn-1", "Ferry back in service", "&lt;p&gt;The ferry runs again.&lt;/p&gt;&lt;p&gt;Eleven crossings a day.&lt;/p&gt;"),
            ("hn-2", "Pier lights repaired", "The pier lights work again after the storm."),
            ("hn-3", "", ""),
        ],
    )
}

#[test]
fn new_items_are_written_once_and_304_is_honoured() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/etag.xml" if req.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") => {
            status(304)
        }
        "/etag.xml" => {
            let mut r = ok("application/rss+xml", two_items());
            r.headers.push(("ETag", "\"v1\"".into()));
            r
        }
        // A server without validators: the second run must still write nothing.
        "/plain.xml" => ok("application/rss+xml", two_items()),
        _ => status(404),
    });
    let home = tempfile::tempdir().unwrap();
    let into = home.path().join("feeds");
    let feed = server.url("/etag.xml");

    let (success, stdout, stderr) = run(presscut(home.path())
        .args(["fetch", &feed, "--into"])
        .arg(&into));
    assert!(success, "{stderr}");
    assert!(
        stdout.contains(&format!("{feed}: 2 new, 0 already fetched")),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "{feed}: item 3: no title, summary or text; skipped"
        )),
        "{stderr}"
    );
    assert_eq!(item_files(&into).len(), 2);
    assert!(into.join(".presscut-feeds.json").is_file());
    let first = &server.requests("/etag.xml")[0];
    assert!(
        first.headers["user-agent"].starts_with("presscut/"),
        "{first:?}"
    );
    assert!(!first.headers.contains_key("if-none-match"));

    // The folder is a corpus like any other.
    let corpus = Corpus::load(&[Source::Path(into.clone())], &LoadOptions::default());
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let ferry = corpus
        .articles
        .iter()
        .find(|a| a.title == "Ferry back in service")
        .unwrap();
    assert_eq!(
        ferry.body,
        "The ferry runs again.\n\nEleven crossings a day."
    );
    assert_eq!(ferry.outlet.as_deref(), Some("Harbour Notes & News"));
    assert_eq!(ferry.date.as_deref(), Some("2025-06-02"));
    assert_eq!(ferry.source_id.as_deref(), Some("hn-1"));

    // Again: the server answers 304 to the validator it gave, and nothing is written.
    let (success, stdout, stderr) = run(presscut(home.path())
        .args(["fetch", &feed, "--into"])
        .arg(&into));
    assert!(success, "{stderr}");
    assert!(
        stdout.contains(&format!("{feed}: not modified")),
        "{stdout}"
    );
    let second = &server.requests("/etag.xml")[1];
    assert_eq!(
        second.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(item_files(&into).len(), 2);

    // A feed served again in full: its items are known by their stable names.
    let plain = server.url("/plain.xml");
    let (_, stdout, _) = run(presscut(home.path())
        .args(["fetch", &plain, "--into"])
        .arg(&into));
    assert!(
        stdout.contains(&format!("{plain}: 2 new, 0 already fetched")),
        "{stdout}"
    );
    let files = item_files(&into);
    assert_eq!(files.len(), 4, "ids differ per feed: {files:?}");
    std::fs::remove_file(into.join(&files[0])).unwrap();
    let (success, stdout, stderr) = run(presscut(home.path())
        .args(["fetch", &plain, "--into"])
        .arg(&into));
    assert!(success, "{stderr}");
    assert!(
        stdout.contains(&format!("{plain}: 0 new, 2 already fetched")),
        "{stdout}"
    );
    assert_eq!(item_files(&into).len(), 3, "a deleted item stays deleted");
}

#[test]
fn each_failure_is_one_line_and_the_other_feeds_still_fetch() {
    let bomb = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/bomb.xml.gz"),
    )
    .unwrap();
    let server = Server::start(move |req, _| match req.path.as_str() {
        "/good.xml" => ok("application/rss+xml", two_items()),
        "/loop" => Response {
            headers: vec![("Location", "/loop2".into())],
            ..status(302)
        },
        "/loop2" => Response {
            headers: vec![("Location", "/loop".into())],
            ..status(302)
        },
        "/slow.xml" => Response {
            delay: Duration::from_secs(3),
            ..ok("application/rss+xml", two_items())
        },
        "/big.xml" => ok("application/rss+xml", vec![b' '; 3 << 20]),
        "/bomb.xml" => {
            let mut r = ok("application/rss+xml", bomb.clone());
            r.headers.push(("Content-Encoding", "gzip".into()));
            r
        }
        "/page.html" => ok(
            "text/html",
            "<!DOCTYPE html><html><body><p>Welcome</p></body></html>",
        ),
        "/broken.xml" => ok(
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><item>",
        ),
        _ => status(404),
    });
    let home = tempfile::tempdir().unwrap();
    let into = home.path().join("feeds");
    let urls: Vec<String> = [
        "/good.xml",
        "/loop",
        "/slow.xml",
        "/big.xml",
        "/bomb.xml",
        "/gone.xml",
        "/page.html",
        "/broken.xml",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect();
    let started = Instant::now();
    let (success, stdout, stderr) = run(presscut(home.path())
        .arg("fetch")
        .args(&urls)
        .args(["--timeout-secs", "0.5", "--max-file-mb", "1", "--into"])
        .arg(&into));
    assert!(success, "one feed fetched is success: {stderr}");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(stdout.contains(&format!("{}: 2 new", urls[0])), "{stdout}");
    assert!(
        stdout.contains("1 of 8 feed(s) fetched, 7 failed; 2 new item(s)"),
        "{stdout}"
    );
    let expected = [
        (1, "more than 5 redirects (a redirect loop?)"),
        (
            2,
            "no complete answer within 0.5 s; try again later (or raise --timeout-secs)",
        ),
        (3, "over the 1.0 MB limit (after decompression)"),
        (4, "over the 1.0 MB limit (after decompression)"),
        (5, "HTTP 404 Not Found; the feed is gone from this address"),
        (
            6,
            "a web page, not a feed; find the feed's address on the page",
        ),
        (7, "not a readable feed ("),
    ];
    for (i, what) in expected {
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with(&format!("presscut: {}: ", urls[i])))
            .collect();
        assert_eq!(lines.len(), 1, "{}: {stderr}", urls[i]);
        assert!(
            lines[0].contains(what),
            "{} should say {what:?}: {}",
            urls[i],
            lines[0]
        );
    }
    assert_eq!(item_files(&into).len(), 2);

    // Nothing fetched at all: exit 1, and the last line says so.
    let (success, _, stderr) = run(presscut(home.path())
        .args(["fetch", &urls[5], &urls[1], "--into"])
        .arg(&into));
    assert!(!success);
    assert!(
        stderr.trim_end().ends_with(
            "nothing could be fetched (2 feed(s) failed; each is named above with what to do)"
        ),
        "{stderr}"
    );
}

#[test]
fn full_text_fetches_the_linked_page() {
    let page = "<html><head><title>Ferry back | Harbour Notes</title>\
        <meta name=\"author\" content=\"Ros Ahl\"></head><body><nav><a href=\"/\">Home</a></nav>\
        <article><p>The ferry between Nordby and Skallen runs again from today, after four months in the repair yard where both of its propeller shafts were replaced.</p>\
        <p>The harbour office says the timetable of eleven daily crossings applies from Monday, and that fares stay at last year's prices until the end of the summer season.</p>\
        <p>Islanders had relied on a water taxi since November, which carried no vehicles and ran only in daylight.</p></article></body></html>";
    let server = Server::start(move |req, base| {
        match req.path.as_str() {
        "/feed.xml" => ok(
            "application/rss+xml",
            format!(
                "<rss version=\"2.0\"><channel><title>Harbour Notes</title>\
                 <item><title>Ferry back</title><link>{base}/story</link><description>The ferry runs again.</description></item>\
                 <item><title>Lost page</title><link>{base}/lost</link><description>Only this teaser.</description></item>\
                 </channel></rss>"
            ),
        ),
        "/story" => ok("text/html; charset=utf-8", page),
        _ => status(404),
    }
    });
    let home = tempfile::tempdir().unwrap();
    let into = home.path().join("feeds");
    let (success, _, stderr) = run(presscut(home.path())
        .args(["fetch", &server.url("/feed.xml"), "--full-text", "--into"])
        .arg(&into));
    assert!(success, "{stderr}");
    assert!(
        stderr.contains(&format!("{}: HTTP 404 Not Found", server.url("/lost")))
            && stderr.contains("kept the feed's text"),
        "{stderr}"
    );
    let corpus = Corpus::load(&[Source::Path(into)], &LoadOptions::default());
    let ferry = corpus
        .articles
        .iter()
        .find(|a| a.title == "Ferry back")
        .unwrap();
    assert_eq!(ferry.body.split("\n\n").count(), 3, "{}", ferry.body);
    assert!(ferry
        .body
        .starts_with("The ferry between Nordby and Skallen"));
    assert_eq!(ferry.authors, ["Ros Ahl"]);
    assert_eq!(ferry.url.as_deref(), Some(server.url("/story").as_str()));
    let lost = corpus
        .articles
        .iter()
        .find(|a| a.title == "Lost page")
        .unwrap();
    assert_eq!(lost.body, "Only this teaser.");
}

#[test]
fn opml_in_and_out_and_feeds_from_the_config() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/a.xml" => ok("application/rss+xml", two_items()),
        _ => status(404),
    });
    let home = tempfile::tempdir().unwrap();
    let opml = home.path().join("subs.opml");
    std::fs::write(
        &opml,
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"Local\">\
             <outline text=\"Harbour\" xmlUrl=\"{}\"/></outline></body></opml>",
            server.url("/a.xml")
        ),
    )
    .unwrap();
    let into = home.path().join("feeds");
    let (success, stdout, stderr) = run(presscut(home.path())
        .arg("fetch")
        .arg(&opml)
        .arg("--into")
        .arg(&into));
    assert!(success, "{stderr}");
    assert!(stdout.contains("2 new"), "{stdout}");

    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "feeds = [\"{}\"]\nfeeds_dir = \"{}\"\n",
            server.url("/a.xml"),
            into.display()
        ),
    )
    .unwrap();
    let (success, stdout, stderr) = run(presscut(home.path())
        .arg("--config")
        .arg(&config)
        .arg("fetch"));
    assert!(success, "{stderr}");
    assert!(stdout.contains("0 new, 2 already fetched"), "{stdout}");
    let (success, stdout, stderr) = run(presscut(home.path())
        .arg("--config")
        .arg(&config)
        .args(["feeds", "--opml"]));
    assert!(success, "{stderr}");
    assert!(stdout.starts_with("<?xml"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "title=\"Harbour Notes &amp; News\" xmlUrl=\"{}\"",
            server.url("/a.xml")
        )),
        "{stdout}"
    );

    let (success, _, stderr) = run(presscut(home.path()).args(["fetch", "--into"]).arg(&into));
    assert!(!success);
    assert!(
        stderr.contains("no feeds: name feed addresses or OPML files"),
        "{stderr}"
    );
    let (success, _, stderr) = run(presscut(home.path())
        .arg("fetch")
        .arg(home.path().join("missing.opml"))
        .arg("--into")
        .arg(&into));
    assert!(!success);
    assert!(stderr.contains("missing.opml: cannot read"), "{stderr}");
}

#[test]
fn one_request_at_a_time_to_one_host() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let server = {
        let (now, most) = (Arc::clone(&now), Arc::clone(&most));
        Server::start(move |req, _| {
            let in_flight = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(in_flight, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(150));
            now.fetch_sub(1, Ordering::SeqCst);
            let n = req.path.trim_start_matches("/f").trim_end_matches(".xml");
            ok(
                "application/rss+xml",
                rss(&format!("Feed {n}"), &[(n, "One item", "Its text.")]),
            )
        })
    };
    let home = tempfile::tempdir().unwrap();
    let urls: Vec<String> = (1..=4).map(|i| server.url(&format!("/f{i}.xml"))).collect();
    let (success, stdout, stderr) = run(presscut(home.path())
        .arg("fetch")
        .args(&urls)
        .arg("--into")
        .arg(home.path().join("feeds")));
    assert!(success, "{stderr}");
    assert!(stdout.contains("4 of 4 feed(s) fetched"), "{stdout}");
    assert_eq!(server.requests("/f1.xml").len(), 1);
    assert_eq!(
        most.load(Ordering::SeqCst),
        1,
        "requests to one host overlapped"
    );
}
