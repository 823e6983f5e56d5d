//! The machine the benchmark runs on.

use serde::Serialize;
use std::fs;
use std::process::Command;

#[derive(Debug, Serialize)]
pub(super) struct Machine {
    cores: usize,
    cpu: String,
    memory: String,
    pub(super) load: String,
    rustc: String,
}

impl Machine {
    pub(super) fn detect() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let field = |text: &str, name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_once(':'))
                .map_or_else(|| "?".to_owned(), |(_, v)| v.trim().to_owned())
        };
        let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
            .arg("-V")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu: field(&cpuinfo, "model name"),
            memory: field(&meminfo, "MemTotal"),
            load: load_average(),
            rustc,
        }
    }

    pub(super) fn print(&self) {
        println!(
            "bench: machine: {} core(s), {}, {} RAM, load average {} (1, 5, 15 min), {}",
            self.cores, self.cpu, self.memory, self.load, self.rustc
        );
        if let Some(one) = self
            .load
            .split_whitespace()
            .next()
            .and_then(|l| l.parse::<f64>().ok())
            && one > self.cores as f64 * 0.5
        {
            println!(
                "bench: note: the machine is busy (load {one:.1} on {} cores): expect noisy numbers",
                self.cores
            );
        }
    }
}

/// How many examples the preprocessor runs at a time here (its default).
pub(super) fn jobs() -> usize {
    mdbook_examples::default_jobs(std::thread::available_parallelism().map_or(1, |n| n.get()))
}

pub(super) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_owned())
}
