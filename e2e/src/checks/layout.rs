//! The page's layout and its comparisons, from what `layout.js` reports
//! about every chapter page at each width (light theme; the layout does not
//! change with the theme). Five checks:
//!
//! - `column`: a block (code, output, figure, table, pane, diagram) starts
//!   left of the column that clips it, or ends right of it, so that a glyph
//!   is cut (at every width);
//! - `sideways`: a code block, table or output needs sideways scrolling at
//!   [`WIDE`] px (compiler diagnostics excepted: they keep rustc's columns
//!   and scroll as a unit, with a fade at the edge as the hint);
//! - `evidence`: every comparison of a chapter is inside a closed
//!   `<details>`, so that a reader who does not click sees none;
//! - `lane-order`: the runs of a comparison list their common lanes in
//!   different orders;
//! - `caption-noise`: a comparison caption quotes a time difference (`N ms
//!   less`, `N s more`, a ratio `0.96×`) while the runs' totals differ by
//!   less than the noise bound, [`noise_bound`].

use crate::report::{Checked, table};
use serde::Deserialize;

/// The width at which nothing may scroll sideways and captions are read.
pub const WIDE: u32 = 1280;
/// A difference under this many seconds …
pub const NOISE_MIN_S: f64 = 0.050;
/// … or under this fraction of the longer run is run-to-run noise: a
/// loaded 2-core machine moves a run's start by tens of ms, and an
/// interpreter's start-up by more.
pub const NOISE_FRACTION: f64 = 0.10;

pub const LAYOUT_JS: &str = include_str!("layout.js");

/// A block past the edge of the element that clips it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outside {
    pub what: String,
    pub at: String,
    pub text: String,
    pub past_left: f64,
    pub past_right: f64,
    pub clipper: String,
}

/// An element that scrolls sideways.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sideways {
    pub what: String,
    pub at: String,
    pub text: String,
    pub scroll_width: f64,
    pub client_width: f64,
}

/// One run of a comparison figure.
#[derive(Debug, Clone, Deserialize)]
pub struct Run {
    pub label: String,
    pub total: Option<String>,
    pub lanes: Vec<String>,
    /// Lanes drawn empty ("no lines"): another run printed on them.
    #[serde(default)]
    pub empty: Vec<String>,
}

/// One comparison figure.
#[derive(Debug, Clone, Deserialize)]
pub struct Compare {
    pub hidden: bool,
    pub caption: String,
    /// Drawn as bars of the numbers the runs printed (`chart=`): no lanes,
    /// no run totals to read; its headline's values are checked at build.
    pub chart: bool,
    pub runs: Vec<Run>,
}

/// What `layout.js` returns.
#[derive(Debug, Clone, Deserialize)]
pub struct Layout {
    pub vw: u32,
    pub compares: Vec<Compare>,
    pub outside: Vec<Outside>,
    pub sideways: Vec<Sideways>,
}

/// A page's layout at one width, as `measure` found it in the first theme:
/// what the judges below read.
#[derive(Debug)]
pub struct Seen<'a> {
    pub page: &'a str,
    pub width: u32,
    pub layout: &'a Layout,
}

fn layouts<'s, 'a>(seen: &'s [Seen<'a>]) -> impl Iterator<Item = (&'s Seen<'a>, &'a Layout)> {
    seen.iter().map(|s| (s, s.layout))
}

/// `column`: no block past the edge of its column, at any width.
pub fn column(seen: &[Seen<'_>]) -> Checked<()> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (s, l) in layouts(seen) {
        for o in &l.outside {
            problems.push(format!(
                "{} at {} px: {} of {} ({:?}) is {:.1} px left and {:.1} px right of its column ({})",
                s.page, s.width, o.what, o.at, o.text, o.past_left, o.past_right, o.clipper
            ));
        }
        if !l.outside.is_empty() {
            let worst = l
                .outside
                .iter()
                .map(|o| o.past_left.max(o.past_right))
                .fold(0.0, f64::max);
            rows.push(vec![
                s.page.to_string(),
                format!("{} px", s.width),
                l.outside.len().to_string(),
                format!("{worst:.1} px"),
            ]);
        }
    }
    let summary = format!("{} block(s) past the edge of their column", problems.len());
    let header = ["page", "width", "blocks", "furthest"];
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}

/// `sideways`: nothing but compiler diagnostics scrolls sideways at
/// [`WIDE`] px.
pub fn sideways(seen: &[Seen<'_>]) -> Checked<()> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut diagnostics = 0;
    for (s, l) in layouts(seen).filter(|(s, _)| s.width == WIDE) {
        for b in &l.sideways {
            if b.what.contains("mdbx-diagnostics") {
                diagnostics += 1;
                continue;
            }
            problems.push(format!(
                "{}: {} {} ({:?}) needs sideways scrolling: {} px of content in {} px",
                s.page, b.what, b.at, b.text, b.scroll_width, b.client_width
            ));
            rows.push(vec![
                s.page.to_string(),
                b.what.clone(),
                b.at.clone(),
                format!("+{} px", b.scroll_width - b.client_width),
            ]);
        }
    }
    let summary = format!(
        "{} block(s) need sideways scrolling at {WIDE} px ({diagnostics} compiler diagnostic(s) scroll as a unit, allowed)",
        problems.len()
    );
    let header = ["page", "block", "where", "wider by"];
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}

/// `evidence`: no chapter whose every comparison is hidden.
pub fn evidence(seen: &[Seen<'_>]) -> Checked<()> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let (mut chapters, mut hidden_all) = (0, 0);
    for (s, l) in layouts(seen).filter(|(s, _)| s.width == WIDE) {
        if l.compares.is_empty() {
            continue;
        }
        chapters += 1;
        let hidden = l.compares.iter().filter(|c| c.hidden).count();
        if hidden == l.compares.len() {
            hidden_all += 1;
            problems.push(format!(
                "{}: all {} comparison(s) are inside a closed <details>: show one openly (or its first run, with only the second behind the click)",
                s.page, hidden
            ));
        }
        rows.push(vec![
            s.page.to_string(),
            l.compares.len().to_string(),
            hidden.to_string(),
        ]);
    }
    let summary = format!(
        "{chapters} chapter(s) with comparisons, {hidden_all} with every comparison hidden"
    );
    let header = ["page", "comparisons", "hidden"];
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}

/// The lanes `a` and `b` share, in `a`'s order and in `b`'s.
fn common_orders<'a>(a: &'a [String], b: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    let in_a = |x: &&String| a.contains(x);
    let in_b = |x: &&String| b.contains(x);
    (
        a.iter().filter(in_b).map(String::as_str).collect(),
        b.iter().filter(in_a).map(String::as_str).collect(),
    )
}

/// `lane-order`: the runs of a comparison list the same lanes in one order
/// (a lane only some runs printed on is drawn empty in the others, and
/// counted).
pub fn lane_order(seen: &[Seen<'_>]) -> Checked<()> {
    let mut problems = Vec::new();
    let (mut compared, mut charts) = (0, 0);
    let mut empty = Vec::new();
    for (s, l) in layouts(seen).filter(|(s, _)| s.width == WIDE) {
        for c in &l.compares {
            if c.chart {
                charts += 1;
                continue;
            }
            compared += 1;
            let Some((first, rest)) = c.runs.split_first().filter(|(_, r)| !r.is_empty()) else {
                // A check that reads nothing would pass whatever the figure
                // shows: the drawing's classes must have changed.
                problems.push(format!(
                    "{} ({:?}): {} run(s) read from the drawing (text.mdbx-tl-run, text.mdbx-tl-lane in svg.mdbx-tl-compare): update layout.js to the comparison's markup",
                    s.page,
                    c.caption,
                    c.runs.len()
                ));
                continue;
            };
            for r in c.runs.iter().filter(|r| !r.empty.is_empty()) {
                empty.push(format!("{} ({})", r.empty.join(", "), r.label));
            }
            for r in rest {
                let (x, y) = common_orders(&first.lanes, &r.lanes);
                if x.len() != first.lanes.len() || y.len() != r.lanes.len() {
                    problems.push(format!(
                        "{} ({:?}): \"{}\" has the lanes {} but \"{}\" has {}: every run draws every lane of the comparison",
                        s.page,
                        c.caption,
                        first.label,
                        first.lanes.join(","),
                        r.label,
                        r.lanes.join(",")
                    ));
                } else if x != y {
                    problems.push(format!(
                        "{} ({:?}): \"{}\" lists its lanes {} but \"{}\" lists them {}",
                        s.page,
                        c.caption,
                        first.label,
                        x.join(","),
                        r.label,
                        y.join(",")
                    ));
                }
            }
        }
    }
    let summary = format!(
        "{compared} comparison(s) on lanes ({charts} chart(s) of numbers left out), {} with runs whose lanes differ or come in different orders; {} lane(s) drawn empty: {}",
        problems.len(),
        empty.len(),
        empty.join("; ")
    );
    Checked::new((), summary, problems)
}

/// Seconds in a time as the figures print it: `2.0 ms`, `3.029 s`, `870 µs`.
fn seconds(text: &str) -> Option<f64> {
    let mut words = text.split_whitespace();
    let value: f64 = words.next()?.replace(',', "").parse().ok()?;
    let scale = match words.next()? {
        "s" => 1.0,
        "ms" => 1e-3,
        "µs" | "us" => 1e-6,
        _ => return None,
    };
    Some(value * scale)
}

/// Below this difference (seconds) between runs whose longer one took
/// `longest`, a caption may not quote a difference.
pub fn noise_bound(longest: f64) -> f64 {
    NOISE_MIN_S.max(NOISE_FRACTION * longest)
}

/// The time differences a caption quotes: `287 ms more`, `2.00 s less`,
/// and ratios, `(0.98× the time)`.
fn quoted(caption: &str) -> Vec<String> {
    const COMPARATIVES: [&str; 6] = ["less", "more", "faster", "slower", "longer", "shorter"];
    let words: Vec<&str> = caption.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let number = w.trim_start_matches('(');
        if let Some(r) = number.strip_suffix('×')
            && r.parse::<f64>().is_ok()
        {
            found.push(number.to_string());
        }
        if let [unit, comparative, ..] = &words[(i + 1).min(words.len())..]
            && seconds(&format!("{number} {unit}")).is_some()
            && COMPARATIVES.iter().any(|c| comparative.starts_with(c))
        {
            found.push(format!("{number} {unit} {comparative}"));
        }
    }
    found
}

/// `caption-noise`: no caption quotes a difference below the noise bound.
pub fn caption_noise(seen: &[Seen<'_>]) -> Checked<()> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut captions = 0;
    for (s, l) in layouts(seen).filter(|(s, _)| s.width == WIDE) {
        for c in l.compares.iter().filter(|c| !c.chart) {
            captions += 1;
            let quotes = quoted(&c.caption);
            let totals: Vec<f64> = c
                .runs
                .iter()
                .filter_map(|r| r.total.as_deref().and_then(seconds))
                .collect();
            if quotes.is_empty() {
                continue;
            }
            if totals.len() < 2 {
                problems.push(format!(
                    "{} ({:?}): the caption quotes {} but {} run total(s) could be read from the drawing (text.mdbx-tl-total): update layout.js to the comparison's markup",
                    s.page,
                    c.caption,
                    quotes.join(", "),
                    totals.len()
                ));
                continue;
            }
            let longest = totals.iter().copied().fold(0.0, f64::max);
            let shortest = totals.iter().copied().fold(f64::INFINITY, f64::min);
            let diff = longest - shortest;
            let bound = noise_bound(longest);
            let noise = diff < bound;
            rows.push(vec![
                s.page.to_string(),
                quotes.join(", "),
                format!("{:.0} ms", diff * 1e3),
                format!("{:.0} ms", bound * 1e3),
                if noise { "noise" } else { "ok" }.to_string(),
            ]);
            if noise {
                problems.push(format!(
                    "{} ({:?}): quotes {} but the runs differ by {:.0} ms, under the noise bound of {:.0} ms (the larger of {:.0} ms and {:.0} % of the longer run): say what differs instead",
                    s.page,
                    c.caption,
                    quotes.join(", "),
                    diff * 1e3,
                    bound * 1e3,
                    NOISE_MIN_S * 1e3,
                    NOISE_FRACTION * 100.0
                ));
            }
        }
    }
    let summary = format!(
        "{captions} caption(s) of comparisons on lanes, {} quoting a difference below the noise bound",
        problems.len()
    );
    let header = ["page", "quotes", "runs differ by", "bound", ""];
    Checked::new((), summary, problems).with_table(table(&header, &rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_times_figures_print() {
        assert_eq!(seconds("2.0 ms"), Some(0.002));
        assert_eq!(seconds("3.029 s"), Some(3.029));
        assert_eq!(seconds("1,000 ms"), Some(1.0));
        assert_eq!(seconds("lanes"), None);
    }

    #[test]
    fn finds_the_differences_a_caption_quotes() {
        let c =
            "asyncio 924 ms · tokio 905 ms: tokio took 19 ms less than asyncio (0.98× the time)";
        assert_eq!(quoted(c), ["19 ms less", "0.98×"]);
        assert!(quoted("no yield 2.0 ms · yield_now 2.3 ms: about the same time").is_empty());
    }

    #[test]
    fn the_bound_is_50_ms_or_a_tenth() {
        assert!((noise_bound(0.3) - 0.05).abs() < 1e-9);
        assert!((noise_bound(3.0) - 0.3).abs() < 1e-9);
    }

    #[test]
    fn compares_only_the_lanes_both_runs_have() {
        let v = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        let (a, b) = (v("a,main,b"), v("main,b"));
        let (x, y) = common_orders(&a, &b);
        assert_eq!(x, y);
        let (a, b) = (v("a,b,c,d"), v("a,d,b,c"));
        let (x, y) = common_orders(&a, &b);
        assert_ne!(x, y);
    }
}
