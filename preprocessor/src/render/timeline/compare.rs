//! Several runs in one figure, on one time axis: each run a header row (its
//! label, a bar as long as the run, its total) above its own lanes. The same
//! second is the same width in every row, so a run that took half as long
//! is drawn half as long.

use super::axis::axis;
use super::draw::{Place, draw_run};
use super::lanes::Layout;
use super::legend::{draw_legend, layout_legend, legend_items};
use super::notes::{self, FLAG_ROW};
use super::sequence;
use super::words::shorten;
use super::{AXIS, Compared, Frame, LANE, LEGEND_ROW};
use crate::finding::figure::{Figure, NoteKind};
use crate::render::esc;
use crate::util::time::total;
use regex::Regex;
use std::fmt::Write;

/// Height of a run's header row.
pub(super) const HEAD: f64 = 26.0;
/// Height of a run's header in a narrow drawing: its label on a line of its
/// own above the bar, so that it is not cut to a few letters.
pub(super) const STACKED_HEAD: f64 = 40.0;

/// The height of a run's header in `frame`.
fn head(frame: Frame) -> f64 {
    if frame.stack_labels {
        STACKED_HEAD
    } else {
        HEAD
    }
}
/// Space between two runs.
pub(super) const GAP: f64 = 10.0;
/// Room right of the longest run for its total.
pub(super) const TOTAL_ROOM: f64 = 64.0;
pub(super) const TOP: f64 = 6.0;

/// Draw `runs` in one SVG of `frame`'s width; `id` makes its element ids
/// unique in the page. Every run lists its lanes in the first run's order;
/// `figure`'s events, marks, bands and drops are drawn on each run that has
/// their lines. When every run's lines came within a few milliseconds, the
/// runs are drawn as numbered sequences instead (their order is the point).
pub fn compare(
    id: &str,
    runs: &[Compared<'_>],
    (lanes, figure): (&Regex, &Figure),
    frame: Frame,
) -> String {
    // A run's label is never cut: stacked above its bar when it is long.
    let long = runs
        .iter()
        .any(|c| c.label.chars().count() > frame.label_chars);
    let frame = Frame {
        stack_labels: frame.stack_labels || long,
        ..frame
    };
    let Frame { width, labels, .. } = frame;
    let layouts = same_lanes(runs, lanes);
    if super::in_order(&layouts.iter().collect::<Vec<_>>(), figure.axis) {
        return sequence::sequences(id, runs, &layouts, frame);
    }
    let events = figure.events.as_ref().map(|e| e.regex().clone());
    let placed: Vec<Vec<notes::Placed>> = runs
        .iter()
        .enumerate()
        .map(|(i, c)| notes::place((c.run, i), figure, events.as_ref()).0)
        .collect();
    let span_us = (layouts.iter().map(Layout::span_us))
        .chain(placed.iter().flatten().map(|p| p.to_us))
        .max()
        .unwrap_or(1)
        .max(1);
    let plot = width - labels - TOTAL_ROOM;
    let us_per_px = span_us as f64 / plot;
    let x = |us: u64| labels + us as f64 / span_us as f64 * plot;
    let flag_rows: Vec<f64> = placed
        .iter()
        .map(|p| FLAG_ROW * notes::flag_rows(p, &x, (4.0, width - 4.0)).0 as f64)
        .collect();
    let heights: Vec<f64> = layouts
        .iter()
        .enumerate()
        .map(|(i, l)| head(frame) + flag_rows[i] + LANE * l.rows.len().max(1) as f64)
        .collect();
    let tops: Vec<f64> = heights
        .iter()
        .scan(TOP, |top, h| {
            let this = *top;
            *top += h + GAP;
            Some(this)
        })
        .collect();
    let rowsbottom = tops.last().zip(heights.last()).map_or(TOP, |(t, h)| t + h);
    let trace = layouts.iter().find_map(|l| l.trace);
    let drops = placed.iter().flatten().any(|p| p.kind == NoteKind::Drop);
    let legend_rows = layout_legend(
        &legend_items(&layouts.iter().collect::<Vec<_>>(), drops),
        width,
    );
    let height = rowsbottom + AXIS + LEGEND_ROW * legend_rows.len() as f64 + 4.0;
    let traced = if trace.is_some() {
        " mdbx-tl-traced"
    } else {
        ""
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"mdbx-timeline mdbx-tl-compare{traced}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"mdbx-cmp-{n}-t mdbx-cmp-{n}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-cmp-{n}-t\">{title}</title><desc id=\"mdbx-cmp-{n}-d\">{desc}</desc>",
        n = esc(id),
        title = esc(&format!(
            "The real runs of {}, on one time axis",
            runs.iter().map(|c| c.label).collect::<Vec<_>>().join(", ")
        )),
        desc = esc(&describe(runs)),
    );
    axis(&mut svg, span_us, TOP, rowsbottom, &x);
    for (i, (layout, top)) in layouts.iter().zip(&tops).enumerate() {
        header(&mut svg, runs[i], i, (*top, frame), &x);
        let lanes_top = top + head(frame) + flag_rows[i];
        let area = notes::Area {
            x: &x,
            flags_top: top + head(frame),
            lanes_top,
            lanes_bottom: top + heights[i],
            left: 4.0,
            right: width - 4.0,
        };
        notes::draw_bands(&mut svg, layout, (&placed[i], false), &area);
        let place = Place {
            frame,
            x: &x,
            us_per_px,
            top: lanes_top,
        };
        draw_run(&mut svg, layout, place);
        notes::draw_bands(&mut svg, layout, (&placed[i], true), &area);
        notes::draw_marks(&mut svg, layout, &placed[i], &area);
    }
    draw_legend(&mut svg, &legend_rows, rowsbottom + AXIS);
    svg.push_str("</svg>");
    svg
}

/// The runs laid out with the same lanes in the same order: the first
/// run's, then those only later runs have; a run without one of them shows
/// it empty. A panic names its lane from any run's lanes.
pub(super) fn same_lanes<'a>(runs: &[Compared<'a>], lanes: &Regex) -> Vec<Layout<'a>> {
    let mut names: Vec<String> = Vec::new();
    for c in runs {
        for row in Layout::new(c.run, lanes).rows {
            if !names.contains(&row.name) {
                names.push(row.name);
            }
        }
    }
    let mut layouts: Vec<Layout<'a>> = (runs.iter())
        .map(|c| Layout::knowing(c.run, lanes, &names))
        .collect();
    // A panic moved to a lane of another run may add a name.
    for l in &layouts {
        for row in &l.rows {
            if !names.contains(&row.name) {
                names.push(row.name.clone());
            }
        }
    }
    for l in &mut layouts {
        l.pad(&names);
    }
    layouts
}

/// A run's header: its label, a bar from its start to its exit, its total.
fn header(
    svg: &mut String,
    c: Compared<'_>,
    i: usize,
    (top, frame): (f64, Frame),
    x: &dyn Fn(u64) -> f64,
) {
    let labels = frame.labels;
    let end = x(c.run.total_us);
    // The label: left of the bar, or above it in a narrow drawing.
    let (label_x, label_y, anchor, chars, mid) = if frame.stack_labels {
        (8.0, top + 14.0, "start", 40, top + 27.0)
    } else {
        (
            labels - 8.0,
            top + HEAD / 2.0 + 4.5,
            "end",
            frame.label_chars,
            top + HEAD / 2.0,
        )
    };
    let _ = write!(
        svg,
        "<text class=\"mdbx-tl-run\" x=\"{label_x}\" y=\"{label_y:.1}\" text-anchor=\"{anchor}\">{}</text>\
<rect class=\"mdbx-tl-runbar mdbx-tl-r{}\" x=\"{labels}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"2\"><title>{} ran {}</title></rect>\
<text class=\"mdbx-tl-total\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        esc(&shorten(c.label, chars)),
        i % 2,
        mid - 4.0,
        (end - labels).max(1.0),
        esc(c.label),
        total(c.run.total_us),
        end + 6.0,
        mid + 4.5,
        total(c.run.total_us),
    );
}

/// What the figure shows, for screen readers.
fn describe(runs: &[Compared<'_>]) -> String {
    runs.iter()
        .map(|c| {
            format!(
                "{}: {} lines, exit after {}.",
                c.label,
                c.run.lines.len(),
                total(c.run.total_us)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::timeline::Frame;
    use crate::render::timeline::fixtures::*;

    /// A lane one run lacks is drawn in every run, empty, with "no lines",
    /// in one order; a band for run B only (`B.`) is drawn on B alone; a
    /// band whose points are one moment is not drawn; a panic whose message
    /// starts with a lane's name is drawn on that lane.
    #[test]
    fn compared_runs_show_the_same_lanes_and_their_own_marks() {
        let mut std = run(
            &[
                (0, "[heartbeat] late"),
                (100, "[c1] sent"),
                (900, "[c1] echoed"),
                (950, "[main] done"),
            ],
            1000,
        );
        std.lines[0].at_us = 50_000;
        let mut tokio = run(
            &[
                (100, "[c1] sent"),
                (100, "[c1] echoed"),
                (300, ""),
                (
                    300,
                    "thread 'tokio-rt-worker' (7) panicked at src/bin/x.rs:8:9:",
                ),
                (300, "heartbeat could not parse its input"),
                (400, "[main] done"),
            ],
            500,
        );
        for l in &mut tokio.lines[2..5] {
            l.stream = crate::running::process::Stream::Stderr;
        }
        let f = {
            let mut f = Figure::default();
            for (k, v) in [
                ("band", "A.c1 waits @ [c1] sent .. [c1] echoed"),
                ("busy", "echoing @ [c1] sent .. [c1] echoed"),
            ] {
                f.apply(k, v).expect("option").expect("valid");
            }
            f
        };
        let runs = [
            Compared {
                label: "std",
                run: &std,
            },
            Compared {
                label: "tokio",
                run: &tokio,
            },
        ];
        let svg = compare("lanes", &runs, (&re(), &f), Frame::WIDE);
        let second = &svg[svg.find(">tokio<").expect("second run")..];
        let lanes = regex::Regex::new(r#"class="mdbx-tl-lane"[^>]*>([^<]*)<"#).expect("regex");
        let names =
            |s: &str| -> Vec<String> { lanes.captures_iter(s).map(|c| c[1].to_string()).collect() };
        let first = &svg[..svg.find(">tokio<").expect("second run")];
        assert_eq!(names(first), ["heartbeat", "c1", "main"]);
        assert_eq!(names(second), ["heartbeat", "c1", "main"]);
        assert_eq!(
            svg.matches(">no lines<").count(),
            0,
            "the panic is on heartbeat"
        );
        assert!(
            second.contains("mdbx-tl-stderr") && second.contains(">panic<"),
            "{second}"
        );
        assert_eq!(svg.matches(">c1 waits<").count(), 1, "only in run A: {svg}");
        assert!(!second.contains("echoing"), "an empty busy band: {second}");
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
        let quiet = run(&[(100, "[c1] sent"), (400, "[main] done")], 500);
        let runs = [
            Compared {
                label: "std",
                run: &std,
            },
            Compared {
                label: "quiet",
                run: &quiet,
            },
        ];
        let svg = compare("quiet", &runs, (&re(), &Figure::default()), Frame::WIDE);
        let second = &svg[svg.find(">quiet<").expect("second run")..];
        assert_eq!(names(second), ["heartbeat", "c1", "main"]);
        assert_eq!(second.matches(">no lines<").count(), 1, "{second}");
    }

    #[test]
    fn snapshot_of_a_comparison_on_one_axis() {
        let seq = run(
            &[
                (0, "test1"),
                (3000, "test2"),
                (3001, "retest1"),
                (5002, "retest2"),
            ],
            5003,
        );
        let joined = run(
            &[
                (0, "test1"),
                (1, "retest1"),
                (2001, "retest2"),
                (3002, "test2"),
            ],
            3003,
        );
        let svg = compare(
            "gather",
            &[
                Compared {
                    label: "sequential",
                    run: &seq,
                },
                Compared {
                    label: "joined",
                    run: &joined,
                },
            ],
            (&re(), &Figure::default()),
            Frame::WIDE,
        );
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
    }
}
