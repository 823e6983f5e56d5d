//! A run whose lines all came within a few milliseconds: on a time axis
//! they would be one blot, so the figure shows their order instead, evenly
//! spaced in their lanes and numbered, and says that the spacing is not time.

use super::lanes::Layout;
use super::{CHAR_W, Compared, Frame, LANE, RIGHT, TOP};
use crate::render::esc;
use crate::util::time::{exact, stamp};
use std::fmt::Write;

/// Lines closer together than this (first to last) are drawn as a sequence.
pub(super) const WINDOW_US: u64 = 3_000;
/// Most lines a sequence draws: more would not read as steps (the drawing
/// says how many it left out).
pub(super) const MAX_STEPS: usize = 40;
/// Widest step between two lines.
const MAX_STEP: f64 = 84.0;
/// Room under the lanes for the arrow and its first line of words.
const FOOT: f64 = 32.0;
/// Height of each line of the words under the arrow.
const FOOT_LINE: f64 = 16.0;

/// The sequence figure of `layout` for example `name`, in `frame`'s width.
pub(super) fn sequence(name: &str, layout: &Layout<'_>, frame: Frame) -> String {
    let Frame { width, labels, .. } = frame;
    let all = layout.marks.len();
    let n = all.min(MAX_STEPS);
    let step = ((width - labels - RIGHT) / n as f64).min(MAX_STEP);
    let rowsbottom = TOP + LANE * layout.rows.len().max(1) as f64;
    let first = if n < all {
        format!("order printed, the first {n} of {all} lines: the spacing is not time")
    } else {
        "order printed: the spacing is not time".to_string()
    };
    let words = [
        first,
        match within(layout) {
            0 => format!("all {all} lines were read at one moment"),
            us => format!("all {all} lines came within {}", exact(us)),
        },
    ];
    let foot_lines = wrap(&words, width);
    let height = rowsbottom + FOOT + FOOT_LINE * (foot_lines.len() - 1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"mdbx-timeline mdbx-tl-sequence\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"mdbx-tl-{id}{i}-t\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-tl-{id}{i}-t\">Order of the lines of the real run of {id}: {words}</title>",
        id = esc(name),
        i = frame.id_suffix,
        words = esc(&words.join("; ")),
    );
    steps(&mut svg, layout, (frame, step), TOP);
    foot(
        &mut svg,
        (labels, labels + step * n as f64),
        rowsbottom,
        &foot_lines,
    );
    svg.push_str("</svg>");
    svg
}

/// Several runs whose lines all came within a few milliseconds, each as its
/// numbered sequence under its label, the steps aligned: step 3 of one run
/// is above step 3 of the next.
pub(super) fn sequences(
    id: &str,
    runs: &[Compared<'_>],
    layouts: &[Layout<'_>],
    frame: Frame,
) -> String {
    let Frame { width, labels, .. } = frame;
    let n = layouts
        .iter()
        .map(|l| l.marks.len())
        .max()
        .unwrap_or(1)
        .clamp(1, MAX_STEPS);
    let step = ((width - labels - RIGHT) / n as f64).min(MAX_STEP);
    let heights: Vec<f64> = (layouts.iter())
        .map(|l| RUN_HEAD + LANE * l.rows.len().max(1) as f64 + GAP)
        .collect();
    let rowsbottom = TOP + heights.iter().sum::<f64>();
    let slowest = layouts.iter().map(within).max().unwrap_or(0);
    let words = [
        "step by step, in the order printed: the spacing is not time".to_string(),
        match slowest {
            0 => "each run's lines were read at one moment".to_string(),
            us => format!("each run printed all its lines within {}", exact(us)),
        },
    ];
    let foot_lines = wrap(&words, width);
    let height = rowsbottom + FOOT + FOOT_LINE * (foot_lines.len() - 1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"mdbx-timeline mdbx-tl-sequence mdbx-tl-compare\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"mdbx-cmp-{n}-t\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-cmp-{n}-t\">{title}</title>",
        n = esc(id),
        title = esc(&format!(
            "The order of the lines of {}: {}",
            runs.iter().map(|c| c.label).collect::<Vec<_>>().join(", "),
            words.join("; ")
        )),
    );
    let mut top = TOP;
    for ((c, layout), h) in runs.iter().zip(layouts).zip(&heights) {
        let order: Vec<&str> = layout
            .marks
            .iter()
            .map(|m| layout.rows[m.lane].name.as_str())
            .collect();
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-run\" x=\"8\" y=\"{:.1}\"><title>{}: {}</title>{}</text>",
            top + 14.0,
            esc(c.label),
            esc(&order.join(" ")),
            esc(c.label)
        );
        steps(&mut svg, layout, (frame, step), top + RUN_HEAD);
        top += h;
    }
    foot(
        &mut svg,
        (labels, labels + step * n as f64),
        rowsbottom,
        &foot_lines,
    );
    svg.push_str("</svg>");
    svg
}

/// Height of a run's label above its lanes in [`sequences`].
const RUN_HEAD: f64 = 24.0;
/// Space between two runs in [`sequences`].
const GAP: f64 = 8.0;

/// From a run's first line to its last.
fn within(layout: &Layout<'_>) -> u64 {
    let first = layout.marks.iter().map(|m| m.at_us).min().unwrap_or(0);
    let last = layout.marks.iter().map(|m| m.at_us).max().unwrap_or(0);
    last - first
}

/// The lanes of `layout` from `top`, each line a numbered mark, one step
/// apart in the order printed (the first [`MAX_STEPS`] lines).
fn steps(svg: &mut String, layout: &Layout<'_>, (frame, step): (Frame, f64), top: f64) {
    let labels = frame.labels;
    let x = |k: usize| labels + step * (k as f64 + 0.5);
    let lane_y = |i: usize| top + LANE * i as f64 + LANE / 2.0;
    let names: Vec<&str> = layout.rows.iter().map(|l| l.name.as_str()).collect();
    let lane_labels = super::words::lane_labels(&names, frame.label_chars);
    for (i, label) in lane_labels.iter().enumerate() {
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-lane\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            labels - 8.0,
            lane_y(i) + 4.0,
            esc(label)
        );
        if layout.is_empty_lane(i) {
            super::draw::no_lines(svg, (labels + 4.0, lane_y(i)));
        }
    }
    for (k, m) in layout.marks.iter().take(MAX_STEPS).enumerate() {
        let class = if m.stderr {
            "mdbx-tl-mark mdbx-tl-stderr"
        } else {
            "mdbx-tl-mark"
        };
        let (cx, cy) = (x(k), lane_y(m.lane));
        let _ = write!(
            svg,
            "<circle class=\"{class}\" cx=\"{cx:.1}\" cy=\"{cy}\" r=\"4.5\"><title>{} {}</title></circle>\
<text class=\"mdbx-tl-order\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            stamp(m.at_us),
            esc(m.text),
            cy - 8.0,
            k + 1
        );
    }
}

/// The arrow of the order under the lanes, and what it means, a line of
/// words under the other.
fn foot(svg: &mut String, (start, end): (f64, f64), rowsbottom: f64, lines: &[String]) {
    let base = rowsbottom + 6.0;
    let _ = write!(
        svg,
        "<path class=\"mdbx-tl-axis\" d=\"M{start} {base}H{end:.1}m-6 -4l6 4l-6 4\"/>"
    );
    for (k, line) in lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-label\" x=\"8\" y=\"{:.1}\">{}</text>",
            base + 20.0 + FOOT_LINE * k as f64,
            esc(line)
        );
    }
}

/// `words`, each broken at spaces into lines that fit `width` (a phone's
/// drawing is too narrow for them on one line).
fn wrap(words: &[String], width: f64) -> Vec<String> {
    let fits = ((width - 16.0) / CHAR_W).floor().max(1.0) as usize;
    let mut lines = Vec::new();
    for w in words {
        let mut line = String::new();
        for word in w.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > fits {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use crate::render::timeline::fixtures::*;
    use crate::render::timeline::{Frame, render};

    #[test]
    fn lines_within_a_few_ms_are_drawn_in_order_not_on_a_time_axis() {
        let lines: Vec<(u64, &str)> = ["[a] 0", "[b] 0", "[b] 1", "[a] 1", "[a] 2", "[b] 2"]
            .into_iter()
            .map(|t| (0, t))
            .collect();
        let mut r = run(&lines, 2);
        for (k, line) in r.lines.iter_mut().enumerate() {
            line.at_us = 150 * k as u64;
        }
        let svg = render("yield_order", &r, (&re(), &Figure::default()), Frame::WIDE);
        assert!(svg.contains("mdbx-tl-sequence"), "{svg}");
        assert!(svg.contains("all 6 lines came within 750 µs"), "{svg}");
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
        // Two runs within a few ms: aligned sequences, lanes in the first's order.
        let mut other = run(&[(0, "[b] 0"), (0, "[a] 0"), (0, "[a] 1"), (0, "[b] 1")], 2);
        for (k, line) in other.lines.iter_mut().enumerate() {
            line.at_us = 100 * k as u64;
        }
        let runs = [
            crate::render::timeline::Compared {
                label: "no yield",
                run: &r,
            },
            crate::render::timeline::Compared {
                label: "yield_now",
                run: &other,
            },
        ];
        let both = crate::render::timeline::compare(
            "order",
            &runs,
            (&re(), &Figure::default()),
            Frame::WIDE,
        );
        assert!(
            both.contains("step by step, in the order printed"),
            "{both}"
        );
        let second = &both[both.find(">yield_now<").expect("second run")..];
        assert!(
            second.find(">a<").expect("a") < second.find(">b<").expect("b"),
            "the first run's lane order: {both}"
        );
        insta::assert_snapshot!("two_runs_in_order", both.replace("><", ">\n<"));
        // Thousands of lines within a few ms: a time axis of counted
        // blocks, not thousands of steps; asked for in order, the first
        // steps and how many were left out.
        let flood: Vec<String> = (0..2_000).map(|k| format!("[a] {k}")).collect();
        let flood: Vec<(u64, &str)> = flood.iter().map(|t| (0, t.as_str())).collect();
        let mut f = run(&flood, 1);
        for (k, line) in f.lines.iter_mut().enumerate() {
            line.at_us = k as u64;
        }
        let auto = render("flood", &f, (&re(), &Figure::default()), Frame::WIDE);
        assert!(!auto.contains("mdbx-tl-sequence"), "{auto}");
        assert!(auto.len() < 40_000, "{} bytes", auto.len());
        let order = Figure {
            axis: crate::finding::figure::Axis::Order,
            ..Figure::default()
        };
        let steps = render("flood", &f, (&re(), &order), Frame::WIDE);
        assert_eq!(
            steps.matches("<circle").count(),
            super::MAX_STEPS,
            "{steps}"
        );
        assert!(steps.contains("the first 40 of 2000 lines"), "{steps}");
        // On a phone, the words under the arrow break into lines that fit.
        let narrow = crate::render::timeline::compare(
            "order",
            &runs,
            (&re(), &Figure::default()),
            Frame::NARROW,
        );
        let label = regex::Regex::new(r#"<text class="mdbx-tl-label" x="8" y="[\d.]+">([^<]*)<"#)
            .expect("regex");
        let lines: Vec<&str> = label
            .captures_iter(&narrow)
            .map(|c| c.get(1).expect("words").as_str())
            .collect();
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            let w = 8.0 + l.chars().count() as f64 * crate::render::timeline::CHAR_W;
            assert!(w <= 340.0, "{l:?} is {w} px wide");
        }
        // Spread over more than a few ms: a time axis again.
        r.lines[5].at_us = 40_000;
        assert!(
            !render("spread", &r, (&re(), &Figure::default()), Frame::WIDE)
                .contains("mdbx-tl-sequence")
        );
    }
}
