//! Numbers a run prints, drawn as bars (`chart=`): one small panel per
//! quantity, each with its own scale, one labelled bar per line that
//! printed it. A figure about how much, not when.

use super::words::shorten;
use super::{CHAR_W, Frame};
use crate::finding::figure::Quantity;
use crate::render::esc;
use crate::running::process::RunOutcome;
use regex::Regex;
use std::fmt::Write;

/// One bar: its label and value, and its colour: the same for every bar
/// of one run (of one lane, for a lone run), in every panel.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) value: f64,
    pub(super) text: String,
    pub(super) colour: usize,
}

/// The bars of `quantity` in `runs` (each with its label, empty for a lone
/// run): one per line that prints it, labelled with its run and its lane,
/// coloured by its run (by its lane, in the order lanes first print, for a
/// lone run).
pub(super) fn bars(quantity: &Quantity, runs: &[(&str, &RunOutcome)], lanes: &Regex) -> Vec<Bar> {
    let Ok(re) = Regex::new(&quantity.pattern) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut lanes_seen: Vec<String> = Vec::new();
    for (k, (label, run)) in runs.iter().enumerate() {
        for line in &run.lines {
            let Some(value) = re.captures(&line.text).and_then(|c| c.get(1)) else {
                continue;
            };
            let text = value.as_str().replace(['_', ','], "");
            let Ok(number) = text.parse::<f64>() else {
                continue;
            };
            let lane = lanes
                .captures(&line.text)
                .and_then(|c| c.get(1))
                .map_or("main", |m| m.as_str());
            // In a comparison, a line without a lane is its run's own.
            let name = match (label.is_empty(), lane) {
                (true, _) => lane.to_string(),
                (false, "main") => (*label).to_string(),
                (false, _) => format!("{label} · {lane}"),
            };
            let colour = if runs.len() > 1 {
                k
            } else {
                match lanes_seen.iter().position(|l| l == lane) {
                    Some(i) => i,
                    None => {
                        lanes_seen.push(lane.to_string());
                        lanes_seen.len() - 1
                    }
                }
            };
            out.push(Bar {
                label: name,
                value: number,
                text: value.as_str().to_string(),
                colour,
            });
        }
    }
    out
}

/// Why `quantities` cannot be drawn from `runs`: a quantity no line printed.
pub fn problems(
    quantities: &[Quantity],
    runs: &[(&str, &RunOutcome)],
    lanes: &Regex,
) -> Vec<String> {
    quantities
        .iter()
        .filter(|q| bars(q, runs, lanes).is_empty())
        .map(|q| {
            format!(
                "chart `{}`: no line has a number where `{}` captures one",
                q.label, q.pattern
            )
        })
        .collect()
}

const TITLE: f64 = 22.0;
const ROW: f64 = 22.0;
const GAP: f64 = 10.0;

/// The chart of `quantities` over `runs`, in `frame`'s width.
pub(super) fn chart(
    id: &str,
    quantities: &[Quantity],
    runs: &[(&str, &RunOutcome)],
    lanes: &Regex,
    frame: Frame,
) -> String {
    let panels: Vec<(&Quantity, Vec<Bar>)> = quantities
        .iter()
        .map(|q| (q, bars(q, runs, lanes)))
        .collect();
    let width = frame.width;
    let labels = panels
        .iter()
        .flat_map(|(_, b)| b.iter().map(|b| b.label.chars().count()))
        .max()
        .unwrap_or(4)
        .min(if frame.stack_labels { 16 } else { 28 }) as f64
        * CHAR_W
        + 16.0;
    let height: f64 = panels
        .iter()
        .map(|(_, b)| TITLE + ROW * b.len() as f64 + GAP)
        .sum::<f64>()
        + 4.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"mdbx-timeline mdbx-tl-chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"mdbx-ch-{n}{i}-t\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"mdbx-ch-{n}{i}-t\">{title}</title>",
        n = esc(id),
        i = frame.id_suffix,
        title = esc(&describe(&panels)),
    );
    let mut top = 4.0;
    for (q, bars) in &panels {
        let _ = write!(
            svg,
            "<text class=\"mdbx-tl-run\" x=\"8\" y=\"{:.1}\">{}</text>",
            top + 15.0,
            esc(&q.label)
        );
        top += TITLE;
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let room = width - labels - 8.0 - 12.0 * CHAR_W;
        for (row, b) in bars.iter().enumerate() {
            let y = top + ROW * row as f64;
            let w = if max > 0.0 {
                (b.value / max * room).max(1.5)
            } else {
                1.5
            };
            let _ = write!(
                svg,
                "<text class=\"mdbx-tl-lane\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
<rect class=\"mdbx-tl-runbar mdbx-tl-r{}\" x=\"{labels:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"12\" rx=\"2\"><title>{}: {} {}</title></rect>\
<text class=\"mdbx-tl-total\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                labels - 8.0,
                y + 15.0,
                esc(&shorten(&b.label, if frame.stack_labels { 16 } else { 28 })),
                b.colour % 2,
                y + 5.0,
                esc(&b.label),
                esc(&b.text),
                esc(&q.label),
                labels + w + 6.0,
                y + 15.0,
                esc(&b.text)
            );
        }
        top += ROW * bars.len() as f64 + GAP;
    }
    svg.push_str("</svg>");
    svg
}

/// The chart's values in words, for screen readers.
fn describe(panels: &[(&Quantity, Vec<Bar>)]) -> String {
    panels
        .iter()
        .map(|(q, bars)| {
            let values: Vec<String> = bars
                .iter()
                .map(|b| format!("{} {}", b.label, b.text))
                .collect();
            format!("{}: {}", q.label, values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(". ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::figure::Figure;
    use crate::render::timeline::fixtures::*;

    #[test]
    fn snapshot_of_the_numbers_a_run_printed() {
        let r = run(
            &[
                (
                    0,
                    "[threads] 2000 started in 81234 µs; OS threads in the process: 2001",
                ),
                (500, "[threads] all 2000 done"),
                (
                    600,
                    "[tasks] 2000 started in 2345 µs; OS threads in the process: 1",
                ),
                (1100, "[tasks] all 2000 done"),
            ],
            1200,
        );
        let mut f = Figure::default();
        f.apply(
            "chart",
            "start-up (µs) = started in (\\d+); OS threads = in the process: (\\d+)",
        )
        .expect("figure option")
        .expect("valid");
        let runs = [("", &r)];
        let svg = chart("cost", &f.chart, &runs, &re(), Frame::WIDE);
        assert!(svg.contains(">81234<") && svg.contains(">2345<"), "{svg}");
        assert!(
            svg.contains(">threads<") && svg.contains(">tasks<"),
            "{svg}"
        );
        assert!(problems(&f.chart, &runs, &re()).is_empty());
        let mut none = Figure::default();
        none.apply("chart", "rss = rss=(\\d+)")
            .expect("figure option")
            .expect("valid");
        assert!(problems(&none.chart, &runs, &re())[0].contains("chart `rss`"));
        insta::assert_snapshot!(svg.replace("><", ">\n<"));
    }

    /// In a comparison every bar of a run has that run's colour, in every
    /// panel, however many lines each run printed.
    #[test]
    fn bars_take_the_colour_of_their_run() {
        let many = run(&[(0, "[a] n=1"), (1, "[b] n=2"), (2, "n=3")], 3);
        let one = run(&[(0, "[a] n=4")], 1);
        let mut f = Figure::default();
        f.apply("chart", "n = n=([0-9]+)")
            .expect("figure option")
            .expect("valid");
        let svg = chart(
            "c",
            &f.chart,
            &[("x", &many), ("y", &one)],
            &re(),
            Frame::WIDE,
        );
        let colours: Vec<&str> = svg
            .match_indices("mdbx-tl-runbar mdbx-tl-r")
            .map(|(i, m)| &svg[i + m.len()..i + m.len() + 1])
            .collect();
        assert_eq!(colours, ["0", "0", "0", "1"], "{svg}");
        assert!(svg.contains(">x · a<") && svg.contains(">x<"), "{svg}");
    }
}
