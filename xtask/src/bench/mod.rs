//! `cargo xtask bench`: how fast the book builds, how true its embedded
//! timings are and how much memory the preprocessor needs, measured against
//! the targets of the "fast enough to prototype in" issue. It prints numbers
//! (and writes them to `target/bench/results.json`); a missed target is a
//! result, not an error, so it exits 0 unless something failed to run.
//!
//! How it measures:
//!
//! - Everything it writes is under `target/bench/`: generated books of N
//!   std-only examples (`book-N/`, each with its cargo package `pkg/`, that
//!   package's own `CARGO_TARGET_DIR` `pkg-target/` and the preprocessor's own
//!   `cache/`), the floors' target dirs, a copy of the real book's cache and
//!   the output of the real book. The real book's `book/` and cache are never
//!   written.
//! - Every book build is a child process, `target/release/xtask bench
//!   --build-book DIR`, which builds in process with `mdbook-driver` (release,
//!   like the `mdbook` binary: a debug mdBook would render several times slower
//!   and flatter every ratio against a plain build). It is timed with
//!   `Instant` from spawn to exit. "Plain mdBook" is the same book with
//!   `[preprocessor.examples]` removed from the config.
//! - Paired measurements alternate (warm, replay, plain, warm, …) so that a
//!   change of machine load hits every side; the median is compared. A
//!   "replay" build swaps the preprocessor for `cat` of the book it returned
//!   (see [`warm_vs_plain`](warm::warm_vs_plain)), which splits a warm
//!   rebuild's cost into the preprocessor's run and the rendering of what it
//!   adds.
//! - Peak memory is the preprocessor process's own `VmHWM` (the kernel's
//!   high-water mark of its resident set), read from `/proc/PID/status`
//!   every millisecond while it runs; its PID is found as a child of the
//!   build process (`/proc/PID/task/PID/children`) named `mdbook-examples`.
//!   That is the process alone, without the cargo, rustc and example
//!   processes it starts. The mark only grows, so the last reading is the
//!   peak up to at most 1 ms before the process exited. (Not `wait4`'s
//!   `ru_maxrss`, as `/usr/bin/time` reports it: that is the largest of the
//!   process *and its waited-for children*, and `rustc -vV` alone, which
//!   the preprocessor runs on every build, needs 30 MB.)
//! - Timing accuracy comes from one more cold run of every example of the
//!   small book, as many at a time as the preprocessor runs them. Its
//!   embedded totals are compared with the same processes seen from outside
//!   (`strace`: the return of `execve` to `exit_group`; skipped without
//!   strace) and with the same binaries run alone, one after another; the
//!   gaps between lines are read back from the HTML of that run.
//!
//! Linux only: it reads `/proc`, the replay uses `sh`, `tee` and `cat`, and
//! the outside view uses `strace`.

mod cold;
mod edit;
mod genbook;
mod generated;
mod harness;
mod machine;
mod real_book;
mod report;
mod results;
mod strace;
mod timing;
mod warm;

use anyhow::{Context, Result, ensure};
use genbook::GenBook;
use generated::generated_book;
use harness::Bench;
use machine::{Machine, load_average};
use real_book::real_book;
use results::Results;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Measure build speed, timing accuracy and memory against the targets.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Examples in the generated (small) book.
    #[arg(long, default_value_t = 24)]
    examples: usize,
    /// Examples in the large generated book of the scale check (0 or ≤ --examples: skip it).
    #[arg(long, default_value_t = 200)]
    large: usize,
    /// Timed runs of each warm, replay, plain and edit measurement (their median is compared).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Timed runs of each cold measurement (cold book and its floor).
    #[arg(long, default_value_t = 3)]
    cold_runs: usize,
    /// Skip the slowest measurements (the naive way and the large book) and time one cold run.
    #[arg(long)]
    quick: bool,
    /// Leave the real book out (only the generated books).
    #[arg(long)]
    no_real_book: bool,
    /// Internal: build the book in DIR in this process (the timed child).
    #[arg(long, hide = true, value_name = "DIR")]
    build_book: Option<PathBuf>,
    /// Internal: with --build-book, without the examples preprocessor.
    #[arg(long, hide = true)]
    plain: bool,
    /// Internal: with --build-book, override a config key (value parsed as JSON, else a string).
    #[arg(long = "set", hide = true, value_name = "KEY=VALUE")]
    sets: Vec<String>,
}

pub fn run(args: &Args) -> Result<()> {
    if let Some(dir) = &args.build_book {
        return build_in_process(dir, args.plain, &args.sets);
    }
    ensure!(args.examples >= 4, "--examples must be at least 4");
    ensure!(
        args.runs >= 1 && args.cold_runs >= 1,
        "--runs and --cold-runs must be at least 1"
    );
    let started = Instant::now();
    let machine = Machine::detect();
    machine.print();
    let bench = Bench::prepare()?;
    let mut results = Results::default();

    if !args.no_real_book {
        real_book(&bench, args, &mut results)?;
    }
    let small = GenBook::new(&bench.dir, args.examples);
    let small_edit = generated_book(&bench, args, &small, true, &mut results)?;
    let large = args.large > args.examples && !args.quick;
    if large {
        let big = GenBook::new(&bench.dir, args.large);
        let big_edit = generated_book(&bench, args, &big, false, &mut results)?;
        results.compare_edit_cost(&small, &small_edit.overhead, &big, &big_edit.overhead);
    } else {
        println!("bench: large book skipped (--quick, or --large not above --examples)");
    }
    results.memory_rows(!args.no_real_book);

    let load_end = load_average();
    results.print();
    println!(
        "bench: load average at start {}, at end {load_end}; {:.0} s in all; log of every build: {}",
        machine.load,
        started.elapsed().as_secs_f64(),
        bench.log.display()
    );
    let json = serde_json::json!({
        "machine": machine,
        "load_average_end": load_end,
        "elapsed_seconds": started.elapsed().as_secs_f64(),
        "rows": results.rows,
        "memory_kib": results.memory,
    });
    let path = bench.dir.join("results.json");
    let text = serde_json::to_string_pretty(&json).context("cannot encode the results")?;
    fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    println!("bench: results written to {}", path.display());
    Ok(())
}

// The child: one book build, in process.

/// Build the book at `dir` with mdBook as a library, optionally without our
/// preprocessor and with config overrides (applied after the environment's,
/// like `mdbook build` applies `MDBOOK_*` variables).
fn build_in_process(dir: &Path, plain: bool, sets: &[String]) -> Result<()> {
    use mdbook_driver::config::Config;
    let mut config = Config::from_disk(dir.join("book.toml"))
        .with_context(|| format!("cannot read {}/book.toml", dir.display()))?;
    config.update_from_env()?;
    for set in sets {
        let (key, value) = set
            .split_once('=')
            .with_context(|| format!("--set {set}: want KEY=VALUE"))?;
        let value = serde_json::from_str::<serde_json::Value>(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
        config
            .set(key, value)
            .with_context(|| format!("--set {set}"))?;
    }
    if plain {
        let mut preprocessors: BTreeMap<String, serde_json::Value> = config.preprocessors()?;
        preprocessors.remove("examples");
        config.set("preprocessor", preprocessors)?;
    }
    mdbook_driver::MDBook::load_with_config(dir, config)
        .with_context(|| format!("cannot load the book in {}", dir.display()))?
        .build()
        .with_context(|| format!("mdBook could not build the book in {}", dir.display()))
}
