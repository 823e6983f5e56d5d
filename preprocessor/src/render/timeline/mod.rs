//! A timeline of one real run as an inline SVG: a time axis in seconds or
//! milliseconds, one lane per task, a mark for every line at the moment it
//! was printed (hover for the line and its exact time), the exit, and a legend.
//!
//! Lanes come from the output itself: by default a line that starts with
//! `[name]` belongs to lane `name`; other lines belong to `main`.
//!
//! When the example used the trace helper (see [`crate::running::trace`]), each traced
//! future also gets a lane (by its name, so `trace::task("a", …)` and the
//! lines `[a] …` share one): a thin line while it exists, a **bar** for every
//! poll (the future was running), coloured by the thread that polled it, a
//! small triangle where its waker was called, a cross where it was dropped
//! unfinished (cancelled). Polls closer together than one pixel on the same
//! thread are merged into one bar, whose opacity shows how much of it was
//! really spent running; so thousands of polls cost a few hundred rectangles.
//!
//! Colours come from CSS classes (see `assets/mdbook-examples.css`) that use
//! the theme's variables, so the diagram is readable in every mdBook theme.
//! The SVG is one line: no blank line can end the surrounding HTML block.

mod axis;
mod chart;
mod compare;
mod draw;
#[cfg(test)]
mod fixtures;
mod lanes;
mod legend;
mod notes;
mod sequence;
mod shared;
mod traced;
mod words;

use super::esc;
use crate::finding::figure::{Axis, Figure, NoteKind};
pub use crate::finding::lanes::DEFAULT_LANES;
use crate::running::process::RunOutcome;
use axis::axis;
pub use chart::problems as chart_problems;
pub use compare::compare;
use draw::{Place, draw_run};
use lanes::Layout;
pub use legend::once_per_page as legend_once_per_page;
use legend::{draw_legend, layout_legend, legend_items};
pub use notes::problems as note_problems;
use regex::Regex;
pub use shared::style;
use std::fmt::Write;
use words::describe;

/// One run of a comparison and its label.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    pub label: &'a str,
    pub run: &'a RunOutcome,
}

/// Above this many lines, marks are grouped per lane and pixel column.
const AGGREGATE_ABOVE: usize = 300;
/// At most this many lanes; the last one gathers the rest.
const MAX_LANES: usize = 24;

const WIDTH: f64 = 720.0;
const LABELS: f64 = 120.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 10.0;
const LANE: f64 = 26.0;
const AXIS: f64 = 30.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 18.0;
/// Height of a running bar.
const BAR: f64 = 12.0;
/// Narrowest bar drawn, so that a 20 µs poll on a 10 s axis is still seen.
const MIN_BAR: f64 = 1.5;
/// Thread colours (`mdbx-tl-t0` …); more threads reuse them.
const PALETTE: usize = 6;
/// Approximate advance of one character of the 11 px monospace labels.
const CHAR_W: f64 = 7.0;

/// The horizontal geometry of a figure: its width, the column of lane
/// labels on its left, and how many characters a label keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    width: f64,
    labels: f64,
    label_chars: usize,
    /// Ends the ids of the drawing's elements, so both drawings of a run
    /// can be in one page.
    id_suffix: &'static str,
    /// Whether a comparison's run labels stand above their bars.
    stack_labels: bool,
}

impl Frame {
    /// For a page column (720 px).
    pub const WIDE: Frame = Frame {
        width: WIDTH,
        labels: LABELS,
        label_chars: fits(LABELS),
        id_suffix: "",
        stack_labels: false,
    };
    /// For a phone (340 px): the same text size, fewer pixels per second.
    pub const NARROW: Frame = Frame {
        width: 340.0,
        labels: 80.0,
        label_chars: fits(80.0),
        id_suffix: "-n",
        stack_labels: true,
    };
}

/// How many characters a lane label keeps in a column of `labels` px: as
/// many as fit left of its end, 8 px before the lanes.
const fn fits(labels: f64) -> usize {
    ((labels - 8.0) / CHAR_W) as usize
}

/// Where a label of `chars` characters goes beside a mark at `x`: right of
/// it, or left of it when it would pass `right_edge`. Returns its x and
/// its text anchor.
fn beside(x: f64, chars: usize, right_edge: f64) -> (f64, &'static str) {
    if x + 7.0 + chars as f64 * CHAR_W > right_edge {
        (x - 7.0, "end")
    } else {
        (x + 7.0, "start")
    }
}

/// The numbers `figure.chart` names, printed by `runs` (each with its
/// label: empty for a lone run), as bars in `frame`'s width.
pub fn chart(
    id: &str,
    figure: &Figure,
    runs: &[(&str, &RunOutcome)],
    lanes: &Regex,
    frame: Frame,
) -> String {
    chart::chart(id, &figure.chart, runs, lanes, frame)
}

/// Whether `layouts` are drawn as numbered sequences: asked for with
/// `axis=order`, or (`axis=auto`) when every run's lines came within a few
/// milliseconds and are few enough to read as steps.
fn in_order(layouts: &[&Layout<'_>], axis: Axis) -> bool {
    let lines = layouts.iter().all(|l| !l.marks.is_empty());
    match axis {
        Axis::Time => false,
        Axis::Order => lines,
        Axis::Auto => (layouts.iter())
            .all(|l| l.instant(sequence::WINDOW_US) && l.marks.len() <= sequence::MAX_STEPS),
    }
}

/// Whether `runs` compared are drawn on a time axis: not as a chart of
/// numbers, nor (their lines all within a few milliseconds) in order.
pub fn on_time_axis(runs: &[Compared<'_>], lanes: &Regex, figure: &Figure) -> bool {
    let layouts: Vec<Layout<'_>> = runs.iter().map(|c| Layout::new(c.run, lanes)).collect();
    figure.chart.is_empty() && !in_order(&layouts.iter().collect::<Vec<_>>(), figure.axis)
}

/// Draw the timeline of `run` for example `name` in `frame`'s width (its
/// order, when all its lines came within a few milliseconds), with what
/// `figure` marks on it.
pub fn render(
    name: &str,
    run: &RunOutcome,
    (lanes, figure): (&Regex, &Figure),
    frame: Frame,
) -> String {
    let layout = Layout::new(run, lanes);
    if in_order(&[&layout], figure.axis) {
        return sequence::sequence(name, &layout, frame);
    }
    let Frame { width, labels, .. } = frame;
    let events = figure.events.as_ref().map(|e| e.regex().clone());
    let (placed, _) = notes::place((run, 0), figure, events.as_ref());
    let span_us = (placed.iter().map(|p| p.to_us).max())
        .unwrap_or(0)
        .max(layout.span_us());
    let plot = width - labels - RIGHT;
    let us_per_px = span_us as f64 / plot;
    let x = |us: u64| labels + us as f64 / span_us as f64 * plot;
    let (flag_rows, _) = notes::flag_rows(&placed, &x, (4.0, width - 4.0));
    let lanes_top = TOP + notes::FLAG_ROW * flag_rows as f64;
    let rowsbottom = lanes_top + LANE * layout.rows.len().max(1) as f64;
    let drops = placed.iter().any(|p| p.kind == NoteKind::Drop);
    let legend_rows = layout_legend(&legend_items(&[&layout], drops), width);
    let height = rowsbottom + AXIS + LEGEND_ROW * legend_rows.len() as f64 + 4.0;
    let mut svg = String::new();
    let class = if layout.trace.is_some() {
        "mdbx-timeline mdbx-tl-traced"
    } else {
        "mdbx-timeline"
    };
    let _ = write!(
        svg,
        "<svg class=\"{class}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"mdbx-tl-{n}{i}-t mdbx-tl-{n}{i}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-tl-{n}{i}-t\">Timeline of the real run of {n}</title>\
<desc id=\"mdbx-tl-{n}{i}-d\">{desc}</desc>",
        n = esc(name),
        i = frame.id_suffix,
        desc = esc(&describe(
            &layout.rows,
            &layout.marks,
            run.total_us,
            layout.trace
        )),
    );
    axis(&mut svg, span_us, lanes_top, rowsbottom, &x);
    let area = notes::Area {
        x: &x,
        flags_top: TOP,
        lanes_top,
        lanes_bottom: rowsbottom,
        left: 4.0,
        right: width - 4.0,
    };
    notes::draw_bands(&mut svg, &layout, (&placed, false), &area);
    let place = Place {
        frame,
        x: &x,
        us_per_px,
        top: lanes_top,
    };
    draw_run(&mut svg, &layout, place);
    notes::draw_bands(&mut svg, &layout, (&placed, true), &area);
    notes::draw_marks(&mut svg, &layout, &placed, &area);
    draw_legend(&mut svg, &legend_rows, rowsbottom + AXIS);
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixtures::*;

    #[test]
    fn rowsfrom_prefixes_and_escaped_titles() {
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
            (&re(), &Figure::default()),
            Frame::WIDE,
        );
        for lane in [">a<", ">b<", ">main<"] {
            assert!(svg.contains(lane), "{lane} missing");
        }
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        // four lines and one legend swatch
        assert_eq!(svg.matches("<circle").count(), 5);
        assert!(svg.contains("<title id=") && svg.contains("<desc"));
        let desc = &svg[svg.find("<desc").expect("desc")..svg.find("</desc>").expect("desc")];
        assert!(
            desc.contains(
                "4 lines in 3 lane(s) over 3.001 s. a: 2 lines from +0.000s to +2.000s. b: 1 line at +0.001s. main: 1 line at +3.000s."
            ),
            "{desc}"
        );
        assert_eq!(
            svg.matches("mdbx-tl-tick").count(),
            1,
            "one path for all ticks"
        );
        assert!(svg.contains("printed a line"));
        assert!(!svg.contains('\n'));
        assert!(!svg.contains("mdbx-tl-traced"));
    }

    #[test]
    fn thousands_of_lines_are_aggregated() {
        let lines: Vec<(u64, String)> = (0..5000).map(|i| (i / 5, format!("[w] {i}"))).collect();
        let refs: Vec<(u64, &str)> = lines.iter().map(|(t, s)| (*t, s.as_str())).collect();
        let svg = render(
            "many",
            &run(&refs, 1000),
            (&re(), &Figure::default()),
            Frame::WIDE,
        );
        assert_eq!(svg.matches("<circle").count(), 1, "only the legend's");
        assert!(svg.matches("<rect").count() < 200);
    }

    #[test]
    fn a_label_near_the_right_edge_goes_left_of_its_mark() {
        assert_eq!(beside(100.0, 7, 720.0), (107.0, "start"));
        assert_eq!(beside(690.0, 7, 720.0), (683.0, "end"));
    }

    #[test]
    fn the_narrow_drawing_keeps_the_text_size_and_fits_a_phone() {
        let r = run(
            &[(0, "[a] start"), (400, "[b] start"), (800, "[a] done")],
            900,
        );
        let svg = render("phone", &r, (&re(), &Figure::default()), Frame::NARROW);
        assert!(svg.contains("viewBox=\"0 0 340 "), "{svg}");
        assert!(svg.contains("id=\"mdbx-tl-phone-n-t\""), "{svg}");
        let xs: Vec<f64> = svg
            .match_indices(" cx=\"")
            .map(|(i, _)| {
                let rest = &svg[i + 5..];
                rest[..rest.find('"').expect("end")].parse().expect("x")
            })
            .collect();
        assert!(xs.iter().all(|x| (0.0..340.0).contains(x)), "{xs:?}");
    }
}
