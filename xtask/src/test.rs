//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use crate::{book, checks, cmd, e2e, lint};
use anyhow::Result;
use std::process::ExitCode;
use std::time::Instant;

type Step = (&'static str, fn() -> Result<()>);

const STEPS: &[Step] = &[
    ("fmt", || {
        cmd::run(&mut cmd::cargo(["fmt", "--all", "--check"]))
    }),
    ("clippy", || {
        cmd::run(&mut cmd::cargo([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    }),
    ("test", || {
        cmd::run(&mut cmd::cargo(["test", "--workspace"]))
    }),
    ("chapters", lint::chapters),
    ("book", build_book),
    ("html", checks::no_unexpanded_directives),
    ("links", checks::links),
    ("claims", checks::all_claims_held),
    ("e2e", e2e::run),
];

/// The whole book, failing on any failed claim; starts from no report, so the
/// `claims` step can only read this build's.
fn build_book() -> Result<()> {
    match std::fs::remove_file(checks::REPORT) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(
                anyhow::Error::new(e).context(format!("cannot remove the old {}", checks::REPORT))
            );
        }
        _ => {}
    }
    book::build(&[("MDBOOK_EXAMPLES_ON_FAILURE", "bail")])
}

pub fn run() -> ExitCode {
    let started = Instant::now();
    let total = STEPS.len();
    let mut passed = 0;
    for (i, (name, step)) in STEPS.iter().enumerate() {
        println!("xtask: [{}/{total}] {name}", i + 1);
        let t = Instant::now();
        let result = step();
        let secs = t.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                println!("xtask: [{}/{total}] {name}: ok ({secs:.1} s)", i + 1);
                passed += 1;
            }
            Err(e) => {
                eprintln!(
                    "xtask: [{}/{total}] {name}: FAILED ({secs:.1} s)\nxtask: step `{name}` failed: {e:#}",
                    i + 1
                );
                let not_run = total - passed - 1;
                println!("xtask: {passed} passed, 1 failed, {not_run} not run");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "xtask: all checks passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("xtask: {passed} passed, 0 failed");
    ExitCode::SUCCESS
}
