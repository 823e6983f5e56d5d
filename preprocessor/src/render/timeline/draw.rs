//! Drawing one run's lanes at a place in a figure: lane labels, the lines
//! as marks (or columns of marks when there are many), traced futures as
//! bars, and the exit. Lanes are honest: a mark is a printed line, a bar is
//! a poll (the future was running); between them the lane is only a faint
//! dotted thread, never a bar, because nothing says the task was busy.

use super::lanes::{Layout, Mark};
use super::traced::{On, Scale, traced_lane};
use super::words::lane_labels;
use super::{AGGREGATE_ABOVE, Frame, LANE};
use crate::render::esc;
use crate::util::time::stamp;
use std::fmt::Write;

/// Radius of a line's mark.
pub(super) const MARK_R: f64 = 4.5;
/// Radius of a line's mark in a lane with traced futures.
const TRACED_MARK_R: f64 = 3.5;

/// Where a run is drawn: its time scale and the top of its first lane.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    pub(super) frame: Frame,
    pub(super) x: &'a dyn Fn(u64) -> f64,
    pub(super) us_per_px: f64,
    pub(super) top: f64,
}

impl Place<'_> {
    /// The middle of lane row `i`.
    pub(super) fn lane_y(&self, i: usize) -> f64 {
        self.top + LANE * i as f64 + LANE / 2.0
    }
}

/// Draw `layout`'s lanes at `place`; what must stay visible over the rest
/// (drops, the exit) is appended last.
pub(super) fn draw_run(svg: &mut String, layout: &Layout<'_>, place: Place<'_>) {
    let x = place.x;
    let mut on_top = String::new();
    let names: Vec<&str> = layout.rows.iter().map(|l| l.name.as_str()).collect();
    let labels = lane_labels(&names, place.frame.label_chars);
    for (i, lane) in layout.rows.iter().enumerate() {
        let y = place.lane_y(i);
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-lane\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            place.frame.labels - 8.0,
            y + 4.0,
            esc(&labels[i])
        );
        if layout.is_empty_lane(i) {
            no_lines(svg, (place.frame.labels + 4.0, y));
            continue;
        }
        match layout.trace {
            Some(t) if !lane.tasks.is_empty() => {
                let scale = Scale {
                    x,
                    us_per_px: place.us_per_px,
                    total_us: layout.run.total_us,
                    right_edge: place.frame.width,
                };
                traced_lane((svg, &mut on_top), On { trace: t, lane, y }, &scale);
            }
            // A traced lane without futures: its lines are marks, nothing more.
            Some(_) => {}
            None => thread_between_lines(svg, layout, i, y, x),
        }
    }
    marks(svg, layout, place);
    exit(svg, layout, place);
    // A drop at the exit stays visible over the exit's line.
    svg.push_str(&on_top);
}

/// The faint note on a lane this run printed nothing on (another run of
/// the comparison did), at `(x, y)`: its start and middle.
pub(super) fn no_lines(svg: &mut String, (x, y): (f64, f64)) {
    let _ = write!(
        svg,
        "<text class=\"mdbx-tl-none\" x=\"{x:.1}\" y=\"{:.1}\" font-style=\"italic\">no lines</text>",
        y + 4.0
    );
}

/// The faint dotted thread from a lane's first line to its last.
fn thread_between_lines(
    svg: &mut String,
    layout: &Layout<'_>,
    lane: usize,
    y: f64,
    x: &dyn Fn(u64) -> f64,
) {
    let mut times = layout
        .marks
        .iter()
        .filter(|m| m.lane == lane)
        .map(|m| m.at_us);
    let Some(first) = times.next() else {
        return;
    };
    let last = times.next_back().unwrap_or(first);
    if last > first {
        let _ = write!(
            svg,
            "<line class=\"mdbx-tl-span\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y}\" y2=\"{y}\"/>",
            x(first),
            x(last)
        );
    }
}

/// Every line as a mark at the moment it was printed; a panic message is
/// labelled.
fn marks(svg: &mut String, layout: &Layout<'_>, place: Place<'_>) {
    let x = place.x;
    let lane_y = |i: usize| place.lane_y(i);
    if layout.marks.len() > AGGREGATE_ABOVE {
        aggregated(svg, &layout.marks, x, &lane_y);
        return;
    }
    let radius = if layout.trace.is_some() {
        TRACED_MARK_R
    } else {
        MARK_R
    };
    let mut panic_labelled = false;
    for m in &layout.marks {
        let class = if m.stderr {
            "mdbx-tl-mark mdbx-tl-stderr"
        } else {
            "mdbx-tl-mark"
        };
        let (cx, cy) = (x(m.at_us), lane_y(m.lane));
        let _ = write!(
            svg,
            "<circle class=\"{class}\" cx=\"{cx:.1}\" cy=\"{cy}\" r=\"{radius}\"><title>{} {}</title></circle>",
            stamp(m.at_us),
            esc(m.text)
        );
        if m.stderr && m.text.contains("panicked") && !panic_labelled {
            panic_labelled = true;
            let (lx, anchor) = super::beside(cx, 5, place.frame.width);
            let _ = write!(
                svg,
                "<text class=\"mdbx-tl-event mdbx-tl-panic\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">panic</text>",
                cy - 6.0
            );
        }
    }
}

/// The exit: a dashed line across the run's lanes, labelled at its top.
fn exit(svg: &mut String, layout: &Layout<'_>, place: Place<'_>) {
    let end = (place.x)(layout.run.total_us);
    let top = place.top;
    let bottom = place.top + LANE * layout.rows.len().max(1) as f64;
    let _ = write!(
        svg,
        "<line class=\"mdbx-tl-exit\" x1=\"{end:.1}\" x2=\"{end:.1}\" y1=\"{top}\" y2=\"{bottom:.1}\"><title>exit at {}</title></line>",
        stamp(layout.run.total_us)
    );
}

/// Many lines: one small block per lane and pixel column, titled with its count.
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
