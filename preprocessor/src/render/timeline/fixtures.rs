//! Runs and traces to draw, for the tests of every part of the timeline.

use super::*;
pub(super) use crate::finding::figure::Figure;
use crate::finding::lanes::lane_regex;
pub(super) use crate::running::process::stdout_run as run;
use crate::running::trace::{Alignment, PollSpan, Task, Trace};
pub(super) use crate::running::trace::{At, Outcome};

pub(super) fn re() -> Regex {
    lane_regex(DEFAULT_LANES).expect("regex")
}

pub(super) fn poll(start_ms: u64, end_ms: u64, thread: usize, outcome: Outcome) -> PollSpan {
    PollSpan {
        start_us: start_ms * 1000,
        end_us: end_ms * 1000,
        thread,
        outcome,
    }
}

pub(super) fn task(name: &str, polls: Vec<PollSpan>) -> Task {
    Task {
        name: name.into(),
        created_us: polls.first().map_or(0, |p| p.start_us),
        polls,
        wakes: Vec::new(),
        dropped: None,
    }
}

pub(super) fn trace(threads: &[&str], tasks: Vec<Task>) -> Trace {
    Trace {
        origin_us: 300,
        alignment: Alignment::WallClock,
        threads: threads.iter().map(|s| (*s).to_string()).collect(),
        tasks,
        skipped: 0,
    }
}

/// `(x, y, width)` of the bars whose title starts with `lane: `.
pub(super) fn bars_of(svg: &str, lane: &str) -> Vec<(f64, f64, f64)> {
    let re = Regex::new(
    r#"<rect class="mdbx-tl-bar [^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*><title>([^<]*)</title>"#,
)
.expect("regex");
    let num = |s: &str| s.parse::<f64>().expect("number");
    re.captures_iter(svg)
        .filter(|c| c[4].starts_with(&format!("{lane}: ")))
        .map(|c| (num(&c[1]), num(&c[2]), num(&c[3])))
        .collect()
}
