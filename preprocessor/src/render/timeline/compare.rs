//! Several runs in one figure, on one time axis: each run a header row (its
//! label, a bar as long as the run, its total) above its own lanes. The same
//! second is the same width in every row, so a run that took half as long
//! is drawn half as long.

use super::axis::axis;
use super::draw::{Place, draw_run};
use super::lanes::Layout;
use super::legend::{draw_legend, layout_legend, legend_items};
use super::words::shorten;
use super::{AXIS, Frame, LANE, LEGEND_ROW};
use crate::render::{esc, human};
use crate::run::RunOutcome;
use regex::Regex;
use std::fmt::Write;

/// Height of a run's header row.
const HEAD: f64 = 26.0;
/// Space between two runs.
const GAP: f64 = 10.0;
/// Room right of the longest run for its total.
const TOTAL_ROOM: f64 = 64.0;
const TOP: f64 = 6.0;

/// One run of a comparison and its label.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    pub label: &'a str,
    pub run: &'a RunOutcome,
}

/// Draw `runs` in one SVG of `frame`'s width; `id` makes its element ids
/// unique in the page.
pub fn compare(id: &str, runs: &[Compared<'_>], lanes: &Regex, frame: Frame) -> String {
    let Frame { width, labels, .. } = frame;
    let layouts: Vec<Layout<'_>> = runs.iter().map(|c| Layout::new(c.run, lanes)).collect();
    let span_us = layouts.iter().map(Layout::span_us).max().unwrap_or(1);
    let plot = width - labels - TOTAL_ROOM;
    let us_per_px = span_us as f64 / plot;
    let x = |us: u64| labels + us as f64 / span_us as f64 * plot;
    let tops: Vec<f64> = layouts
        .iter()
        .scan(TOP, |top, l| {
            let this = *top;
            *top += HEAD + LANE * l.rows.len().max(1) as f64 + GAP;
            Some(this)
        })
        .collect();
    let rowsbottom = tops.last().map_or(TOP, |t| {
        t + HEAD + LANE * layouts.last().map_or(1, |l| l.rows.len().max(1)) as f64
    });
    let trace = layouts.iter().find_map(|l| l.trace);
    let legend_rows = layout_legend(&legend_items(&layouts.iter().collect::<Vec<_>>()), width);
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
        let place = Place {
            frame,
            x: &x,
            us_per_px,
            top: top + HEAD,
        };
        draw_run(&mut svg, layout, place);
    }
    draw_legend(&mut svg, &legend_rows, rowsbottom + AXIS);
    svg.push_str("</svg>");
    svg
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
    let mid = top + HEAD / 2.0;
    let end = x(c.run.total_us);
    let _ = write!(
        svg,
        "<text class=\"mdbx-tl-run\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
<rect class=\"mdbx-tl-runbar mdbx-tl-r{}\" x=\"{labels}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"2\"><title>{} ran {}</title></rect>\
<text class=\"mdbx-tl-total\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        labels - 8.0,
        mid + 4.5,
        esc(&shorten(c.label, frame.label_chars)),
        i % 2,
        mid - 4.0,
        (end - labels).max(1.0),
        esc(c.label),
        human(c.run.total_us),
        end + 6.0,
        mid + 4.5,
        human(c.run.total_us),
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
                human(c.run.total_us)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
