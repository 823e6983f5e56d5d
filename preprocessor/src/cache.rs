//! Results of earlier builds and runs, keyed by everything that can change
//! them: the example's own files, the files all examples share (manifest,
//! lockfile, library), the toolchain, the build profile and the run options.
//!
//! Entries live in one folder under `target/` (never in a folder that
//! `mdbook serve` watches) and are written atomically (temp file + rename),
//! so a killed build never leaves a half-written entry; an unreadable entry
//! is a miss.

use crate::build::Diagnostic;
use crate::run::RunOutcome;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bump when the format of [`Record`] changes.
const FORMAT: u32 = 1;

/// What one example produced: its compiler diagnostics and, if it compiled, its run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    pub diagnostics: Vec<Diagnostic>,
    pub run: Option<RunOutcome>,
    /// Cores of the machine the example ran on.
    pub cores: usize,
}

impl Record {
    pub fn new(diagnostics: Vec<Diagnostic>, run: Option<RunOutcome>) -> Record {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Record {
            format: FORMAT,
            diagnostics,
            run,
            cores,
        }
    }
}

/// The cache folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
}

/// A content hash that names one cache entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key(String);

/// Builds a [`Key`] from the inputs of one example.
#[derive(Debug)]
pub struct KeyBuilder(blake3::Hasher);

impl Default for KeyBuilder {
    fn default() -> KeyBuilder {
        let mut h = blake3::Hasher::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&FORMAT.to_le_bytes());
        KeyBuilder(h)
    }
}

impl KeyBuilder {
    pub fn new() -> KeyBuilder {
        KeyBuilder::default()
    }

    /// Mix in a labelled value.
    pub fn text(mut self, label: &str, value: &str) -> KeyBuilder {
        for part in [label, value] {
            self.0.update(&(part.len() as u64).to_le_bytes());
            self.0.update(part.as_bytes());
        }
        self
    }

    /// Mix in a file's path and content.
    pub fn file(mut self, path: &Path) -> Result<KeyBuilder> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        self = self.text("path", &path.to_string_lossy());
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(&bytes);
        Ok(self)
    }

    /// Mix in an already computed hash (e.g. of the shared files).
    pub fn key(self, key: &Key) -> KeyBuilder {
        self.text("key", &key.0)
    }

    pub fn finish(self) -> Key {
        Key(self.0.finalize().to_hex().to_string())
    }
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(format!("{}.json", key.0))
    }

    /// The entry for `key`, if there is a valid one.
    pub fn get(&self, key: &Key) -> Option<Record> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        (record.format == FORMAT).then_some(record)
    }

    /// Store `record` under `key`, atomically.
    pub fn put(&self, key: &Key, record: &Record) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create the cache folder {}", self.dir.display()))?;
        let mut tmp =
            tempfile::NamedTempFile::new_in(&self.dir).context("cannot create a cache file")?;
        serde_json::to_writer(&mut tmp, record).context("cannot write a cache entry")?;
        tmp.flush().context("cannot write a cache entry")?;
        tmp.persist(self.path(key))
            .context("cannot store a cache entry")?;
        Ok(())
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
    fn round_trip_and_garbage_is_a_miss() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::new(dir.path().join("c"));
        let key = KeyBuilder::new().text("a", "b").finish();
        assert!(cache.get(&key).is_none());
        let record = Record::new(vec![], None);
        cache.put(&key, &record).expect("put");
        assert_eq!(cache.get(&key), Some(record));
        std::fs::write(cache.path(&key), b"{\"format\":1,\"diagn").expect("write");
        assert!(cache.get(&key).is_none());
    }
}
