//! One line per check as it finishes (`ok`, `FAIL`, or `same` for a check
//! with nothing to look at since its pages are unchanged since the last
//! passing run), its problems indented below it, and the closing
//! `e2e: N passed, M failed` line.

use anyhow::Result;
use std::future::Future;
use std::time::{Duration, Instant};

/// What a check found: a value for later checks, a one-line summary, and
/// the problems (none means it passed).
#[derive(Debug)]
pub struct Checked<T> {
    pub value: T,
    pub summary: String,
    pub problems: Vec<String>,
    /// Lines printed under the check's line whether it passed or not (a
    /// table of measurements).
    pub table: Vec<String>,
}

impl<T> Checked<T> {
    pub fn new(value: T, summary: impl Into<String>, problems: Vec<String>) -> Self {
        Self {
            value,
            summary: summary.into(),
            problems,
            table: Vec::new(),
        }
    }

    /// The same, with a table printed under the check's line.
    pub fn with_table(mut self, table: Vec<String>) -> Self {
        self.table = table;
        self
    }
}

/// `rows` under `header` in aligned columns, one string per line.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(header.to_vec())];
    out.extend(
        rows.iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out
}

fn print_table(lines: &[String]) {
    for l in lines {
        println!("       | {l}");
    }
}

/// The tally.
#[derive(Debug, Default)]
pub struct Report {
    passed: usize,
    failed: usize,
    /// Of the passed: the checks with nothing to look at.
    same: usize,
    /// Chapter pages looked at and unchanged, once known.
    pages: Option<(usize, usize)>,
}

/// At most this many problems are printed per check.
const SHOWN: usize = 25;

impl Report {
    /// Run one named check with a time limit and print its line.
    pub async fn run<T>(
        &mut self,
        name: &str,
        limit: Duration,
        check: impl Future<Output = Result<Checked<T>>>,
    ) -> Option<T> {
        let start = Instant::now();
        let result = tokio::time::timeout(limit, check).await;
        let took = start.elapsed().as_secs_f64();
        match result {
            Ok(Ok(c)) if c.problems.is_empty() => {
                self.passed += 1;
                println!("ok   {name:<10} {} ({took:.1}s)", c.summary);
                print_table(&c.table);
                Some(c.value)
            }
            Ok(Ok(c)) => {
                self.failed += 1;
                println!(
                    "FAIL {name:<10} {}: {} problem(s) ({took:.1}s)",
                    c.summary,
                    c.problems.len()
                );
                print_table(&c.table);
                for p in c.problems.iter().take(SHOWN) {
                    println!("       - {p}");
                }
                if c.problems.len() > SHOWN {
                    println!("       … and {} more", c.problems.len() - SHOWN);
                }
                Some(c.value)
            }
            Ok(Err(e)) => {
                self.failed += 1;
                println!("FAIL {name:<10} error: {e:#} ({took:.1}s)");
                None
            }
            Err(_) => {
                self.failed += 1;
                println!("FAIL {name:<10} timed out after {limit:?}");
                None
            }
        }
    }

    /// A check that could not run because an earlier one gave it nothing.
    pub fn not_run(&mut self, name: &str, why: &str) {
        self.failed += 1;
        println!("FAIL {name:<10} not run: {why}");
    }

    /// A check with nothing to look at: its pages are unchanged since the
    /// last passing run, which passed it. Counts as passed.
    pub fn same(&mut self, name: &str, why: &str) {
        self.passed += 1;
        self.same += 1;
        println!("same {name:<10} {why}");
    }

    /// How many chapter pages were looked at, and how many were unchanged.
    pub fn pages(&mut self, checked: usize, unchanged: usize) {
        self.pages = Some((checked, unchanged));
    }

    /// Count the checks of a report kept apart (one of another browser
    /// session, run at the same time).
    pub fn add(&mut self, other: Report) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.same += other.same;
    }

    /// Print the closing line; true when everything passed.
    pub fn finish(&self) -> bool {
        println!("{}", self.closing());
        self.failed == 0 && self.passed > 0
    }

    fn closing(&self) -> String {
        let same = match self.same {
            0 => String::new(),
            n => format!(" ({n} of them as unchanged)"),
        };
        let pages = match self.pages {
            None => String::new(),
            Some((checked, 0)) => format!("; {checked} chapter page(s) checked"),
            Some((checked, unchanged)) => format!(
                "; {checked} chapter page(s) checked, {unchanged} unchanged since the last passing run"
            ),
        };
        format!(
            "e2e: {} passed{same}, {} failed{pages}",
            self.passed, self.failed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closing_line_counts_unchanged_checks_and_pages() {
        let mut r = Report::default();
        r.same("reveal", "unchanged");
        let mut other = Report::default();
        other.same("measure", "unchanged");
        r.add(other);
        r.pages(1, 28);
        assert_eq!(
            r.closing(),
            "e2e: 2 passed (2 of them as unchanged), 0 failed; 1 chapter page(s) checked, 28 unchanged since the last passing run"
        );
        assert!(r.finish());
        r.not_run("axe", "nothing");
        r.pages(29, 0);
        assert_eq!(
            r.closing(),
            "e2e: 2 passed (2 of them as unchanged), 1 failed; 29 chapter page(s) checked"
        );
        assert!(!r.finish());
    }

    #[test]
    fn tables_line_up() {
        let rows = vec![
            vec!["1280 px".to_string(), "5.4 px".to_string()],
            vec!["390 px".to_string(), "4.5 px".to_string()],
        ];
        assert_eq!(
            table(&["width", "smallest"], &rows),
            ["width    smallest", "1280 px  5.4 px", "390 px   4.5 px"]
        );
    }
}
