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
//!   (see [`warm_vs_plain`]), which splits a warm rebuild's cost into the
//!   preprocessor's run and the rendering of what it adds.
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
//!
//! Linux only: it reads `/proc` and the replay uses `sh`, `tee` and `cat`.

use crate::cmd;
use anyhow::{Context, Result, bail, ensure};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Everything the benchmark writes lives here.
const BENCH_DIR: &str = "target/bench";
/// The real book's cache (its book.toml keeps the default `cache-dir`).
const REAL_CACHE: &str = "target/mdbook-examples";
/// The preprocessor's process name (`/proc/PID/comm`).
const PREPROCESSOR: &str = "mdbook-examples";
/// How often the preprocessor's memory is read.
const POLL: Duration = Duration::from_millis(1);
/// Examples per generated chapter.
const PER_CHAPTER: usize = 10;
/// The gap between the lines the generated examples print 100 ms apart.
const GAP_MS: u64 = 100;

/// Measure build speed, timing accuracy and memory against the issue's targets.
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
        results.compare_edit_cost(&small, &small_edit, &big, &big_edit);
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

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
// The machine and the tools.

#[derive(Debug, Serialize)]
struct Machine {
    cores: usize,
    cpu: String,
    memory: String,
    load: String,
    rustc: String,
}

impl Machine {
    fn detect() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let field = |text: &str, name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_once(':'))
                .map_or_else(|| "?".to_owned(), |(_, v)| v.trim().to_owned())
        };
        let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
            .arg("-V")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu: field(&cpuinfo, "model name"),
            memory: field(&meminfo, "MemTotal"),
            load: load_average(),
            rustc,
        }
    }

    fn print(&self) {
        println!(
            "bench: machine: {} core(s), {}, {} RAM, load average {} (1, 5, 15 min), {}",
            self.cores, self.cpu, self.memory, self.load, self.rustc
        );
        if let Some(one) = self
            .load
            .split_whitespace()
            .next()
            .and_then(|l| l.parse::<f64>().ok())
            && one > self.cores as f64 * 0.5
        {
            println!(
                "bench: note: the machine is busy (load {one:.1} on {} cores): expect noisy numbers",
                self.cores
            );
        }
    }
}

/// How many examples the preprocessor runs at a time here (its default).
fn jobs() -> usize {
    mdbook_examples::schedule::default_jobs(
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    )
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_owned())
}

/// The built tools and where things go.
struct Bench {
    /// `target/bench`, absolute.
    dir: PathBuf,
    /// The release xtask that builds one book per process.
    xtask: PathBuf,
    /// The release preprocessor.
    preprocessor: PathBuf,
    /// Where every child's output goes.
    log: PathBuf,
}

impl Bench {
    fn prepare() -> Result<Bench> {
        cmd::run(&mut cmd::cargo([
            "build",
            "--release",
            "-p",
            "mdbook-examples",
            "-p",
            "xtask",
        ]))?;
        let meta = cmd::cargo(["metadata", "--format-version", "1", "--no-deps"])
            .stderr(Stdio::inherit())
            .output()
            .context("cannot run `cargo metadata`")?;
        ensure!(meta.status.success(), "`cargo metadata` failed");
        let meta: serde_json::Value =
            serde_json::from_slice(&meta.stdout).context("cannot read `cargo metadata`")?;
        let target = PathBuf::from(
            meta["target_directory"]
                .as_str()
                .context("`cargo metadata` names no target directory")?,
        );
        let release = target.join("release");
        let root = std::env::current_dir().context("cannot read the current directory")?;
        let dir = root.join(BENCH_DIR);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let log = dir.join("bench.log");
        fs::write(&log, "").with_context(|| format!("cannot create {}", log.display()))?;
        let bench = Bench {
            dir,
            xtask: release.join(format!("xtask{}", std::env::consts::EXE_SUFFIX)),
            preprocessor: release.join(format!("{PREPROCESSOR}{}", std::env::consts::EXE_SUFFIX)),
            log,
        };
        println!(
            "bench: books are built by `{} bench --build-book DIR` (mdbook-driver {}, release), output in {}",
            bench.xtask.display(),
            crate::tools::MDBOOK_VERSION,
            bench.log.display()
        );
        Ok(bench)
    }

    fn log_stdio(&self) -> Result<(Stdio, Stdio)> {
        let open = || {
            fs::OpenOptions::new()
                .append(true)
                .open(&self.log)
                .with_context(|| format!("cannot open {}", self.log.display()))
        };
        Ok((open()?.into(), open()?.into()))
    }

    fn log_tail(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(25)..].join("\n")
    }

    /// Run `cmd` with its output in the log; its wall time.
    fn timed(&self, cmd: &mut Command) -> Result<f64> {
        let line = cmd::display(cmd);
        let (out, err) = self.log_stdio()?;
        cmd.stdin(Stdio::null()).stdout(out).stderr(err);
        let start = Instant::now();
        let status = cmd
            .status()
            .with_context(|| format!("cannot run `{line}`"))?;
        let secs = start.elapsed().as_secs_f64();
        if !status.success() {
            bail!(
                "`{line}` failed ({status}); end of {}:\n{}",
                self.log.display(),
                self.log_tail()
            );
        }
        Ok(secs)
    }

    /// Build a book in a child process: its wall time and the preprocessor's peak memory.
    fn build(&self, spec: &Spec) -> Result<Sample> {
        let mut cmd = Command::new(&self.xtask);
        cmd.arg("bench").arg("--build-book").arg(&spec.root);
        if spec.plain {
            cmd.arg("--plain");
        }
        for set in &spec.sets {
            cmd.arg("--set").arg(set);
        }
        for (key, value) in &spec.env {
            cmd.env(key, value);
        }
        cmd.env_remove("MDBOOK_EXAMPLES_ON_FAILURE")
            .env_remove("MDBOOK_EXAMPLES_BLESS");
        let (out, err) = self.log_stdio()?;
        cmd.stdin(Stdio::null()).stdout(out).stderr(err);
        let start = Instant::now();
        let mut child = cmd
            .spawn()
            .with_context(|| format!("cannot start {}", self.xtask.display()))?;
        let watch = Watch::start(child.id());
        let status = child.wait();
        let secs = start.elapsed().as_secs_f64();
        let peak_kib = watch.stop();
        let status = status.context("waiting for a book build")?;
        if !status.success() {
            bail!(
                "building the book in {}{} failed ({status}); end of {}:\n{}",
                spec.root.display(),
                if spec.plain { " (plain)" } else { "" },
                self.log.display(),
                self.log_tail()
            );
        }
        Ok(Sample { secs, peak_kib })
    }
}

/// One book build to run.
struct Spec {
    root: PathBuf,
    plain: bool,
    sets: Vec<String>,
    env: Vec<(OsString, OsString)>,
}

impl Spec {
    /// The same build with one more config override.
    fn with_set(&self, set: String) -> Spec {
        let mut sets = self.sets.clone();
        sets.push(set);
        Spec {
            root: self.root.clone(),
            plain: self.plain,
            sets,
            env: self.env.clone(),
        }
    }
}

/// One timed book build.
#[derive(Debug, Clone, Copy)]
struct Sample {
    secs: f64,
    /// The preprocessor's peak resident set (KiB), when it ran.
    peak_kib: Option<u64>,
}

/// Watches the preprocessor processes started by one build process.
struct Watch {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Option<u64>>,
}

impl Watch {
    fn start(parent: u32) -> Watch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let children = format!("/proc/{parent}/task/{parent}/children");
            let mut peak: Option<u64> = None;
            while !flag.load(Ordering::Relaxed) {
                // The comm is read every time: right after fork, before exec,
                // a child still carries the parent's name.
                let pids = fs::read_to_string(&children).unwrap_or_default();
                for pid in pids.split_whitespace() {
                    let is_preprocessor = fs::read_to_string(format!("/proc/{pid}/comm"))
                        .is_ok_and(|c| c.trim_end() == PREPROCESSOR);
                    if let Some(kib) = is_preprocessor.then(|| vm_hwm(pid)).flatten() {
                        peak = Some(peak.map_or(kib, |p| p.max(kib)));
                    }
                }
                std::thread::sleep(POLL);
            }
            peak
        });
        Watch { stop, thread }
    }

    fn stop(self) -> Option<u64> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or(None)
    }
}

/// `VmHWM` of a live process, in KiB.
fn vm_hwm(pid: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

// ---------------------------------------------------------------------------
// Statistics and the results table.

#[derive(Debug, Clone, Serialize)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
    samples: Vec<f64>,
}

impl Stats {
    fn of(samples: &[f64]) -> Stats {
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        let median = match n {
            0 => f64::NAN,
            _ if n % 2 == 1 => s[n / 2],
            _ => (s[n / 2 - 1] + s[n / 2]) / 2.0,
        };
        Stats {
            median,
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            samples: samples.to_vec(),
        }
    }

    fn show(&self, unit: &str) -> String {
        let n = self.samples.len();
        let (m, lo, hi) = (self.median, self.min, self.max);
        match unit {
            "s" => format!("{m:.3} s ({lo:.3}–{hi:.3}, n={n})"),
            "ms" => format!("{m:.1} ms ({lo:.1}–{hi:.1}, n={n})"),
            "MiB" => format!("max {hi:.1} MiB (n={n})"),
            _ => format!("{m:.3} {unit} ({lo:.3}–{hi:.3}, n={n})"),
        }
    }
}

#[derive(Debug, Serialize)]
struct Row {
    id: String,
    measure: String,
    unit: &'static str,
    value: Stats,
    floor: Option<Stats>,
    ratio: Option<f64>,
    shown_ratio: String,
    target: String,
    /// `None`: for information, no target.
    pass: Option<bool>,
    note: String,
}

#[derive(Debug, Default)]
struct Results {
    rows: Vec<Row>,
    /// Peak memory samples (KiB) by scenario.
    memory: BTreeMap<String, Vec<u64>>,
}

impl Results {
    /// A "measured vs floor, ratio ≤ target" row.
    fn ratio_row(&mut self, id: &str, measure: String, value: &[f64], floor: &[f64], max: f64) {
        let (v, f) = (Stats::of(value), Stats::of(floor));
        let ratio = v.median / f.median;
        self.rows.push(Row {
            id: id.to_owned(),
            measure,
            unit: "s",
            shown_ratio: format!("{ratio:.2}×"),
            target: format!("≤ {max:.2}×"),
            pass: Some(ratio <= max),
            ratio: Some(ratio),
            value: v,
            floor: Some(f),
            note: String::new(),
        });
    }

    /// The warm-rebuild row (target) and its split against the replay (info).
    fn warm_rows(&mut self, id: &str, what: &str, m: &WarmPlain) {
        let (w, r, p) = (secs(&m.warm), secs(&m.replay), secs(&m.plain));
        self.ratio_row(
            id,
            format!("warm rebuild vs plain mdBook, {what}"),
            &w,
            &p,
            1.10,
        );
        if m.not_warm > 0 {
            self.note(format!(
                "{} reference(s) in the timed warm runs were not from the cache (files changing under the benchmark?)",
                m.not_warm
            ));
        }
        let replay_vs_plain = Stats::of(&r).median / Stats::of(&p).median;
        self.ratio_row(
            &format!("{id}x"),
            format!("warm rebuild vs replayed output, {what}"),
            &w,
            &r,
            1.10,
        );
        if let Some(row) = self.rows.last_mut() {
            row.target = "(info)".to_owned();
            row.pass = None;
        }
        self.note(format!(
            "replay = mdBook with the preprocessor replaced by `cat` of the book it returned: the \
             renderer gets the same {:.0} KB of expanded chapters ({:.0} KB without the preprocessor) \
             and nothing is preprocessed. replay/plain = {replay_vs_plain:.2}× is the cost of rendering \
             what the preprocessor adds; warm/replay (this row) is the cost of its run",
            m.bytes_out as f64 / 1e3,
            m.bytes_in as f64 / 1e3,
        ));
    }

    fn note(&mut self, note: String) {
        if let Some(row) = self.rows.last_mut() {
            if !row.note.is_empty() {
                row.note.push_str("; ");
            }
            row.note.push_str(&note);
        }
    }

    fn remember(&mut self, scenario: &str, samples: &[Sample]) {
        self.memory
            .entry(scenario.to_owned())
            .or_default()
            .extend(samples.iter().filter_map(|s| s.peak_kib));
    }

    fn memory_rows(&mut self, real: bool) {
        let memory = std::mem::take(&mut self.memory);
        for (scenario, kib) in &memory {
            if kib.is_empty() {
                continue;
            }
            let mib: Vec<f64> = kib.iter().map(|k| *k as f64 / 1024.0).collect();
            let stats = Stats::of(&mib);
            let targeted = real && scenario.starts_with("real book");
            self.rows.push(Row {
                id: if targeted { "7" } else { "7i" }.to_owned(),
                measure: format!("preprocessor peak memory, {scenario}"),
                unit: "MiB",
                shown_ratio: String::new(),
                target: if targeted { "≤ 50 MiB" } else { "(info)" }.to_owned(),
                pass: targeted.then_some(stats.max <= 50.0),
                ratio: None,
                value: stats,
                floor: None,
                note: String::new(),
            });
        }
        if memory.values().all(Vec::is_empty) {
            println!(
                "bench: no memory reading: /proc/PID/task/PID/children is missing on this system"
            );
        }
        self.memory = memory;
    }

    fn compare_edit_cost(&mut self, small: &GenBook, s: &EditCost, large: &GenBook, l: &EditCost) {
        let (sv, lv) = (Stats::of(&s.overhead), Stats::of(&l.overhead));
        let ratio = lv.median / sv.median;
        self.rows.push(Row {
            id: "8c".to_owned(),
            measure: format!(
                "edit cost above plain mdBook, {} vs {} examples",
                large.n, small.n
            ),
            unit: "s",
            shown_ratio: format!("{ratio:.2}×"),
            target: "≤ 1.20×".to_owned(),
            pass: Some(ratio <= 1.2),
            ratio: Some(ratio),
            value: lv,
            floor: Some(sv),
            note: "edit rebuild minus a plain build of the same book, per run: what the \
                   preprocessor adds for one edited example (target: the same cost, ±20 %)"
                .to_owned(),
        });
    }

    fn print(&mut self) {
        // In the issue's order (1r next to 1, 7i after 7, …); stable for equal ids.
        self.rows.sort_by(|a, b| a.id.cmp(&b.id));
        println!();
        println!(
            "{:<4} {:<62} {:<30} {:<30} {:<13} {:<11} result",
            "#", "measure", "measured", "floor / reference", "ratio", "target"
        );
        for r in &self.rows {
            let result = match r.pass {
                Some(true) => "PASS",
                Some(false) => "MISS",
                None => "-",
            };
            println!(
                "{:<4} {:<62} {:<30} {:<30} {:<13} {:<11} {result}",
                r.id,
                r.measure,
                r.value.show(r.unit),
                r.floor
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |f| f.show(r.unit)),
                r.shown_ratio,
                r.target
            );
        }
        println!();
        for r in self.rows.iter().filter(|r| !r.note.is_empty()) {
            println!("{:<4} {}", r.id, r.note);
        }
        let missed: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.pass == Some(false))
            .map(|r| r.id.as_str())
            .collect();
        let met = self.rows.iter().filter(|r| r.pass == Some(true)).count();
        println!();
        println!(
            "bench: {met} target(s) met, {} missed{}",
            missed.len(),
            if missed.is_empty() {
                String::new()
            } else {
                format!(" ({})", missed.join(", "))
            }
        );
    }
}

// ---------------------------------------------------------------------------
// The preprocessor's report.

#[derive(Debug, Deserialize)]
struct Report {
    references: Vec<ReportRef>,
}

#[derive(Debug, Deserialize)]
struct ReportRef {
    example: String,
    from_cache: bool,
    total_seconds: Option<f64>,
}

fn read_report(cache: &Path) -> Result<Report> {
    let path = cache.join("report.json");
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))
}

/// References that were not served from the cache in the last build.
fn not_from_cache(cache: &Path) -> Result<usize> {
    Ok(read_report(cache)?
        .references
        .iter()
        .filter(|r| !r.from_cache)
        .count())
}

// ---------------------------------------------------------------------------
// Warm vs plain, alternating.

/// What [`warm_vs_plain`] measured.
struct WarmPlain {
    warm: Vec<Sample>,
    plain: Vec<Sample>,
    replay: Vec<Sample>,
    /// References of the timed warm builds that were not served from the cache.
    not_warm: usize,
    /// Bytes of the book JSON going into and out of the preprocessor.
    bytes_in: u64,
    bytes_out: u64,
}

/// `runs` warm builds, `runs` replay builds and `runs` plain builds,
/// alternating, after one untimed build of each.
///
/// A replay build is mdBook with the preprocessor replaced by `cat` of the
/// book it returned in the first (capture) build: mdBook renders exactly the
/// same expanded book, but nothing is preprocessed. It splits the warm ratio
/// into what the preprocessor's run costs (warm vs replay) and what rendering
/// the content it adds costs (replay vs plain). Needs `sh`, `tee` and `cat`.
fn warm_vs_plain(
    bench: &Bench,
    warm: &Spec,
    plain: &Spec,
    cache: &Path,
    runs: usize,
    label: &str,
    dir: &Path,
) -> Result<WarmPlain> {
    let input = dir.join("preprocessor-input.json");
    let output = dir.join("preprocessor-output.json");
    let pre = sh_quote(&bench.preprocessor.display().to_string());
    let (i, o) = (
        sh_quote(&input.display().to_string()),
        sh_quote(&output.display().to_string()),
    );
    let command = |script: String| {
        let line = format!("sh -c {}", sh_quote(&script));
        format!(
            "preprocessor.examples.command={}",
            serde_json::Value::String(line)
        )
    };
    let capture = warm.with_set(command(format!(
        "if [ \"$0\" = supports ]; then exec {pre} supports \"$1\"; fi; tee {i} | {pre} | tee {o}"
    )));
    let replay = warm.with_set(command(format!(
        "if [ \"$0\" = supports ]; then exit 0; fi; cat >/dev/null; exec cat {o}"
    )));
    bench.build(&capture)?;
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let (bytes_in, bytes_out) = (size(&input), size(&output));
    ensure!(
        bytes_out > 0,
        "capturing the preprocessor's output into {} failed",
        output.display()
    );
    bench.build(&replay)?;
    bench.build(plain)?;
    let (mut w, mut r, mut p) = (Vec::new(), Vec::new(), Vec::new());
    let mut not_warm = 0;
    for n in 0..runs {
        let s = bench.build(warm)?;
        let missed = not_from_cache(cache)?;
        not_warm += missed;
        let x = bench.build(&replay)?;
        let q = bench.build(plain)?;
        println!(
            "bench: [{label}] warm {}/{runs}: {:.3} s{}, replay {:.3} s, plain {:.3} s",
            n + 1,
            s.secs,
            if missed > 0 {
                format!(" (NOT WARM: {missed} reference(s) not from the cache)")
            } else {
                String::new()
            },
            x.secs,
            q.secs
        );
        w.push(s);
        r.push(x);
        p.push(q);
    }
    Ok(WarmPlain {
        warm: w,
        plain: p,
        replay: r,
        not_warm,
        bytes_in,
        bytes_out,
    })
}

/// `text` as one word for `sh` (and for the shlex split mdBook does).
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn secs(samples: &[Sample]) -> Vec<f64> {
    samples.iter().map(|s| s.secs).collect()
}

fn json_string(path: &Path) -> String {
    serde_json::Value::String(path.display().to_string()).to_string()
}

// ---------------------------------------------------------------------------
// The real book.

fn real_book(bench: &Bench, args: &Args, results: &mut Results) -> Result<()> {
    let root = std::env::current_dir().context("cannot read the current directory")?;
    let dir = bench.dir.join("real");
    let cache = dir.join("cache");
    remove_dir(&cache)?;
    fs::create_dir_all(&cache).with_context(|| format!("cannot create {}", cache.display()))?;
    // A copy of the real cache: the real book's own cache is never written.
    let mut copied = 0;
    if let Ok(entries) = fs::read_dir(root.join(REAL_CACHE)) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                fs::copy(&path, cache.join(entry.file_name()))
                    .with_context(|| format!("cannot copy {}", path.display()))?;
                copied += 1;
            }
        }
    }
    if copied == 0 {
        println!(
            "bench: [real book] {REAL_CACHE} is empty: the first build compiles and runs every example (slow); \
             `cargo xtask book` fills it"
        );
    }
    let spec = |plain: bool| Spec {
        root: root.clone(),
        plain,
        sets: vec![
            format!(
                "preprocessor.examples.command={}",
                json_string(&bench.preprocessor)
            ),
            format!("preprocessor.examples.cache-dir={}", json_string(&cache)),
            // Someone else's half-finished chapter must not stop the benchmark.
            "preprocessor.examples.on-failure=\"continue\"".to_owned(),
            format!(
                "build.build-dir={}",
                json_string(&dir.join(if plain { "book-plain" } else { "book" }))
            ),
        ],
        env: Vec::new(),
    };
    let (warm, plain) = (spec(false), spec(true));
    let first = bench.build(&warm)?;
    let report = read_report(&cache)?;
    let ran = report.references.iter().filter(|r| !r.from_cache).count();
    println!(
        "bench: [real book] first build {:.1} s: {} reference(s), {ran} not from the cache ({copied} cache file(s) copied)",
        first.secs,
        report.references.len()
    );
    results.remember("real book, first build", &[first]);
    let m = warm_vs_plain(bench, &warm, &plain, &cache, args.runs, "real book", &dir)?;
    results.warm_rows(
        "1r",
        &format!("real book ({} refs)", report.references.len()),
        &m,
    );
    results.remember("real book, warm", &m.warm);
    Ok(())
}

// ---------------------------------------------------------------------------
// The generated books.

/// A generated book of `n` std-only examples under `target/bench/book-N/`.
struct GenBook {
    n: usize,
    root: PathBuf,
    pkg: PathBuf,
    /// The package's own `CARGO_TARGET_DIR`.
    target: PathBuf,
    /// The preprocessor's cache.
    cache: PathBuf,
    names: Vec<String>,
}

impl GenBook {
    fn new(bench: &Path, n: usize) -> GenBook {
        let root = bench.join(format!("book-{n}"));
        GenBook {
            n,
            pkg: root.join("pkg"),
            target: root.join("pkg-target"),
            cache: root.join("cache"),
            names: (0..n).map(|i| format!("ex{i:03}")).collect(),
            root,
        }
    }

    fn label(&self) -> String {
        format!("{} examples", self.n)
    }

    /// The source of example `i`, printing `done` as its last line's text.
    fn source(&self, i: usize, done: &str) -> String {
        let name = &self.names[i];
        let extra = 20 + (i % 4) * 20;
        format!(
            "//! Benchmark example {i}: a few lines with sleeps between them (std only).\n\
             use std::thread::sleep;\n\
             use std::time::Duration;\n\
             \n\
             fn main() {{\n\
            \x20   println!(\"{name} start\");\n\
            \x20   sleep(Duration::from_millis({GAP_MS}));\n\
            \x20   println!(\"{name} tick 1\");\n\
            \x20   sleep(Duration::from_millis({GAP_MS}));\n\
            \x20   println!(\"{name} tick 2\");\n\
            \x20   sleep(Duration::from_millis({extra}));\n\
            \x20   println!(\"{name} {done}\");\n\
             }}\n"
        )
    }

    fn source_path(&self, i: usize) -> PathBuf {
        self.pkg
            .join("src/bin")
            .join(format!("{}.rs", self.names[i]))
    }

    /// Write the book (only files whose content differs, so that a rerun
    /// keeps its cache and cargo's fingerprints).
    fn write(&self, preprocessor: &Path) -> Result<()> {
        let src = self.root.join("src");
        let bin = self.pkg.join("src/bin");
        for d in [&src, &bin] {
            fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
        }
        write_if_changed(
            &self.root.join("book.toml"),
            &format!(
                "# Generated by `cargo xtask bench`.\n\
                 [book]\n\
                 title = \"mdbook-examples benchmark: {n} examples\"\n\
                 authors = [\"cargo xtask bench\"]\n\
                 language = \"en\"\n\
                 src = \"src\"\n\
                 \n\
                 [build]\n\
                 create-missing = false\n\
                 \n\
                 [preprocessor.examples]\n\
                 command = {command}\n\
                 after = [\"links\"]\n\
                 package = \"pkg\"\n\
                 cache-dir = \"cache\"\n\
                 timeout = \"30s\"\n\
                 on-failure = \"bail\"\n",
                n = self.n,
                command = json_string(preprocessor)
            ),
        )?;
        write_if_changed(
            &self.pkg.join("Cargo.toml"),
            "# Generated by `cargo xtask bench`.\n\
             [package]\n\
             name = \"bench-examples\"\n\
             version = \"0.1.0\"\n\
             edition = \"2024\"\n\
             publish = false\n\
             \n\
             # Not a member of the repository's workspace: its own.\n\
             [workspace]\n\
             \n\
             [profile.release]\n\
             debug = \"line-tables-only\"\n",
        )?;
        let mut files = Vec::new();
        for i in 0..self.n {
            write_if_changed(&self.source_path(i), &self.source(i, "done"))?;
            files.push(format!("{}.rs", self.names[i]));
        }
        remove_others(&bin, &files)?;
        let mut summary = String::from("# Summary\n\n");
        let mut chapters = vec!["SUMMARY.md".to_owned()];
        for (c, names) in self.names.chunks(PER_CHAPTER).enumerate() {
            let file = format!("ch{:02}.md", c + 1);
            summary.push_str(&format!("- [Chapter {}](./{file})\n", c + 1));
            let mut text = format!(
                "# Chapter {}\n\nGenerated by `cargo xtask bench`: each example prints its tick lines {GAP_MS} ms apart.\n",
                c + 1
            );
            for name in names {
                text.push_str(&format!(
                    "\n## {name}\n\nThe real output of `{name}`, with the time each line appeared:\n\n\
                     {{{{#example {name} total=\"<10s\"}}}}\n\n\
                     ```expected\n{name} start\n{name} tick 1   @ ~0.1s\n{name} tick 2   @ ~0.2s\n{name} [..]\n```\n"
                ));
            }
            write_if_changed(&src.join(&file), &text)?;
            chapters.push(file);
        }
        write_if_changed(&src.join("SUMMARY.md"), &summary)?;
        remove_others(&src, &chapters)?;
        if !self.pkg.join("Cargo.lock").exists() {
            // Before the first build, so that no build changes the cache keys.
            cmd::run(
                cmd::cargo(["generate-lockfile", "--offline", "--manifest-path"])
                    .arg(self.pkg.join("Cargo.toml")),
            )?;
        }
        Ok(())
    }

    fn env(&self) -> Vec<(OsString, OsString)> {
        vec![("CARGO_TARGET_DIR".into(), self.target.clone().into())]
    }

    fn spec(&self, plain: bool) -> Spec {
        Spec {
            root: self.root.clone(),
            plain,
            // The plain book goes elsewhere, so the preprocessed HTML stays for reading.
            sets: if plain {
                vec!["build.build-dir=\"book-plain\"".to_owned()]
            } else {
                Vec::new()
            },
            env: self.env(),
        }
    }

    /// `cargo ARGS` on this package, with `target` as its target dir.
    fn cargo(&self, args: &[&str], target: &Path) -> Command {
        let mut c = cmd::cargo([]);
        c.args(args)
            .arg("--manifest-path")
            .arg(self.pkg.join("Cargo.toml"))
            .current_dir(&self.pkg)
            .env("CARGO_TARGET_DIR", target);
        c
    }

    /// Run a built example as the preprocessor would (pipes, no stdin); its wall time.
    fn run_example(&self, target: &Path, name: &str) -> Result<f64> {
        let exe = target.join("release").join(name);
        let start = Instant::now();
        let out = Command::new(&exe)
            .current_dir(&self.pkg)
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run {}", exe.display()))?;
        let secs = start.elapsed().as_secs_f64();
        ensure!(
            out.status.success(),
            "{} failed ({})",
            exe.display(),
            out.status
        );
        Ok(secs)
    }
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Remove the files in `dir` not named in `keep` (left by a run with more examples).
fn remove_others(dir: &Path, keep: &[String]) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && !keep.contains(&name) {
            fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(anyhow::Error::new(e).context(format!("cannot remove {}", dir.display())))
        }
        _ => Ok(()),
    }
}

/// What the edit scenario measured, for the comparison between book sizes.
struct EditCost {
    /// Per run: edit rebuild minus the plain build of the same run.
    overhead: Vec<f64>,
}

/// All scenarios on one generated book; `full` adds the cold, naive and
/// timing-accuracy measurements (done on the small book only).
fn generated_book(
    bench: &Bench,
    args: &Args,
    book: &GenBook,
    full: bool,
    results: &mut Results,
) -> Result<EditCost> {
    let label = book.label();
    book.write(&bench.preprocessor)?;
    println!(
        "bench: [{label}] generated in {} ({} chapters)",
        book.root.display(),
        book.n.div_ceil(PER_CHAPTER)
    );

    if full {
        cold_vs_floor(bench, args, book, results)?;
        timing_accuracy(book, results)?;
    } else {
        // Whatever state a previous run left: from here on the cache is full.
        let first = bench.build(&book.spec(false))?;
        let ran = not_from_cache(&book.cache)?;
        println!(
            "bench: [{label}] first build {:.1} s ({ran} of {} reference(s) built and run)",
            first.secs, book.n
        );
        results.remember(&format!("{label}, first build ({ran} run)"), &[first]);
    }

    let m = warm_vs_plain(
        bench,
        &book.spec(false),
        &book.spec(true),
        &book.cache,
        args.runs,
        &label,
        &book.root,
    )?;
    results.warm_rows(if full { "1" } else { "8a" }, &label, &m);
    results.remember(&format!("{label}, warm"), &m.warm);
    let plain_median = Stats::of(&secs(&m.plain)).median;

    let cost = edit_one(bench, args, book, full, results)?;

    if full && !args.quick {
        naive(bench, book, plain_median, results)?;
    }
    Ok(cost)
}

/// Scenario 2: cold book vs one `cargo build --release` + each binary once.
fn cold_vs_floor(bench: &Bench, args: &Args, book: &GenBook, results: &mut Results) -> Result<()> {
    let label = book.label();
    let runs = if args.quick { 1 } else { args.cold_runs };
    let floor_target = book.root.join("floor-target");
    let (mut cold, mut floor) = (Vec::new(), Vec::new());
    let (mut floor_build, mut floor_run) = (Vec::new(), Vec::new());
    for i in 0..runs {
        remove_dir(&book.cache)?;
        remove_dir(&book.target)?;
        let s = bench.build(&book.spec(false))?;
        let ran = not_from_cache(&book.cache)?;
        ensure!(
            ran == book.n,
            "a cold build served {} reference(s) from the cache",
            book.n - ran
        );
        remove_dir(&floor_target)?;
        let b = bench.timed(&mut book.cargo(&["build", "--release"], &floor_target))?;
        let mut r = 0.0;
        for name in &book.names {
            r += book.run_example(&floor_target, name)?;
        }
        println!(
            "bench: [{label}] cold {}/{runs}: book {:.2} s; floor {:.2} s (cargo build {b:.2} s + {} runs {r:.2} s)",
            i + 1,
            s.secs,
            b + r,
            book.n
        );
        cold.push(s);
        floor.push(b + r);
        floor_build.push(b);
        floor_run.push(r);
    }
    results.ratio_row(
        "2",
        format!("cold build vs cargo build + run each, {label}"),
        &secs(&cold),
        &floor,
        1.15,
    );
    results.note(format!(
        "cold = cache and the package's target dir deleted; floor = `cargo build --release` \
         (cold target dir) {:.2} s + every binary once, one after another, {:.2} s (medians); \
         the preprocessor runs {} examples at a time",
        Stats::of(&floor_build).median,
        Stats::of(&floor_run).median,
        jobs()
    ));
    results.remember(&format!("{label}, cold"), &cold);
    Ok(())
}

/// Scenarios 5 and 6, from the last (cold) build: every example ran then,
/// [`jobs`] at a time, in the preprocessor.
fn timing_accuracy(book: &GenBook, results: &mut Results) -> Result<()> {
    let label = book.label();
    // 5: the embedded total vs the same binary timed from here.
    let report = read_report(&book.cache)?;
    let n = book.n;
    let picks = [0, n / 4, n / 2, 3 * n / 4, n - 1];
    let (mut embedded, mut outside, mut worst) = (Vec::new(), Vec::new(), 0.0f64);
    for &i in &picks {
        let name = &book.names[i];
        let total = report
            .references
            .iter()
            .find(|r| &r.example == name)
            .and_then(|r| r.total_seconds)
            .with_context(|| format!("report.json has no total for {name}"))?;
        let direct: Vec<f64> = (0..5)
            .map(|_| book.run_example(&book.target, name))
            .collect::<Result<_>>()?;
        let direct = Stats::of(&direct).median;
        let dev = (total - direct) / direct;
        worst = if dev.abs() > worst.abs() { dev } else { worst };
        embedded.push(total);
        outside.push(direct);
    }
    let (e, o) = (Stats::of(&embedded), Stats::of(&outside));
    results.rows.push(Row {
        id: "5".to_owned(),
        measure: format!("embedded total vs timed from outside, {label}"),
        unit: "s",
        shown_ratio: format!("{:+.1} % worst", worst * 100.0),
        target: "within 2 %".to_owned(),
        pass: Some(worst.abs() <= 0.02),
        ratio: Some(worst),
        value: e,
        floor: Some(o),
        note: format!(
            "{} examples; embedded = report.json total_seconds of the last cold build (run {} at a time); \
             outside = median of 5 direct runs (spawn to exit, pipes read), run alone",
            picks.len(),
            jobs()
        ),
    });

    // 6: gaps between lines printed 100 ms apart, as the HTML shows them.
    let stamps = html_stamps(&book.root.join("book"))?;
    let mut gaps = Vec::new();
    for name in &book.names {
        let at = |what: &str| stamps.get(&format!("{name} {what}")).copied();
        let (Some(t0), Some(t1), Some(t2)) = (at("start"), at("tick 1"), at("tick 2")) else {
            bail!("the HTML of {label} lacks the timed lines of {name}");
        };
        gaps.push((t1 - t0) * 1e3);
        gaps.push((t2 - t1) * 1e3);
    }
    let g = Stats::of(&gaps);
    let worst = gaps
        .iter()
        .map(|g| g - GAP_MS as f64)
        .fold(0.0f64, |w, d| if d.abs() > w.abs() { d } else { w });
    results.rows.push(Row {
        id: "6".to_owned(),
        measure: format!("gap of lines printed {GAP_MS} ms apart, as embedded, {label}"),
        unit: "ms",
        shown_ratio: format!("{worst:+.1} ms worst"),
        target: format!("{GAP_MS} ± 5 ms"),
        pass: Some(worst.abs() <= 5.0),
        ratio: None,
        value: g,
        floor: None,
        note: format!(
            "every gap of every example, read from the `mdbx-t` stamps (1 ms resolution) in {}/book/ch*.html",
            book.root.display()
        ),
    });
    Ok(())
}

/// `text → seconds` of every output line in the chapters' HTML.
fn html_stamps(dir: &Path) -> Result<BTreeMap<String, f64>> {
    let mut stamps = BTreeMap::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| n.starts_with("ch") && n.ends_with(".html")) {
            continue;
        }
        let html =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        stamps.extend(stamps_in(&html).with_context(|| format!("in {}", path.display()))?);
    }
    Ok(stamps)
}

/// `(text, seconds)` of every timed output line in one page.
fn stamps_in(html: &str) -> Result<Vec<(String, f64)>> {
    const OPEN: &str = "<span class=\"mdbx-t\" aria-hidden=\"true\">";
    let mut stamps = Vec::new();
    for piece in html.split(OPEN).skip(1) {
        let Some((stamp, rest)) = piece.split_once("</span>") else {
            continue;
        };
        let text = rest.split("</span>").next().unwrap_or_default();
        let secs = stamp
            .trim_start_matches('+')
            .trim_end_matches('s')
            .parse::<f64>()
            .with_context(|| format!("bad stamp `{stamp}`"))?;
        stamps.push((text.to_owned(), secs));
    }
    Ok(stamps)
}

/// Scenario 3 (and 8b): edit one example and rebuild, vs building and
/// running that example alone after the same kind of edit + a plain build.
fn edit_one(
    bench: &Bench,
    args: &Args,
    book: &GenBook,
    full: bool,
    results: &mut Results,
) -> Result<EditCost> {
    let label = book.label();
    let i = book.n / 2;
    let name = &book.names[i];
    let path = book.source_path(i);
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let (mut edits, mut floors, mut overhead) = (Vec::new(), Vec::new(), Vec::new());
    let outcome = (|| -> Result<()> {
        for r in 0..args.runs {
            // A text never built before, so no cache entry can match.
            write_if_changed(&path, &book.source(i, &format!("done (edit {nonce}-{r})")))?;
            let s = bench.build(&book.spec(false))?;
            ensure!(
                not_from_cache(&book.cache)? == 1,
                "the edit of {name} did not rebuild exactly one reference"
            );
            write_if_changed(&path, &book.source(i, &format!("done (floor {nonce}-{r})")))?;
            let b = bench.timed(&mut book.cargo(
                &["build", "--release", "--bin", name.as_str()],
                &book.target,
            ))?;
            let x = book.run_example(&book.target, name)?;
            let p = bench.build(&book.spec(true))?;
            println!(
                "bench: [{label}] edit {}/{}: rebuild {:.3} s; floor {:.3} s (cargo build --bin {b:.3} s + run {x:.3} s + plain {:.3} s)",
                r + 1,
                args.runs,
                s.secs,
                b + x + p.secs,
                p.secs
            );
            edits.push(s);
            floors.push(b + x + p.secs);
            overhead.push(s.secs - p.secs);
        }
        Ok(())
    })();
    // Whatever happened, the example goes back to what the cache holds.
    write_if_changed(&path, &book.source(i, "done"))?;
    outcome?;
    results.ratio_row(
        if full { "3" } else { "8b" },
        format!("edit one + rebuild vs build+run it + plain, {label}"),
        &secs(&edits),
        &floors,
        1.20,
    );
    results.note(format!(
        "edited `{name}` (its last println); floor: `cargo build --release --bin {name}` in the same \
         target dir after the same kind of edit + one run of it + a plain mdBook build"
    ));
    results.remember(&format!("{label}, edit one"), &edits);
    Ok(EditCost { overhead })
}

/// Scenario 4: the whole book cold vs `cargo run --release --bin NAME` once
/// per reference, one after another, from a cold target dir.
fn naive(bench: &Bench, book: &GenBook, plain: f64, results: &mut Results) -> Result<()> {
    let label = book.label();
    let cold = results
        .rows
        .iter()
        .find(|r| r.id == "2")
        .map(|r| r.value.clone())
        .context("the cold build was not measured")?;
    let target = book.root.join("naive-target");
    remove_dir(&target)?;
    let mut total = 0.0;
    for name in &book.names {
        total += bench.timed(&mut book.cargo(
            &["run", "--release", "--quiet", "--bin", name.as_str()],
            &target,
        ))?;
    }
    println!(
        "bench: [{label}] naive: {} × cargo run {total:.2} s + plain mdBook {plain:.3} s",
        book.n
    );
    let naive = total + plain;
    let speedup = naive / cold.median;
    results.rows.push(Row {
        id: "4".to_owned(),
        measure: format!("whole book cold vs cargo run per reference, {label}"),
        unit: "s",
        shown_ratio: format!("{speedup:.2}× faster"),
        target: "≥ 3×".to_owned(),
        pass: Some(speedup >= 3.0),
        ratio: Some(speedup),
        value: cold,
        floor: Some(Stats::of(&[naive])),
        note: format!(
            "both cold: naive = `cargo run --release --bin NAME` for each of the {} references in order, \
             from an empty target dir ({total:.2} s), + the median plain mdBook build ({plain:.3} s); one run",
            book.n
        ),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_min_max() {
        let s = Stats::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Stats::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(s.samples, vec![3.0, 1.0, 2.0], "samples keep their order");
    }

    #[test]
    fn reads_the_stamps_of_output_lines() {
        let html = "<pre class=\"mdbx-output\"><span class=\"mdbx-line\"><span class=\"mdbx-t\" aria-hidden=\"true\">+0.000s</span>ex001 start</span>\n\
                    <span class=\"mdbx-line\"><span class=\"mdbx-t\" aria-hidden=\"true\">+0.101s</span>ex001 tick 1</span></pre>";
        let stamps = stamps_in(html).expect("valid stamps");
        assert_eq!(
            stamps,
            vec![
                ("ex001 start".to_owned(), 0.0),
                ("ex001 tick 1".to_owned(), 0.101)
            ]
        );
        assert!(
            stamps_in("<span class=\"mdbx-t\" aria-hidden=\"true\">soon</span>x</span>").is_err()
        );
    }

    #[test]
    fn quotes_for_sh() {
        assert_eq!(sh_quote("/a b/c"), "'/a b/c'");
        assert_eq!(sh_quote("it's"), "'it'\\''s'");
    }

    #[test]
    fn generated_examples_differ_only_where_edited() {
        let book = GenBook::new(Path::new("/tmp/x"), 8);
        let (a, b) = (book.source(3, "done"), book.source(3, "done (edit 1)"));
        assert_ne!(a, b);
        assert!(a.contains("println!(\"ex003 tick 1\")"));
        assert_eq!(a.lines().count(), b.lines().count());
    }
}
