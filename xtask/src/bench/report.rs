//! The preprocessor's report (`report.json` in its cache).

use anyhow::{Context, Result};
use serde::Deserialize;
use std::fs;
use std::path::Path;

#[derive(Debug, Deserialize)]
pub(super) struct Report {
    pub(super) references: Vec<ReportRef>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ReportRef {
    pub(super) example: String,
    pub(super) from_cache: bool,
    pub(super) total_seconds: Option<f64>,
}

pub(super) fn read_report(cache: &Path) -> Result<Report> {
    let path = cache.join("report.json");
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))
}

/// References that were not served from the cache in the last build.
pub(super) fn not_from_cache(cache: &Path) -> Result<usize> {
    Ok(read_report(cache)?
        .references
        .iter()
        .filter(|r| !r.from_cache)
        .count())
}
