//! A `{{#compare}}` figure: the runs of several examples on one time axis
//! ([`timeline::compare`]), and a caption that states the difference in
//! words, from the same real numbers.

use super::esc;
use super::timeline::{self, Compared, Frame};
use crate::checking::headline::{self, Named};
use crate::finding::compare::{Compare, Origin};
use crate::finding::figure::Figure;
use crate::running::process::RunOutcome;
use crate::util::time::short;

/// The figure for `c`, given each named example's run (`None`: it did not
/// run). `id` makes the figure's element ids unique in the page. Its
/// caption is the headline, computed from the runs and checked, over the
/// runs' totals; an error names what the runs no longer support.
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
    let re = c.lane_regex().clone();
    let mut problems = note_problems(&c.figure, &shown, &c.labels, &re);
    let headline = c.figure.headline.as_ref().map(|h| {
        let named: Vec<Named<'_>> = (c.names.iter().zip(&shown))
            .map(|(name, run)| Named { name, run })
            .collect();
        headline::evaluate(h, &named, &re, headline::Bounds::Checked)
    });
    let headline = match headline.transpose() {
        Ok(h) => h,
        Err(failures) => {
            problems.extend(failures);
            None
        }
    };
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let labelled: Vec<(&str, &RunOutcome)> = (c.labels.iter().zip(&shown))
        .map(|(l, r)| (l.as_str(), r))
        .collect();
    problems.extend(timeline::chart_problems(&c.figure.chart, &labelled, &re));
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let patterns = (&re, &c.figure);
    let draw = |id: &str, frame| {
        if c.figure.chart.is_empty() {
            timeline::compare(id, &compared, patterns, frame)
        } else {
            timeline::chart(id, &c.figure, &labelled, &re, frame)
        }
    };
    let wide = draw(id, Frame::WIDE);
    let narrow = draw(&format!("{id}-n"), Frame::NARROW);
    // Under a headline, the totals only, and only on a time axis: the
    // headline says what differs, and a chart or an order is not about
    // how long each run took.
    let mut caption = match headline {
        Some(h) if timeline::on_time_axis(&compared, &re, &c.figure) => format!(
            "{} <span class=\"mdbx-compare-note\">{}.</span>",
            esc(&h),
            esc(&list_totals(&compared))
        ),
        Some(h) => esc(&h),
        None => format!("{}.", esc(&totals(&compared))),
    };
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

/// Why a note of `figure` is drawn on none of the runs it is for: every run
/// that has its points, or the one run it names (`B.c1 waits`).
fn note_problems(
    figure: &Figure,
    runs: &[RunOutcome],
    labels: &[String],
    re: &regex::Regex,
) -> Vec<String> {
    let mut problems = Vec::new();
    for note in &figure.notes {
        let one = Figure {
            notes: vec![note.clone()],
            ..Figure::default()
        };
        let missing: Vec<Vec<String>> = (runs.iter().enumerate())
            .filter(|(i, _)| note.run.is_none_or(|r| r == *i))
            .map(|(i, r)| timeline::note_problems((r, i), re, &one))
            .collect();
        match (note.run, missing.first()) {
            (Some(r), None) => problems.push(format!(
                "`{}` is for run `{}.`, but the figure has {} runs ({})",
                note.label,
                char::from(b'A' + r.min(25) as u8),
                runs.len(),
                labels.join(", ")
            )),
            (Some(r), Some(m)) if !m.is_empty() => problems.push(format!(
                "run `{}.` ({}) does not have what it marks: {}",
                char::from(b'A' + r.min(25) as u8),
                labels.get(r).map_or("", String::as_str),
                m.join("; ")
            )),
            (None, Some(m)) if missing.iter().all(|m| !m.is_empty()) => problems.push(format!(
                "no compared run has what it marks: {}",
                m.join("; ")
            )),
            _ => {}
        }
    }
    problems
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

/// "sequential 5.00 s · joined 3.00 s".
fn list_totals(runs: &[Compared<'_>]) -> String {
    runs.iter()
        .map(|c| format!("{} {}", c.label, short(c.run.total_us)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "sequential 5.00 s · joined 3.00 s", and for two runs which took less,
/// only when the difference is above run-to-run noise (the claim itself is
/// the headline's, see [`headline`]).
fn totals(runs: &[Compared<'_>]) -> String {
    let totals = list_totals(runs);
    match runs {
        [a, b] => {
            let (ta, tb) = (a.run.total_us, b.run.total_us);
            let diff = ta.abs_diff(tb);
            let noise = headline::NOISE_US.max((ta.max(tb) as f64 * headline::NOISE_SHARE) as u64);
            if diff <= noise {
                return format!("{totals} (the same within run-to-run noise)");
            }
            let word = if tb < ta { "less" } else { "more" };
            format!("{totals}: {} took {} {word}", b.label, short(diff))
        }
        _ => totals,
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
            html.contains("sequential 5.00 s · joined 3.00 s: joined took 2.00 s less"),
            "{html}"
        );
        let three = Compare::parse("a b c").expect("parse");
        let html = render("y", &three, &[Some(&seq), Some(&joined), Some(&seq)]).expect("figure");
        assert!(html.contains("a 5.00 s · b 3.00 s · c 5.00 s.<"), "{html}");
        let abort = run(&[(0, "a"), (1100, "b")], 1115);
        let drop = run(&[(0, "a"), (1100, "b")], 1109);
        let html = render("w", &c, &[Some(&abort), Some(&drop)]).expect("figure");
        assert!(html.contains("the same within run-to-run noise"), "{html}");
        assert!(!html.contains("the difference is in the lines"), "{html}");
    }

    /// A note for one run (`B.`) must hold in that run; a run the figure
    /// does not have is named.
    #[test]
    fn a_note_for_one_run_is_checked_on_that_run() {
        let waits = run(&[(0, "[c1] sent"), (1000, "[c1] echoed")], 1002);
        let quick = run(&[(0, "[c1] sent"), (2, "[c1] echoed")], 1002);
        let draw = |band: &str| {
            let c = Compare::parse(&format!("s f labels=\"blocking|spawned\" band=\"{band}\""))
                .expect("parse");
            render("x", &c, &[Some(&waits), Some(&quick)])
        };
        let html = draw("A.c1 waits @ [c1] sent .. [c1] echoed").expect("figure");
        assert_eq!(
            html.matches(">c1 waits<").count(),
            2,
            "wide and narrow, A only"
        );
        let e = draw("B.c1 waits @ sent .. never").expect_err("B lacks it");
        assert!(
            e.contains("run `B.` (spawned)") && e.contains("`never`"),
            "{e}"
        );
        let e = draw("C.c1 waits @ sent .. echoed").expect_err("no run C");
        assert!(e.contains("run `C.`, but the figure has 2 runs"), "{e}");
    }

    #[test]
    fn the_headline_is_computed_and_checked() {
        let seq = run(&[(0, "[a] start"), (5000, "[a] done")], 5002);
        let joined = run(&[(0, "[a] start"), (3000, "[a] done")], 3001);
        let c = Compare::parse(
            "s j labels=\"sequential|joined\" headline=\"joined: done at {B.at('done') <4s}, {ratio(A.total, B.total) >1.3} faster\" mark=\"limit @ +4s\"",
        )
        .expect("parse");
        let html = render("x", &c, &[Some(&seq), Some(&joined)]).expect("figure");
        assert!(
            html.contains("joined: done at 3.00 s, 1.7× faster <span class=\"mdbx-compare-note\">sequential 5.00 s · joined 3.00 s.</span>"),
            "{html}"
        );
        assert!(html.contains(">limit</text>"), "{html}");
        let e = render("y", &c, &[Some(&seq), Some(&seq)]).expect_err("no longer true");
        assert!(e.contains("is 5.00 s, outside <4s"), "{e}");
        assert!(e.contains("within run-to-run noise"), "{e}");
        // Drawn in order (all lines within a few ms): no totals under it.
        let mut quick = run(&[(0, "[a] 0"), (0, "[b] 0")], 1);
        quick.lines[1].at_us = 200;
        let c = Compare::parse("q r headline=\"{A.order = a b}\"").expect("parse");
        let html = render("o", &c, &[Some(&quick), Some(&quick)]).expect("figure");
        assert!(html.contains("mdbx-tl-sequence"), "{html}");
        assert!(!html.contains("mdbx-compare-note"), "{html}");
        let marks = Compare::parse("s j mark=\"x @ nowhere\"").expect("parse");
        let e = render("z", &marks, &[Some(&seq), Some(&joined)]).expect_err("mark");
        assert!(e.contains("no line contains `nowhere`"), "{e}");
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
}
