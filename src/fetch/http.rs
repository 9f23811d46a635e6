//! One polite HTTP client for `fetch`: a User-Agent naming presscut, a timeout on the whole
//! exchange, bounded redirects, a limit on the body *after* gzip decoding (a small compressed
//! response cannot unpack to gigabytes), conditional GET, and one request per host at a time
//! however many threads fetch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use ureq::http::{header, StatusCode};
use ureq::ResponseExt;

/// `presscut/<version>`, and the project's address when the build knows one.
pub fn user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty()) {
        Some(repo) => format!("presscut/{version} (+{repo})"),
        None => format!("presscut/{version} (terminal news reader; feed fetcher)"),
    }
}

/// How far to go for one request.
#[derive(Clone, Debug)]
pub struct Limits {
    pub timeout: Duration,
    pub max_body_bytes: u64,
    pub max_redirects: u32,
}

/// What a previous answer said about the resource, for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub enum Got {
    /// 304: nothing changed since the validators were given.
    NotModified,
    Body {
        bytes: Vec<u8>,
        /// Where the body came from, after redirects.
        final_url: String,
        /// The `Content-Type` header (a page's charset may be in it).
        content_type: Option<String>,
        validators: Validators,
    },
}

pub struct Client {
    agent: ureq::Agent,
    limits: Limits,
    hosts: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

impl Client {
    pub fn new(limits: Limits) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(limits.timeout))
            .max_redirects(limits.max_redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .user_agent(user_agent())
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            limits,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// GETs `url`, conditionally when `validators` say something. The error is one line saying
    /// what went wrong and what to do, without the URL (the caller names it).
    pub fn get(&self, url: &str, validators: &Validators, accept: &str) -> Result<Got, String> {
        let host = host_of(url).ok_or_else(|| {
            "not an http:// or https:// address; check it (a feed's address starts with https://)"
                .to_string()
        })?;
        let lock = {
            let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(hosts.entry(host).or_default())
        };
        // One request per host at a time: the others wait here.
        let _turn = lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut request = self.agent.get(url).header(header::ACCEPT, accept);
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        let mut response = request.call().map_err(|e| self.explain(&e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Got::NotModified);
        }
        if !status.is_success() {
            return Err(status_advice(status));
        }
        let final_url = response.get_uri().to_string();
        let header_text = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header_text(header::CONTENT_TYPE);
        let new_validators = Validators {
            etag: header_text(header::ETAG),
            last_modified: header_text(header::LAST_MODIFIED),
        };
        let bytes = response
            .body_mut()
            .with_config()
            .limit(self.limits.max_body_bytes)
            .read_to_vec()
            .map_err(|e| self.explain(&e))?;
        Ok(Got::Body {
            bytes,
            final_url,
            content_type,
            validators: new_validators,
        })
    }

    fn explain(&self, e: &ureq::Error) -> String {
        let mb = self.limits.max_body_bytes as f64 / 1_048_576.0;
        match e {
            ureq::Error::Timeout(_) => format!(
                "no complete answer within {} s; try again later (or raise --timeout-secs)",
                self.limits.timeout.as_secs_f64()
            ),
            ureq::Error::TooManyRedirects => format!(
                "more than {} redirects (a redirect loop?); open it in a browser to find the feed's current address",
                self.limits.max_redirects
            ),
            ureq::Error::BodyExceedsLimit(_) => format!(
                "the response is over the {mb:.1} MB limit (after decompression); skipped (raise it with --max-file-mb if the feed is really that big)"
            ),
            ureq::Error::HostNotFound => {
                "host not found; check the address and your network".to_string()
            }
            ureq::Error::ConnectionFailed => {
                "cannot connect; check the address, or try again later".to_string()
            }
            ureq::Error::Tls(why) => format!("secure connection failed ({why}); check the address"),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                "connection refused; check the address (and port), or try again later".to_string()
            }
            ureq::Error::Io(io) => format!("connection broken ({io}); try again later"),
            other => format!("request failed ({other}); check the address"),
        }
    }
}

/// What a non-success status means for a feed reader.
fn status_advice(status: StatusCode) -> String {
    let code = status.as_u16();
    let reason = status.canonical_reason().unwrap_or("");
    let advice = match code {
        404 | 410 => "the feed is gone from this address; find its new one on the site",
        401 | 403 => "the site refuses access; the feed may need a login or may block readers",
        429 => "the site asks for fewer requests; fetch less often",
        300..=399 => "a redirect without a usable address; open it in a browser",
        500..=599 => "the site has a problem; try again later",
        _ => "check the address",
    };
    format!("HTTP {code} {reason}; {advice}")
}

/// The `host:port` an absolute http(s) URL names, lowercased, or `None` for anything else.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host_of("https://Example.org/feed").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            host_of("http://127.0.0.1:8080?x").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host_of("http://u:p@h.example/").as_deref(),
            Some("h.example")
        );
        assert_eq!(host_of("ftp://h.example/"), None);
        assert_eq!(host_of("https:///path"), None);
    }

    #[test]
    fn the_user_agent_names_presscut_and_its_version() {
        assert!(user_agent().starts_with(&format!("presscut/{}", env!("CARGO_PKG_VERSION"))));
    }
}
