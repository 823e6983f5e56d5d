//! What each example's last run cost (wall and CPU time), kept between builds
//! in the cache folder as `history.json`. The next build that has to run an
//! example again uses it to start the longest runs first and to run the
//! CPU-heavy ones alone from the start, instead of finding out afterwards.
//!
//! It is a hint, never an input to a result: a missing or damaged file is an
//! empty history, and nothing in it is part of a cache key.

use crate::running::process::RunOutcome;
use crate::util::atomic::write_atomically;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file's name in the cache folder.
const FILE: &str = "history.json";

/// What one run cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub wall_us: u64,
    pub cpu_us: u64,
}

impl Cost {
    /// Whether the run kept a core busy for a quarter of its wall time or
    /// more: next to other runs it would slow them and be slowed by them.
    pub fn heavy(self) -> bool {
        self.wall_us >= 50_000 && self.cpu_us * 4 > self.wall_us
    }
}

/// The last known cost of every example that ran in this cache folder.
#[derive(Debug, Default)]
pub struct History {
    /// The cache folder.
    dir: PathBuf,
    costs: BTreeMap<String, Cost>,
}

impl History {
    /// The history in `cache_dir`; empty when there is none or it is unreadable.
    pub fn load(cache_dir: &Path) -> History {
        let costs = std::fs::read(cache_dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        History {
            dir: cache_dir.to_path_buf(),
            costs,
        }
    }

    pub fn get(&self, name: &str) -> Option<Cost> {
        self.costs.get(name).copied()
    }

    /// Remember what `run` cost (runs without a CPU reading are skipped):
    /// its own code's, without an interpreter's start-up.
    pub fn record(&mut self, name: &str, run: &RunOutcome) {
        if let Some(cpu_us) = run.own_cpu_us() {
            let cost = Cost {
                wall_us: run.total_us,
                cpu_us,
            };
            self.costs.insert(name.to_string(), cost);
        }
    }

    /// Write the file atomically.
    pub fn save(&self) -> Result<()> {
        write_atomically(&self.dir, FILE, |out| {
            serde_json::to_writer(out, &self.costs).map_err(std::io::Error::from)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::running::process::Exit;

    fn run(total_us: u64, cpu_us: Option<u64>) -> RunOutcome {
        RunOutcome {
            lines: Vec::new(),
            exit: Exit::Code(0),
            total_us,
            cut_bytes: 0,
            trace: None,
            cpu_us,
            startup_us: None,
            waited_us: None,
        }
    }

    fn run_heavy(r: &RunOutcome) -> bool {
        let mut h = History::default();
        h.record("x", r);
        h.get("x").is_some_and(Cost::heavy)
    }

    #[test]
    fn heavy_means_a_quarter_of_a_core_or_more() {
        let cost = |wall_us, cpu_us| Cost { wall_us, cpu_us };
        assert!(cost(1_000_000, 300_000).heavy());
        assert!(!cost(1_000_000, 200_000).heavy());
        assert!(!cost(40_000, 40_000).heavy(), "too short to matter");
    }

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = History::load(dir.path());
        assert_eq!(h.get("a"), None);
        h.record("a", &run(2_000_000, Some(10_000)));
        h.record("b", &run(2_000_000, None));
        h.save().expect("saved");
        let again = History::load(dir.path());
        assert_eq!(
            again.get("a"),
            Some(Cost {
                wall_us: 2_000_000,
                cpu_us: 10_000
            })
        );
        assert_eq!(again.get("b"), None, "no CPU reading, nothing learnt");
        // An interpreter's start-up is not the run's: a script that sleeps
        // after 180 ms of start-up is not heavy.
        let script = RunOutcome {
            startup_us: Some(180_000),
            ..run(500_000, Some(190_000))
        };
        h.record("script", &script);
        let cost = h.get("script").expect("learnt");
        assert_eq!(cost.cpu_us, 10_000);
        assert!(!cost.heavy(), "{cost:?}");
        assert!(
            run_heavy(&run(500_000, Some(190_000))),
            "the same CPU time in a program's own code is heavy"
        );
        std::fs::write(dir.path().join(FILE), "{ not json").expect("damaged");
        assert_eq!(History::load(dir.path()).get("a"), None);
    }
}
