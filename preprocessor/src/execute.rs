//! Producing records for the examples the cache does not have: one cargo
//! build for all the Rust ones ([`compile`]), then the runs ([`run`]) in the order [`schedule`]
//! plans: the ones that mostly wait, `parallel` at a time, longest first;
//! afterwards, one at a time, the CPU-heavy ones (declared or known from
//! their last run) and those whose shared run turned out CPU-bound (CPU time
//! over half the wall time), so that no CPU-heavy example is timed while
//! others compete for the cores. Python examples need no build: they run
//! with `python3 -u` (unbuffered, so each line's timestamp is true).
//!
//! [`schedule`]: crate::schedule

use crate::build::{self, Built, Diagnostic};
use crate::cache::Record;
use crate::catalog::{Catalog, Kind};
use crate::history::History;
use crate::run;
use crate::running::Registry;
use crate::schedule;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// The interpreter for Python examples.
pub const PYTHON: &str = "python3";

/// An example to build and run.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub timeout: Duration,
    pub exclusive: bool,
}

/// What the build step produced for the Rust examples among some jobs.
#[derive(Debug, Default)]
pub struct Builds {
    built: BTreeMap<String, Built>,
    /// Errors that concern every example (a broken library or manifest).
    pub shared_errors: Vec<String>,
}

/// Build the Rust examples among `jobs`, with one cargo call (none when
/// there is no Rust example).
pub fn compile(catalog: &Catalog, jobs: &[Job]) -> Result<Builds> {
    let rust: Vec<&str> = jobs
        .iter()
        .filter(|j| catalog.examples[&j.name].kind == Kind::Rust)
        .map(|j| j.name.as_str())
        .collect();
    if rust.is_empty() {
        return Ok(Builds::default());
    }
    let features: BTreeSet<String> = jobs
        .iter()
        .flat_map(|j| catalog.examples[&j.name].required_features.iter().cloned())
        .collect();
    eprintln!("mdbook-examples: compiling {} example(s)", rust.len());
    let out = build::build(&catalog.package_dir, &rust, &features)?;
    Ok(Builds {
        built: out.examples,
        shared_errors: out.shared_errors,
    })
}

/// Run `jobs` (built by [`compile`]), planned with what `history` knows of
/// their last runs. `finished` gets each example's record the moment its
/// final run ends, so that it can be kept even if this process is killed
/// before the others end; a shared run that turns out CPU-bound is not
/// final (it runs again, alone). Returns every record.
pub fn run(
    catalog: &Catalog,
    jobs: &[Job],
    builds: &Builds,
    parallel: usize,
    registry: &Registry,
    history: &History,
    finished: &(dyn Fn(&Job, &Record) + Sync),
) -> BTreeMap<String, Record> {
    crate::orphans::adopt_orphans();
    let schedule::Plan { together, alone } = schedule::plan(jobs, history);
    let total = jobs.len();
    let done = Mutex::new(0usize);
    let records = Mutex::new(BTreeMap::new());
    let run_one = |job: &Job, shared: bool| {
        let record = match catalog.examples[&job.name].kind {
            Kind::Rust => run_built(
                catalog,
                job,
                builds.built.get(&job.name).cloned().unwrap_or_default(),
                registry,
            ),
            Kind::Python => run_python(catalog, job, registry),
        };
        let again = shared
            && record
                .run
                .as_ref()
                .is_some_and(run::RunOutcome::looks_cpu_bound);
        if !again {
            finished(job, &record);
        }
        let mut n = done.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        eprintln!("mdbook-examples: ran {}/{total}: {}", *n, job.name);
        records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(job.name.clone(), record);
    };
    let shared = parallel > 1;
    let queue = Mutex::new(together.iter().copied());
    std::thread::scope(|s| {
        for _ in 0..parallel.max(1) {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    match next {
                        Some(job) => run_one(job, shared),
                        None => break,
                    }
                }
            });
        }
    });
    // A run that kept a core busy was timed while others competed for the
    // cores: run it again, alone (declare it `exclusive` to skip the first run).
    let cpu_bound: Vec<&Job> = if shared {
        let records = records.lock().unwrap_or_else(|e| e.into_inner());
        together
            .iter()
            .copied()
            .filter(|job| {
                let run = records.get(&job.name).and_then(|r| r.run.as_ref());
                run.is_some_and(run::RunOutcome::looks_cpu_bound)
            })
            .collect()
    } else {
        Vec::new()
    };
    for job in &cpu_bound {
        eprintln!(
            "mdbook-examples: {} is CPU-bound: running it again, alone",
            job.name
        );
    }
    for job in alone.into_iter().chain(cpu_bound) {
        run_one(job, false);
    }
    crate::orphans::kill_orphans();
    records.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn run_built(catalog: &Catalog, job: &Job, built: Built, registry: &Registry) -> Record {
    match built.executable.as_deref() {
        Some(exe) => record_run(
            run::run(exe, &[], &catalog.package_dir, job.timeout, registry),
            built.diagnostics,
        ),
        None => Record::new(built.diagnostics, None),
    }
}

fn run_python(catalog: &Catalog, job: &Job, registry: &Registry) -> Record {
    let script = &catalog.examples[&job.name].main_file;
    let args = [OsStr::new("-u"), script.as_os_str()];
    let outcome = run::run(
        Path::new(PYTHON),
        &args,
        &catalog.package_dir,
        job.timeout,
        registry,
    )
    .map_err(|e| {
        e.context(format!(
            "Python examples need `{PYTHON}` (3.11 or newer) on PATH"
        ))
    });
    record_run(outcome, Vec::new())
}

fn record_run(outcome: Result<run::RunOutcome>, diagnostics: Vec<Diagnostic>) -> Record {
    match outcome {
        Ok(outcome) => Record::new(diagnostics, Some(outcome)),
        Err(e) => Record::not_run(diagnostics, format!("{e:#}")),
    }
}

/// `Python 3.11.7`, or `None` when there is no `python3`.
pub fn python_version() -> Option<String> {
    let out = std::process::Command::new(PYTHON)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(if out.stdout.is_empty() {
        &out.stderr
    } else {
        &out.stdout
    });
    out.status.success().then(|| text.trim().to_string())
}
