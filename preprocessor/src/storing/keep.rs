//! Keeping results as they finish: each run's record goes into the cache the
//! moment that run ends (atomically, as every entry), so that a build that is
//! interrupted keeps the work it finished, and the next one runs only what
//! had not. A record is kept only if it is conclusive and the example's
//! files are what they were when the build started (an edit during the run
//! would otherwise cache the old program's output under the new key).

use crate::package::catalog::Catalog;
use crate::running::depinfo;
use crate::running::execute;
use crate::running::history::History;
use crate::running::record::Record;
use crate::running::registry::Registry;
use crate::running::schedule::Job;
use crate::storing::cache::{Cache, Key};
use crate::storing::inputs::{Compiled, Toolchains, cache_keys, sources_fingerprint};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What builds and runs examples, and where their results are kept.
#[derive(Debug, Clone, Copy)]
pub struct Workshop<'a> {
    pub catalog: &'a Catalog,
    pub toolchains: &'a Toolchains,
    pub cache: &'a Cache,
    pub registry: &'a Registry,
    /// This tool's folder for build output (`target/mdbook-examples`).
    pub work_dir: &'a Path,
}

/// The results of one batch of jobs.
#[derive(Debug)]
pub struct Batch {
    pub records: BTreeMap<String, Record>,
    /// The cache entry of every record that was kept.
    pub entries: BTreeMap<String, PathBuf>,
    /// Errors that concern every example (a broken library or manifest).
    pub shared_errors: Vec<String>,
}

impl Workshop<'_> {
    /// Build and run `jobs`, `parallel` at a time, keeping each result the
    /// moment its run ends, and noting what each run cost in `history`.
    pub fn batch(&self, jobs: &[Job], parallel: usize, history: &mut History) -> Result<Batch> {
        let before = fingerprints(self.catalog, jobs)?;
        let builds = execute::compile(self.catalog, jobs, self.work_dir)?;
        let catalog = self.catalog.after_build();
        let mut compiled = Compiled::load(self.cache.dir());
        // Where rustc ran, which its dependency files' paths are relative to.
        let package_dir = &self.catalog.package_dir;
        let workspace = crate::package::workspace::enclosing(package_dir)
            .and_then(|(manifest, _)| Some(manifest.parent()?.to_path_buf()));
        let bases: Vec<PathBuf> = workspace.into_iter().chain([package_dir.clone()]).collect();
        for (name, executable) in builds.executables() {
            if let Some(inputs) = depinfo::compile_inputs(executable, builds.local_libs(), &bases) {
                compiled.set(name, inputs);
            }
        }
        if let Err(e) = compiled.save(self.cache.dir()) {
            eprintln!(
                "mdbook-examples: warning: {e:#} (every file of the package stays in each cache key)"
            );
        }
        let keeper = Keeper::new(
            self.cache,
            &catalog,
            self.toolchains,
            &compiled,
            jobs,
            before,
        )?;
        let finished = |job: &Job, record: &Record| keeper.finished(job, record);
        let records = execute::run(
            self.catalog,
            jobs,
            &builds,
            parallel,
            self.registry,
            history,
            &finished,
        );
        for (name, record) in &records {
            if let Some(run) = &record.run {
                history.record(name, run);
            }
        }
        Ok(Batch {
            records,
            entries: keeper.into_entries()?,
            shared_errors: builds.shared_errors,
        })
    }
}

/// Where each finished record of one batch of runs is kept.
#[derive(Debug)]
struct Keeper<'a> {
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
fn fingerprints(catalog: &Catalog, jobs: &[Job]) -> Result<BTreeMap<String, Key>> {
    jobs.iter()
        .map(|job| Ok((job.name.clone(), sources_fingerprint(catalog, job)?)))
        .collect()
}

impl<'a> Keeper<'a> {
    /// A keeper for `jobs`, whose files were `before` when the build
    /// started; call it once the build is done.
    fn new(
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
    fn finished(&self, job: &Job, record: &Record) {
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
    fn into_entries(self) -> Result<BTreeMap<String, PathBuf>> {
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        match kept.error {
            Some(e) => Err(e),
            None => Ok(kept.entries),
        }
    }
}
