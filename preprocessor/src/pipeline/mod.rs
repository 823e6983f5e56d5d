//! The whole preprocessor run, as a sequence of stages over one [`Run`]:
//! find the directives → drop those naming no example → plan the jobs →
//! look the results up in the cache → build and run what is missing →
//! check the claims (once per result) → run again, alone, the examples that
//! missed a claim about their run → render → splice into the chapters → bless →
//! report. Each stage is one short function; the config and the catalog are
//! loaded once and shared by all of them.

use crate::checking::bless;
use crate::checking::claims::{Claim, Failure, Fault};
use crate::checking::needs::{self, Verdict};
use crate::config::{Config, OnFailure};
use crate::finding::directive::CompileClaim;
use crate::package::catalog::Catalog;
use crate::render::playground::Playground;
use crate::render::{output, reference};
use crate::running::history::History;
use crate::running::record::Record;
use crate::running::registry::Registry;
use crate::running::schedule::Job;
use crate::storing::cache::Cache;
use crate::storing::inputs::{Compiled, Toolchains, cache_keys, undeclared_reads};
use crate::storing::keep::{Batch, Workshop};
use crate::storing::report::{Problem, Problems, ReferenceReport, Report};
use anyhow::Result;
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::time::Instant;

mod directives;
mod outcome;

use directives::{CompareRef, Directives, Reference, unknown_example};
use outcome::{Output, splice};

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
    refs: Vec<Reference>,
    compares: Vec<CompareRef>,
    /// Every example referenced, with the most any reference asks of its run.
    jobs: BTreeMap<String, Job>,
    toolchains: Toolchains,
    /// The result of every example, from the cache or from a run.
    records: BTreeMap<String, Record>,
    from_cache: HashSet<String>,
    /// The cache entry of every result that has one.
    entries: BTreeMap<String, PathBuf>,
    /// Read only when something runs: the warm path does not touch it.
    history: Option<History>,
    /// The package itself does not build: that one problem explains every
    /// example that was not built.
    package_broken: bool,
    /// The claims of each reference (same order as `refs`) against its record.
    verdicts: Vec<Verdict>,
    /// Run buttons, when the book asks for them.
    playground: Option<Playground>,
    out: Output,
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
            refs: found.refs,
            compares: found.compares,
            jobs: BTreeMap::new(),
            toolchains: Toolchains::default(),
            records: BTreeMap::new(),
            from_cache: HashSet::new(),
            entries: BTreeMap::new(),
            history: None,
            package_broken: false,
            verdicts: Vec::new(),
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
            .partition(|r| catalog.examples.contains_key(r.name()));
        self.refs = known;
        for r in unknown {
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
        for r in &self.refs {
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
        let compiled = Compiled::load(&self.cache_dir);
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
        let needs = needs::by_example(self.refs.iter().map(|r| &r.found.directive));
        let cores = needs::available();
        for name in self.jobs.keys() {
            let cached = self.cache.get(&keys[name]).filter(|record| {
                !needs::worth_rerunning(needs.get(name).copied(), record.cores, cores)
            });
            if let Some(record) = cached {
                self.from_cache.insert(name.clone());
                self.entries
                    .insert(name.clone(), self.cache.path(&keys[name]));
                self.records.insert(name.clone(), record);
            }
        }
        Ok(())
    }

    /// Stage 5: build and run, `jobs` at a time, every example the cache
    /// did not have.
    fn build_and_run_missing(&mut self) -> Result<()> {
        let missing: Vec<Job> = (self.jobs.values())
            .filter(|j| !self.records.contains_key(&j.name))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let parallel = self.config.jobs.unwrap_or_else(|| {
            crate::running::schedule::default_jobs(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            )
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
        for name in batch.records.keys() {
            self.entries.remove(name);
            self.from_cache.remove(name);
        }
        self.entries.extend(batch.entries);
        self.records.extend(batch.records);
    }

    /// Stage 6: the claims of every reference (or, with `only`, of the
    /// references to those examples) against their example's record.
    fn check_claims(&mut self, only: Option<&BTreeSet<String>>) {
        self.verdicts.resize_with(self.refs.len(), Verdict::default);
        for (r, verdict) in self.refs.iter().zip(&mut self.verdicts) {
            if only.is_some_and(|names| !names.contains(r.name())) {
                continue;
            }
            let record = &self.records[r.name()];
            *verdict = needs::check_reference(&r.file, &r.found, record);
            if !verdict.malformed {
                let d = &r.found.directive;
                let (headline, failures) = reference::figure(d, record);
                verdict.failures.extend(failures);
                verdict.headline = headline;
            }
        }
    }

    /// Stage 7: a failed claim about a run (its times, its lines, how it
    /// ended) may only mean that the machine was busy, for this run or for
    /// the cached one: such an example gets one more run, alone, and that
    /// run is the one kept (and checked). Not a run that timed out: the
    /// timeout is far beyond any claim, so a hanging example costs its
    /// timeout once, and its cached result after that.
    fn rerun_timing_suspects(&mut self) -> Result<()> {
        let records = &self.records;
        let suspects: BTreeSet<String> = (self.refs.iter().zip(&self.verdicts))
            .filter(|(_, v)| v.failures.iter().any(|f| f.cause.is_about_the_run()))
            .filter(|(r, _)| !timed_out(&records[r.name()]))
            .map(|(r, _)| r.name().to_string())
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
        let refs = std::mem::take(&mut self.refs);
        let verdicts = std::mem::take(&mut self.verdicts);
        for (i, (r, verdict)) in refs.iter().zip(verdicts).enumerate() {
            let record = &self.records[r.name()];
            let example = &self.catalog.examples[r.name()];
            let (html, extra) = reference::render(
                &r.found,
                example,
                record,
                &self.catalog,
                &self.toolchains,
                &verdict,
                self.playground.as_ref(),
            );
            let mut failures = verdict.failures;
            failures.extend(extra);
            if self.out.bless_output(&refs[..i], r, record, &failures) {
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
                from_cache: self.from_cache.contains(r.name()),
                total_seconds: record.run.as_ref().map(|x| x.total_us as f64 / 1e6),
                exit: record.run.as_ref().map(|x| format!("{:?}", x.exit)),
                claims: Claim::made_by(&r.found),
                failures,
                timing_unchecked: verdict.unchecked,
            });
        }
        self.refs = refs;
    }

    /// Stage 9: what replaces each `{{#compare}}`.
    fn render_compares(&mut self) {
        let compares = std::mem::take(&mut self.compares);
        for (i, c) in compares.iter().enumerate() {
            let names = &c.found.compare.names;
            let runs: Vec<_> = (names.iter())
                .map(|n| self.records.get(n).and_then(|r| r.run.as_ref()))
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
            .filter(|r| r.found.directive.compile == CompileClaim::Fail)
            .filter(|r| !self.from_cache.contains(r.name()))
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
        crate::storing::report::write(&self.cache_dir, &report)?;
        let counts = format!(
            "{} reference(s) to {} example(s)",
            report.references.len(),
            self.records.len()
        );
        let unchecked = needs::summary(report.references.iter().map(|r| r.timing_unchecked));
        // Every example has one record, from the cache or from a run.
        let ran = self.records.len() - self.from_cache.len();
        eprintln!(
            "mdbook-examples: {counts}: {ran} built and run, {} from cache, {} failed claim(s), {} problem(s){unchecked}, {:.1} s",
            self.from_cache.len(),
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
        let complete = self.entries.len() == self.jobs.len();
        Ok(Finished {
            book,
            report,
            entries: complete.then(|| self.entries.into_values().collect()),
            counts,
        })
    }
}
