//! Scenarios 5 and 6: how true the embedded timings are.

use super::genbook::{GAP_MS, GenBook};
use super::machine::jobs;
use super::report::read_report;
use super::results::{Results, Row, Stats};
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Scenarios 5 and 6, from the last (cold) build: every example ran then,
/// [`jobs`] at a time, in the preprocessor.
pub(super) fn timing_accuracy(book: &GenBook, results: &mut Results) -> Result<()> {
    let label = book.label();
    // 5: the embedded total vs the same binary timed from here.
    let report = read_report(&book.cache)?;
    let n = book.n;
    let picks = [0, n / 4, n / 2, 3 * n / 4, n - 1];
    let (mut embedded, mut outside, mut worst) = (Vec::new(), Vec::new(), 0.0f64);
    for &i in &picks {
        let name = &book.names[i];
        let total = report
            .references
            .iter()
            .find(|r| &r.example == name)
            .and_then(|r| r.total_seconds)
            .with_context(|| format!("report.json has no total for {name}"))?;
        let direct: Vec<f64> = (0..5)
            .map(|_| book.run_example(&book.target, name))
            .collect::<Result<_>>()?;
        let direct = Stats::of(&direct).median;
        let dev = (total - direct) / direct;
        worst = if dev.abs() > worst.abs() { dev } else { worst };
        embedded.push(total);
        outside.push(direct);
    }
    let (e, o) = (Stats::of(&embedded), Stats::of(&outside));
    results.rows.push(Row {
        id: "5".to_owned(),
        measure: format!("embedded total vs timed from outside, {label}"),
        unit: "s",
        shown_ratio: format!("{:+.1} % worst", worst * 100.0),
        target: "within 2 %".to_owned(),
        pass: Some(worst.abs() <= 0.02),
        ratio: Some(worst),
        value: e,
        floor: Some(o),
        note: format!(
            "{} examples; embedded = report.json total_seconds of the last cold build (run {} at a time); \
             outside = median of 5 direct runs (spawn to exit, pipes read), run alone",
            picks.len(),
            jobs()
        ),
    });

    // 6: gaps between lines printed 100 ms apart, as the HTML shows them.
    let stamps = html_stamps(&book.root.join("book"))?;
    let mut gaps = Vec::new();
    for name in &book.names {
        let at = |what: &str| stamps.get(&format!("{name} {what}")).copied();
        let (Some(t0), Some(t1), Some(t2)) = (at("start"), at("tick 1"), at("tick 2")) else {
            bail!("the HTML of {label} lacks the timed lines of {name}");
        };
        gaps.push((t1 - t0) * 1e3);
        gaps.push((t2 - t1) * 1e3);
    }
    let g = Stats::of(&gaps);
    let worst = gaps
        .iter()
        .map(|g| g - GAP_MS as f64)
        .fold(0.0f64, |w, d| if d.abs() > w.abs() { d } else { w });
    results.rows.push(Row {
        id: "6".to_owned(),
        measure: format!("gap of lines printed {GAP_MS} ms apart, as embedded, {label}"),
        unit: "ms",
        shown_ratio: format!("{worst:+.1} ms worst"),
        target: format!("{GAP_MS} ± 5 ms"),
        pass: Some(worst.abs() <= 5.0),
        ratio: None,
        value: g,
        floor: None,
        note: format!(
            "every gap of every example, read from the `mdbx-t` stamps (1 ms resolution) in {}/book/ch*.html",
            book.root.display()
        ),
    });
    Ok(())
}

/// `text → seconds` of every output line in the chapters' HTML.
fn html_stamps(dir: &Path) -> Result<BTreeMap<String, f64>> {
    let mut stamps = BTreeMap::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| n.starts_with("ch") && n.ends_with(".html")) {
            continue;
        }
        let html =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        stamps.extend(stamps_in(&html).with_context(|| format!("in {}", path.display()))?);
    }
    Ok(stamps)
}

/// `(text, seconds)` of every timed output line in one page.
fn stamps_in(html: &str) -> Result<Vec<(String, f64)>> {
    const OPEN: &str = "<span class=\"mdbx-t\" aria-hidden=\"true\">";
    let mut stamps = Vec::new();
    for piece in html.split(OPEN).skip(1) {
        let Some((stamp, rest)) = piece.split_once("</span>") else {
            continue;
        };
        let text = rest.split("</span>").next().unwrap_or_default();
        let secs = stamp
            .trim_start_matches('+')
            .trim_end_matches('s')
            .parse::<f64>()
            .with_context(|| format!("bad stamp `{stamp}`"))?;
        stamps.push((text.to_owned(), secs));
    }
    Ok(stamps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_stamps_of_output_lines() {
        let html = "<pre class=\"mdbx-output\"><span class=\"mdbx-line\"><span class=\"mdbx-t\" aria-hidden=\"true\">+0.000s</span>ex001 start</span>\n\
                    <span class=\"mdbx-line\"><span class=\"mdbx-t\" aria-hidden=\"true\">+0.101s</span>ex001 tick 1</span></pre>";
        let stamps = stamps_in(html).expect("valid stamps");
        assert_eq!(
            stamps,
            vec![
                ("ex001 start".to_owned(), 0.0),
                ("ex001 tick 1".to_owned(), 0.101)
            ]
        );
        assert!(
            stamps_in("<span class=\"mdbx-t\" aria-hidden=\"true\">soon</span>x</span>").is_err()
        );
    }
}
