//! Producing records for the examples the cache does not have: one cargo
//! build for all the cargo ones ([`compile`]), and beside it the runs
//! ([`run`], each as soon as its binary is linked ([`Ready`]), or after its
//! own build when its language declares a build command, each started as
//! its language says) in the order [`schedule`] plans, as far as the
//! binaries are there: the ones that mostly wait, `parallel` at a time,
//! longest first;
//! afterwards, one at a time, the CPU-heavy ones (declared or known from
//! their last run) and those whose shared run turned out CPU-bound (CPU time
//! over half the wall time), so that no CPU-heavy example is timed while
//! others compete for the cores.
//!
//! [`schedule`]: crate::running::schedule

use crate::package::catalog::Catalog;
use crate::package::languages::{Build, Launch};
use crate::running::build::{self, Built, Diagnostic};
use crate::running::freshness::{self, Stamps};
use crate::running::history::History;
use crate::running::process;
use crate::running::ready::Ready;
use crate::running::record::Record;
use crate::running::registry::Registry;
use crate::running::schedule::{self, Job};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// What the build step produced for some jobs.
#[derive(Debug, Default)]
pub struct Builds {
    built: BTreeMap<String, Built>,
    local_libs: Vec<build::LocalLib>,
    /// Errors that concern every example (a broken library or manifest).
    pub shared_errors: Vec<String>,
}

impl Builds {
    /// Tell `ready` the build is over, with what it built.
    pub fn close(&self, ready: &Ready) {
        ready.close(Some((&self.built, &self.local_libs)));
    }
}

/// Build the cargo examples among `jobs`, with one cargo call (none when
/// there is none); the examples of a declared build command are built
/// just before their run. Build output goes under `work_dir` (cargo's, for
/// a package that is not a workspace member, in `work_dir/cargo`: never
/// inside the examples package, which `mdbook serve` may watch).
/// `on_linked` hears of each binary as cargo links it.
pub fn compile(
    catalog: &Catalog,
    jobs: &[Job],
    work_dir: &Path,
    on_linked: build::OnLinked,
) -> Result<Builds> {
    let cargo: Vec<&str> = jobs
        .iter()
        .filter(|j| catalog.examples[&j.name].language.build() == Build::Cargo)
        .map(|j| j.name.as_str())
        .collect();
    let mut builds = Builds::default();
    if cargo.is_empty() {
        return Ok(builds);
    }
    let features: BTreeSet<String> = jobs
        .iter()
        .flat_map(|j| catalog.examples[&j.name].required_features.iter().cloned())
        .collect();
    eprintln!("mdbook-examples: compiling {} example(s)", cargo.len());
    let target_dir = build::own_target_dir(&catalog.package_dir, work_dir);
    // Hashed before cargo starts: an edit during the build is after its
    // start, and cargo's file times see it next time.
    let sources = freshness::hashes(&compiled_from(catalog, &cargo));
    let started = SystemTime::now();
    let stamps = Stamps::load(work_dir);
    let missed = stamps.changed_behind_old_times(&sources);
    if !missed.is_empty() {
        let packages = stamps.forget(&missed);
        eprintln!(
            "mdbook-examples: {} changed but kept an old file time (cargo would keep the old binary): compiling {} again",
            missed
                .iter()
                .map(|p| p
                    .strip_prefix(&catalog.package_dir)
                    .unwrap_or(p)
                    .display()
                    .to_string())
                .collect::<Vec<_>>()
                .join(", "),
            packages.join(", ")
        );
    }
    let out = build::build(
        &catalog.package_dir,
        &cargo,
        &features,
        target_dir.as_deref(),
        on_linked,
    )?;
    let profile_dir = (out.examples.values())
        .find_map(|b| b.executable.as_deref()?.parent().map(Path::to_path_buf));
    if let Err(e) = Stamps::save(work_dir, started, profile_dir, sources) {
        eprintln!(
            "mdbook-examples: warning: {e:#} (cargo's file times alone decide what it compiles again)"
        );
    }
    builds.built = out.examples;
    builds.local_libs = out.local_libs;
    builds.shared_errors = out.shared_errors;
    Ok(builds)
}

/// The files the binaries `names` are compiled from: their own files and
/// every file of the package that is not another example's.
fn compiled_from(catalog: &Catalog, names: &[&str]) -> Vec<PathBuf> {
    let own = names
        .iter()
        .flat_map(|n| catalog.examples[*n].own_files.iter().cloned());
    catalog.shared_files.iter().cloned().chain(own).collect()
}

/// Where runs find their builds and their build folders.
#[derive(Debug, Clone, Copy)]
pub struct Workplace<'a> {
    pub catalog: &'a Catalog,
    /// The cargo binaries, as [`compile`] links them.
    pub ready: &'a Ready,
    /// This tool's folder for build output (`target/mdbook-examples`).
    pub work_dir: &'a Path,
    pub registry: &'a Registry,
}

/// How long a run thread waits for a binary before it looks again.
const POLL: Duration = Duration::from_millis(250);

/// Run `jobs` (being built by [`compile`]), planned with what `history`
/// knows of their last runs, each as soon as its binary is there.
/// `finished` gets each example's record the moment its final run ends, so
/// that it can be kept even if this process is killed before the others
/// end; a shared run that turns out CPU-bound is not final (it runs again,
/// alone, after the build). Returns every record.
pub fn run(
    place: Workplace,
    jobs: &[Job],
    parallel: usize,
    history: &History,
    finished: &(dyn Fn(&Job, &Record) + Sync),
) -> BTreeMap<String, Record> {
    crate::running::orphans::adopt_orphans();
    let schedule::Plan { together, alone } = schedule::plan(jobs, history);
    let total = jobs.len();
    let done = Mutex::new(0usize);
    let records = Mutex::new(BTreeMap::new());
    let run_one = |job: &Job, built: Built, shared: bool| {
        let record = build_and_run(place, job, built);
        let again = shared && record.run.as_ref().is_some_and(worth_timing_alone);
        // Counted once, when its final run ends: a run to be redone alone
        // is not the example's result yet.
        if !again {
            finished(job, &record);
            let mut n = done.lock().unwrap_or_else(|e| e.into_inner());
            *n += 1;
            eprintln!("mdbook-examples: ran {}/{total}: {}", *n, job.name);
        }
        records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(job.name.clone(), record);
    };
    let shared = parallel > 1;
    let queue = Mutex::new(together.clone());
    std::thread::scope(|s| {
        for _ in 0..parallel.max(1) {
            s.spawn(|| {
                while let Some((job, built)) = next_ready(place, &queue) {
                    run_one(job, built, shared);
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
                run.is_some_and(worth_timing_alone)
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
    // Alone means with no build beside it either.
    let alone: Vec<&Job> = alone.into_iter().chain(cpu_bound).collect();
    if !alone.is_empty() {
        while !place.ready.over() {
            place.ready.wait(POLL);
        }
    }
    for job in alone {
        let built = built_now(place, job).unwrap_or_default();
        run_one(job, built, false);
    }
    crate::running::orphans::kill_orphans();
    records.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The first job of `queue`, in the planned order, whose build is there
/// (taken off the queue), waiting for the build while none is; `None` when
/// the queue is empty.
fn next_ready<'j>(place: Workplace, queue: &Mutex<Vec<&'j Job>>) -> Option<(&'j Job, Built)> {
    loop {
        {
            let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
            if queue.is_empty() {
                return None;
            }
            let found =
                (queue.iter().enumerate()).find_map(|(i, job)| Some((i, built_now(place, job)?)));
            if let Some((i, built)) = found {
                return Some((queue.remove(i), built));
            }
        }
        place.ready.wait(POLL);
    }
}

/// The build of `job` if it is there: a cargo example's once cargo linked
/// it (or the build ended), any other at once.
fn built_now(place: Workplace, job: &Job) -> Option<Built> {
    match place.catalog.examples[&job.name].language.build() {
        Build::Cargo => place.ready.built(&job.name),
        Build::None | Build::Command(_) => Some(Built::default()),
    }
}

/// Whether a run that shared the machine is timed again alone: it was
/// CPU-bound, and it ended (a run that hit its timeout would only hit it
/// again, and cost it twice).
fn worth_timing_alone(run: &process::RunOutcome) -> bool {
    run.looks_cpu_bound() && run.exit != process::Exit::TimedOut
}

/// Run one example (after its own build, when its language declares one;
/// a cargo example as `built` says).
fn build_and_run(place: Workplace, job: &Job, built: Built) -> Record {
    let Workplace {
        catalog,
        work_dir,
        registry,
        ..
    } = place;
    let example = &catalog.examples[&job.name];
    let language = &example.language;
    let out = work_dir
        .join("build")
        .join(language.name())
        .join(&example.name);
    let mut diagnostics = Vec::new();
    let executable = match language.build() {
        Build::None => None,
        Build::Cargo => {
            diagnostics = built.diagnostics;
            match built.executable {
                Some(exe) => Some(exe),
                None => return Record::new(diagnostics, None),
            }
        }
        Build::Command(template) => {
            let command = template.launch(crate::package::languages::Vars {
                file: &example.main_file,
                name: &example.name,
                out: &out,
            });
            if let Some(failed) = build_one(catalog, &out, &command, job, registry) {
                return failed;
            }
            None
        }
    };
    let launch = language.command(example, executable.as_deref(), &out);
    let args: Vec<_> = launch.args.iter().map(|a| a.as_os_str()).collect();
    let starts_at = language.starts_at(example, &out);
    let program = process::Program {
        exe: Path::new(&launch.program),
        args: &args,
        cwd: &catalog.package_dir,
        timeout: job.timeout,
        starts_at: starts_at.as_deref(),
        name: &job.name,
    };
    let outcome = process::run(&program, registry);
    match outcome {
        Ok(outcome) => Record::new(diagnostics, Some(outcome)),
        Err(e) => Record::not_run(
            diagnostics,
            format!("{e:#} ({})", language.missing_tool_advice()),
        ),
    }
}

/// Run a declared build command for one example, into `out`; `None` when it
/// succeeded, else the record of its failure: the example's compile error
/// (with what the command printed), or, when the command cannot start, why
/// it did not run.
fn build_one(
    catalog: &Catalog,
    out: &Path,
    command: &Launch,
    job: &Job,
    registry: &Registry,
) -> Option<Record> {
    let fresh = std::fs::remove_dir_all(out)
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(e),
        })
        .and_then(|()| std::fs::create_dir_all(out));
    if let Err(e) = fresh {
        let reason = format!("cannot prepare the build folder {}: {e}", out.display());
        return Some(Record::not_run(Vec::new(), reason));
    }
    let args: Vec<_> = command.args.iter().map(|a| a.as_os_str()).collect();
    let program = process::Program {
        exe: Path::new(&command.program),
        args: &args,
        cwd: &catalog.package_dir,
        timeout: job.timeout,
        starts_at: None,
        name: &job.name,
    };
    let built = process::run(&program, registry);
    match built {
        Err(e) => Some(Record::not_run(
            Vec::new(),
            format!("cannot run its build command: {e:#}"),
        )),
        Ok(run) if run.exit == process::Exit::Code(0) => None,
        Ok(run) => {
            let printed: Vec<&str> = run.lines.iter().map(|l| l.text.as_str()).collect();
            let diagnostic = Diagnostic {
                level: "error".into(),
                code: None,
                rendered: format!(
                    "`{}` failed ({:?}):\n{}",
                    command.program.to_string_lossy(),
                    run.exit,
                    printed.join("\n")
                ),
                ansi: None,
            };
            Some(Record::new(vec![diagnostic], None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::languages::declared::{Declared, Spec};
    use crate::package::languages::rust::Rust;
    use crate::package::languages::{Example, Language};
    use std::sync::Arc;

    /// A declared shell language, its table in book.toml being `table`.
    fn shell(table: &str) -> Arc<dyn Language> {
        let spec: Spec = toml::from_str(table).expect("a table");
        Arc::new(Declared::new("shell", &spec).expect("valid"))
    }

    /// The catalog of one example `name` of `language`, whose file holds `source`.
    fn catalog(dir: &Path, name: &str, language: Arc<dyn Language>, source: &str) -> Catalog {
        let main_file = dir.join(format!("{name}.sh"));
        std::fs::write(&main_file, source).expect("writes");
        let example = Example {
            name: name.into(),
            language: Arc::clone(&language),
            main_file: main_file.clone(),
            own_files: vec![main_file],
            required_features: Vec::new(),
        };
        Catalog {
            package_dir: dir.to_path_buf(),
            languages: vec![language],
            examples: [(name.to_string(), example)].into(),
            shared_files: Vec::new(),
        }
    }

    /// Where the runs of `catalog`'s tests happen: `dir` for everything.
    fn place<'a>(
        catalog: &'a Catalog,
        ready: &'a Ready,
        dir: &'a Path,
        registry: &'a Registry,
    ) -> Workplace<'a> {
        Workplace {
            catalog,
            ready,
            work_dir: dir,
            registry,
        }
    }

    fn job(name: &str) -> Job {
        Job {
            name: name.into(),
            timeout: Duration::from_secs(20),
            exclusive: false,
            reads: Vec::new(),
        }
    }

    /// Build (when its language says so) and run the one example of `catalog`.
    fn record_of(dir: &Path, catalog: &Catalog) -> Record {
        let name = catalog.examples.keys().next().expect("an example");
        let work = dir.join("work");
        let builds = compile(catalog, &[job(name)], &work, &|_, _, _| {}).expect("no cargo call");
        let ready = Ready::default();
        builds.close(&ready);
        let registry = Registry::new(&work);
        build_and_run(
            place(catalog, &ready, &work, &registry),
            &job(name),
            Built::default(),
        )
    }

    #[test]
    fn an_example_without_a_build_runs_as_its_language_says() {
        let dir = tempfile::tempdir().expect("tempdir");
        let language = shell("extension = 'sh'\nrun = 'sh {file}'\n");
        let books = catalog(dir.path(), "hello", language, "echo hi\nexit 3\n");
        let record = record_of(dir.path(), &books);
        let run = record.run.as_ref().expect("it ran");
        let lines: Vec<&str> = run.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!((lines, &run.exit), (vec!["hi"], &process::Exit::Code(3)));
        assert!(record.is_conclusive());
    }

    #[test]
    fn a_failed_build_command_is_the_examples_compile_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let table = "extension = 'sh'\nbuild = 'sh {file}'\nrun = 'sh {out}/x'\n";
        let books = catalog(dir.path(), "broken", shell(table), "echo nope\nexit 1\n");
        let record = record_of(dir.path(), &books);
        assert!(record.run.is_none() && record.not_run.is_none());
        let rendered = &record.diagnostics[0].rendered;
        assert_eq!(rendered, "`sh` failed (Code(1)):\nnope");
        assert!(record.is_conclusive(), "the example's fault: kept");
    }

    #[test]
    fn a_build_command_that_cannot_start_is_not_the_examples_fault() {
        let dir = tempfile::tempdir().expect("tempdir");
        let table = "extension = 'sh'\nbuild = 'mdbx-no-such-tool {file}'\nrun = 'sh {out}/x'\n";
        let books = catalog(dir.path(), "orphan", shell(table), "exit 0\n");
        let record = record_of(dir.path(), &books);
        let reason = &record.not_run.as_ref().expect("not run").reason;
        assert!(
            reason.starts_with("cannot run its build command"),
            "{reason}"
        );
        assert!(!record.is_conclusive(), "never cached");
    }

    #[test]
    fn a_cargo_example_that_was_not_built_is_not_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let books = catalog(dir.path(), "unbuilt", Arc::new(Rust), "fn main() {}\n");
        let registry = Registry::new(dir.path());
        let ready = Ready::default();
        let place = place(&books, &ready, dir.path(), &registry);
        let record = build_and_run(place, &job("unbuilt"), Built::default());
        assert!(record.run.is_none() && record.diagnostics.is_empty());
        assert!(!record.is_conclusive(), "cargo failed before compiling it");
    }

    #[test]
    fn without_cargo_examples_there_is_no_cargo_build() {
        let dir = tempfile::tempdir().expect("tempdir");
        let language = shell("extension = 'sh'\nrun = 'sh {file}'\n");
        let books = catalog(dir.path(), "plain", language, "exit 0\n");
        let builds =
            compile(&books, &[job("plain")], dir.path(), &|_, _, _| {}).expect("no cargo call");
        assert!(builds.built.is_empty() && builds.local_libs.is_empty());
        assert!(builds.shared_errors.is_empty());
    }

    /// Not through [`run`]: it reaps this process's marked children, which
    /// other tests of this process run at the same time.
    #[test]
    fn a_run_takes_the_first_job_whose_binary_is_linked_while_the_build_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut books = catalog(dir.path(), "late", Arc::new(Rust), "fn main() {}\n");
        let early = catalog(dir.path(), "early", Arc::new(Rust), "fn main() {}\n");
        books.examples.extend(early.examples);
        let registry = Registry::new(dir.path());
        let ready = Ready::default();
        let place = place(&books, &ready, dir.path(), &registry);
        let (late, early) = (job("late"), job("early"));
        let queue = Mutex::new(vec![&late, &early]);
        let linked = |name: &str| {
            let built = Built {
                executable: Some(dir.path().join(name)),
                diagnostics: Vec::new(),
            };
            ready.linked(name, &built, &[]);
        };
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                linked("early");
            });
            let (first, built) = next_ready(place, &queue).expect("a job");
            assert_eq!(first.name, "early", "planned second, linked first");
            assert_eq!(built.executable, Some(dir.path().join("early")));
            assert!(!ready.over(), "while the build goes on");
        });
        ready.close(None);
        let (last, built) = next_ready(place, &queue).expect("the other job");
        assert_eq!((last.name.as_str(), built.executable), ("late", None));
        assert!(next_ready(place, &queue).is_none());
    }

    #[test]
    fn only_cpu_bound_runs_that_ended_are_timed_again_alone() {
        let run = |cpu_us: u64, exit: process::Exit| process::RunOutcome {
            lines: Vec::new(),
            exit,
            total_us: 1_000_000,
            cut_bytes: 0,
            trace: None,
            cpu_us: Some(cpu_us),
            startup_us: None,
            waited_us: None,
        };
        assert!(worth_timing_alone(&run(900_000, process::Exit::Code(0))));
        assert!(!worth_timing_alone(&run(100_000, process::Exit::Code(0))));
        assert!(!worth_timing_alone(&run(900_000, process::Exit::TimedOut)));
    }
}
