//! Whether cargo's binaries come from the sources on disk. Cargo decides
//! that a binary is up to date by file times: a source whose content
//! changed while its time went back (a copy restored from a backup, a tool
//! that keeps file times, `touch -r`) leaves the old binary in place, and
//! its output would be shown for the new source.
//!
//! So each build remembers the content hash of every file it compiled from
//! (`built-from` in this tool's folder) and when it started. Before the
//! next build, a file whose content differs from what was compiled but
//! whose time is not after that build's start is one cargo would miss:
//! cargo's record of the package that owns it (its `.fingerprint` entries)
//! is removed, and cargo compiles that package's targets again.

use crate::util::atomic::write_atomically;
use crate::util::key::Fingerprint;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The file in this tool's folder.
const FILE: &str = "built-from";

/// What the last build compiled from.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Stamps {
    /// When it started, in ns since the epoch.
    started_ns: u128,
    /// Cargo's folder for the profile (`target/release`).
    profile_dir: Option<PathBuf>,
    /// The content hash of each file it compiled from.
    files: BTreeMap<PathBuf, String>,
}

/// The content hash of each of `files` that can be read.
pub fn hashes(files: &[PathBuf]) -> BTreeMap<PathBuf, String> {
    files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(f).ok()?;
            Some((f.clone(), Fingerprint::new().part(&bytes).hex()))
        })
        .collect()
}

impl Stamps {
    /// The stamps of the last build (none when there was none, or they
    /// cannot be read: then cargo's file times are all there is).
    pub fn load(work_dir: &Path) -> Stamps {
        std::fs::read(work_dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The files of `now` whose content is not what the last build
    /// compiled although their time is not after its start.
    pub fn changed_behind_old_times(&self, now: &BTreeMap<PathBuf, String>) -> Vec<PathBuf> {
        now.iter()
            .filter(|(path, hash)| {
                self.files.get(*path).is_some_and(|then| then != *hash)
                    && modified_ns(path).is_some_and(|t| t <= self.started_ns)
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// Make cargo compile again every package that owns one of `files`,
    /// by removing its fingerprints; returns the packages' names.
    pub fn forget(&self, files: &[PathBuf]) -> Vec<String> {
        let Some(profile_dir) = &self.profile_dir else {
            return Vec::new();
        };
        let packages: BTreeSet<String> = files.iter().filter_map(|f| owner(f)).collect();
        let Ok(entries) = std::fs::read_dir(profile_dir.join(".fingerprint")) else {
            return Vec::new();
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.rsplit_once('-').is_some_and(|(package, hash)| {
                packages.contains(package) && hash.chars().all(|c| c.is_ascii_hexdigit())
            });
            if ours {
                // Not removed: cargo trusts its file times, as before.
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        packages.into_iter().collect()
    }

    /// Remember that a build that started at `started` compiled from
    /// `files` (hashed before it started), into `profile_dir`.
    pub fn save(
        work_dir: &Path,
        started: SystemTime,
        profile_dir: Option<PathBuf>,
        files: BTreeMap<PathBuf, String>,
    ) -> anyhow::Result<()> {
        let mut stamps = Stamps::load(work_dir);
        stamps.started_ns = started
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        if profile_dir.is_some() {
            stamps.profile_dir = profile_dir;
        }
        stamps.files.extend(files);
        let bytes = serde_json::to_vec(&stamps)?;
        write_atomically(work_dir, FILE, |out| out.write_all(&bytes))
    }
}

fn modified_ns(path: &Path) -> Option<u128> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.duration_since(UNIX_EPOCH).ok()?.as_nanos())
}

/// The name of the cargo package `file` belongs to (the nearest manifest
/// above it with a `[package]`).
fn owner(file: &Path) -> Option<String> {
    file.ancestors().skip(1).find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        let manifest: toml::Table = toml::from_str(&text).ok()?;
        Some(manifest.get("package")?.get("name")?.as_str()?.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_change_behind_an_old_time_forgets_its_package() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (root, work) = (dir.path().join("pkg"), dir.path().join("work"));
        let profile = dir.path().join("target/release");
        std::fs::create_dir_all(root.join("src/bin")).expect("mkdir");
        std::fs::create_dir_all(&work).expect("mkdir");
        for d in ["pkg-0123456789abcdef", "other-0123456789abcdef"] {
            std::fs::create_dir_all(profile.join(".fingerprint").join(d)).expect("mkdir");
        }
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = 'pkg'\n").expect("write");
        let (a, b) = (root.join("src/bin/a.rs"), root.join("src/bin/b.rs"));
        std::fs::write(&a, "fn main() {}").expect("write");
        std::fs::write(&b, "fn main() {}").expect("write");
        let files = vec![a.clone(), b.clone()];
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        let set_time = |p: &Path| {
            std::fs::File::options()
                .write(true)
                .open(p)
                .and_then(|f| f.set_modified(long_ago))
                .expect("set mtime");
        };
        set_time(&a);
        Stamps::save(
            &work,
            SystemTime::now(),
            Some(profile.clone()),
            hashes(&files),
        )
        .expect("save");
        // An edit whose time was put back, and an ordinary edit.
        std::fs::write(&a, "fn main() { println!(\"new\"); }").expect("write");
        set_time(&a);
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&b, "fn main() { println!(\"new\"); }").expect("write");
        let stamps = Stamps::load(&work);
        assert_eq!(
            stamps.changed_behind_old_times(&hashes(&files)),
            std::slice::from_ref(&a)
        );
        assert_eq!(stamps.forget(&[a]), ["pkg"]);
        assert!(!profile.join(".fingerprint/pkg-0123456789abcdef").exists());
        assert!(profile.join(".fingerprint/other-0123456789abcdef").exists());
    }
}
