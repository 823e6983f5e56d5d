//! The warm path: when nothing changed since the last clean build, its output
//! is the answer, and none of the work behind it is done again.
//!
//! "Nothing changed" is decided without reading any source: the book mdBook
//! sends (chapters and config, hashed), the preprocessor binary, the
//! environment that reaches results, the cores it may use, the toolchain
//! fingerprints (see [`crate::storing::inputs`]), and the metadata (size,
//! modification and change times, inode) of every file and folder of the
//! examples package and of every cache entry the output came from. Any difference, and the full
//! pipeline runs.
//!
//! A file changed within [`RACY`] of the start of the run that would be
//! remembered is not trusted (its timestamps may not show a second edit in
//! the same clock tick): that run is not remembered, the next one will be.
//! Blessing never replays and is never remembered.

use crate::package::languages::Language;
use crate::util::atomic::write_atomically;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use walkdir::WalkDir;

/// The file, in the cache folder: a JSON header line, then the output.
const FILE: &str = "last-run";
/// Files changed less than this before a run are not trusted by its memo.
pub const RACY: Duration = Duration::from_secs(1);
/// Environment variables that can change an output without changing a file.
const ENV: &[&str] = &[
    crate::config::ON_FAILURE_ENV,
    "RUSTFLAGS",
    "RUSTC",
    "CARGO",
    "RUSTUP_HOME",
    "RUSTUP_TOOLCHAIN",
    "HOME",
    "PATH",
    "PYENV_ROOT",
    "PYENV_VERSION",
];

/// What a file's metadata says of its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(Stamp {
            len: m.len(),
            mtime_ns: ns(m.mtime(), m.mtime_nsec()),
            ctime_ns: ns(m.ctime(), m.ctime_nsec()),
            ino: m.ino(),
        })
    }

    /// Changed at or after `since` (nanoseconds since the epoch).
    fn changed_after(&self, since: i128) -> bool {
        self.mtime_ns >= since || self.ctime_ns >= since
    }
}

/// Every file and folder of the examples package and the build settings
/// outside it (metadata only: no manifest is parsed), with their stamps, in
/// a stable order. Folders named
/// `target` and hidden entries are skipped.
/// `None` when the package holds a symbolic link: what it points to could
/// change without any stamp here changing, so such a package is never
/// replayed.
pub fn package_stamps(package_dir: &Path) -> Option<Vec<(PathBuf, Stamp)>> {
    let skipped = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() > 0 && (name.starts_with('.') || name == "target")
    };
    let mut out = Vec::new();
    // An unreadable folder is left out, as it is by the build.
    for entry in WalkDir::new(package_dir)
        .into_iter()
        .filter_entry(|e| !skipped(e))
        .flatten()
    {
        if entry.depth() > 0 && entry.path_is_symlink() {
            return None;
        }
        if let Some(s) = Stamp::of(entry.path()) {
            out.push((entry.into_path(), s));
        }
    }
    for file in crate::package::catalog::build_setting_stamps(package_dir) {
        if let Some(s) = Stamp::of(&file) {
            out.push((file, s));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

/// The key of a run: `None` when the toolchain cannot be fingerprinted
/// without running it (then every run is a full one).
pub fn key(input: &[u8], package_dir: &Path, languages: &[Arc<dyn Language>]) -> Option<String> {
    let toolchains = crate::storing::inputs::toolchain_fingerprints(languages, package_dir)?;
    let exe = std::env::current_exe().ok()?;
    let exe_stamp = Stamp::of(&exe)?;
    let mut h = blake3::Hasher::new();
    let mut part = |label: &str, bytes: &[u8]| {
        for p in [label.as_bytes(), bytes] {
            h.update(&(p.len() as u64).to_le_bytes());
            h.update(p);
        }
    };
    part("version", env!("CARGO_PKG_VERSION").as_bytes());
    part("exe", format!("{} {exe_stamp:?}", exe.display()).as_bytes());
    part("toolchains", toolchains.as_bytes());
    // Which timing claims are checked depends on it (`cores=`).
    part(
        "cores",
        crate::util::proc::available_cores().to_string().as_bytes(),
    );
    for name in ENV {
        let value = std::env::var_os(name).unwrap_or_default();
        part(name, value.as_encoded_bytes());
    }
    part("input", input);
    Some(h.finalize().to_hex().to_string())
}

/// The header line of the file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    key: String,
    files: Vec<(PathBuf, Stamp)>,
    counts: String,
    report: serde_json::Value,
}

/// A remembered run whose inputs are all unchanged.
#[derive(Debug)]
pub struct Hit {
    pub output: Vec<u8>,
    /// `report.json` as the run wrote it, with every reference from the cache.
    pub report: serde_json::Value,
    /// `N reference(s) to M example(s)`.
    pub counts: String,
}

/// The remembered run for `key`, if every file it depended on is unchanged.
pub fn lookup(cache_dir: &Path, key: &str) -> Option<Hit> {
    let bytes = std::fs::read(cache_dir.join(FILE)).ok()?;
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
    if header.key != key
        || header
            .files
            .iter()
            .any(|(path, stamp)| Stamp::of(path).as_ref() != Some(stamp))
    {
        return None;
    }
    Some(Hit {
        output: bytes[newline + 1..].to_vec(),
        report: header.report,
        counts: header.counts,
    })
}

/// What a finished run needs to be remembered.
#[derive(Debug)]
pub struct Run<'a> {
    pub key: &'a str,
    /// The package's stamps taken before the run started.
    pub before: &'a [(PathBuf, Stamp)],
    /// When the run started.
    pub started: SystemTime,
    pub package_dir: &'a Path,
    /// The cache entries the output came from.
    pub entries: &'a [PathBuf],
    pub counts: &'a str,
    pub report: serde_json::Value,
    pub output: &'a [u8],
}

/// Remember `run`, unless a package file changed during it or just before
/// it. Returns whether it was remembered.
pub fn store(cache_dir: &Path, run: Run<'_>) -> Result<bool> {
    let Some(after) = package_stamps(run.package_dir) else {
        return Ok(false);
    };
    let since = run
        .started
        .checked_sub(RACY)
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
    if after != run.before || after.iter().any(|(_, s)| s.changed_after(since)) {
        return Ok(false);
    }
    let mut files = after;
    for entry in run.entries {
        let Some(stamp) = Stamp::of(entry) else {
            return Ok(false);
        };
        files.push((entry.clone(), stamp));
    }
    let header = Header {
        key: run.key.to_string(),
        files,
        counts: run.counts.to_string(),
        report: run.report,
    };
    write_atomically(cache_dir, FILE, |out| {
        serde_json::to_writer(&mut *out, &header)?;
        out.write_all(b"\n")?;
        out.write_all(run.output)
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remember(dir: &Path, pkg: &Path, started: SystemTime, output: &[u8]) -> bool {
        let before = package_stamps(pkg).expect("no links");
        let entry = dir.join("entry.json");
        std::fs::write(&entry, "{}").expect("entry");
        let run = Run {
            key: "k",
            before: &before,
            started,
            package_dir: pkg,
            entries: &[entry],
            counts: "1 reference(s) to 1 example(s)",
            report: serde_json::json!({"references": []}),
            output,
        };
        store(dir, run).expect("stored")
    }

    #[test]
    fn replays_until_a_file_or_the_key_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(pkg.join("src/bin")).expect("pkg");
        std::fs::write(pkg.join("src/bin/a.rs"), "fn main() {}").expect("a");
        let later = SystemTime::now() + Duration::from_secs(10);
        assert!(remember(dir.path(), &pkg, later, b"{\"out\":1}\n"));
        let hit = lookup(dir.path(), "k").expect("a hit");
        assert_eq!(hit.output, b"{\"out\":1}\n");
        assert_eq!(hit.counts, "1 reference(s) to 1 example(s)");
        assert!(lookup(dir.path(), "other key").is_none());

        // A new example (the folder changes) and an edited one both miss.
        std::fs::write(pkg.join("src/bin/b.rs"), "fn main() {}").expect("b");
        assert!(lookup(dir.path(), "k").is_none());
        assert!(remember(dir.path(), &pkg, later, b"2"));
        std::fs::write(pkg.join("src/bin/a.rs"), "fn main() { }").expect("a edited");
        assert!(lookup(dir.path(), "k").is_none());
        // A damaged cache entry misses too.
        assert!(remember(dir.path(), &pkg, later, b"3"));
        std::fs::write(dir.path().join("entry.json"), "{ damaged").expect("damaged");
        assert!(lookup(dir.path(), "k").is_none());
    }

    #[test]
    fn files_changed_just_before_the_run_are_not_trusted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(&pkg).expect("pkg");
        std::fs::write(pkg.join("a.rs"), "fn main() {}").expect("a");
        assert!(!remember(dir.path(), &pkg, SystemTime::now(), b"x"));
        assert!(lookup(dir.path(), "k").is_none());
    }

    #[test]
    fn target_and_hidden_folders_are_not_inputs() {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["src", "target/release", ".git"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("folders");
        }
        std::fs::write(dir.path().join("src/x.rs"), "").expect("x");
        std::fs::write(dir.path().join("target/release/x"), "").expect("binary");
        let names: Vec<String> = package_stamps(dir.path())
            .expect("no links")
            .iter()
            .map(|(p, _)| {
                p.strip_prefix(dir.path())
                    .expect("inside")
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["", "src", "src/x.rs"]);
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("src/link.rs")).expect("link");
        assert!(
            package_stamps(dir.path()).is_none(),
            "a link is never trusted"
        );
    }
}
