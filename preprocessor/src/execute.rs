//! Producing records for the examples the cache does not have: one cargo
//! build for all of them, then runs in parallel (`jobs` at a time), and the
//! `exclusive` ones afterwards, alone.

use crate::build::{self, Built};
use crate::cache::Record;
use crate::catalog::Catalog;
use crate::run;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::Duration;

/// An example to build and run.
#[derive(Debug)]
pub struct Job {
    pub name: String,
    pub timeout: Duration,
    pub exclusive: bool,
}

/// Build and run `jobs`. Returns a record per example, and errors that
/// concern all of them (a broken shared library, a broken manifest).
pub fn execute(
    catalog: &Catalog,
    jobs: &[Job],
    parallel: usize,
) -> Result<(BTreeMap<String, Record>, Vec<String>)> {
    let names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
    let features: BTreeSet<String> = jobs
        .iter()
        .flat_map(|j| catalog.examples[&j.name].required_features.iter().cloned())
        .collect();
    eprintln!("mdbook-examples: compiling {} example(s)", names.len());
    let built = build::build(&catalog.package_dir, &names, &features)?;
    let shared_errors = built.shared_errors;
    let built = built.examples;

    let (alone, together): (Vec<&Job>, Vec<&Job>) = jobs.iter().partition(|j| j.exclusive);
    let total = jobs.len();
    let done = Mutex::new(0usize);
    let records = Mutex::new(BTreeMap::new());
    let run_one = |job: &Job| {
        let b = built.get(&job.name).cloned().unwrap_or_default();
        let record = run_built(catalog, job, b);
        let mut n = done.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        eprintln!("mdbook-examples: ran {}/{total}: {}", *n, job.name);
        records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(job.name.clone(), record);
    };
    let queue = Mutex::new(together.into_iter());
    std::thread::scope(|s| {
        for _ in 0..parallel.max(1) {
            s.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    match next {
                        Some(job) => run_one(job),
                        None => break,
                    }
                }
            });
        }
    });
    for job in alone {
        run_one(job);
    }
    Ok((
        records.into_inner().unwrap_or_else(|e| e.into_inner()),
        shared_errors,
    ))
}

fn run_built(catalog: &Catalog, job: &Job, built: Built) -> Record {
    let run = built
        .executable
        .as_deref()
        .map(|exe| run::run(exe, &catalog.package_dir, job.timeout));
    match run {
        Some(Err(e)) => {
            let diagnostic = crate::build::Diagnostic {
                level: crate::build::INTERNAL.into(),
                code: None,
                rendered: format!("could not run the example: {e:#}"),
            };
            Record::new(vec![diagnostic], None)
        }
        Some(Ok(outcome)) => Record::new(built.diagnostics, Some(outcome)),
        None => Record::new(built.diagnostics, None),
    }
}
