//! Build-time facts the binary carries:
//! - the git revision it is built from, for `presscut --version`;
//! - a fingerprint of its sources and assets, for the cache (src/cache): a cache file written
//!   by a build whose analysis, index or cache code differed may hold what older rules derived,
//!   so a build only trusts files carrying its own fingerprint.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::path::Path;
use std::process::Command;

fn main() {
    let rev = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown revision".to_string());
    println!("cargo:rustc-env=PRESSCUT_GIT_REV={rev}");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");

    let mut hasher = DefaultHasher::new();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    for dir in ["src", "assets"] {
        println!("cargo:rerun-if-changed={dir}");
        hash_tree(Path::new(dir), &mut hasher);
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    if let Ok(lock) = std::fs::read("Cargo.lock") {
        hasher.write(&lock);
    }
    println!(
        "cargo:rustc-env=PRESSCUT_BUILD_FINGERPRINT={:016x}",
        hasher.finish()
    );
}

/// Feeds every file under `dir` (sorted, so the order is the same everywhere) to `hasher`.
fn hash_tree(dir: &Path, hasher: &mut DefaultHasher) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            hash_tree(&path, hasher);
        } else if let Ok(bytes) = std::fs::read(&path) {
            hasher.write(path.to_string_lossy().as_bytes());
            hasher.write(&bytes);
        }
    }
}
