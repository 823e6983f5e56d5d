//! The whole preprocessor run, as a sequence of stages over one [`Run`]:
//! find the directives → drop those naming no example → plan the jobs →
//! look the results up in the cache → build and run what is missing →
//! check the claims (once per result) → run again, alone, the examples that
//! missed a claim about their run → render → splice into the chapters → bless →
//! report. Each stage is one short function; the config and the catalog are
//! loaded once and shared by all of them.

use crate::checking::bless;
use crate::checking::claims::{Claim, Failure, Fault};
use crate::checking::headline::Bounds;
use crate::checking::needs::{self, Verdict};
use crate::checking::source;
use crate::config::{Config, OnFailure};
use crate::finding::directive::CompileClaim;
use crate::package::catalog::Catalog;
use crate::problem::{Problem, Problems};
use crate::render::playground::Playground;
use crate::render::{output, reference};
use crate::running::history::History;
use crate::running::record::Record;
use crate::running::registry::Registry;
use crate::running::schedule::Job;
use crate::storing::cache::Cache;
use crate::storing::inputs::{Compiled, Toolchains, cache_keys, undeclared_reads};
use anyhow::Result;
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

mod batch;
mod directives;
mod outcome;
pub mod report;

use batch::{Batch, Origin, Outcome, Workshop};
use directives::{CompareRef, Directives, Reference, unknown_example};
use outcome::{Output, splice};
use report::{ReferenceReport, Report};

/// What a run produced, and what [`crate::storing::replay`] needs to replay it.
#[derive(Debug)]
pub struct Finished {
    pub book: Book,
    /// The report as written to `report.json`.
    pub report: Report,
    /// The cache entry of every referenced example, when each has one (a
    /// result that could not be stored makes the run unfit for replay).
    pub entries: Option<Vec<PathBuf>>,
    /// `N reference(s) to M example(s)`.
    pub counts: String,
}

/// Everything the stages share: loaded once, filled in stage by stage.
struct Run<'a> {
    config: &'a Config,
    cache_dir: PathBuf,
    catalog: Catalog,
    cache: Cache,
    registry: Registry,
    /// Every `{{#example}}`, with its verdict once it is checked.
    refs: Vec<Checked>,
    compares: Vec<CompareRef>,
    /// Every example referenced, with the most any reference asks of its run.
    jobs: BTreeMap<String, Job>,
    toolchains: Toolchains,
    /// The result of every example, from the cache or from a run.
    outcomes: BTreeMap<String, Outcome>,
    /// Read only when something runs: the warm path does not touch it.
    history: Option<History>,
    /// The package itself does not build: that one problem explains every
    /// example that was not built.
    package_broken: bool,
    /// Run buttons, when the book asks for them.
    playground: Option<Playground>,
    out: Output,
}

/// One `{{#example}}` and its verdict: its claims against its example's
/// record, and its source as read and checked (nothing checked yet before
/// stage 6).
struct Checked {
    reference: Reference,
    verdict: Verdict,
}

/// Run the preprocessor over `book`, configured by `config`.
pub fn run(ctx: &PreprocessorContext, config: &Config, mut book: Book) -> Result<Finished> {
    let started = Instant::now();
    let directives = Directives::in_book(ctx, &mut book);
    if directives.is_empty() {
        return Ok(untouched(ctx, config, book));
    }
    for warning in crate::setup::asset_warnings(ctx) {
        eprintln!("mdbook-examples: warning: {warning}");
    }
    let mut run = Run::new(ctx, config, directives)?;
    run.drop_unknown_examples();
    run.plan_jobs()?;
    run.look_up_cache()?;
    run.build_and_run_missing()?;
    run.check_claims(None);
    run.rerun_timing_suspects()?;
    run.save_history();
    run.render_references();
    run.render_compares();
    splice(&mut book, std::mem::take(&mut run.out.replacements));
    run.bless()?;
    run.finish(book, started)
}

/// The verdict on reference `r`: its claims against `record`, its figure
/// against the run, and its source read once and what it shows found (in
/// that order in the failures); nothing but its own failure when its
/// `expected` block is malformed.
fn verdict(r: &Reference, record: &Record, catalog: &Catalog) -> Verdict {
    let mut verdict = needs::check_reference(&r.file, &r.found, record);
    if verdict.malformed {
        return verdict;
    }
    let d = &r.found.directive;
    // On fewer cores than the reference needs, the headline's values are
    // shown but, like its other timing claims, not held to their bounds.
    let bounds = match verdict.unchecked {
        Some(_) => Bounds::LeftOut,
        None => Bounds::Checked,
    };
    let (headline, failures) = reference::figure(d, record, bounds);
    verdict.failures.extend(failures);
    verdict.headline = headline;
    let (source, failure) = source::check(d, &catalog.examples[r.name()], catalog);
    verdict.failures.extend(failure);
    verdict.source = source;
    verdict
}

/// Whether `record`'s run was killed at its timeout.
fn timed_out(record: &Record) -> bool {
    record
        .run
        .as_ref()
        .is_some_and(|run| run.exit == crate::running::process::Exit::TimedOut)
}

/// A book without a single directive: given back as it came, and nothing
/// written (no examples package needed, no cache, no report); only what a
/// killed earlier build left running is stopped.
fn untouched(ctx: &PreprocessorContext, config: &Config, book: Book) -> Finished {
    Registry::new(&ctx.root.join(&config.cache_dir)).sweep();
    eprintln!("mdbook-examples: no directive in the book: nothing to do");
    Finished {
        book,
        report: Report::default(),
        entries: None,
        counts: String::new(),
    }
}

impl<'a> Run<'a> {
    fn new(ctx: &PreprocessorContext, config: &'a Config, found: Directives) -> Result<Run<'a>> {
        let cache_dir = ctx.root.join(&config.cache_dir);
        let registry = Registry::new(&cache_dir);
        registry.sweep();
        let catalog = Catalog::load(&ctx.root.join(&config.package), &config.languages())?;
        let playground = match &config.playground {
            Some(p) => {
                let names: Vec<&str> = catalog.examples.keys().map(String::as_str).collect();
                Some(Playground::load(p, &catalog.package_dir, &names)?)
            }
            None => None,
        };
        Ok(Run {
            config,
            catalog,
            cache: Cache::new(cache_dir.clone()),
            cache_dir,
            registry,
            refs: (found.refs.into_iter())
                .map(|reference| Checked {
                    reference,
                    verdict: Verdict::default(),
                })
                .collect(),
            compares: found.compares,
            jobs: BTreeMap::new(),
            toolchains: Toolchains::default(),
            outcomes: BTreeMap::new(),
            history: None,
            package_broken: false,
            playground,
            out: Output {
                problems: found.problems,
                ..Output::default()
            },
        })
    }

    /// Stage 2: a directive naming no example is a problem (and, with
    /// `on-failure = "continue"`, an error box in its place).
    fn drop_unknown_examples(&mut self) {
        let catalog = &self.catalog;
        let (known, unknown): (Vec<_>, Vec<_>) = std::mem::take(&mut self.refs)
            .into_iter()
            .partition(|c| catalog.examples.contains_key(c.reference.name()));
        self.refs = known;
        for Checked { reference: r, .. } in unknown {
            let message = unknown_example(r.name(), catalog);
            if self.config.on_failure == OnFailure::Continue {
                let failure = Failure::new(Fault::Name, message.clone());
                let html = output::error_box(&r.location(), r.name(), &[failure]);
                self.out.replace(r.chapter, r.found.range.clone(), html);
            }
            self.out.problems.push(Problem {
                location: r.location(),
                example: None,
                message,
            });
        }
        let problems = &mut self.out.problems;
        self.compares.retain(|c| {
            let before = problems.len();
            for name in &c.found.compare.names {
                if !catalog.examples.contains_key(name) {
                    problems.push(Problem {
                        location: c.location(),
                        example: None,
                        message: unknown_example(name, catalog),
                    });
                }
            }
            problems.len() == before
        });
    }

    /// Stage 3: one job per example referenced, with the longest timeout
    /// any reference gives it, exclusive if any reference says so.
    fn plan_jobs(&mut self) -> Result<()> {
        let config = self.config;
        for name in self.compares.iter().flat_map(|c| &c.found.compare.names) {
            if !self.jobs.contains_key(name) {
                let job = Job {
                    name: name.clone(),
                    timeout: config.timeout_of(name),
                    exclusive: config.example_exclusive(name),
                    reads: Vec::new(),
                };
                self.jobs.insert(name.clone(), job);
            }
        }
        for Checked { reference: r, .. } in &self.refs {
            let d = &r.found.directive;
            let timeout = d.timeout.unwrap_or_else(|| config.timeout_of(&d.name));
            let job = self.jobs.entry(d.name.clone()).or_insert_with(|| Job {
                name: d.name.clone(),
                timeout,
                exclusive: config.example_exclusive(&d.name),
                reads: Vec::new(),
            });
            job.timeout = job.timeout.max(timeout);
            job.exclusive |= d.exclusive;
            for path in &d.reads {
                if !job.reads.contains(path) {
                    job.reads.push(path.clone());
                }
            }
        }
        Ok(())
    }

    /// Stage 4: the toolchains the jobs need, their keys, and the results
    /// the cache has (unless a result ran on fewer cores than a reference
    /// needs and this machine offers more).
    fn look_up_cache(&mut self) -> Result<()> {
        self.toolchains = Toolchains::detect(&self.catalog, self.jobs.values(), &self.cache_dir);
        let compiled = Compiled::load(&self.cache_dir, &self.catalog.package_dir);
        for job in self.jobs.values() {
            let named = undeclared_reads(&self.catalog, &compiled, job);
            if !named.is_empty() {
                let package = &self.catalog.package_dir;
                let paths: Vec<String> = (named.iter())
                    .map(|p| p.strip_prefix(package).unwrap_or(p).display().to_string())
                    .collect();
                eprintln!(
                    "mdbook-examples: warning: example `{}` names {} in its source but does not declare it: if it reads it when it runs, add `reads={}` to its {{{{#example}}}} (until then every file of the package is in its cache key)",
                    job.name,
                    paths.join(", "),
                    paths.join(",")
                );
            }
        }
        let keys = cache_keys(
            &self.catalog,
            &self.toolchains,
            &compiled,
            self.jobs.values(),
        )?;
        let needs = needs::by_example(self.refs.iter().map(|c| &c.reference.found.directive));
        let cores = crate::util::proc::available_cores();
        for name in self.jobs.keys() {
            let cached = self.cache.get(&keys[name]).filter(|record| {
                !needs::worth_rerunning(needs.get(name).copied(), record.cores, cores)
            });
            if let Some(record) = cached {
                let outcome = Outcome {
                    record,
                    origin: Origin::Cache,
                    entry: Some(self.cache.path(&keys[name])),
                };
                self.outcomes.insert(name.clone(), outcome);
            }
        }
        Ok(())
    }

    /// Stage 5: build and run, `jobs` at a time, every example the cache
    /// did not have.
    fn build_and_run_missing(&mut self) -> Result<()> {
        let missing: Vec<Job> = (self.jobs.values())
            .filter(|j| !self.outcomes.contains_key(&j.name))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let parallel = self.config.jobs.unwrap_or_else(|| {
            crate::running::schedule::default_jobs(crate::util::proc::available_cores())
        });
        let batch = self.batch(&missing, parallel)?;
        self.package_broken = !batch.shared_errors.is_empty();
        for message in &batch.shared_errors {
            self.out.problems.push(Problem {
                location: self.catalog.package_dir.display().to_string(),
                example: None,
                message: message.clone(),
            });
        }
        self.keep(batch);
        Ok(())
    }

    /// One batch of runs, noted in the run history.
    fn batch(&mut self, jobs: &[Job], parallel: usize) -> Result<Batch> {
        let workshop = Workshop {
            catalog: &self.catalog,
            toolchains: &self.toolchains,
            cache: &self.cache,
            registry: &self.registry,
            work_dir: &self.cache_dir,
        };
        let cache_dir = &self.cache_dir;
        let history = self.history.get_or_insert_with(|| History::load(cache_dir));
        workshop.batch(jobs, parallel, history)
    }

    /// Take the results of a batch, in place of any earlier result.
    fn keep(&mut self, batch: Batch) {
        self.outcomes.extend(batch.outcomes);
    }

    /// Stage 6: the claims of every reference (or, with `only`, of the
    /// references to those examples) against their example's record.
    fn check_claims(&mut self, only: Option<&BTreeSet<String>>) {
        for c in &mut self.refs {
            let name = c.reference.name();
            if only.is_some_and(|names| !names.contains(name)) {
                continue;
            }
            let record = &self.outcomes[name].record;
            c.verdict = verdict(&c.reference, record, &self.catalog);
        }
    }

    /// Stage 7: a failed claim about a run (its times, its lines, how it
    /// ended) may only mean that the machine was busy, for this run or for
    /// the cached one: such an example gets one more run, alone, and that
    /// run is the one kept (and checked). Not a run that timed out: the
    /// timeout is far beyond any claim, so a hanging example costs its
    /// timeout once, and its cached result after that.
    fn rerun_timing_suspects(&mut self) -> Result<()> {
        let outcomes = &self.outcomes;
        let suspects: BTreeSet<String> = (self.refs.iter())
            .filter(|c| (c.verdict.failures.iter()).any(|f| f.cause.is_about_the_run()))
            .map(|c| c.reference.name())
            .filter(|name| !timed_out(&outcomes[*name].record))
            .map(str::to_string)
            .collect();
        if suspects.is_empty() || self.package_broken {
            return Ok(());
        }
        let names: Vec<&str> = suspects.iter().map(String::as_str).collect();
        eprintln!(
            "mdbook-examples: {} example(s) missed a claim about their run ({}): running them again, alone",
            suspects.len(),
            names.join(", ")
        );
        let jobs: Vec<Job> = suspects.iter().map(|n| self.jobs[n].clone()).collect();
        let again = self.batch(&jobs, 1)?;
        self.keep(again);
        self.check_claims(Some(&suspects));
        Ok(())
    }

    /// Only a scheduling hint: failing to save it is a warning.
    fn save_history(&self) {
        if let Some(history) = &self.history
            && let Err(e) = history.save()
        {
            eprintln!(
                "mdbook-examples: warning: {e:#} (only a scheduling hint: results are not affected)"
            );
        }
    }

    /// Stage 8: what replaces each `{{#example}}`, with the problems of its
    /// failed claims (or, when blessing, its `expected` block rewritten).
    fn render_references(&mut self) {
        for (
            i,
            Checked {
                reference: r,
                verdict,
            },
        ) in self.refs.iter().enumerate()
        {
            let outcome = &self.outcomes[r.name()];
            let record = &outcome.record;
            let example = &self.catalog.examples[r.name()];
            let html = reference::render(
                &r.found,
                example,
                record,
                &self.catalog,
                &self.toolchains,
                verdict,
                self.playground.as_ref(),
            );
            let mut failures = verdict.failures.clone();
            let earlier = self.refs[..i].iter().map(|c| &c.reference);
            if self.out.bless_output(earlier, r, record, &failures) {
                failures.retain(|f| f.cause != Claim::Output);
            }
            self.out.failed(r, record, &failures, self.package_broken);
            let shown = if failures.is_empty() || self.config.on_failure == OnFailure::Bail {
                html
            } else {
                let error = output::error_box(&r.location(), r.name(), &failures);
                format!("{error}\n\n{html}")
            };
            self.out.replace(r.chapter, r.found.range.clone(), shown);
            self.out.report.push(ReferenceReport {
                chapter: r.file.clone(),
                line: r.found.line,
                example: r.name().to_string(),
                from_cache: outcome.origin == Origin::Cache,
                total_seconds: record.run.as_ref().map(|x| x.total_us as f64 / 1e6),
                exit: record.run.as_ref().map(|x| format!("{:?}", x.exit)),
                claims: Claim::made_by(&r.found),
                failures,
                timing_unchecked: verdict.unchecked,
            });
        }
    }

    /// Stage 9: what replaces each `{{#compare}}`.
    fn render_compares(&mut self) {
        let compares = std::mem::take(&mut self.compares);
        for (i, c) in compares.iter().enumerate() {
            let names = &c.found.compare.names;
            let runs: Vec<_> = (names.iter())
                .map(|n| self.outcomes.get(n).and_then(|o| o.record.run.as_ref()))
                .collect();
            let id = format!("c{i}");
            let html = crate::render::compare::render(&id, &c.found.compare, &runs).unwrap_or_else(
                |message| {
                    self.out.problems.push(Problem {
                        location: c.location(),
                        example: None,
                        message: message.clone(),
                    });
                    let failure = Failure::new(Fault::Compare, message);
                    output::error_box(&c.location(), &names.join(" "), &[failure])
                },
            );
            self.out.replace(c.chapter, c.found.range.clone(), html);
        }
    }

    /// Stage 10: rewrite the failing `expected` blocks (only when asked).
    fn bless(&mut self) -> Result<()> {
        for (path, edits) in std::mem::take(&mut self.out.blessings) {
            let diff = bless::bless_file(&path, &edits)?;
            eprint!(
                "mdbook-examples: blessed {} block(s) in {}\n{diff}",
                edits.len(),
                path.display()
            );
        }
        Ok(())
    }

    /// The line that stands for cargo's `could not compile` lines when this
    /// build compiled intended failures (`compile=fail`) and each failed as
    /// its reference claims; `None` when it compiled none.
    fn intended_failures(&self) -> Option<String> {
        let held: BTreeSet<&str> = (self.refs.iter())
            .map(|c| &c.reference)
            .filter(|r| r.found.directive.compile == CompileClaim::Fail)
            .filter(|r| self.outcomes[r.name()].origin == Origin::Run)
            .filter(|r| {
                self.out.report.iter().any(|x| {
                    x.chapter == r.file
                        && x.line == r.found.line
                        && x.example == r.name()
                        && x.failures.iter().all(|f| f.cause != Claim::Compile)
                })
            })
            .map(Reference::name)
            .collect();
        (!held.is_empty()).then(|| {
            format!(
                "{} intended compile failure(s) failed as expected ({}); their compiler output is in the page and report.json",
                held.len(),
                held.into_iter().collect::<Vec<_>>().join(", ")
            )
        })
    }

    /// Stage 11: `report.json`, the summary line, and the problems (an
    /// error with `on-failure = "bail"`, warnings otherwise).
    fn finish(self, book: Book, started: Instant) -> Result<Finished> {
        let intended = self.intended_failures();
        let report = Report {
            references: self.out.report,
            problems: self.out.problems.clone(),
        };
        report::write(&self.cache_dir, &report)?;
        let counts = format!(
            "{} reference(s) to {} example(s)",
            report.references.len(),
            self.outcomes.len()
        );
        let unchecked = needs::summary(report.references.iter().map(|r| r.timing_unchecked));
        let from_cache = (self.outcomes.values())
            .filter(|o| o.origin == Origin::Cache)
            .count();
        let ran = self.outcomes.len() - from_cache;
        eprintln!(
            "mdbook-examples: {counts}: {ran} built and run, {from_cache} from cache, {} failed claim(s), {} problem(s){unchecked}, {:.1} s",
            self.out.failed_claims,
            self.out.problems.len(),
            started.elapsed().as_secs_f64()
        );
        if let Some(line) = intended {
            eprintln!("mdbook-examples: {line}");
        }
        if !self.out.problems.is_empty() && self.config.on_failure == OnFailure::Bail {
            return Err(Problems(self.out.problems).into());
        }
        for p in &self.out.problems {
            eprintln!("mdbook-examples: warning: {p}");
        }
        let entries: Vec<PathBuf> = (self.outcomes.into_values())
            .filter_map(|o| o.entry)
            .collect();
        let complete = entries.len() == self.jobs.len();
        Ok(Finished {
            book,
            report,
            entries: complete.then_some(entries),
            counts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checking::claims::{Cause, Fault};
    use crate::running::process::{Exit, Line, RunOutcome, Stream};
    use mdbook_preprocessor::book::Chapter;
    use std::path::Path;
    use std::time::Duration;

    /// A book in `root` whose one chapter is `chapter`, with shell examples
    /// `a` and `b` (`b` configured with a 40 s timeout).
    fn book(root: &Path, chapter: &str) -> (PreprocessorContext, Book) {
        let toml = "[book]\ntitle = \"t\"\n\n[preprocessor.examples]\nafter = [\"links\"]\n\
                    [preprocessor.examples.language.shell]\nextension = \"sh\"\nrun = \"sh {file}\"\n\
                    [preprocessor.examples.examples.b]\ntimeout = \"40s\"\n";
        let package = root.join("examples");
        std::fs::create_dir_all(package.join("shell")).expect("creates");
        let manifest = "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
        std::fs::write(package.join("Cargo.toml"), manifest).expect("writes");
        for name in ["a", "b"] {
            let file = package.join("shell").join(format!("{name}.sh"));
            std::fs::write(file, format!("echo {name}\n")).expect("writes");
        }
        let ctx = PreprocessorContext::new(
            root.to_path_buf(),
            toml.parse().expect("book.toml"),
            "html".into(),
        );
        let mut book = Book::new();
        book.push_item(Chapter::new("c", chapter.into(), "c.md", Vec::new()));
        (ctx, book)
    }

    /// The stages' shared state for `chapter`'s directives, before stage 2.
    fn run_of<'a>(ctx: &PreprocessorContext, config: &'a Config, mut book: Book) -> Run<'a> {
        let directives = Directives::in_book(ctx, &mut book);
        Run::new(ctx, config, directives).expect("loads")
    }

    /// A record of a run that printed `lines` and ended with `code`.
    fn ran(lines: &[&str], code: i32) -> Record {
        let lines = (lines.iter())
            .map(|text| Line {
                at_us: 0,
                stream: Stream::Stdout,
                text: text.to_string(),
            })
            .collect();
        Record::new(
            Vec::new(),
            Some(RunOutcome {
                lines,
                exit: Exit::Code(code),
                total_us: 1_000,
                cut_bytes: 0,
                trace: None,
                cpu_us: None,
                startup_us: None,
                waited_us: None,
            }),
        )
    }

    fn outcome(record: Record, origin: Origin, entry: Option<PathBuf>) -> Outcome {
        Outcome {
            record,
            origin,
            entry,
        }
    }

    #[test]
    fn directives_naming_no_example_become_problems() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chapter = "{{#example a}}\n\n{{#example nope}}\n\n{{#compare a nop}}\n";
        let (ctx, book) = book(dir.path(), chapter);
        let config = Config::load(&ctx).expect("config");
        let mut run = run_of(&ctx, &config, book);
        run.drop_unknown_examples();
        let names: Vec<&str> = run.refs.iter().map(|c| c.reference.name()).collect();
        assert_eq!(names, ["a"]);
        assert!(run.compares.is_empty());
        let problems: Vec<String> = run.out.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("src/c.md:3: no example named `nope`"));
        assert!(
            problems[1].contains("no example named `nop`"),
            "{problems:?}"
        );
    }

    #[test]
    fn one_job_per_example_asks_the_most_any_reference_asks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chapter = "{{#example a timeout=35s reads=x.txt}}\n\n{{#example a timeout=45s exclusive reads=y.txt,x.txt}}\n\n{{#compare a b}}\n";
        let (ctx, book) = book(dir.path(), chapter);
        let config = Config::load(&ctx).expect("config");
        let mut run = run_of(&ctx, &config, book);
        run.drop_unknown_examples();
        run.plan_jobs().expect("plans");
        let a = &run.jobs["a"];
        // The longest timeout of any reference, the default (30 s) of the comparison included.
        assert_eq!((a.timeout, a.exclusive), (Duration::from_secs(45), true));
        assert_eq!(a.reads, ["x.txt", "y.txt"]);
        let b = &run.jobs["b"];
        assert_eq!((b.timeout, b.exclusive), (Duration::from_secs(40), false));
    }

    #[test]
    fn a_cached_result_is_an_outcome_from_the_cache() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ctx, book) = book(dir.path(), "{{#example a}}\n\n{{#example b}}\n");
        let config = Config::load(&ctx).expect("config");
        let mut run = run_of(&ctx, &config, book);
        run.plan_jobs().expect("plans");
        let toolchains = Toolchains::detect(&run.catalog, run.jobs.values(), &run.cache_dir);
        let keys = cache_keys(
            &run.catalog,
            &toolchains,
            &Compiled::default(),
            run.jobs.values(),
        )
        .expect("keys");
        run.cache.put(&keys["a"], &ran(&["a"], 0)).expect("stores");
        run.look_up_cache().expect("looks up");
        let a = &run.outcomes["a"];
        assert_eq!((a.origin, &a.record), (Origin::Cache, &ran(&["a"], 0)));
        assert_eq!(a.entry, Some(run.cache.path(&keys["a"])));
        assert!(!run.outcomes.contains_key("b"), "b is to be run");
    }

    #[test]
    fn a_later_result_replaces_the_earlier_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ctx, book) = book(dir.path(), "{{#example a}}\n");
        let config = Config::load(&ctx).expect("config");
        let mut run = run_of(&ctx, &config, book);
        let cached = outcome(ran(&["a"], 0), Origin::Cache, Some("entry".into()));
        run.outcomes.insert("a".into(), cached);
        let again = outcome(ran(&["a", "a"], 0), Origin::Run, None);
        run.keep(Batch {
            outcomes: [("a".to_string(), again)].into(),
            shared_errors: Vec::new(),
        });
        let a = &run.outcomes["a"];
        assert_eq!(
            (
                a.origin,
                &a.entry,
                a.record.run.as_ref().map(|r| r.lines.len())
            ),
            (Origin::Run, &None, Some(2))
        );
    }

    #[test]
    fn each_reference_is_checked_rendered_and_reported_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chapter = "{{#example a}}\n```expected\nb\n```\n\n{{#example b anchor=nope}}\n";
        let (ctx, mut book) = book(dir.path(), chapter);
        let config = Config::load(&ctx).expect("config");
        let mut run = run_of(&ctx, &config, book.clone());
        run.plan_jobs().expect("plans");
        let entry = dir.path().join("entry");
        run.outcomes
            .insert("a".into(), outcome(ran(&["a"], 0), Origin::Run, None));
        run.outcomes.insert(
            "b".into(),
            outcome(ran(&["b"], 0), Origin::Cache, Some(entry)),
        );
        run.check_claims(None);
        let causes = |i: usize| -> Vec<Cause> {
            run.refs[i]
                .verdict
                .failures
                .iter()
                .map(|f| f.cause)
                .collect()
        };
        assert_eq!(
            (causes(0), causes(1)),
            (vec![Claim::Output.into()], vec![Fault::Anchor.into()])
        );
        let source = run.refs[1]
            .verdict
            .source
            .as_ref()
            .expect("read once, when checked");
        assert_eq!((source.text.as_str(), &source.shown), ("echo b\n", &None));
        run.render_references();
        splice(&mut book, std::mem::take(&mut run.out.replacements));
        let finished = run.finish(book, Instant::now());
        let Ok(finished) = finished else {
            return assert!(
                config.on_failure == OnFailure::Bail,
                "bails only when asked"
            );
        };
        assert_eq!(finished.counts, "2 reference(s) to 2 example(s)");
        assert_eq!(finished.entries, None, "a's result was not kept: no replay");
        let from_cache: Vec<bool> = (finished.report.references.iter())
            .map(|r| r.from_cache)
            .collect();
        assert_eq!(from_cache, [false, true]);
        assert_eq!(finished.report.problems.len(), 2);
    }
}
