//! Running one example: in its own process group, with no stdin, a timeout
//! that kills the whole group (SIGTERM, then SIGKILL), and stdout and stderr
//! captured line by line with the time each line arrived. A per-run file
//! named in [`trace::ENV`] is the side channel for instrumentation events
//! (see [`crate::running::trace`]).
//!
//! This is the only module that starts example processes.

use crate::running::capture::{MAX_BYTES, MAX_LINES, clean_line, read_line_capped};
use crate::running::registry::Registry;
use crate::running::trace::{self, Trace};
use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::{Pid, SysconfVar, sysconf};
use serde::{Deserialize, Serialize};
use std::io::{BufReader, Read, Seek};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Which stream a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One line of output and when it arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Microseconds since the program was started.
    pub at_us: u64,
    pub stream: Stream,
    pub text: String,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exit {
    Code(i32),
    Signal(i32),
    TimedOut,
}

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub lines: Vec<Line>,
    pub exit: Exit,
    /// Wall time from start to exit, in microseconds.
    pub total_us: u64,
    /// Bytes of output that were not kept (over the size limits).
    pub cut_bytes: u64,
    /// What the examples' trace helper recorded, when the example used it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
    /// CPU time the program used (all its threads and reaped children), in
    /// microseconds, when the system tells.
    #[serde(default)]
    pub cpu_us: Option<u64>,
    /// The interpreter's start-up, left out of every time above: the run
    /// is timed from when the program started its own code (see
    /// [`crate::running::startup`]). `None` for a program timed from its start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_us: Option<u64>,
    /// Time the main thread spent ready to run but waiting for a core, in
    /// microseconds, when the system tells: what a busy machine took from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waited_us: Option<u64>,
}

impl RunOutcome {
    /// Whether the run wanted a core for most of its wall time: its
    /// timing would be distorted by runs next to it. What it wanted is the
    /// CPU time it got plus the time its main thread waited for a core, so
    /// that a loop starved by a busy machine still counts as CPU-bound;
    /// less an interpreter's start-up, as in [`Self::own_cpu_us`].
    pub fn looks_cpu_bound(&self) -> bool {
        let wanted = self.cpu_us.map(|cpu| {
            (cpu + self.waited_us.unwrap_or(0)).saturating_sub(self.startup_us.unwrap_or(0))
        });
        self.total_us >= 50_000 && wanted.is_some_and(|w| w * 2 > self.total_us)
    }

    /// The CPU time of the run's own code: all of it less the
    /// interpreter's start-up, which is left out of the run's times too.
    /// The start-up is one thread, which can have used a core (or waited
    /// for one) for at most its own length, so what is left is never more
    /// than the own code's.
    pub fn own_cpu_us(&self) -> Option<u64> {
        let startup = self.startup_us.unwrap_or(0);
        self.cpu_us.map(|cpu| cpu.saturating_sub(startup))
    }
}

/// One program to run.
#[derive(Debug, Clone, Copy)]
pub struct Program<'a> {
    pub exe: &'a Path,
    pub args: &'a [&'a std::ffi::OsStr],
    /// Its working directory.
    pub cwd: &'a Path,
    /// How long it may run before its group is killed.
    pub timeout: Duration,
    /// A file the program opens when its own code starts (an interpreter
    /// its script): the clock starts then, not at the start of the process.
    pub starts_at: Option<&'a Path>,
    /// What to call it in the terminal while it runs long.
    pub name: &'a str,
}

/// How long a process gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(500);
/// How often the terminal hears of a run that is still going.
const PROGRESS: Duration = Duration::from_secs(5);

enum Event {
    /// A line (at most `MAX_BYTES + 1` of its bytes) and how many bytes of it were dropped.
    Chunk(Instant, Stream, Vec<u8>, usize),
    Closed,
    Exited(Instant, std::io::Result<ExitStatus>, Cpu),
    /// The program opened the file that marks the start of its own code.
    Started(Instant),
}

/// What the system tells of an exited process's use of the cores.
#[derive(Debug, Clone, Copy, Default)]
struct Cpu {
    used_us: Option<u64>,
    waited_us: Option<u64>,
}

/// Run `program`, recorded in `registry` while it runs.
pub fn run(program: &Program<'_>, registry: &Registry) -> Result<RunOutcome> {
    let exe = program.exe;
    let mut cmd = Command::new(exe);
    cmd.args(program.args);
    cmd.current_dir(program.cwd)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .env(
            crate::running::orphans::TOKEN_ENV,
            crate::running::orphans::token(),
        )
        .process_group(0);
    // The side channel for trace events: a fresh file in the system's temp
    // folder (never in a folder `mdbook serve` watches), removed when the run
    // is over. No channel (no writable temp folder): no trace.
    let channel = tempfile::Builder::new()
        .prefix("mdbook-examples-trace-")
        .tempfile()
        .ok()
        .inspect(|file| {
            cmd.env(trace::ENV, file.path());
        });
    // The readers wait on the pipes before the program starts: a line it
    // prints at once is read (and timed) at once, not when a reader thread
    // created after the start gets round to it.
    let (tx, rx) = mpsc::channel();
    for (kind, name) in [(Stream::Stdout, "stdout"), (Stream::Stderr, "stderr")] {
        let (read, write) =
            std::io::pipe().with_context(|| format!("cannot create a pipe for {name}"))?;
        reader(read, kind, tx.clone());
        match kind {
            Stream::Stdout => cmd.stdout(write),
            Stream::Stderr => cmd.stderr(write),
        };
    }
    // Watched before the start, so that an open during start-up is seen.
    let _watch = program.starts_at.and_then(|path| {
        let tx = tx.clone();
        crate::running::startup::watch(path, move |at| {
            let _ = tx.send(Event::Started(at));
        })
    });
    let spawned = cmd.spawn();
    // Closes this process's ends of the pipes: the readers see the end of
    // the output when the program and whatever it started close theirs.
    drop(cmd);
    let mut child = spawned.with_context(|| format!("cannot start {}", exe.display()))?;
    // The clock starts when `spawn` returns, which is once the program has
    // been exec'd: the cost of creating the process belongs to this
    // preprocessor, not to the example (when many start at once, it is not
    // even the same for all of them).
    let spawn_wall = SystemTime::now();
    let start = Instant::now();
    let group = Pid::from_raw(i32::try_from(child.id()).context("process id out of range")?);
    let _registration = registry.register(group.as_raw());
    let open_streams = 2; // stdout and stderr
    std::thread::spawn(move || {
        // Wait for the exit without reaping, so that /proc still has the
        // exited process's CPU times; then reap.
        let exited = waitid(Id::Pid(group), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT).is_ok();
        let at = Instant::now();
        let cpu = if exited {
            Cpu {
                used_us: cpu_micros(group),
                waited_us: crate::util::proc::run_delay_us(group.as_raw()),
            }
        } else {
            Cpu::default()
        };
        let status = child.wait();
        let _ = tx.send(Event::Exited(at, status, cpu));
    });
    let mut outcome = collect(rx, start, program, group, open_streams)?;
    if let Some(mut file) = channel {
        let spawn_wall_us = spawn_wall.duration_since(UNIX_EPOCH).map_or(0, micros)
            + outcome.startup_us.unwrap_or(0);
        let mut bytes = Vec::new();
        // Unreadable: no trace, the run itself still counts.
        if file.rewind().is_ok()
            && file
                .as_file_mut()
                .take(trace::MAX_BYTES)
                .read_to_end(&mut bytes)
                .is_ok()
        {
            let text = String::from_utf8_lossy(&bytes);
            outcome.trace = trace::parse(&text, spawn_wall_us, outcome.total_us);
        }
    }
    Ok(outcome)
}

fn reader(stream: impl Read + Send + 'static, kind: Stream, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        loop {
            let mut buf = Vec::new();
            match read_line_capped(&mut reader, &mut buf, MAX_BYTES + 1) {
                Ok(0) | Err(_) => break,
                Ok(total) => {
                    let dropped = total - buf.len();
                    if tx
                        .send(Event::Chunk(Instant::now(), kind, buf, dropped))
                        .is_err()
                    {
                        break;
                    }
                }
            }
        }
        let _ = tx.send(Event::Closed);
    });
}

fn collect(
    rx: Receiver<Event>,
    start: Instant,
    program: &Program<'_>,
    group: Pid,
    mut open: usize,
) -> Result<RunOutcome> {
    let timeout = program.timeout;
    let mut lines = Vec::new();
    let mut kept_bytes = 0usize;
    let mut cut_bytes = 0u64;
    let mut exited: Option<(Instant, ExitStatus)> = None;
    let mut timed_out = false;
    let mut cpu = Cpu::default();
    let mut started: Option<Instant> = None;
    let mut deadline = start + timeout;
    let mut escalated = false;
    let mut next_report = start + PROGRESS;
    while exited.is_none() || open > 0 {
        let now = Instant::now();
        if exited.is_none() && now >= next_report {
            eprintln!(
                "mdbook-examples: {} still running after {} s (timeout {} s)",
                program.name,
                (now - start).as_secs(),
                timeout.as_secs()
            );
            next_report += PROGRESS;
        }
        let wait = deadline.min(next_report).saturating_duration_since(now);
        match rx.recv_timeout(wait) {
            Ok(Event::Chunk(at, stream, bytes, dropped)) => {
                cut_bytes += dropped as u64;
                if lines.len() < MAX_LINES && kept_bytes + bytes.len() <= MAX_BYTES {
                    kept_bytes += bytes.len();
                    let text = clean_line(bytes.strip_suffix(b"\n").unwrap_or(&bytes));
                    lines.push(Line {
                        at_us: micros(at.saturating_duration_since(start)),
                        stream,
                        text,
                    });
                } else {
                    cut_bytes += bytes.len() as u64;
                }
            }
            Ok(Event::Closed) => open -= 1,
            Ok(Event::Started(at)) => {
                started.get_or_insert(at);
            }
            Ok(Event::Exited(at, status, used)) => {
                let status = status.context("waiting for the example")?;
                exited = Some((at, status));
                cpu = used;
                // Whatever the example left running in its group goes with it.
                let _ = killpg(group, Signal::SIGKILL);
                // What is still in the pipes is read within GRACE; a pipe
                // held open by a process that left the group (a daemon)
                // costs no more than that, not the rest of the timeout.
                deadline = Instant::now() + GRACE;
            }
            Err(RecvTimeoutError::Timeout) if Instant::now() < deadline => {} // time to report progress
            Err(RecvTimeoutError::Timeout) if exited.is_some() => break, // pipes held by an escaped process
            Err(RecvTimeoutError::Timeout) => {
                timed_out = true;
                let signal = if escalated {
                    Signal::SIGKILL
                } else {
                    Signal::SIGTERM
                };
                let _ = killpg(group, signal);
                escalated = true;
                deadline = Instant::now() + GRACE;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let (end, status) = exited.context("the example's process was lost")?;
    let exit = if timed_out {
        Exit::TimedOut
    } else if let Some(code) = status.code() {
        Exit::Code(code)
    } else {
        Exit::Signal(status.signal().unwrap_or(0))
    };
    let total_us = micros(end - start);
    // The program's own code started when it opened its file, but never
    // after its first line or its end (a late event is no start).
    let startup_us = started.map(|at| {
        let first = lines.first().map_or(total_us, |l: &Line| l.at_us);
        micros(at.saturating_duration_since(start))
            .min(first)
            .min(total_us)
    });
    let shift = startup_us.unwrap_or(0);
    // A line is timed when this process reads it, which a busy machine can
    // delay past the exit; it was written before the exit all the same.
    for line in &mut lines {
        line.at_us = line.at_us.min(total_us) - shift;
    }
    Ok(RunOutcome {
        lines,
        exit,
        total_us: total_us - shift,
        cut_bytes,
        trace: None,
        cpu_us: cpu.used_us,
        startup_us,
        waited_us: cpu.waited_us,
    })
}

/// utime + stime + cutime + cstime of an exited, not yet reaped process.
fn cpu_micros(pid: Pid) -> Option<u64> {
    let ticks = crate::util::proc::Stat::of(pid.as_raw())?.cpu_ticks()?;
    let per_second = sysconf(SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .and_then(|t| u64::try_from(t).ok())?;
    Some(ticks * 1_000_000 / per_second.max(1))
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// A run that printed `lines` (milliseconds, text) on stdout and exited 0
/// after `total_ms`: a fixture for the tests of the stages that read runs.
#[cfg(test)]
pub(crate) fn stdout_run(lines: &[(u64, &str)], total_ms: u64) -> RunOutcome {
    RunOutcome {
        lines: lines
            .iter()
            .map(|(ms, t)| Line {
                at_us: ms * 1000,
                stream: Stream::Stdout,
                text: (*t).to_string(),
            })
            .collect(),
        exit: Exit::Code(0),
        total_us: total_ms * 1000,
        cut_bytes: 0,
        trace: None,
        cpu_us: None,
        startup_us: None,
        waited_us: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::trace::Alignment;
    use std::ffi::OsStr;

    fn registry() -> Registry {
        Registry::new(&std::env::temp_dir().join("mdbook-examples-run-tests"))
    }

    fn sh(script: &str) -> RunOutcome {
        let args = [OsStr::new("-c"), OsStr::new(script)];
        let program = Program {
            exe: Path::new("/bin/sh"),
            args: &args,
            cwd: &std::env::temp_dir(),
            timeout: Duration::from_secs(10),
            starts_at: None,
            name: "sh",
        };
        run(&program, &registry()).expect("run")
    }

    /// CPU time is measured (the share of a core a busy loop gets depends
    /// on how busy the machine is, so only the rule is checked on fixed numbers).
    #[test]
    fn cpu_time_tells_a_busy_run_from_a_sleeping_one() {
        let busy = sh("i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        let sleeping = sh("sleep 0.3");
        let (Some(busy_us), Some(sleeping_us)) = (busy.cpu_us, sleeping.cpu_us) else {
            panic!("CPU time is read before the process is reaped: {busy:?} {sleeping:?}");
        };
        assert!(
            busy_us > 20_000 && busy_us > 4 * sleeping_us,
            "{busy:?} {sleeping:?}"
        );
        assert!(!sleeping.looks_cpu_bound(), "{sleeping:?}");
        let timed = |total_us, cpu_us| RunOutcome {
            total_us,
            cpu_us: Some(cpu_us),
            waited_us: None,
            ..busy.clone()
        };
        assert!(timed(400_000, 390_000).looks_cpu_bound());
        assert!(!timed(400_000, 150_000).looks_cpu_bound());
        let starved = RunOutcome {
            waited_us: Some(150_000),
            ..timed(400_000, 150_000)
        };
        assert!(starved.looks_cpu_bound(), "a loop a busy machine starved");
        assert!(
            !timed(30_000, 30_000).looks_cpu_bound(),
            "too short to tell"
        );
        // Python's start-up (150 ms of CPU before its own code, which
        // sleeps) is not the run's: it is left out of the times.
        let interpreted = RunOutcome {
            startup_us: Some(150_000),
            ..timed(360_000, 190_000)
        };
        assert!(timed(360_000, 190_000).looks_cpu_bound());
        assert!(!interpreted.looks_cpu_bound(), "{interpreted:?}");
        let spinning = RunOutcome {
            startup_us: Some(150_000),
            ..timed(1_000_000, 1_140_000)
        };
        assert!(spinning.looks_cpu_bound(), "{spinning:?}");
    }

    #[test]
    fn trace_events_come_through_the_side_channel_and_are_aligned() {
        // Sleep first, so that the helper's origin is clearly after the spawn.
        let out = sh(r#"sleep 0.2
{
  echo "mdbx-trace 1"
  echo "start $(date +%s%6N)"
  echo "thread 1 main"
  echo "task 1 0 a"
  echo "poll 1 1 5 100 r"
} >> "$MDBOOK_EXAMPLES_TRACE"
echo "path $MDBOOK_EXAMPLES_TRACE""#);
        let trace = out.trace.expect("a trace");
        assert_eq!(trace.alignment, Alignment::WallClock);
        assert!(
            (150_000..=out.total_us).contains(&trace.origin_us),
            "origin {} µs, total {} µs",
            trace.origin_us,
            out.total_us
        );
        assert_eq!(trace.tasks[0].polls[0].start_us, trace.origin_us + 5);
        // Nothing of it on stdout, and the file is gone after the run.
        assert_eq!(out.lines.len(), 1);
        let path = out.lines[0].text.strip_prefix("path ").expect("path");
        assert!(!path.is_empty() && !Path::new(path).exists(), "{path}");
    }

    /// A line read after the exit (the reader thread was scheduled late)
    /// is drawn at the exit, not after it.
    #[test]
    fn a_line_read_after_the_exit_is_timed_at_the_exit() {
        // A group of our own for `collect` to kill at the exit.
        let mut group_leader = Command::new("sleep")
            .arg("10")
            .process_group(0)
            .spawn()
            .expect("sleep");
        let group = Pid::from_raw(group_leader.id() as i32);
        let (tx, rx) = mpsc::channel();
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        let line = |ms, text: &str| Event::Chunk(at(ms), Stream::Stdout, text.into(), 0);
        for event in [
            line(1, "early\n"),
            Event::Exited(at(3), Ok(ExitStatus::from_raw(0)), Cpu::default()),
            line(5, "read late\n"),
            Event::Closed,
            Event::Closed,
        ] {
            tx.send(event).expect("send");
        }
        let args = [];
        let program = Program {
            exe: Path::new("/bin/true"),
            args: &args,
            cwd: Path::new("/"),
            timeout: Duration::from_secs(10),
            starts_at: None,
            name: "late",
        };
        let out = collect(rx, start, &program, group, 2).expect("collect");
        let _ = group_leader.wait();
        assert_eq!(out.total_us, 3_000);
        let times: Vec<u64> = out.lines.iter().map(|l| l.at_us).collect();
        assert_eq!(times, [1_000, 3_000]);
    }

    #[test]
    fn no_events_no_trace() {
        let out = sh("echo hi");
        assert_eq!(out.trace, None);
        assert_eq!(out.lines[0].text, "hi");
    }
}
