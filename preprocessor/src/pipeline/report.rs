//! The machine-readable report of every claim (`report.json` in the cache
//! folder), made by the pipeline and written again on a replay.

use crate::checking::claims::{Claim, Failure};
use crate::checking::needs::Unchecked;
use crate::problem::Problem;
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// One reference in the JSON report.
#[derive(Debug, Serialize)]
pub struct ReferenceReport {
    pub chapter: String,
    pub line: usize,
    pub example: String,
    pub from_cache: bool,
    pub total_seconds: Option<f64>,
    pub exit: Option<String>,
    pub claims: Vec<Claim>,
    pub failures: Vec<Failure>,
    /// Set when the timing claims were not checked: the reference needs more
    /// cores than its run had.
    pub timing_unchecked: Option<Unchecked>,
}

/// The whole JSON report.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub references: Vec<ReferenceReport>,
    pub problems: Vec<Problem>,
}

/// Write `report` (or anything serialisable in its place) as `report.json` in
/// `dir`, atomically.
pub fn write(dir: &Path, report: &impl Serialize) -> Result<()> {
    crate::util::atomic::write_atomically(dir, "report.json", |out| {
        serde_json::to_writer_pretty(out, report).map_err(std::io::Error::from)
    })
}
