//! Instrumentation events from a run: which task was polled when, for how
//! long, on which thread; when it was woken; when it was dropped unfinished.
//!
//! The events come through a side channel, never through stdout: [`run`]
//! creates an empty file per run and passes its path in [`ENV`]. The examples'
//! helper (`examples/src/trace.rs`) appends one line per event to it; an
//! example that does not use the helper leaves it empty, and the run has no
//! trace. The format is described in that helper; this module parses it.
//!
//! ## Clocks
//!
//! Line times count from the moment the preprocessor spawned the process.
//! The helper's times count from its own origin (its first use, after the
//! runtime has started). The helper writes that origin as wall-clock
//! microseconds (`start WALL_US`); [`run`] reads the wall clock right before
//! the spawn, and the difference places the helper's origin on the
//! preprocessor's axis ([`Alignment::WallClock`]). Both readings come from the
//! same system clock, a few µs apart from the `Instant`s they go with; only a
//! clock step (NTP) during the run could shift them. If the difference is
//! impossible (negative, or later than the exit), the origin is taken as the
//! spawn itself and the trace says so ([`Alignment::Assumed`]).
//!
//! [`run`]: crate::running::process

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The environment variable that tells the example where to write events.
pub const ENV: &str = "MDBOOK_EXAMPLES_TRACE";
/// At most this many bytes of events are read.
pub const MAX_BYTES: u64 = 8 << 20;
/// At most this many polls, wakes and drops are kept.
pub const MAX_EVENTS: usize = 100_000;

/// How the helper's clock was placed on the run's time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Alignment {
    /// From the wall-clock time of the helper's origin and of the spawn.
    WallClock,
    /// No usable `start` event: the origin is taken as the spawn.
    Assumed,
}

/// What a poll returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Ready,
    Pending,
    /// The poll panicked.
    Unwound,
}

/// One poll: the future was running from `start_us` to `end_us` on `thread`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollSpan {
    pub start_us: u64,
    pub end_us: u64,
    /// Index into [`Trace::threads`].
    pub thread: usize,
    pub outcome: Outcome,
}

/// A moment, and the thread it happened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct At {
    pub at_us: u64,
    pub thread: usize,
}

/// One traced future.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub name: String,
    /// When the future was created.
    pub created_us: u64,
    pub polls: Vec<PollSpan>,
    /// Calls of its waker, and the thread that made them.
    pub wakes: Vec<At>,
    /// Dropped before it returned `Ready` (cancelled).
    pub dropped: Option<At>,
}

impl Task {
    /// Whether the last poll returned `Ready`.
    pub fn finished(&self) -> bool {
        self.polls
            .last()
            .is_some_and(|p| p.outcome == Outcome::Ready)
    }

    /// Total time being polled.
    pub fn busy_us(&self) -> u64 {
        self.polls.iter().map(|p| p.end_us - p.start_us).sum()
    }
}

/// Everything the helper recorded in one run. Times are µs since the spawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Where the helper's origin lies on the run's axis.
    pub origin_us: u64,
    pub alignment: Alignment,
    /// A label per thread, in the order they were first seen:
    /// `main thread`, `worker 1`, `worker 2`, or the thread's own name.
    pub threads: Vec<String>,
    /// In the order they were created.
    pub tasks: Vec<Task>,
    /// Lines that were not understood, or events over [`MAX_EVENTS`].
    pub skipped: u64,
}

/// Parse the events of a run. `spawn_wall_us` is the wall-clock time of the
/// spawn (µs since the Unix epoch) and `total_us` the run's length. Returns
/// `None` when there are no events at all.
pub fn parse(text: &str, spawn_wall_us: u64, total_us: u64) -> Option<Trace> {
    let mut origin: Option<u64> = None;
    let mut threads: Vec<String> = Vec::new();
    let mut thread_index: HashMap<u64, usize> = HashMap::new();
    let mut workers = 0;
    let mut tasks: Vec<Task> = Vec::new();
    let mut task_index: HashMap<u64, usize> = HashMap::new();
    let mut skipped = 0u64;
    let mut events = 0usize;

    for line in text.lines() {
        let mut words = line.splitn(2, ' ');
        let kind = words.next().unwrap_or("");
        let rest = words.next().unwrap_or("");
        let ok = match kind {
            "mdbx-trace" => rest.trim() == "1",
            "start" => rest.trim().parse().map(|w| origin = Some(w)).is_ok(),
            "thread" => match split_num(rest) {
                Some((tid, name)) => {
                    let label = match name {
                        "main" => "main thread".to_string(),
                        // tokio's default worker name: `tokio-rt-worker` now, `tokio-runtime-worker` in older versions.
                        "tokio-runtime-worker" | "tokio-rt-worker" => {
                            workers += 1;
                            format!("worker {workers}")
                        }
                        "" | "unnamed" => format!("thread {tid}"),
                        other => other.to_string(),
                    };
                    thread_index.insert(tid, threads.len());
                    threads.push(label);
                    true
                }
                None => false,
            },
            "task" => match split_num(rest).and_then(|(id, r)| Some((id, split_num(r)?))) {
                Some((id, (at, name))) => {
                    task_index.insert(id, tasks.len());
                    tasks.push(Task {
                        name: name.to_string(),
                        created_us: at,
                        polls: Vec::new(),
                        wakes: Vec::new(),
                        dropped: None,
                    });
                    true
                }
                None => false,
            },
            _ if events >= MAX_EVENTS => false,
            "poll" | "wake" | "drop" => {
                let f: Vec<&str> = rest.split(' ').collect();
                let num = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok());
                let task = num(0).and_then(|id| task_index.get(&id)).copied();
                let thread = num(1).and_then(|t| thread_index.get(&t)).copied();
                match (kind, task, thread) {
                    ("poll", Some(t), Some(thread)) => {
                        let outcome = match f.get(4) {
                            Some(&"r") => Some(Outcome::Ready),
                            Some(&"p") => Some(Outcome::Pending),
                            Some(&"u") => Some(Outcome::Unwound),
                            _ => None,
                        };
                        match (num(2), num(3), outcome) {
                            (Some(start_us), Some(end_us), Some(outcome)) if start_us <= end_us => {
                                tasks[t].polls.push(PollSpan {
                                    start_us,
                                    end_us,
                                    thread,
                                    outcome,
                                });
                                true
                            }
                            _ => false,
                        }
                    }
                    ("wake", Some(t), Some(thread)) => num(2)
                        .map(|at_us| tasks[t].wakes.push(At { at_us, thread }))
                        .is_some(),
                    ("drop", Some(t), Some(thread)) => num(2)
                        .map(|at_us| tasks[t].dropped = Some(At { at_us, thread }))
                        .is_some(),
                    _ => false,
                }
            }
            _ => false,
        };
        if ok {
            events += usize::from(matches!(kind, "poll" | "wake" | "drop"));
        } else if !line.trim().is_empty() {
            skipped += 1;
        }
    }
    if tasks.is_empty() && origin.is_none() {
        return None;
    }

    let (origin_us, alignment) = match origin.and_then(|w| w.checked_sub(spawn_wall_us)) {
        Some(offset) if offset <= total_us => (offset, Alignment::WallClock),
        _ => (0, Alignment::Assumed),
    };
    for t in &mut tasks {
        t.created_us += origin_us;
        for p in &mut t.polls {
            p.start_us += origin_us;
            p.end_us += origin_us;
        }
        for w in &mut t.wakes {
            w.at_us += origin_us;
        }
        if let Some(d) = &mut t.dropped {
            d.at_us += origin_us;
        }
    }
    Some(Trace {
        origin_us,
        alignment,
        threads,
        tasks,
        skipped,
    })
}

/// `"12 rest of line"` → `(12, "rest of line")`.
fn split_num(s: &str) -> Option<(u64, &str)> {
    let (n, rest) = s.split_once(' ').unwrap_or((s, ""));
    Some((n.parse().ok()?, rest))
}

impl Trace {
    /// The latest time any event mentions.
    pub fn last_us(&self) -> u64 {
        self.tasks
            .iter()
            .flat_map(|t| {
                t.polls
                    .iter()
                    .map(|p| p.end_us)
                    .chain(t.wakes.iter().map(|w| w.at_us))
                    .chain(t.dropped.map(|d| d.at_us))
                    .chain([t.created_us])
            })
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: &str = "mdbx-trace 1
start 1000500
thread 1 main
task 1 10 a
task 2 12 b and c
thread 2 tokio-runtime-worker
poll 1 1 20 300 p
poll 2 2 25 40 r
wake 1 2 900
poll 1 2 950 960 r
task 3 970 cancelled
poll 3 1 980 990 p
drop 3 1 2000
";

    #[test]
    fn parses_and_aligns_by_wall_clock() {
        // The spawn was 500 µs before the helper's origin.
        let t = parse(EVENTS, 1_000_000, 10_000).expect("trace");
        assert_eq!(t.alignment, Alignment::WallClock);
        assert_eq!(t.origin_us, 500);
        assert_eq!(t.threads, ["main thread", "worker 1"]);
        assert_eq!(t.tasks.len(), 3);
        let a = &t.tasks[0];
        assert_eq!(a.created_us, 510);
        assert_eq!(
            a.polls[0],
            PollSpan {
                start_us: 520,
                end_us: 800,
                thread: 0,
                outcome: Outcome::Pending
            }
        );
        assert_eq!(
            a.wakes,
            [At {
                at_us: 1400,
                thread: 1
            }]
        );
        assert!(a.finished());
        assert_eq!(a.busy_us(), 280 + 10);
        assert_eq!(t.tasks[1].name, "b and c");
        let c = &t.tasks[2];
        assert!(!c.finished());
        assert_eq!(
            c.dropped,
            Some(At {
                at_us: 2500,
                thread: 0
            })
        );
        assert_eq!(t.last_us(), 2500);
        assert_eq!(t.skipped, 0);
    }

    #[test]
    fn impossible_offsets_fall_back_to_the_spawn() {
        // Helper origin before the spawn (a clock step): assume 0.
        let t = parse(EVENTS, 2_000_000, 10_000).expect("trace");
        assert_eq!((t.origin_us, t.alignment), (0, Alignment::Assumed));
        // Helper origin after the exit.
        let t = parse(EVENTS, 0, 10_000).expect("trace");
        assert_eq!(t.alignment, Alignment::Assumed);
        assert_eq!(t.tasks[0].polls[0].start_us, 20);
    }

    #[test]
    fn garbage_is_counted_not_fatal() {
        let text =
            "start 5\ntask 1 0 x\npoll 1 9 0 1 p\npoll 1\nwake 7 1 3\nhello\npoll 1 1 5 4 p\n";
        let t = parse(&format!("thread 1 main\n{text}"), 5, 100).expect("trace");
        assert_eq!(t.skipped, 5);
        assert!(t.tasks[0].polls.is_empty());
    }

    #[test]
    fn no_events_no_trace() {
        assert_eq!(parse("", 0, 10), None);
        assert_eq!(parse("\n", 0, 10), None);
    }

    #[test]
    fn events_are_capped() {
        let mut text = String::from("start 0\nthread 1 main\ntask 1 0 busy\n");
        for i in 0..MAX_EVENTS + 10 {
            text.push_str(&format!("poll 1 1 {i} {i} p\n"));
        }
        let t = parse(&text, 0, u64::MAX).expect("trace");
        assert_eq!(t.tasks[0].polls.len(), MAX_EVENTS);
        assert_eq!(t.skipped, 10);
    }

    #[test]
    fn thread_names() {
        let t = parse(
            "start 0\nthread 1 tokio-runtime-worker\nthread 2 tokio-rt-worker\nthread 3 unnamed\nthread 4 pool",
            0,
            1,
        )
        .expect("trace");
        assert_eq!(t.threads, ["worker 1", "worker 2", "thread 3", "pool"]);
    }
}
