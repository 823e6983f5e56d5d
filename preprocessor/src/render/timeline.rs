//! A timeline of one real run as an inline SVG: a time axis in seconds or
//! milliseconds, one lane per task, a mark for every line at the moment it
//! was printed (hover for the line and its exact time), and the exit.
//!
//! Lanes come from the output itself: by default a line that starts with
//! `[name]` belongs to lane `name`; other lines belong to `main`. Colours come
//! from CSS classes (see `assets/mdbook-examples.css`) that use the theme's
//! variables, so the diagram is readable in every mdBook theme.

use super::{esc, human, stamp};
use crate::run::{RunOutcome, Stream};
use regex::Regex;
use std::fmt::Write;

/// The default lane pattern.
pub const DEFAULT_LANES: &str = r"^\[([^\]]+)\]";
/// Above this many lines, marks are grouped per lane and pixel column.
const AGGREGATE_ABOVE: usize = 300;

const WIDTH: f64 = 720.0;
const LABELS: f64 = 120.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 10.0;
const LANE: f64 = 26.0;
const AXIS: f64 = 30.0;

/// Compile a lane pattern; it must have one capture group.
pub fn lane_regex(pattern: &str) -> Result<Regex, String> {
    let re = Regex::new(pattern).map_err(|e| format!("not a valid regex: {e}"))?;
    if re.captures_len() < 2 {
        return Err(format!(
            "`{pattern}` needs one capture group `( … )` for the lane name"
        ));
    }
    Ok(re)
}

struct Mark<'a> {
    lane: usize,
    at_us: u64,
    text: &'a str,
    stderr: bool,
}

/// Draw the timeline of `run` for example `name`.
pub fn render(name: &str, run: &RunOutcome, lanes: &Regex) -> String {
    let mut lane_names: Vec<String> = Vec::new();
    let marks: Vec<Mark<'_>> = run
        .lines
        .iter()
        .map(|l| {
            let lane_name = lanes
                .captures(&l.text)
                .and_then(|c| c.get(1))
                .map_or("main", |m| m.as_str());
            let lane = match lane_names.iter().position(|n| n == lane_name) {
                Some(i) => i,
                None => {
                    lane_names.push(lane_name.to_string());
                    lane_names.len() - 1
                }
            };
            Mark {
                lane,
                at_us: l.at_us,
                text: &l.text,
                stderr: l.stream == Stream::Stderr,
            }
        })
        .collect();
    let span_us = run
        .total_us
        .max(marks.iter().map(|m| m.at_us).max().unwrap_or(0))
        .max(1);
    let plot = WIDTH - LABELS - RIGHT;
    let x = |us: u64| LABELS + us as f64 / span_us as f64 * plot;
    let height = TOP + LANE * lane_names.len().max(1) as f64 + AXIS;
    let lane_y = |i: usize| TOP + LANE * i as f64 + LANE / 2.0;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"mdbx-timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"mdbx-tl-{n}-t mdbx-tl-{n}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-tl-{n}-t\">Timeline of the real run of {n}</title>\
<desc id=\"mdbx-tl-{n}-d\">{desc}</desc>",
        n = esc(name),
        desc = esc(&describe(&lane_names, &marks, run.total_us)),
    );
    axis(&mut svg, span_us, height, &x);
    for (i, lane_name) in lane_names.iter().enumerate() {
        let y = lane_y(i);
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-lane\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABELS - 8.0,
            y + 4.0,
            esc(&shorten(lane_name, 16))
        );
        let times: Vec<u64> = marks
            .iter()
            .filter(|m| m.lane == i)
            .map(|m| m.at_us)
            .collect();
        if let (Some(first), Some(last)) = (times.first(), times.last()) {
            let _ = write!(
                svg,
                "<line class=\"mdbx-tl-span\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{y}\"/>",
                x(*first),
                x(*last).max(x(*first) + 1.0)
            );
        }
    }
    if marks.len() > AGGREGATE_ABOVE {
        aggregated(&mut svg, &marks, &x, &lane_y);
    } else {
        for m in &marks {
            let class = if m.stderr {
                "mdbx-tl-mark mdbx-tl-stderr"
            } else {
                "mdbx-tl-mark"
            };
            let _ = write!(
                svg,
                "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{}\" r=\"4.5\"><title>{} {}</title></circle>",
                x(m.at_us),
                lane_y(m.lane),
                stamp(m.at_us),
                esc(m.text)
            );
        }
    }
    let end = x(run.total_us);
    let _ = write!(
        svg,
        "<line class=\"mdbx-tl-exit\" x1=\"{end:.1}\" x2=\"{end:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"><title>exit at {}</title></line></svg>",
        height - AXIS,
        stamp(run.total_us)
    );
    svg
}

fn aggregated(
    svg: &mut String,
    marks: &[Mark<'_>],
    x: &dyn Fn(u64) -> f64,
    lane_y: &dyn Fn(usize) -> f64,
) {
    let mut groups: Vec<(usize, i64, u64, u64, usize)> = Vec::new();
    for m in marks {
        let column = (x(m.at_us) / 4.0) as i64;
        match groups.iter_mut().find(|g| g.0 == m.lane && g.1 == column) {
            Some(g) => {
                g.3 = m.at_us;
                g.4 += 1;
            }
            None => groups.push((m.lane, column, m.at_us, m.at_us, 1)),
        }
    }
    for (lane, column, first, last, count) in groups {
        let _ = write!(
            svg,
            "<rect class=\"mdbx-tl-mark\" x=\"{}\" y=\"{}\" width=\"4\" height=\"10\"><title>{count} lines, {} to {}</title></rect>",
            column * 4,
            lane_y(lane) - 5.0,
            stamp(first),
            stamp(last)
        );
    }
}

fn axis(svg: &mut String, span_us: u64, height: f64, x: &dyn Fn(u64) -> f64) {
    let base = height - AXIS + 4.0;
    let _ = write!(
        svg,
        "<line class=\"mdbx-tl-axis\" x1=\"{LABELS}\" x2=\"{}\" y1=\"{base}\" y2=\"{base}\"/>",
        WIDTH - RIGHT
    );
    let step = nice_step(span_us);
    let mut t = 0;
    while t <= span_us {
        let px = x(t);
        let _ = write!(
            svg,
            "<line class=\"mdbx-tl-tick\" x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"/><text class=\"mdbx-tl-label\" x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base + 4.0,
            base + 18.0,
            tick_label(t, step)
        );
        t += step;
    }
}

/// A round tick step (1, 2 or 5 × 10^k µs) giving at most 8 ticks.
fn nice_step(span_us: u64) -> u64 {
    let mut magnitude = 1u64;
    loop {
        for m in [1, 2, 5] {
            let step = m * magnitude;
            if span_us / step <= 8 {
                return step;
            }
        }
        magnitude *= 10;
    }
}

fn tick_label(t_us: u64, step_us: u64) -> String {
    if t_us == 0 {
        "0".into()
    } else if step_us >= 100_000 {
        format!("{} s", (t_us as f64 / 1e6 * 10.0).round() / 10.0)
    } else {
        format!("{} ms", (t_us as f64 / 1e3 * 10.0).round() / 10.0)
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn describe(lanes: &[String], marks: &[Mark<'_>], total_us: u64) -> String {
    let mut d = format!(
        "{} lines in {} lane(s) over {}.",
        marks.len(),
        lanes.len(),
        human(total_us)
    );
    for m in marks.iter().take(20) {
        let _ = write!(d, " {} {}.", stamp(m.at_us), m.text);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Exit, Line};

    fn run(lines: &[(u64, &str)], total_ms: u64) -> RunOutcome {
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
        }
    }

    fn re() -> Regex {
        lane_regex(DEFAULT_LANES).expect("regex")
    }

    #[test]
    fn lanes_from_prefixes_and_escaped_titles() {
        let svg = render(
            "demo",
            &run(
                &[
                    (0, "[a] start"),
                    (1, "[b] <b>"),
                    (2000, "[a] done"),
                    (3000, "bye"),
                ],
                3001,
            ),
            &re(),
        );
        for lane in [">a<", ">b<", ">main<"] {
            assert!(svg.contains(lane), "{lane} missing");
        }
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert_eq!(svg.matches("<circle").count(), 4);
        assert!(svg.contains("<title id=") && svg.contains("<desc"));
        assert!(!svg.contains('\n'));
    }

    #[test]
    fn axis_scales_from_milliseconds_to_seconds() {
        assert_eq!(nice_step(5_000), 1_000);
        assert_eq!(nice_step(3_000_000), 500_000);
        assert_eq!(nice_step(10_000_000), 2_000_000);
        assert_eq!(tick_label(500_000, 500_000), "0.5 s");
        assert_eq!(tick_label(2_000, 1_000), "2 ms");
    }

    #[test]
    fn thousands_of_lines_are_aggregated() {
        let lines: Vec<(u64, String)> = (0..5000).map(|i| (i / 5, format!("[w] {i}"))).collect();
        let refs: Vec<(u64, &str)> = lines.iter().map(|(t, s)| (*t, s.as_str())).collect();
        let svg = render("many", &run(&refs, 1000), &re());
        assert_eq!(svg.matches("<circle").count(), 0);
        assert!(svg.matches("<rect").count() < 200);
    }

    #[test]
    fn lane_pattern_needs_a_group() {
        assert!(lane_regex("^x").unwrap_err().contains("capture group"));
    }
}
