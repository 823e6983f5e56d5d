//! Statistics and the results table.

use super::genbook::GenBook;
use super::harness::{Sample, secs};
use super::warm::WarmPlain;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub(super) struct Stats {
    pub(super) median: f64,
    min: f64,
    max: f64,
    samples: Vec<f64>,
}

impl Stats {
    pub(super) fn of(samples: &[f64]) -> Stats {
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        let median = match n {
            0 => f64::NAN,
            _ if n % 2 == 1 => s[n / 2],
            _ => (s[n / 2 - 1] + s[n / 2]) / 2.0,
        };
        Stats {
            median,
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            samples: samples.to_vec(),
        }
    }

    fn show(&self, unit: &str) -> String {
        let n = self.samples.len();
        let (m, lo, hi) = (self.median, self.min, self.max);
        match unit {
            "s" => format!("{m:.3} s ({lo:.3}–{hi:.3}, n={n})"),
            "ms" => format!("{m:.1} ms ({lo:.1}–{hi:.1}, n={n})"),
            "MiB" => format!("max {hi:.1} MiB (n={n})"),
            _ => format!("{m:.3} {unit} ({lo:.3}–{hi:.3}, n={n})"),
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Row {
    pub(super) id: String,
    pub(super) measure: String,
    pub(super) unit: &'static str,
    pub(super) value: Stats,
    pub(super) floor: Option<Stats>,
    pub(super) ratio: Option<f64>,
    pub(super) shown_ratio: String,
    pub(super) target: String,
    /// `None`: for information, no target.
    pub(super) pass: Option<bool>,
    pub(super) note: String,
}

#[derive(Debug, Default)]
pub(super) struct Results {
    pub(super) rows: Vec<Row>,
    /// Peak memory samples (KiB) by scenario.
    pub(super) memory: BTreeMap<String, Vec<u64>>,
}

impl Results {
    /// A "measured vs floor, ratio ≤ target" row.
    pub(super) fn ratio_row(
        &mut self,
        id: &str,
        measure: String,
        value: &[f64],
        floor: &[f64],
        max: f64,
    ) {
        let (v, f) = (Stats::of(value), Stats::of(floor));
        let ratio = v.median / f.median;
        self.rows.push(Row {
            id: id.to_owned(),
            measure,
            unit: "s",
            shown_ratio: format!("{ratio:.2}×"),
            target: format!("≤ {max:.2}×"),
            pass: Some(ratio <= max),
            ratio: Some(ratio),
            value: v,
            floor: Some(f),
            note: String::new(),
        });
    }

    /// The warm-rebuild row (target) and its split against the replay (info).
    pub(super) fn warm_rows(&mut self, id: &str, what: &str, m: &WarmPlain) {
        let (w, r, p) = (secs(&m.warm), secs(&m.replay), secs(&m.plain));
        self.ratio_row(
            id,
            format!("warm rebuild vs plain mdBook, {what}"),
            &w,
            &p,
            1.10,
        );
        if m.not_warm > 0 {
            self.note(format!(
                "{} reference(s) in the timed warm runs were not from the cache (files changing under the benchmark?)",
                m.not_warm
            ));
        }
        let replay_vs_plain = Stats::of(&r).median / Stats::of(&p).median;
        self.ratio_row(
            &format!("{id}x"),
            format!("warm rebuild vs replayed output, {what}"),
            &w,
            &r,
            1.10,
        );
        if let Some(row) = self.rows.last_mut() {
            row.target = "(info)".to_owned();
            row.pass = None;
        }
        self.note(format!(
            "replay = mdBook with the preprocessor replaced by `cat` of the book it returned: the \
             renderer gets the same {:.0} KB of expanded chapters ({:.0} KB without the preprocessor) \
             and nothing is preprocessed. replay/plain = {replay_vs_plain:.2}× is the cost of rendering \
             what the preprocessor adds; warm/replay (this row) is the cost of its run",
            m.bytes_out as f64 / 1e3,
            m.bytes_in as f64 / 1e3,
        ));
    }

    pub(super) fn note(&mut self, note: String) {
        if let Some(row) = self.rows.last_mut() {
            if !row.note.is_empty() {
                row.note.push_str("; ");
            }
            row.note.push_str(&note);
        }
    }

    pub(super) fn remember(&mut self, scenario: &str, samples: &[Sample]) {
        self.memory
            .entry(scenario.to_owned())
            .or_default()
            .extend(samples.iter().filter_map(|s| s.peak_kib));
    }

    pub(super) fn memory_rows(&mut self, real: bool) {
        let memory = std::mem::take(&mut self.memory);
        for (scenario, kib) in &memory {
            if kib.is_empty() {
                continue;
            }
            let mib: Vec<f64> = kib.iter().map(|k| *k as f64 / 1024.0).collect();
            let stats = Stats::of(&mib);
            let targeted = real && scenario.starts_with("real book");
            self.rows.push(Row {
                id: if targeted { "7" } else { "7i" }.to_owned(),
                measure: format!("preprocessor peak memory, {scenario}"),
                unit: "MiB",
                shown_ratio: String::new(),
                target: if targeted { "≤ 50 MiB" } else { "(info)" }.to_owned(),
                pass: targeted.then_some(stats.max <= 50.0),
                ratio: None,
                value: stats,
                floor: None,
                note: String::new(),
            });
        }
        if memory.values().all(Vec::is_empty) {
            println!(
                "bench: no memory reading: /proc/PID/task/PID/children is missing on this system"
            );
        }
        self.memory = memory;
    }

    pub(super) fn compare_edit_cost(
        &mut self,
        small: &GenBook,
        small_overhead: &[f64],
        large: &GenBook,
        large_overhead: &[f64],
    ) {
        let (sv, lv) = (Stats::of(small_overhead), Stats::of(large_overhead));
        let ratio = lv.median / sv.median;
        self.rows.push(Row {
            id: "8c".to_owned(),
            measure: format!(
                "edit cost above plain mdBook, {} vs {} examples",
                large.n, small.n
            ),
            unit: "s",
            shown_ratio: format!("{ratio:.2}×"),
            target: "≤ 1.20×".to_owned(),
            pass: Some(ratio <= 1.2),
            ratio: Some(ratio),
            value: lv,
            floor: Some(sv),
            note: "edit rebuild minus a plain build of the same book, per run: what the \
                   preprocessor adds for one edited example (target: the same cost, ±20 %)"
                .to_owned(),
        });
    }

    pub(super) fn print(&mut self) {
        // In the order (1r next to 1, 7i after 7, …); stable for equal ids.
        self.rows.sort_by(|a, b| a.id.cmp(&b.id));
        println!();
        println!(
            "{:<4} {:<62} {:<30} {:<30} {:<13} {:<11} result",
            "#", "measure", "measured", "floor / reference", "ratio", "target"
        );
        for r in &self.rows {
            let result = match r.pass {
                Some(true) => "PASS",
                Some(false) => "MISS",
                None => "-",
            };
            println!(
                "{:<4} {:<62} {:<30} {:<30} {:<13} {:<11} {result}",
                r.id,
                r.measure,
                r.value.show(r.unit),
                r.floor
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |f| f.show(r.unit)),
                r.shown_ratio,
                r.target
            );
        }
        println!();
        for r in self.rows.iter().filter(|r| !r.note.is_empty()) {
            println!("{:<4} {}", r.id, r.note);
        }
        let missed: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.pass == Some(false))
            .map(|r| r.id.as_str())
            .collect();
        let met = self.rows.iter().filter(|r| r.pass == Some(true)).count();
        println!();
        println!(
            "bench: {met} target(s) met, {} missed{}",
            missed.len(),
            if missed.is_empty() {
                String::new()
            } else {
                format!(" ({})", missed.join(", "))
            }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_min_max() {
        let s = Stats::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Stats::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(s.samples, vec![3.0, 1.0, 2.0], "samples keep their order");
    }
}
