//! Keeping results as they finish: each run's record goes into the cache the
//! moment that run ends (atomically, as every entry), so that a build that is
//! interrupted keeps the work it finished, and the next one runs only what
//! had not. A record is kept only if it is conclusive and the example's
//! files are what they were when the build started (an edit during the run
//! would otherwise cache the old program's output under the new key).

use crate::package::catalog::Catalog;
use crate::running::record::Record;
use crate::running::schedule::Job;
use crate::storing::cache::{Cache, Key};
use crate::storing::inputs::{Compiled, Toolchains, cache_keys, sources_fingerprint};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// Where each finished record of one batch of runs is kept.
#[derive(Debug)]
pub struct Keeper<'a> {
    cache: &'a Cache,
    catalog: &'a Catalog,
    /// Keys of the jobs, computed after the build (which may have written
    /// the lockfile).
    keys: BTreeMap<String, Key>,
    /// The example's files before the build.
    before: BTreeMap<String, Key>,
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    entries: BTreeMap<String, PathBuf>,
    error: Option<anyhow::Error>,
}

/// The example files of `jobs` as they are now, to compare after the runs.
pub fn fingerprints(catalog: &Catalog, jobs: &[Job]) -> Result<BTreeMap<String, Key>> {
    jobs.iter()
        .map(|job| Ok((job.name.clone(), sources_fingerprint(catalog, job)?)))
        .collect()
}

impl<'a> Keeper<'a> {
    /// A keeper for `jobs`, whose files were `before` when the build
    /// started; call it once the build is done.
    pub fn new(
        cache: &'a Cache,
        catalog: &'a Catalog,
        toolchains: &Toolchains,
        compiled: &Compiled,
        jobs: &[Job],
        before: BTreeMap<String, Key>,
    ) -> Result<Keeper<'a>> {
        let keys = cache_keys(catalog, toolchains, compiled, jobs.iter())?;
        Ok(Keeper {
            cache,
            catalog,
            keys,
            before,
            kept: Mutex::new(Kept::default()),
        })
    }

    /// Keep `record`, the final result of `job`, if it may be kept.
    pub fn finished(&self, job: &Job, record: &Record) {
        if !record.is_conclusive() {
            return;
        }
        let unchanged = sources_fingerprint(self.catalog, job)
            .is_ok_and(|now| self.before.get(&job.name) == Some(&now));
        let Some(key) = self.keys.get(&job.name).filter(|_| unchanged) else {
            return;
        };
        let stored = self.cache.put(key, record);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        match stored {
            Ok(()) => {
                kept.entries.insert(job.name.clone(), self.cache.path(key));
            }
            Err(e) => {
                kept.error.get_or_insert(e);
            }
        }
    }

    /// The cache entry of every record kept, or the first error in keeping one.
    pub fn into_entries(self) -> Result<BTreeMap<String, PathBuf>> {
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        match kept.error {
            Some(e) => Err(e),
            None => Ok(kept.entries),
        }
    }
}
