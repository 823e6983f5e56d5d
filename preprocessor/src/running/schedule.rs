//! Which examples share the machine and in what order they start.
//!
//! Most examples sleep or wait far more than they compute, and such runs can
//! share the cores without distorting one another's timing: many of them run
//! at once. A CPU-heavy run would both slow the others and be slowed by
//! them, so it runs alone: when it is declared `exclusive`, when its last
//! run (in [`History`]) was heavy, or, found out afterwards, when its run
//! here turned out CPU-bound (see [`crate::running::execute`]). Longest runs start
//! first, so the batch ends soon after its longest member.

use crate::running::history::History;
use std::time::Duration;

/// An example to build and run.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub timeout: Duration,
    pub exclusive: bool,
    /// Files of the package it reads when it runs (`reads=`), as written.
    pub reads: Vec<String>,
}

/// How many examples run at the same time when book.toml does not say:
/// four per core (at least 4, at most 32). The runs that share the machine
/// are the ones that mostly wait.
pub fn default_jobs(cores: usize) -> usize {
    (cores * 4).clamp(4, 32)
}

/// The jobs of one batch, in the order they start.
#[derive(Debug)]
pub struct Plan<'a> {
    /// Run many at a time.
    pub together: Vec<&'a Job>,
    /// Run one at a time, after `together`.
    pub alone: Vec<&'a Job>,
}

pub fn plan<'a>(jobs: &'a [Job], history: &History) -> Plan<'a> {
    let (mut alone, mut together): (Vec<&Job>, Vec<&Job>) = jobs
        .iter()
        .partition(|j| j.exclusive || history.get(&j.name).is_some_and(|c| c.heavy()));
    // Unknown first: they may be long, and nothing says otherwise.
    let expected =
        |j: &&Job| std::cmp::Reverse(history.get(&j.name).map_or(u64::MAX, |c| c.wall_us));
    together.sort_by_key(expected);
    alone.sort_by_key(expected);
    Plan { together, alone }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::process::{Exit, RunOutcome};

    fn job(name: &str, exclusive: bool) -> Job {
        Job {
            reads: Vec::new(),
            name: name.into(),
            timeout: Duration::from_secs(30),
            exclusive,
        }
    }

    fn ran(history: &mut History, name: &str, wall_ms: u64, cpu_ms: u64) {
        let run = RunOutcome {
            lines: Vec::new(),
            exit: Exit::Code(0),
            total_us: wall_ms * 1000,
            cut_bytes: 0,
            trace: None,
            cpu_us: Some(cpu_ms * 1000),
            startup_us: None,
            waited_us: None,
        };
        history.record(name, &run);
    }

    #[test]
    fn heavy_and_exclusive_run_alone_longest_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut history = History::load(dir.path());
        ran(&mut history, "short", 100, 1);
        ran(&mut history, "long", 3000, 5);
        ran(&mut history, "hog", 500, 490);
        ran(&mut history, "big_hog", 1500, 1400);
        let jobs = [
            job("short", false),
            job("hog", false),
            job("new", false),
            job("long", false),
            job("declared", true),
            job("big_hog", false),
        ];
        let p = plan(&jobs, &history);
        let names = |v: &[&Job]| v.iter().map(|j| j.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&p.together), ["new", "long", "short"]);
        assert_eq!(names(&p.alone), ["declared", "big_hog", "hog"]);
    }

    #[test]
    fn default_jobs_scale_with_cores_within_bounds() {
        assert_eq!(default_jobs(1), 4);
        assert_eq!(default_jobs(2), 8);
        assert_eq!(default_jobs(64), 32);
    }
}
