//! One batch of runs: build the jobs, note what each compilation read, run
//! them as `running` schedules them, and keep each result the moment its run
//! ends ([`crate::storing::keep`]), noting what each run cost in the history.

use crate::package::catalog::Catalog;
use crate::running::depinfo;
use crate::running::execute::{self, Builds};
use crate::running::history::History;
use crate::running::record::Record;
use crate::running::registry::Registry;
use crate::running::schedule::Job;
use crate::storing::cache::Cache;
use crate::storing::inputs::{Compiled, Toolchains};
use crate::storing::keep::{self, Keeper};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What builds and runs examples, and where their results are kept.
#[derive(Debug, Clone, Copy)]
pub(super) struct Workshop<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) toolchains: &'a Toolchains,
    pub(super) cache: &'a Cache,
    pub(super) registry: &'a Registry,
    /// This tool's folder for build output (`target/mdbook-examples`).
    pub(super) work_dir: &'a Path,
}

/// Where an example's record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// The cache had it.
    Cache,
    /// It was built and run by this build.
    Run,
}

/// The result of one example: its record, where it came from, and its
/// cache entry (always, from the cache; when it was kept, from a run).
#[derive(Debug)]
pub(super) struct Outcome {
    pub(super) record: Record,
    pub(super) origin: Origin,
    pub(super) entry: Option<PathBuf>,
}

/// The results of one batch of jobs.
#[derive(Debug)]
pub(super) struct Batch {
    pub(super) outcomes: BTreeMap<String, Outcome>,
    /// Errors that concern every example (a broken library or manifest).
    pub(super) shared_errors: Vec<String>,
}

impl Workshop<'_> {
    /// Build and run `jobs`, `parallel` at a time, keeping each result the
    /// moment its run ends, and noting what each run cost in `history`.
    pub(super) fn batch(
        &self,
        jobs: &[Job],
        parallel: usize,
        history: &mut History,
    ) -> Result<Batch> {
        let before = keep::fingerprints(self.catalog, jobs)?;
        let builds = execute::compile(self.catalog, jobs, self.work_dir)?;
        let compiled = self.note_compile_inputs(&builds);
        let catalog = self.catalog.after_build();
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
        let mut entries = keeper.into_entries()?;
        let outcomes = (records.into_iter())
            .map(|(name, record)| {
                let entry = entries.remove(&name);
                let outcome = Outcome {
                    record,
                    origin: Origin::Run,
                    entry,
                };
                (name, outcome)
            })
            .collect();
        Ok(Batch {
            outcomes,
            shared_errors: builds.shared_errors,
        })
    }

    /// What each Rust example's compilation read (rustc's dependency
    /// files), for its next cache key, saved in the cache folder.
    fn note_compile_inputs(&self, builds: &Builds) -> Compiled {
        let mut compiled = Compiled::load(self.cache.dir(), &self.catalog.package_dir);
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
        if let Err(e) = compiled.save(self.cache.dir(), package_dir) {
            eprintln!(
                "mdbook-examples: warning: {e:#} (every file of the package stays in each cache key)"
            );
        }
        compiled
    }
}
