//! Results of earlier builds and runs, keyed by everything that can change
//! them: the example's own files, the files all examples share (manifest,
//! lockfile, library), the toolchain, the build profile and the run options.
//!
//! Entries live in one folder under `target/` (never in a folder that
//! `mdbook serve` watches) and are written atomically (temp file + rename),
//! so a killed build never leaves a half-written entry. Each entry starts
//! with a header line that names its format, its key and a checksum of the
//! rest, so that a truncated, garbled or misplaced entry is a miss (and is
//! rebuilt), never served. Temp files left by a killed build are swept.

use crate::running::record::{FORMAT, Record};
use crate::util::files::seen_from;
use crate::util::key::Fingerprint;
use anyhow::{Context, Result};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The first word of every entry's header line.
const MAGIC: &str = "mdbook-examples-cache";
/// Temp files of entries being written.
const TMP_PREFIX: &str = ".entry-";
const TMP_SUFFIX: &str = ".tmp";
/// A temp file this old belongs to a build that was killed: remove it.
const STALE_TMP: Duration = Duration::from_secs(3600);

/// The cache folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    swept: AtomicBool,
}

/// A content hash that names one cache entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key(String);

/// Builds a [`Key`] from the inputs of one example.
#[derive(Debug)]
pub struct KeyBuilder(Fingerprint);

impl Default for KeyBuilder {
    fn default() -> KeyBuilder {
        KeyBuilder(
            Fingerprint::new()
                .raw(env!("CARGO_PKG_VERSION").as_bytes())
                .raw(&FORMAT.to_le_bytes()),
        )
    }
}

impl KeyBuilder {
    pub fn new() -> KeyBuilder {
        KeyBuilder::default()
    }

    /// Mix in a labelled value.
    pub fn text(self, label: &str, value: &str) -> KeyBuilder {
        KeyBuilder(self.0.text(label, value))
    }

    /// Mix in a file's content and its path as seen from `root` (the
    /// package folder), so that another clone or worktree of the same book,
    /// in another folder, computes the same key.
    pub fn file(mut self, path: &Path, root: &Path) -> Result<KeyBuilder> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        self = self.text("path", &seen_from(path, root).to_string_lossy());
        Ok(KeyBuilder(self.0.part(&bytes)))
    }

    /// Mix in a file named as [`KeyBuilder::file`] names it, with `part`
    /// (what of its content counts) standing for its content.
    pub fn file_part(self, path: &Path, root: &Path, part: &str) -> KeyBuilder {
        let named = self.text("path", &seen_from(path, root).to_string_lossy());
        KeyBuilder(named.0.part(part.as_bytes()))
    }

    /// Mix in a file that does not exist, named as [`KeyBuilder::file`] names it.
    pub fn missing(self, path: &Path, root: &Path) -> KeyBuilder {
        self.text("missing", &seen_from(path, root).to_string_lossy())
    }

    /// Mix in an already computed hash (e.g. of the shared files).
    pub fn key(self, key: &Key) -> KeyBuilder {
        self.text("key", &key.0)
    }

    pub fn finish(self) -> Key {
        Key(self.0.hex())
    }
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            swept: AtomicBool::new(false),
        }
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of the entry for `key` (whether or not there is one).
    pub fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(format!("{}.json", key.0))
    }

    /// The entry for `key`, if there is a valid one.
    pub fn get(&self, key: &Key) -> Option<Record> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        decode(&bytes, Some(key))
    }

    /// Store `record` under `key`, atomically.
    pub fn put(&self, key: &Key, record: &Record) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create the cache folder {}", self.dir.display()))?;
        if !self.swept.swap(true, Ordering::Relaxed) {
            sweep_stale_temp_files(&self.dir);
        }
        let body = serde_json::to_vec(record).context("cannot encode a cache entry")?;
        let mut tmp = tempfile::Builder::new()
            .prefix(TMP_PREFIX)
            .suffix(TMP_SUFFIX)
            .tempfile_in(&self.dir)
            .context("cannot create a cache file")?;
        tmp.write_all(header(key, &body).as_bytes())
            .and_then(|()| tmp.write_all(&body))
            .and_then(|()| tmp.flush())
            .context("cannot write a cache entry")?;
        tmp.persist(self.path(key))
            .context("cannot store a cache entry")?;
        Ok(())
    }
}

/// `MAGIC FORMAT KEY CHECKSUM\n`.
fn header(key: &Key, body: &[u8]) -> String {
    format!(
        "{MAGIC} {FORMAT} {} {}\n",
        key.0,
        blake3::hash(body).to_hex()
    )
}

/// The record in an entry file's bytes, if the header is ours, of this
/// format, for `key` (when given) and the checksum matches.
fn decode(bytes: &[u8], key: Option<&Key>) -> Option<Record> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let (head, body) = (
        std::str::from_utf8(&bytes[..newline]).ok()?,
        &bytes[newline + 1..],
    );
    let mut words = head.split(' ');
    let valid = words.next() == Some(MAGIC)
        && words.next() == Some(FORMAT.to_string().as_str())
        && words
            .next()
            .is_some_and(|k| key.is_none_or(|key| key.0 == k))
        && words.next() == Some(blake3::hash(body).to_hex().as_str())
        && words.next().is_none();
    if !valid {
        return None;
    }
    let record: Record = serde_json::from_slice(body).ok()?;
    (record.format == FORMAT).then_some(record)
}

/// The record in the entry file at `path`, if it is a valid entry (whatever
/// its key). For checks and tests.
pub fn read_entry(path: &Path) -> Option<Record> {
    decode(&std::fs::read(path).ok()?, None)
}

/// Remove the temp files of entries that builds killed long ago left behind.
fn sweep_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = (name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX))
            // Files written by `write_atomically` (the report, the history, …).
            || name.starts_with(".tmp");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TMP);
        if ours && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_any_input() {
        let a = KeyBuilder::new().text("x", "1").finish();
        assert_eq!(a, KeyBuilder::new().text("x", "1").finish());
        assert_ne!(a, KeyBuilder::new().text("x", "2").finish());
        assert_ne!(a, KeyBuilder::new().text("x1", "").finish());
    }

    #[test]
    fn a_file_keys_the_same_in_another_clone_and_differently_elsewhere() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key_in = |clone: &str, file: &str| {
            let root = dir.path().join(clone).join("examples");
            std::fs::create_dir_all(root.join("src")).expect("mkdir");
            std::fs::write(root.join("src/a.rs"), "fn main() {}").expect("write");
            std::fs::write(root.join("../Cargo.lock"), "lock").expect("write");
            KeyBuilder::new()
                .file(&root.join(file), &root)
                .expect("file")
                .finish()
        };
        assert_eq!(key_in("one", "src/a.rs"), key_in("two", "src/a.rs"));
        assert_eq!(
            key_in("one", "../Cargo.lock"),
            key_in("two", "../Cargo.lock")
        );
    }

    #[test]
    fn round_trip_and_garbage_is_a_miss() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::new(dir.path().join("c"));
        let key = KeyBuilder::new().text("a", "b").finish();
        assert!(cache.get(&key).is_none());
        let record = Record::new(vec![], None);
        cache.put(&key, &record).expect("put");
        assert_eq!(cache.get(&key), Some(record.clone()));
        assert_eq!(read_entry(&cache.path(&key)), Some(record));
        let good = std::fs::read(cache.path(&key)).expect("read");
        let corrupt = |bytes: &[u8]| {
            std::fs::write(cache.path(&key), bytes).expect("write");
            cache.get(&key)
        };
        // Truncated anywhere.
        for len in [0, 10, good.len() / 2, good.len() - 1] {
            assert!(corrupt(&good[..len]).is_none(), "truncated at {len}");
        }
        // Still valid JSON, but not what was written.
        let text = String::from_utf8(good.clone()).expect("utf8");
        let tampered = text.replace("\"cores\":", "\"cores\":9");
        assert_ne!(tampered, text);
        assert!(corrupt(tampered.as_bytes()).is_none());
        // The body alone (an entry of format 1).
        let body = &good[good.iter().position(|&b| b == b'\n').expect("header") + 1..];
        assert!(corrupt(body).is_none());
        // Garbage.
        assert!(corrupt(b"\xff\xfe garbage \0\n{").is_none());
        // A valid entry stored under another key.
        let other = KeyBuilder::new().text("a", "c").finish();
        cache.put(&other, &Record::new(vec![], None)).expect("put");
        std::fs::copy(cache.path(&other), cache.path(&key)).expect("copy");
        assert!(cache.get(&key).is_none());
        assert!(cache.get(&other).is_some());
        // And a good entry is good again.
        assert!(corrupt(&good).is_some());
    }

    #[test]
    fn stale_temp_files_are_swept_fresh_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::new(dir.path().to_path_buf());
        let old = dir.path().join(".entry-old.tmp");
        let fresh = dir.path().join(".entry-fresh.tmp");
        let other = dir.path().join("notes.txt");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, b"x").expect("write");
        }
        let long_ago = std::time::SystemTime::now() - 2 * STALE_TMP;
        std::fs::File::options()
            .write(true)
            .open(&old)
            .and_then(|f| f.set_modified(long_ago))
            .expect("set mtime");
        let other_old = std::fs::File::options().write(true).open(&other);
        other_old
            .and_then(|f| f.set_modified(long_ago))
            .expect("set mtime");
        cache
            .put(&KeyBuilder::new().finish(), &Record::new(vec![], None))
            .expect("put");
        assert!(!old.exists() && fresh.exists() && other.exists());
    }
}
