//! Lanes and marks: which lane each printed line and traced future belongs
//! to, in the order of their first activity.

use super::MAX_LANES;
use crate::running::process::{RunOutcome, Stream};
use crate::running::trace::Trace;
use regex::Regex;
use std::collections::HashMap;

/// A printed line, placed in a lane.
pub(super) struct Mark<'a> {
    /// The row of its lane.
    pub(super) lane: usize,
    pub(super) at_us: u64,
    pub(super) text: &'a str,
    pub(super) stderr: bool,
}

/// One row of a figure: a task or a group of lines.
pub(super) struct Lane {
    pub(super) name: String,
    pub(super) first_us: u64,
    /// Indexes into `Trace::tasks`.
    pub(super) tasks: Vec<usize>,
}

/// One run laid out in lanes.
pub(super) struct Layout<'a> {
    pub(super) run: &'a RunOutcome,
    pub(super) rows: Vec<Lane>,
    pub(super) marks: Vec<Mark<'a>>,
    pub(super) trace: Option<&'a Trace>,
}

impl<'a> Layout<'a> {
    /// Lanes from `lanes` (one capture group: the lane's name) and from the
    /// traced futures; lines that match no lane go to `main`.
    pub(super) fn new(run: &'a RunOutcome, lanes: &Regex) -> Layout<'a> {
        Layout::knowing(run, lanes, &[])
    }

    /// [`Layout::new`], where a panic whose message starts with the name of
    /// a lane of `known` (the lanes of the runs compared with this one) as
    /// well as of this run is drawn on that lane.
    pub(super) fn knowing(run: &'a RunOutcome, lanes: &Regex, known: &[String]) -> Layout<'a> {
        let trace = run.trace.as_ref().filter(|t| !t.tasks.is_empty());
        let mut all: Vec<Lane> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut lane_of = |name: &str, at_us: u64, all: &mut Vec<Lane>| -> usize {
            let i = *by_name.entry(name.to_string()).or_insert_with(|| {
                all.push(Lane {
                    name: name.to_string(),
                    first_us: at_us,
                    tasks: Vec::new(),
                });
                all.len() - 1
            });
            all[i].first_us = all[i].first_us.min(at_us);
            i
        };
        let lane_name = |text: &'a str| {
            lanes
                .captures(text)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str())
        };
        let own: Vec<Option<&str>> = run.lines.iter().map(|l| lane_name(&l.text)).collect();
        let mut names: Vec<&str> = own.iter().flatten().copied().collect();
        names.extend(known.iter().map(String::as_str));
        names.extend(
            trace
                .iter()
                .flat_map(|t| t.tasks.iter().map(|k| k.name.as_str())),
        );
        let panics = panic_lanes(run, &own, &names);
        let line_lanes: Vec<usize> = (run.lines.iter().zip(own.iter().zip(&panics)))
            .map(|(l, (own, panic))| {
                let name = own.or(*panic).unwrap_or("main");
                lane_of(name, l.at_us, &mut all)
            })
            .collect();
        if let Some(t) = trace {
            for (i, task) in t.tasks.iter().enumerate() {
                let lane = lane_of(&task.name, task.created_us, &mut all);
                all[lane].tasks.push(i);
            }
        }
        let (rows, position) = fold(all);
        let marks = run
            .lines
            .iter()
            .zip(&line_lanes)
            .map(|(l, &lane)| Mark {
                lane: position[lane],
                at_us: l.at_us,
                text: &l.text,
                stderr: l.stream == Stream::Stderr,
            })
            .collect();
        Layout {
            run,
            rows,
            marks,
            trace,
        }
    }

    /// List the lanes named in `names` first, in that order (the first
    /// run's lanes, so that compared runs read alike), then the others in
    /// the order of their first activity.
    pub(super) fn order_like(&mut self, names: &[String]) {
        let rank = |name: &str| names.iter().position(|n| n == name).unwrap_or(names.len());
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by_key(|&i| rank(&self.rows[i].name));
        let mut new_row = vec![0; order.len()];
        for (pos, &old) in order.iter().enumerate() {
            new_row[old] = pos;
        }
        let mut slots: Vec<Option<Lane>> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(Some)
            .collect();
        self.rows = order.iter().filter_map(|&i| slots[i].take()).collect();
        for m in &mut self.marks {
            m.lane = new_row[m.lane];
        }
    }

    /// Add an empty lane for each of `names` this run does not have, then
    /// list the lanes in the order of `names` (see [`Layout::order_like`]):
    /// every run of a comparison shows the same lanes, and a lane a run
    /// printed nothing on reads as a result, not as a gap.
    pub(super) fn pad(&mut self, names: &[String]) {
        for name in names {
            if !self.rows.iter().any(|r| r.name == *name) {
                self.rows.push(Lane {
                    name: name.clone(),
                    first_us: u64::MAX,
                    tasks: Vec::new(),
                });
            }
        }
        self.order_like(names);
    }

    /// Whether lane row `lane` has nothing drawn on it: no line, no traced
    /// future (a lane another compared run has).
    pub(super) fn is_empty_lane(&self, lane: usize) -> bool {
        self.rows[lane].tasks.is_empty() && !self.marks.iter().any(|m| m.lane == lane)
    }

    /// How long the figure must be: to the exit, the last line or the last
    /// traced event, whichever is latest.
    pub(super) fn span_us(&self) -> u64 {
        self.run
            .total_us
            .max(self.marks.iter().map(|m| m.at_us).max().unwrap_or(0))
            .max(self.trace.map_or(0, Trace::last_us))
            .max(1)
    }

    /// Whether every line came within `window_us` of the first: a time axis
    /// would show one blot, the order is what there is to see.
    pub(super) fn instant(&self, window_us: u64) -> bool {
        let first = self.marks.iter().map(|m| m.at_us).min().unwrap_or(0);
        let last = self.marks.iter().map(|m| m.at_us).max().unwrap_or(0);
        self.trace.is_none() && self.marks.len() >= 2 && last - first <= window_us
    }
}

/// For each line, the lane of the panic it belongs to: a panic's lines on
/// stderr (`thread '…' panicked at …`, the blank and `note:` lines around
/// it) go to the lane its message names, so that the panic is drawn on the
/// task that panicked, not on `main`. The message (the line after the
/// header) names a lane as a line does (`[a] could not parse`), or starts
/// with the name of a lane of the figure, one of `names`, as a word
/// (`a could not parse`, `broken panicked`). The header says only the
/// thread (`tokio-rt-worker` for every worker) and the code's place, so the
/// message is the one part that can name the task.
fn panic_lanes<'a>(
    run: &RunOutcome,
    own: &[Option<&'a str>],
    names: &[&'a str],
) -> Vec<Option<&'a str>> {
    let lines = &run.lines;
    let mut out = vec![None; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        if lines[start].stream != Stream::Stderr {
            start += 1;
            continue;
        }
        // One block of stderr lines: those with no lane of their own go to
        // the lane of the message after its panic header, if it names one.
        let end = (start..lines.len())
            .find(|&i| lines[i].stream != Stream::Stderr)
            .unwrap_or(lines.len());
        let lane = (start..end)
            .find(|&i| lines[i].text.contains("panicked at"))
            .filter(|&h| h + 1 < end)
            .and_then(|h| own[h + 1].or_else(|| first_word_lane(&lines[h + 1].text, names)));
        for i in start..end {
            if own[i].is_none() {
                out[i] = lane;
            }
        }
        start = end;
    }
    out
}

/// The lane of `names` the first word of `message` is, if any.
fn first_word_lane<'a>(message: &str, names: &[&'a str]) -> Option<&'a str> {
    let word = message
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '\''))
        .next()?;
    names.iter().copied().find(|n| *n == word && *n != "main")
}

/// Lanes in the order of their first activity, and the row of each lane;
/// lanes past [`MAX_LANES`] share the last row.
fn fold(all: Vec<Lane>) -> (Vec<Lane>, Vec<usize>) {
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| all[i].first_us);
    let mut position = vec![0; all.len()];
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos.min(MAX_LANES - 1);
    }
    let folding = order.len() > MAX_LANES;
    let mut slots: Vec<Option<Lane>> = all.into_iter().map(Some).collect();
    let mut rows: Vec<Lane> = Vec::new();
    for &i in &order {
        let Some(lane) = slots[i].take() else {
            continue;
        };
        if !folding || rows.len() < MAX_LANES - 1 {
            rows.push(lane);
        } else if rows.len() == MAX_LANES - 1 {
            rows.push(Lane {
                name: format!("{} more lanes", order.len() - (MAX_LANES - 1)),
                ..lane
            });
        } else if let Some(rest) = rows.last_mut() {
            rest.tasks.extend(lane.tasks);
        }
    }
    (rows, position)
}

#[cfg(test)]
mod tests {
    use crate::render::timeline::fixtures::*;
    use crate::render::timeline::{Frame, MAX_LANES, render};
    use crate::running::trace::Task;

    #[test]
    fn rowsfollow_first_activity() {
        let t = trace(
            &["main thread"],
            vec![task("early", vec![poll(0, 1, 0, Outcome::Ready)])],
        );
        let mut r = run(&[(5, "[late] hi")], 10);
        r.trace = Some(t);
        let svg = render("order", &r, (&re(), &Figure::default()), Frame::WIDE);
        assert!(svg.find(">early<").expect("early") < svg.find(">late<").expect("late"));
    }

    #[test]
    fn a_panic_is_drawn_on_the_lane_of_the_task_that_panicked() {
        let mut r = run(
            &[
                (0, "[main] spawned a"),
                (10, ""),
                (10, "thread 'tokio-rt-worker' panicked at src/x.rs:9:9:"),
                (10, "[a] could not parse its input"),
                (10, "note: run with `RUST_BACKTRACE=1`"),
                (20, "[main] done"),
            ],
            30,
        );
        for l in &mut r.lines[1..5] {
            l.stream = crate::running::process::Stream::Stderr;
        }
        let layout = super::Layout::new(&r, &re());
        let lanes: Vec<&str> = layout
            .marks
            .iter()
            .map(|m| layout.rows[m.lane].name.as_str())
            .collect();
        assert_eq!(lanes, ["main", "a", "a", "a", "a", "main"]);
    }

    #[test]
    fn too_many_lanes_are_folded_into_the_last() {
        let tasks: Vec<Task> = (0..100)
            .map(|i| task(&format!("t{i}"), vec![poll(i, i + 1, 0, Outcome::Ready)]))
            .collect();
        let mut r = run(&[(99, "[t99] last"), (100, "bye")], 101);
        r.trace = Some(trace(&["main thread"], tasks));
        let svg = render("crowd", &r, (&re(), &Figure::default()), Frame::WIDE);
        assert_eq!(svg.matches("class=\"mdbx-tl-lane\"").count(), MAX_LANES);
        assert!(svg.contains(">78 more lanes<"), "{svg}");
        // The folded tasks are still drawn, merged where they touch, and named.
        assert!(
            svg.contains("78 more lanes: 77 polls on main thread"),
            "{svg}"
        );
        assert!(svg.contains("t99: created at"));
    }
}
