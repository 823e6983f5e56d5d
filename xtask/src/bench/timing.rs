//! Scenarios 5 and 6: how true the embedded timings are, and whether runs
//! that share the machine distort one another.

use super::genbook::{GAP_MS, GenBook, remove_dir};
use super::harness::Bench;
use super::machine::jobs;
use super::report::read_report;
use super::results::{Results, Row, Stats};
use super::strace;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Direct runs of each example, alone, for the sharing comparison.
const ALONE_RUNS: usize = 3;

/// Scenarios 5 and 6. The last cold build ran every example, [`jobs`] at a
/// time: its totals are compared with the same binaries run alone (5s) and
/// its gaps are read from its HTML (6). Then one more cold run of every
/// example (the cache is emptied, the binaries stay built), under `strace`
/// when it is installed, compares each embedded total with the same process
/// seen from outside (5).
pub(super) fn timing_accuracy(bench: &Bench, book: &GenBook, results: &mut Results) -> Result<()> {
    let label = book.label();
    let embedded = fresh_totals(book)?;

    // 5s: runs that shared the machine vs the same binaries run alone.
    let mut pairs = Vec::new();
    for name in &book.names {
        let direct: Vec<f64> = (0..ALONE_RUNS)
            .map(|_| book.run_example(&book.target, name))
            .collect::<Result<_>>()?;
        pairs.push((embedded[name], Stats::of(&direct).median));
    }
    let (worst, shared, alone) = deviation(&pairs);
    results.rows.push(Row {
        id: "5s".to_owned(),
        measure: format!("total of a run sharing the machine vs run alone, {label}"),
        unit: "s",
        shown_ratio: format!("{:+.1} % worst", worst * 100.0),
        target: "within 5 %".to_owned(),
        pass: Some(worst.abs() <= 0.05),
        ratio: Some(worst),
        value: shared,
        floor: Some(alone),
        note: format!(
            "sleep-bound examples: embedded totals of the last cold build ({} at a time on {} core(s)) vs the \
             median of {ALONE_RUNS} direct runs of each binary with nothing else running; row 6 checks the gaps of \
             that shared run",
            jobs(),
            std::thread::available_parallelism().map_or(1, |n| n.get())
        ),
    });

    gaps(book, results)?;

    // 5: the embedded total vs the same run, timed by strace.
    if !strace::available() {
        println!(
            "bench: [{label}] strace not found: row 5 (the same run timed from outside) skipped"
        );
        return Ok(());
    }
    remove_dir(&book.cache)?;
    let trace = book.root.join("strace.txt");
    bench.build_wrapped(&book.spec(false), &strace::wrapper(&trace))?;
    let embedded = fresh_totals(book)?;
    let outside = strace::exec_to_exit(&trace, &book.names)?;
    let mut pairs = Vec::new();
    for name in &book.names {
        let seen = *outside
            .get(name)
            .with_context(|| format!("strace saw no run of {name} in {}", trace.display()))?;
        pairs.push((embedded[name], seen));
    }
    let (worst, e, o) = deviation(&pairs);
    results.rows.push(Row {
        id: "5".to_owned(),
        measure: format!("embedded total vs the same run timed from outside, {label}"),
        unit: "s",
        shown_ratio: format!("{:+.1} % worst", worst * 100.0),
        target: "within 2 %".to_owned(),
        pass: Some(worst.abs() <= 0.02),
        ratio: Some(worst),
        value: e,
        floor: Some(o),
        note: format!(
            "all {} examples of one more cold run ({} at a time, under strace); embedded = report.json \
             total_seconds (from the exec); outside = the same processes from the return of execve to exit_group, as strace saw them ({})",
            book.n,
            jobs(),
            trace.display()
        ),
    });
    Ok(())
}

/// The largest relative deviation of a measurement from its reference, and
/// the statistics of both sides, for `(measured, reference)` pairs.
fn deviation(pairs: &[(f64, f64)]) -> (f64, Stats, Stats) {
    let worst = pairs
        .iter()
        .map(|(m, r)| (m - r) / r)
        .fold(0.0f64, |w, d| if d.abs() > w.abs() { d } else { w });
    let (measured, reference): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    (worst, Stats::of(&measured), Stats::of(&reference))
}

/// Every example's total in the last build, which must have run them all.
fn fresh_totals(book: &GenBook) -> Result<BTreeMap<String, f64>> {
    let report = read_report(&book.cache)?;
    let mut totals = BTreeMap::new();
    for name in &book.names {
        let total = report
            .references
            .iter()
            .find(|r| &r.example == name && !r.from_cache)
            .and_then(|r| r.total_seconds)
            .with_context(|| format!("report.json has no fresh total for {name}"))?;
        totals.insert(name.clone(), total);
    }
    Ok(totals)
}

/// 6: gaps between lines printed 100 ms apart, as the HTML of the last build shows them.
fn gaps(book: &GenBook, results: &mut Results) -> Result<()> {
    let label = book.label();
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
    fn deviation_keeps_the_sign_of_the_largest() {
        let (worst, m, r) = deviation(&[(1.01, 1.0), (0.9, 1.0), (2.0, 2.0)]);
        assert!((worst + 0.1).abs() < 1e-9, "{worst}");
        assert_eq!((m.median, r.median), (1.01, 1.0));
    }

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
