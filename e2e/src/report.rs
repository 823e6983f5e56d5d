//! One line per check as it finishes, its problems indented below it, and
//! the closing `e2e: N passed, M failed` line.

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

    /// Count the checks of a report kept apart (one of another browser
    /// session, run at the same time).
    pub fn add(&mut self, other: Report) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    /// Print the closing line; true when everything passed.
    pub fn finish(&self) -> bool {
        println!("e2e: {} passed, {} failed", self.passed, self.failed);
        self.failed == 0 && self.passed > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
