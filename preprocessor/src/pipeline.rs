//! The whole preprocessor run, stage by stage:
//! discover directives → resolve examples → look up the cache → build and run
//! what is missing → check claims → render → splice into the chapters →
//! report.

use crate::bless;
use crate::cache::{Cache, Record};
use crate::catalog::Catalog;
use crate::claims;
use crate::config::{Config, OnFailure};
use crate::discover::{self, Found, FoundCompare};
use crate::execute::Job;
use crate::history::History;
use crate::inputs::{Toolchains, cache_keys};
use crate::keep::Workshop;
use crate::needs;
use crate::render::{output, reference};
use crate::report::{Problem, Problems, ReferenceReport, Report};
use crate::running::Registry;
use anyhow::Result;
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::time::Instant;

/// A directive in a chapter.
struct Reference {
    chapter: usize,
    /// The chapter file as shown in messages (`src/gather.md`).
    file: String,
    /// The chapter file on disk, when it has one (for blessing).
    disk_path: Option<std::path::PathBuf>,
    found: Found,
}

impl Reference {
    fn location(&self) -> String {
        format!("{}:{}", self.file, self.found.line)
    }
}

/// A `{{#compare}}` directive in a chapter.
struct CompareRef {
    chapter: usize,
    file: String,
    found: FoundCompare,
}

impl CompareRef {
    fn location(&self) -> String {
        format!("{}:{}", self.file, self.found.line)
    }
}

/// What a run produced, and what [`crate::replay`] needs to replay it.
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

/// Run the preprocessor over `book`.
pub fn run(ctx: &PreprocessorContext, mut book: Book) -> Result<Finished> {
    let started = Instant::now();
    let config = Config::load(ctx)?;
    let catalog = Catalog::load(&ctx.root.join(&config.package))?;
    let cache = Cache::new(ctx.root.join(&config.cache_dir));
    let registry = Registry::new(&cache_dir(ctx, &config));
    registry.sweep();
    let src_dir = ctx.config.book.src.clone();

    let mut problems = Vec::new();
    let mut refs = Vec::new();
    let mut compares = Vec::new();
    let mut index = 0;
    book.for_each_chapter_mut(|chapter| {
        let file = chapter.source_path.as_ref().map_or_else(
            || chapter.name.clone(),
            |p| src_dir.join(p).display().to_string(),
        );
        let disk_path = chapter
            .source_path
            .as_ref()
            .map(|p| ctx.root.join(&src_dir).join(p));
        let (found, errors) = discover::find(&chapter.content);
        let (compared, compare_errors) = discover::find_compares(&chapter.content);
        problems.extend(errors.into_iter().chain(compare_errors).map(|e| Problem {
            location: format!("{file}:{}", e.line),
            example: None,
            message: e.message,
        }));
        refs.extend(found.into_iter().map(|found| Reference {
            chapter: index,
            file: file.clone(),
            disk_path: disk_path.clone(),
            found,
        }));
        compares.extend(compared.into_iter().map(|found| CompareRef {
            chapter: index,
            file: file.clone(),
            found,
        }));
        index += 1;
    });

    let mut replacements: BTreeMap<usize, Vec<(std::ops::Range<usize>, String)>> = BTreeMap::new();
    refs.retain(|r| {
        let known = catalog.examples.contains_key(&r.found.directive.name);
        if !known {
            let message = unknown_example(&r.found.directive.name, &catalog);
            if config.on_failure == OnFailure::Continue {
                let failure = crate::claims::Failure {
                    claim: "name",
                    message: message.clone(),
                };
                let html = output::error_box(&r.location(), &r.found.directive.name, &[failure]);
                replacements
                    .entry(r.chapter)
                    .or_default()
                    .push((r.found.range.clone(), html));
            }
            problems.push(Problem {
                location: r.location(),
                example: None,
                message,
            });
        }
        known
    });

    compares.retain(|c| {
        let unknown: Vec<String> = c
            .found
            .compare
            .names
            .iter()
            .filter(|n| !catalog.examples.contains_key(*n))
            .map(|n| unknown_example(n, &catalog))
            .collect();
        for message in &unknown {
            problems.push(Problem {
                location: c.location(),
                example: None,
                message: message.clone(),
            });
        }
        unknown.is_empty()
    });

    let mut jobs: BTreeMap<String, Job> = BTreeMap::new();
    for name in compares.iter().flat_map(|c| &c.found.compare.names) {
        if !jobs.contains_key(name) {
            let timeout = config
                .example_timeout(name)
                .map_or_else(|| config.default_timeout(), Ok)?;
            jobs.insert(
                name.clone(),
                Job {
                    name: name.clone(),
                    timeout,
                    exclusive: config.example_exclusive(name),
                },
            );
        }
    }
    for r in &refs {
        let d = &r.found.directive;
        let timeout = d
            .timeout
            .or_else(|| config.example_timeout(&d.name))
            .map_or_else(|| config.default_timeout(), Ok)?;
        let job = jobs.entry(d.name.clone()).or_insert_with(|| Job {
            name: d.name.clone(),
            timeout,
            exclusive: config.example_exclusive(&d.name),
        });
        job.timeout = job.timeout.max(timeout);
        job.exclusive |= d.exclusive;
    }
    let toolchains = Toolchains::detect(&catalog, jobs.values(), &cache_dir(ctx, &config));
    let keys = cache_keys(&catalog, &toolchains, jobs.values())?;

    let all_jobs = jobs.clone();
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    let mut from_cache = HashSet::new();
    let mut missing = Vec::new();
    let mut entries: BTreeMap<String, PathBuf> = BTreeMap::new();
    let needs = needs::by_example(refs.iter().map(|r| &r.found.directive));
    let cores = needs::available();
    for (name, job) in jobs {
        let cached = cache.get(&keys[&name]).filter(|record| {
            !needs::worth_rerunning(needs.get(&name).copied(), record.cores, cores)
        });
        match cached {
            Some(record) => {
                from_cache.insert(name.clone());
                entries.insert(name.clone(), cache.path(&keys[&name]));
                records.insert(name, record);
            }
            None => missing.push(job),
        }
    }
    let parallel = config.jobs.unwrap_or_else(|| {
        crate::schedule::default_jobs(std::thread::available_parallelism().map_or(1, |n| n.get()))
    });
    let ran = missing.len();
    let workshop = Workshop {
        catalog: &catalog,
        toolchains: &toolchains,
        cache: &cache,
        registry: &registry,
    };
    // Read only when something runs: the warm path does not touch it.
    let mut history = (!missing.is_empty()).then(|| History::load(&cache_dir(ctx, &config)));
    let mut package_broken = false;
    if let Some(history) = history.as_mut() {
        let batch = workshop.batch(&missing, parallel, history)?;
        package_broken = !batch.shared_errors.is_empty();
        for message in batch.shared_errors {
            problems.push(Problem {
                location: catalog.package_dir.display().to_string(),
                example: None,
                message,
            });
        }
        entries.extend(batch.entries);
        records.extend(batch.records);
    }

    // A failed timing claim may only mean that the machine was busy: such an
    // example gets one more run, alone, and that run is the one kept.
    let suspects: Vec<Job> = timing_suspects(&refs, &records)
        .into_iter()
        .filter_map(|name| all_jobs.get(&name).cloned())
        .collect();
    if !suspects.is_empty() && !package_broken {
        eprintln!(
            "mdbook-examples: {} example(s) missed a timing claim: running them again, alone",
            suspects.len()
        );
        let history = history.get_or_insert_with(|| History::load(&cache_dir(ctx, &config)));
        let again = workshop.batch(&suspects, 1, history)?;
        for name in again.records.keys() {
            entries.remove(name);
            from_cache.remove(name);
        }
        entries.extend(again.entries);
        records.extend(again.records);
    }

    if let Some(history) = &history
        && let Err(e) = history.save()
    {
        eprintln!(
            "mdbook-examples: warning: {e:#} (only a scheduling hint: results are not affected)"
        );
    }

    let mut report = Vec::new();
    let mut failed_claims = 0;
    let mut blessings: BTreeMap<std::path::PathBuf, Vec<bless::Edit>> = BTreeMap::new();
    for (i, r) in refs.iter().enumerate() {
        let d = &r.found.directive;
        let example = &catalog.examples[&d.name];
        let record = &records[&d.name];
        let at = reference::Reference {
            file: &r.file,
            found: &r.found,
        };
        let (html, mut failures, timing_unchecked) =
            reference::render(at, example, record, &catalog, toolchains.python.as_deref());
        if bless::enabled()
            && let (Some(path), Some(run)) = (&r.disk_path, &record.run)
            && failures.iter().any(|f| f.claim == "output")
        {
            let nth = refs[..i]
                .iter()
                .filter(|o| o.chapter == r.chapter && o.found.directive.name == d.name)
                .count();
            let actual = run
                .lines
                .iter()
                .map(|l| l.text.trim_end().to_string())
                .collect();
            blessings
                .entry(path.clone())
                .or_default()
                .push(bless::Edit {
                    example: d.name.clone(),
                    nth,
                    actual,
                });
            failures.retain(|f| f.claim != "output");
        }
        failed_claims += failures.len();
        // When the package itself is broken, that one problem explains every
        // example that was not built: do not repeat it per reference.
        let explained = package_broken && !record.is_conclusive();
        for f in failures.iter().filter(|_| !explained) {
            problems.push(Problem {
                location: r.location(),
                example: Some(d.name.clone()),
                message: format!("[{}] {}", f.claim, f.message),
            });
        }
        let shown = if failures.is_empty() || config.on_failure == OnFailure::Bail {
            html
        } else {
            format!(
                "{}\n\n{html}",
                output::error_box(&r.location(), &d.name, &failures)
            )
        };
        replacements
            .entry(r.chapter)
            .or_default()
            .push((r.found.range.clone(), shown));
        report.push(ReferenceReport {
            chapter: r.file.clone(),
            line: r.found.line,
            example: d.name.clone(),
            from_cache: from_cache.contains(&d.name),
            total_seconds: record.run.as_ref().map(|x| x.total_us as f64 / 1e6),
            exit: record.run.as_ref().map(|x| format!("{:?}", x.exit)),
            claims: claim_names(r),
            failures,
            timing_unchecked,
        });
    }

    for (i, c) in compares.iter().enumerate() {
        let runs: Vec<_> = c
            .found
            .compare
            .names
            .iter()
            .map(|n| records.get(n).and_then(|r| r.run.as_ref()))
            .collect();
        let html = match crate::render::compare::render(&format!("c{i}"), &c.found.compare, &runs) {
            Ok(html) => html,
            Err(message) => {
                let failure = claims::Failure {
                    claim: "compare",
                    message: message.clone(),
                };
                problems.push(Problem {
                    location: c.location(),
                    example: None,
                    message,
                });
                output::error_box(&c.location(), &c.found.compare.names.join(" "), &[failure])
            }
        };
        replacements
            .entry(c.chapter)
            .or_default()
            .push((c.found.range.clone(), html));
    }

    let mut index = 0;
    book.for_each_chapter_mut(|chapter| {
        if let Some(mut edits) = replacements.remove(&index) {
            edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
            for (range, text) in edits {
                let text = indent_like_directive(&chapter.content, range.start, &text);
                chapter.content.replace_range(range, &text);
            }
        }
        index += 1;
    });

    for (path, edits) in blessings {
        let diff = bless::bless_file(&path, &edits)?;
        eprint!(
            "mdbook-examples: blessed {} block(s) in {}\n{diff}",
            edits.len(),
            path.display()
        );
    }

    let report = Report {
        references: report,
        problems: problems.clone(),
    };
    crate::report::write(&cache_dir(ctx, &config), &report)?;
    let counts = format!(
        "{} reference(s) to {} example(s)",
        refs.len(),
        records.len()
    );
    let unchecked = needs::summary(report.references.iter().map(|r| r.timing_unchecked));
    eprintln!(
        "mdbook-examples: {counts}: {ran} built and run, {} from cache, {failed_claims} failed claim(s), {} problem(s){unchecked}, {:.1} s",
        from_cache.len(),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    if !problems.is_empty() && config.on_failure == OnFailure::Bail {
        return Err(Problems(problems).into());
    }
    for p in &problems {
        eprintln!("mdbook-examples: warning: {p}");
    }
    let complete = entries.len() == all_jobs.len();
    Ok(Finished {
        book,
        report,
        entries: complete.then(|| entries.into_values().collect()),
        counts,
    })
}

/// "No example named …", with the closest name or how to add it.
fn unknown_example(name: &str, catalog: &Catalog) -> String {
    let mut message = format!(
        "no example named `{name}` in {}",
        catalog.package_dir.display()
    );
    match crate::suggest::closest(name, catalog.names()) {
        Some(close) => message.push_str(&format!(" (did you mean `{close}`?)")),
        None => message.push_str(&format!("; add it as src/bin/{name}.rs")),
    }
    message
}

fn cache_dir(ctx: &PreprocessorContext, config: &Config) -> std::path::PathBuf {
    ctx.root.join(&config.cache_dir)
}

/// The examples whose run misses a `total=` or `@` claim of some reference
/// (one left out for want of cores is not missed: running alone cannot help).
fn timing_suspects(refs: &[Reference], records: &BTreeMap<String, Record>) -> BTreeSet<String> {
    refs.iter()
        .filter(|r| {
            let d = &r.found.directive;
            let Some(record) = records.get(&d.name) else {
                return false;
            };
            let patterns = match &r.found.expected {
                Some(e) => match claims::parse_expected(&e.text) {
                    Ok(p) => Some(p),
                    Err(_) => return false,
                },
                None => None,
            };
            needs::check(d, patterns.as_deref(), record)
                .0
                .iter()
                .any(|f| f.claim == "total" || f.claim == "at")
        })
        .map(|r| r.found.directive.name.clone())
        .collect()
}

/// `text` with every line after the first indented like the directive at
/// `start`, so that a directive inside a list item stays inside it.
fn indent_like_directive(content: &str, start: usize, text: &str) -> String {
    let line_start = content[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &content[line_start..start];
    if prefix.is_empty() || !prefix.chars().all(|c| c == ' ' || c == '\t') {
        return text.to_string();
    }
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_string()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn claim_names(r: &Reference) -> Vec<&'static str> {
    let d = &r.found.directive;
    let mut c = vec!["compile"];
    if d.exit != 0 || d.panic {
        c.push("exit");
    }
    if d.total.is_some() {
        c.push("total");
    }
    if r.found.expected.is_some() {
        c.push("output");
    }
    c
}

#[cfg(test)]
mod tests {
    use super::indent_like_directive;
    use std::time::Duration;

    #[test]
    fn replacements_keep_the_directive_indentation() {
        let md = "1. item\n\n   {{#example x}}\n";
        let start = md.find("{{").expect("directive");
        assert_eq!(
            indent_like_directive(md, start, "a\n\nb\nc"),
            "a\n\n   b\n   c"
        );
        assert_eq!(indent_like_directive("text {{", 5, "a\nb"), "a\nb");
    }

    #[test]
    fn durations_in_keys_are_stable() {
        assert_eq!(format!("{:?}", Duration::from_secs(30)), "30s");
    }
}
