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
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// Where each finished record of one batch of runs is kept.
#[derive(Debug)]
pub struct Keeper<'a> {
    cache: &'a Cache,
    catalog: &'a Catalog,
    toolchains: &'a Toolchains,
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
    /// A keeper for jobs whose files were `before` when the build started.
    pub fn new(
        cache: &'a Cache,
        catalog: &'a Catalog,
        toolchains: &'a Toolchains,
        before: BTreeMap<String, Key>,
    ) -> Keeper<'a> {
        Keeper {
            cache,
            catalog,
            toolchains,
            before,
            kept: Mutex::new(Kept::default()),
        }
    }

    /// Keep `record`, the final result of `job`, if it may be kept, under
    /// the key of what its compilation read (`compiled`, once its binary is
    /// linked; cargo has written the lockfile by then).
    pub fn finished(&self, job: &Job, record: &Record, compiled: &Compiled) {
        if !record.is_conclusive() {
            return;
        }
        let unchanged = sources_fingerprint(self.catalog, job)
            .is_ok_and(|now| self.before.get(&job.name) == Some(&now));
        if !unchanged {
            return;
        }
        let catalog = self.catalog.after_build();
        let stored = cache_keys(&catalog, self.toolchains, compiled, std::iter::once(job))
            .and_then(|mut keys| {
                let key = keys.remove(&job.name).context("no key")?;
                self.cache.put(&key, record)?;
                Ok(self.cache.path(&key))
            });
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        match stored {
            Ok(entry) => {
                kept.entries.insert(job.name.clone(), entry);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::languages::{Example, python::Python};
    use crate::running::process::{Exit, RunOutcome};
    use std::sync::Arc;
    use std::time::Duration;

    /// A catalog of Python examples `names` (each file printing its name) in `dir`.
    fn catalog(dir: &std::path::Path, names: &[&str]) -> Catalog {
        let examples = (names.iter())
            .map(|name| {
                let main_file = dir.join(format!("{name}.py"));
                std::fs::write(&main_file, format!("print('{name}')\n")).expect("writes");
                let example = Example {
                    name: name.to_string(),
                    language: Arc::new(Python),
                    main_file: main_file.clone(),
                    own_files: vec![main_file],
                    required_features: Vec::new(),
                };
                (name.to_string(), example)
            })
            .collect();
        Catalog {
            package_dir: dir.to_path_buf(),
            languages: vec![Arc::new(Python)],
            examples,
            shared_files: Vec::new(),
        }
    }

    fn job(name: &str) -> Job {
        Job {
            name: name.into(),
            timeout: Duration::from_secs(5),
            exclusive: false,
            reads: Vec::new(),
        }
    }

    /// A record of a run that ended well.
    fn ran() -> Record {
        let run = RunOutcome {
            lines: Vec::new(),
            exit: Exit::Code(0),
            total_us: 1_000,
            cut_bytes: 0,
            trace: None,
            cpu_us: None,
            startup_us: None,
            waited_us: None,
        };
        Record::new(Vec::new(), Some(run))
    }

    #[test]
    fn a_result_is_kept_the_moment_it_is_handed_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let books = catalog(dir.path(), &["a", "b"]);
        let cache = Cache::new(dir.path().join("cache"));
        let jobs = [job("a"), job("b")];
        let toolchains = Toolchains::default();
        let compiled = Compiled::default();
        let before = fingerprints(&books, &jobs).expect("fingerprints");
        let keeper = Keeper::new(&cache, &books, &toolchains, before);
        let key = |name: &str| {
            let keys = cache_keys(&books, &toolchains, &compiled, jobs.iter()).expect("keys");
            keys[name].clone()
        };
        keeper.finished(&jobs[0], &ran(), &compiled);
        assert_eq!(cache.get(&key("a")), Some(ran()), "in the cache already");
        assert_eq!(cache.get(&key("b")), None);
        let entries = keeper.into_entries().expect("kept");
        assert_eq!(
            entries.into_iter().collect::<Vec<_>>(),
            [("a".to_string(), cache.path(&key("a")))]
        );
    }

    #[test]
    fn only_conclusive_results_of_unchanged_files_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let books = catalog(dir.path(), &["edited", "unstarted"]);
        let cache = Cache::new(dir.path().join("cache"));
        let jobs = [job("edited"), job("unstarted")];
        let (toolchains, compiled) = (Toolchains::default(), Compiled::default());
        let before = fingerprints(&books, &jobs).expect("fingerprints");
        let keeper = Keeper::new(&cache, &books, &toolchains, before);
        std::fs::write(&books.examples["edited"].main_file, "print('new')\n").expect("edits");
        keeper.finished(&jobs[0], &ran(), &compiled);
        let unrun = Record::not_run(Vec::new(), "no python3".into());
        keeper.finished(&jobs[1], &unrun, &compiled);
        assert!(keeper.into_entries().expect("no error").is_empty());
        let entries = std::fs::read_dir(cache.dir()).map_or(0, Iterator::count);
        assert_eq!(entries, 0, "nothing written");
    }
}
