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
        format!(
            "{}…",
            s.chars().take(max.saturating_sub(1)).collect::<String>()
        )
    }
}

/// Where a word starts inside a name: after one of these.
const SEPARATORS: [char; 6] = [' ', '_', ':', '-', '.', '/'];
/// The fewest characters a name keeps of its start when it keeps its end too.
const MIN_HEAD: usize = 3;

/// The lane names of one figure as drawn in a column of `max` characters.
/// A name that fits is drawn whole. A longer one keeps its start and "…";
/// when that could stand for another lane's name as well ("blocking…" for
/// "blocking a" and "blocking b", "interval_…" beside "interval"), it keeps
/// the fewest characters of its end that tell it apart, widened to the
/// start of that last word when there is room ("blocki… a", "std…sleep").
pub(super) fn lane_labels<S: AsRef<str>>(names: &[S], max: usize) -> Vec<String> {
    let names: Vec<Vec<char>> = names.iter().map(|n| n.as_ref().chars().collect()).collect();
    (0..names.len())
        .map(|i| {
            let name = &names[i];
            let room = max.saturating_sub(1);
            if name.len() <= max || room == 0 {
                return shorten(&name.iter().collect::<String>(), max);
            }
            // Whether "head…tail" could be read as another lane's name; a
            // separator just before the "…" tells nothing ("interval_…").
            let ambiguous = |head: &[char], tail: &[char]| {
                let kept = head.len()
                    - (head.iter().rev())
                        .take_while(|c| SEPARATORS.contains(c))
                        .count();
                let head = &head[..kept];
                names.iter().enumerate().any(|(j, o)| {
                    j != i
                        && o.len() >= head.len() + tail.len()
                        && o.starts_with(head)
                        && o.ends_with(tail)
                })
            };
            let cut = |keep_end: usize| {
                let (head, tail) = (&name[..room - keep_end], &name[name.len() - keep_end..]);
                (!ambiguous(head, tail)).then(|| {
                    let mut s: String = head.iter().collect();
                    s.push('…');
                    s.extend(tail);
                    s
                })
            };
            let Some(keep_end) = (0..room).find(|&k| cut(k).is_some()) else {
                return shorten(&name.iter().collect::<String>(), max);
            };
            if keep_end == 0 {
                return cut(0).unwrap_or_default();
            }
            let word = name
                .iter()
                .rposition(|c| SEPARATORS.contains(c))
                .map(|at| name.len() - at);
            // The last word with its separator, or without it when that
            // is all that fits.
            word.into_iter()
                .flat_map(|w| [w, w - 1])
                .filter(|&w| w > keep_end && w + MIN_HEAD <= room)
                .find_map(cut)
                .or_else(|| cut(keep_end))
                .unwrap_or_default()
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_sharing_a_long_start_stay_distinct_when_shortened() {
        let labels = lane_labels(&["blocking a", "blocking b", "main"], 9);
        assert_eq!(labels, ["blocki… a", "blocki… b", "main"]);
        // A cut name that would read as a whole one keeps its end.
        let labels = lane_labels(&["interval", "interval_at"], 9);
        assert_eq!(labels, ["interval", "inter…_at"]);
        let labels = lane_labels(&["interval", "interval_at"], 10);
        assert_eq!(labels, ["interval", "interv…_at"]);
        let labels = lane_labels(&["std::thread::sleep", "std::thread::spawn"], 9);
        assert_eq!(labels, ["std…sleep", "std…spawn"]);
        // No separator: the fewest end characters that tell them apart.
        let labels = lane_labels(&["abcdefghijkX", "abcdefghijkY"], 9);
        assert_eq!(labels, ["abcdefg…X", "abcdefg…Y"]);
        for labels in [
            lane_labels(&["blocking a", "blocking b"], 9),
            lane_labels(&["std::thread::sleep", "std::thread::spawn"], 9),
        ] {
            assert_ne!(labels[0], labels[1]);
            assert!(labels.iter().all(|l| l.contains('…')), "{labels:?}");
            assert!(labels.iter().all(|l| l.chars().count() <= 9), "{labels:?}");
        }
    }

    #[test]
    fn a_name_is_cut_only_when_it_does_not_fit() {
        assert_eq!(
            lane_labels(&["blocking a", "blocking b"], 10),
            ["blocking a", "blocking b"]
        );
        assert_eq!(
            lane_labels(&["into_future", "main"], 9),
            ["into_fut…", "main"]
        );
        assert_eq!(lane_labels(&["a", "ab", "abc"], 3), ["a", "ab", "abc"]);
    }
}
