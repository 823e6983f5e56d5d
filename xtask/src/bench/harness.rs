//! The built tools, and one book build timed in a child process while the
//! preprocessor's memory is watched.

use crate::cmd;
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Everything the benchmark writes lives here.
const BENCH_DIR: &str = "target/bench";
/// The preprocessor's process name (`/proc/PID/comm`).
const PREPROCESSOR: &str = "mdbook-examples";
/// How often the preprocessor's memory is read.
const POLL: Duration = Duration::from_millis(1);

/// The built tools and where things go.
pub(super) struct Bench {
    /// `target/bench`, absolute.
    pub(super) dir: PathBuf,
    /// The release xtask that builds one book per process.
    xtask: PathBuf,
    /// The release preprocessor.
    pub(super) preprocessor: PathBuf,
    /// Where every child's output goes.
    pub(super) log: PathBuf,
}

impl Bench {
    pub(super) fn prepare() -> Result<Bench> {
        cmd::run(&mut cmd::cargo([
            "build",
            "--release",
            "-p",
            "mdbook-examples",
            "-p",
            "xtask",
        ]))?;
        let target = cmd::target_dir()?;
        let root = std::env::current_dir().context("cannot read the current directory")?;
        let dir = root.join(BENCH_DIR);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let log = dir.join("bench.log");
        fs::write(&log, "").with_context(|| format!("cannot create {}", log.display()))?;
        let bench = Bench {
            dir,
            xtask: cmd::release_bin(&target, "xtask"),
            preprocessor: cmd::release_bin(&target, PREPROCESSOR),
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
    pub(super) fn timed(&self, cmd: &mut Command) -> Result<f64> {
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
    pub(super) fn build(&self, spec: &Spec) -> Result<Sample> {
        self.build_wrapped(spec, &[])
    }

    /// [`Bench::build`] with the child started by `wrapper` (a command
    /// prefix such as `strace …`; empty for none). The peak memory is only
    /// found without a wrapper.
    pub(super) fn build_wrapped(&self, spec: &Spec, wrapper: &[OsString]) -> Result<Sample> {
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args).arg(&self.xtask);
                c
            }
            None => Command::new(&self.xtask),
        };
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
pub(super) struct Spec {
    pub(super) root: PathBuf,
    pub(super) plain: bool,
    pub(super) sets: Vec<String>,
    pub(super) env: Vec<(OsString, OsString)>,
}

impl Spec {
    /// The same build with one more config override.
    pub(super) fn with_set(&self, set: String) -> Spec {
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

pub(super) fn json_string(path: &Path) -> String {
    serde_json::Value::String(path.display().to_string()).to_string()
}

/// One timed book build.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sample {
    pub(super) secs: f64,
    /// The preprocessor's peak resident set (KiB), when it ran.
    pub(super) peak_kib: Option<u64>,
}

pub(super) fn secs(samples: &[Sample]) -> Vec<f64> {
    samples.iter().map(|s| s.secs).collect()
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
