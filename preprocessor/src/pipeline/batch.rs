//! One batch of runs: build the jobs and, beside the build, run each as
//! soon as its binary is linked, as `running` schedules them; keep each
//! result the moment its run ends ([`crate::storing::keep`]), under the key
//! of what its compilation read; note what each run cost in the history.

use crate::package::catalog::Catalog;
use crate::running::build::{Built, LocalLib};
use crate::running::depinfo;
use crate::running::execute::{self, Workplace};
use crate::running::history::History;
use crate::running::ready::Ready;
use crate::running::record::Record;
use crate::running::registry::Registry;
use crate::running::schedule::Job;
use crate::storing::cache::Cache;
use crate::storing::inputs::{Compiled, Toolchains};
use crate::storing::keep::{self, Keeper};
use anyhow::{Result, anyhow};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    /// Build and run `jobs`, `parallel` at a time, each run as soon as its
    /// binary is linked, keeping each result the moment its run ends, and
    /// noting what each run cost in `history`.
    pub(super) fn batch(
        &self,
        jobs: &[Job],
        parallel: usize,
        history: &mut History,
    ) -> Result<Batch> {
        let before = keep::fingerprints(self.catalog, jobs)?;
        let ready = Ready::default();
        let keeper = Keeper::new(self.cache, self.catalog, self.toolchains, before);
        let notes = Mutex::new(Compiled::load(self.cache.dir(), &self.catalog.package_dir));
        let bases = self.bases();
        let finished = |job: &Job, record: &Record| {
            let compiled = self.note(&notes, &ready, &bases, &job.name);
            keeper.finished(job, record, &compiled);
        };
        let place = Workplace {
            catalog: self.catalog,
            ready: &ready,
            work_dir: self.work_dir,
            registry: self.registry,
        };
        let (builds, records) = std::thread::scope(|s| {
            let building = s.spawn(|| {
                let on_linked = |name: &str, built: &Built, libs: &[LocalLib]| {
                    ready.linked(name, built, libs);
                };
                let builds = execute::compile(self.catalog, jobs, self.work_dir, &on_linked);
                match &builds {
                    Ok(builds) => builds.close(&ready),
                    Err(_) => ready.close(None),
                }
                builds
            });
            let records = execute::run(place, jobs, parallel, history, &finished);
            let builds = building
                .join()
                .unwrap_or_else(|_| Err(anyhow!("the build thread panicked")));
            (builds, records)
        });
        let builds = builds?;
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

    /// The folders rustc's dependency files' relative paths start from: the
    /// workspace's (where rustc ran) and the package's.
    fn bases(&self) -> Vec<PathBuf> {
        let package_dir = &self.catalog.package_dir;
        let workspace = crate::package::workspace::enclosing(package_dir)
            .and_then(|(manifest, _)| Some(manifest.parent()?.to_path_buf()));
        workspace.into_iter().chain([package_dir.clone()]).collect()
    }

    /// What `name`'s compilation read (rustc's dependency files, their
    /// relative paths from `bases`), for the cache key of its result: from
    /// its binary once linked, else what the cache folder remembered. A
    /// change is saved in the cache folder before the result is kept under
    /// it, so that the next build, even after this one is killed, computes
    /// the same key. Every run ends here, so every example that was linked
    /// is noted.
    fn note(
        &self,
        notes: &Mutex<Compiled>,
        ready: &Ready,
        bases: &[PathBuf],
        name: &str,
    ) -> Compiled {
        let executable = ready.built(name).and_then(|b| b.executable);
        let inputs =
            executable.and_then(|exe| depinfo::compile_inputs(&exe, &ready.local_libs(), bases));
        let mut notes = notes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(inputs) = inputs
            && notes.get(name) != Some(inputs.as_slice())
        {
            notes.set(name, inputs);
            self.save(&notes);
        }
        let mut compiled = Compiled::default();
        if let Some(inputs) = notes.get(name) {
            compiled.set(name, inputs.to_vec());
        }
        compiled
    }

    fn save(&self, compiled: &Compiled) {
        if let Err(e) = compiled.save(self.cache.dir(), &self.catalog.package_dir) {
            eprintln!(
                "mdbook-examples: warning: {e:#} (every file of the package stays in each cache key)"
            );
        }
    }
}
