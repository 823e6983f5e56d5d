//! The words of a figure: shortened labels, and the description
//! that screen readers get.

use super::lanes::{Lane, Mark};
use crate::running::trace::Trace;
use crate::util::time::{exact, stamp, total};
use std::fmt::Write;

pub(super) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

pub(super) fn describe(
    lanes: &[Lane],
    marks: &[Mark<'_>],
    total_us: u64,
    trace: Option<&Trace>,
) -> String {
    let mut d = format!(
        "{} lines in {} lane(s) over {}.",
        marks.len(),
        lanes.len(),
        total(total_us)
    );
    if let Some(t) = trace {
        let polls: usize = t.tasks.iter().map(|k| k.polls.len()).sum();
        let mut used: Vec<usize> = t
            .tasks
            .iter()
            .flat_map(|k| k.polls.iter().map(|p| p.thread))
            .collect();
        used.sort_unstable();
        used.dedup();
        let used: Vec<&str> = used
            .iter()
            .filter_map(|&i| t.threads.get(i).map(String::as_str))
            .collect();
        let _ = write!(
            d,
            " Traced: {} future(s), {polls} poll(s), on {}.",
            t.tasks.len(),
            if used.is_empty() {
                "no thread".to_string()
            } else {
                used.join(", ")
            }
        );
        for lane in lanes.iter().filter(|l| !l.tasks.is_empty()).take(12) {
            let tasks: Vec<_> = lane.tasks.iter().map(|&i| &t.tasks[i]).collect();
            let polls: usize = tasks.iter().map(|k| k.polls.len()).sum();
            let busy: u64 = tasks.iter().map(|k| k.busy_us()).sum();
            let mut threads: Vec<&str> = tasks
                .iter()
                .flat_map(|k| &k.polls)
                .filter_map(|p| t.threads.get(p.thread).map(String::as_str))
                .collect();
            threads.sort_unstable();
            threads.dedup();
            let _ = write!(
                d,
                " {}: polled {} on {}, running {} in all",
                lane.name,
                match polls {
                    1 => "once".to_string(),
                    n => format!("{n} times"),
                },
                if threads.is_empty() {
                    "no thread".to_string()
                } else {
                    threads.join(" and ")
                },
                exact(busy)
            );
            for k in tasks {
                if let Some(drop) = k.dropped {
                    let _ = write!(d, ", dropped unfinished at {}", stamp(drop.at_us));
                } else if let (true, Some(p)) = (k.finished(), k.polls.last()) {
                    let _ = write!(d, ", finished at {}", stamp(p.end_us));
                }
            }
            d.push('.');
        }
        let _ = write!(
            d,
            " {}.",
            match t.alignment {
                crate::running::trace::Alignment::WallClock => format!(
                    "The trace clock starts at {} after the spawn (aligned by the wall clock)",
                    exact(t.origin_us)
                ),
                crate::running::trace::Alignment::Assumed =>
                    "The trace clock is assumed to start at the spawn".to_string(),
            }
        );
        if t.skipped > 0 {
            let _ = write!(
                d,
                " {} trace line(s) not shown: not understood, or over the limit of {} events.",
                t.skipped,
                crate::running::trace::MAX_EVENTS
            );
        }
    }
    // What the picture shows of the lines: each lane's span. The lines
    // themselves are in the output block next to the diagram.
    for (i, lane) in lanes.iter().enumerate().take(12) {
        let times: Vec<u64> = marks
            .iter()
            .filter(|m| m.lane == i)
            .map(|m| m.at_us)
            .collect();
        match (times.first(), times.last()) {
            (Some(&only), _) if times.len() == 1 => {
                let _ = write!(d, " {}: 1 line at {}.", lane.name, stamp(only));
            }
            (Some(&first), Some(&last)) => {
                let _ = write!(
                    d,
                    " {}: {} lines from {} to {}.",
                    lane.name,
                    times.len(),
                    stamp(first),
                    stamp(last)
                );
            }
            _ => {}
        }
    }
    d
}
