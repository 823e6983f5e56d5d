//! `cargo xtask fuzz`: the property tests of `preprocessor/tests/fuzz/`
//! (directive parser, chapter discovery, time specs, the `expected` parser
//! and matcher, output cleaning, config) in release mode for a number of
//! minutes in all. The time is split evenly across the targets, which run one
//! after another; each replays its seeds, then runs proptest in chunks with
//! fresh random seeds until its share is spent (the tests read the share from
//! [`SECONDS_ENV`]). Each target prints its cases, time and slowest case,
//! gathered again at the end.

use crate::cmd;
use anyhow::{Context, Result, bail, ensure};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Instant;

/// Seconds each target fuzzes for; the same name as in
/// `preprocessor/tests/fuzz/harness.rs`.
const SECONDS_ENV: &str = "MDBOOK_EXAMPLES_FUZZ_SECONDS";

/// The cargo arguments that select the fuzz targets.
const FUZZ_TESTS: [&str; 6] = [
    "test",
    "--release",
    "-p",
    "mdbook-examples",
    "--test",
    "fuzz",
];

/// Options of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Minutes of fuzzing in all, split evenly across the targets (the
    /// release build before it is not counted).
    #[arg(long, default_value_t = 10.0)]
    minutes: f64,
}

/// Build the fuzz tests, then run every target for its share of the time.
pub fn run(args: &Args) -> Result<()> {
    ensure!(
        args.minutes.is_finite() && args.minutes > 0.0,
        "--minutes must be a positive number"
    );
    cmd::run(&mut cmd::cargo(FUZZ_TESTS.into_iter().chain(["--no-run"])))?;
    let targets = targets()?;
    ensure!(!targets.is_empty(), "no fuzz target found");
    let share = args.minutes * 60.0 / targets.len() as f64;
    println!(
        "xtask: {} fuzz targets, {share:.1} s each: {}",
        targets.len(),
        targets.join(", ")
    );
    let start = Instant::now();
    let mut fuzz =
        cmd::cargo(
            FUZZ_TESTS
                .into_iter()
                .chain(["--", "--test-threads=1", "--nocapture"]),
        );
    fuzz.env(SECONDS_ENV, format!("{share:.3}"));
    let (summary, result) = run_collecting(&mut fuzz)?;
    println!(
        "xtask: fuzzed for {:.1} min:",
        start.elapsed().as_secs_f64() / 60.0
    );
    for line in summary {
        println!("  {line}");
    }
    result
}

/// The names of the fuzz tests that run by default (not the ignored ones).
fn targets() -> Result<Vec<String>> {
    let ignored = listed(&["--ignored"])?;
    Ok(listed(&[])?
        .into_iter()
        .filter(|t| !ignored.contains(t))
        .collect())
}

/// The names of the fuzz tests that `cargo test … -- --list EXTRA` lists.
fn listed(extra: &[&'static str]) -> Result<Vec<String>> {
    let args = ["--", "--list", "--format", "terse"];
    let mut list = cmd::cargo(
        FUZZ_TESTS
            .into_iter()
            .chain(args)
            .chain(extra.iter().copied()),
    );
    let line = cmd::display(&list);
    let out = list
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run `{line}`"))?;
    if !out.status.success() {
        bail!("`{line}` failed ({})", out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

/// Run `fuzz`, echoing its output and keeping the targets' `fuzz …` summary
/// lines; the result says whether it succeeded.
fn run_collecting(fuzz: &mut std::process::Command) -> Result<(Vec<String>, Result<()>)> {
    let line = cmd::display(fuzz);
    println!("xtask: $ {line}");
    let mut child = fuzz
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run `{line}`"))?;
    let stdout = child.stdout.take().context("the child's stdout")?;
    let mut summary = Vec::new();
    for text in BufReader::new(stdout).lines() {
        let text = text.context("reading the fuzz output")?;
        println!("{text}");
        // `test NAME ... fuzz TARGET: N cases …` (the summary follows the test's name).
        if let Some(at) = text.find("fuzz ") {
            summary.push(text[at..].to_string());
        }
    }
    let status = child
        .wait()
        .with_context(|| format!("waiting for `{line}`"))?;
    let result = if status.success() {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "`{line}` failed ({status}): see the failures above"
        ))
    };
    Ok((summary, result))
}
