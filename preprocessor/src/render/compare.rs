//! A `{{#compare}}` figure: the runs of several examples on one time axis
//! ([`timeline::compare`]), and a caption that states the difference in
//! words, from the same real numbers.

use super::esc;
use super::timeline::{self, Compared, Frame};
use crate::finding::compare::{Compare, Origin};
use crate::running::process::RunOutcome;

/// The figure for `c`, given each named example's run (`None`: it did not
/// run). `id` makes the figure's element ids unique in the page.
pub fn render(id: &str, c: &Compare, runs: &[Option<&RunOutcome>]) -> Result<String, String> {
    let mut shown = Vec::new();
    for (name, run) in c.names.iter().zip(runs) {
        let run = run.ok_or_else(|| {
            format!("`{name}` has no run to compare (it did not compile or could not start)")
        })?;
        shown.push(match c.origin {
            Origin::Start => run.clone(),
            Origin::FirstLine => from_first_line(run),
        });
    }
    let compared: Vec<Compared<'_>> = c
        .labels
        .iter()
        .zip(&shown)
        .map(|(label, run)| Compared { label, run })
        .collect();
    let lanes = c.lanes.as_deref().unwrap_or(timeline::DEFAULT_LANES);
    let re = timeline::lane_regex(lanes)?;
    let events = c.events.as_deref().map(timeline::lane_regex).transpose()?;
    let patterns = (&re, events.as_ref());
    let wide = timeline::compare(id, &compared, patterns, Frame::WIDE);
    let narrow = timeline::compare(&format!("{id}-n"), &compared, patterns, Frame::NARROW);
    let mut caption = esc(&caption(&compared));
    if c.origin == Origin::FirstLine {
        caption.push_str(
            " <span class=\"mdbx-compare-note\">Each run's clock starts at its first printed line.</span>",
        );
    }
    // One drawing for a page column, one for a phone (CSS shows one of them).
    Ok(format!(
        "<figure class=\"mdbx-compare\"><figcaption class=\"mdbx-compare-caption\">{caption}</figcaption>\
<div class=\"mdbx-figure-scroll mdbx-wide\" tabindex=\"0\" role=\"group\" aria-label=\"{label}\">{wide}</div>\
<div class=\"mdbx-figure-scroll mdbx-narrow\" tabindex=\"0\" role=\"group\" aria-label=\"{label}\">{narrow}</div></figure>",
        label = esc(&format!("Comparison of {}", c.labels.join(", ")))
    ))
}

/// `run` with its clock starting at its first line (a traced run loses its
/// trace: its events are not shifted).
fn from_first_line(run: &RunOutcome) -> RunOutcome {
    let origin = run.lines.iter().map(|l| l.at_us).min().unwrap_or(0);
    let mut shifted = run.clone();
    for line in &mut shifted.lines {
        line.at_us -= origin;
    }
    shifted.total_us = run.total_us.saturating_sub(origin);
    shifted.trace = None;
    shifted
}

/// Runs closer than this (or than 2 %) took "about the same time".
const SAME_US: u64 = 5_000;

/// "sequential 5.00 s · joined 3.00 s: joined took 2.00 s less (0.60× the time)".
fn caption(runs: &[Compared<'_>]) -> String {
    let totals = runs
        .iter()
        .map(|c| format!("{} {}", c.label, short(c.run.total_us)))
        .collect::<Vec<_>>()
        .join(" · ");
    match runs {
        [a, b] => {
            let (ta, tb) = (a.run.total_us, b.run.total_us);
            let diff = ta.abs_diff(tb);
            if diff <= SAME_US.max(ta.max(tb) / 50) {
                return format!("{totals}: about the same time; the difference is in the lines");
            }
            let ratio = tb as f64 / ta.max(1) as f64;
            let word = if tb < ta { "less" } else { "more" };
            format!(
                "{totals}: {} took {} {word} than {} ({ratio:.2}× the time)",
                b.label,
                short(diff),
                a.label
            )
        }
        _ => {
            let fastest = runs.iter().min_by_key(|c| c.run.total_us);
            match fastest {
                Some(f) => format!("{totals}: fastest {}", f.label),
                None => totals,
            }
        }
    }
}

/// A duration with the digits a caption needs: `5.00 s`, `12.3 s`, `120 ms`, `1.6 ms`.
fn short(us: u64) -> String {
    let s = us as f64 / 1e6;
    if s >= 10.0 {
        format!("{s:.1} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if us >= 10_000 {
        format!("{:.0} ms", us as f64 / 1e3)
    } else {
        format!("{:.1} ms", us as f64 / 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::running::process::stdout_run as run;

    #[test]
    fn the_caption_states_the_difference_from_the_numbers() {
        let seq = run(&[(0, "a"), (5000, "b")], 5002);
        let joined = run(&[(0, "a"), (3000, "b")], 3001);
        let c = Compare::parse("s j labels=\"sequential|joined\"").expect("parse");
        let html = render("x", &c, &[Some(&seq), Some(&joined)]).expect("figure");
        assert!(
            html.starts_with("<figure class=\"mdbx-compare\">"),
            "{html}"
        );
        assert!(
            html.contains("sequential 5.00 s · joined 3.00 s: joined took 2.00 s less than sequential (0.60× the time)"),
            "{html}"
        );
        let three = Compare::parse("a b c").expect("parse");
        let html = render("y", &three, &[Some(&seq), Some(&joined), Some(&seq)]).expect("figure");
        assert!(html.contains("fastest b"), "{html}");
        let abort = run(&[(0, "a"), (1100, "b")], 1115);
        let drop = run(&[(0, "a"), (1100, "b")], 1109);
        let html = render("w", &c, &[Some(&abort), Some(&drop)]).expect("figure");
        assert!(html.contains("about the same time"), "{html}");
    }

    #[test]
    fn both_runs_share_one_axis() {
        let long = run(&[(0, "a"), (4000, "b")], 4000);
        let short_run = run(&[(0, "a"), (1000, "b")], 1000);
        let c = Compare::parse("l s").expect("parse");
        let html = render("z", &c, &[Some(&long), Some(&short_run)]).expect("figure");
        let widths: Vec<f64> = html
            .match_indices("mdbx-tl-runbar")
            .map(|(i, _)| {
                let rest = &html[i..];
                let w = rest.find("width=\"").expect("width") + 7;
                rest[w..w + rest[w..].find('"').expect("end")]
                    .parse()
                    .expect("number")
            })
            .collect();
        // Two in the wide drawing, two in the narrow one.
        assert_eq!(widths.len(), 4);
        for pair in widths.chunks(2) {
            let ratio = pair[1] / pair[0];
            assert!((ratio - 0.25).abs() < 0.01, "{widths:?}");
        }
    }

    #[test]
    fn a_missing_run_is_explained_and_first_line_alignment_shifts() {
        let c = Compare::parse("a b from=first-line").expect("parse");
        let r = run(&[(500, "x"), (700, "y")], 900);
        let err = render("w", &c, &[Some(&r), None]).expect_err("missing");
        assert!(err.contains("`b` has no run"), "{err}");
        let shifted = from_first_line(&r);
        assert_eq!(shifted.lines[0].at_us, 0);
        assert_eq!(shifted.total_us, 400_000);
        let html = render("v", &c, &[Some(&r), Some(&r)]).expect("figure");
        assert!(html.contains("clock starts at its first printed line"));
    }

    #[test]
    fn short_durations() {
        assert_eq!(short(5_002_000), "5.00 s");
        assert_eq!(short(12_340_000), "12.3 s");
        assert_eq!(short(120_400), "120 ms");
        assert_eq!(short(1_600), "1.6 ms");
    }
}
