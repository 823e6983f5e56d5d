//! The real book: this repository's, built on a copy of its cache.

use super::Args;
use super::genbook::remove_dir;
use super::harness::{Bench, Spec, json_string};
use super::report::read_report;
use super::results::Results;
use super::warm::warm_vs_plain;
use anyhow::{Context, Result};
use std::fs;

/// The real book's cache (its book.toml keeps the default `cache-dir`).
const REAL_CACHE: &str = "target/mdbook-examples";

pub(super) fn real_book(bench: &Bench, args: &Args, results: &mut Results) -> Result<()> {
    let root = std::env::current_dir().context("cannot read the current directory")?;
    let dir = bench.dir.join("real");
    let cache = dir.join("cache");
    remove_dir(&cache)?;
    fs::create_dir_all(&cache).with_context(|| format!("cannot create {}", cache.display()))?;
    // A copy of the real cache: the real book's own cache is never written.
    let mut copied = 0;
    if let Ok(entries) = fs::read_dir(root.join(REAL_CACHE)) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                fs::copy(&path, cache.join(entry.file_name()))
                    .with_context(|| format!("cannot copy {}", path.display()))?;
                copied += 1;
            }
        }
    }
    if copied == 0 {
        println!(
            "bench: [real book] {REAL_CACHE} is empty: the first build compiles and runs every example (slow); \
             `cargo xtask book` fills it"
        );
    }
    let spec = |plain: bool| Spec {
        root: root.clone(),
        plain,
        sets: vec![
            format!(
                "preprocessor.examples.command={}",
                json_string(&bench.preprocessor)
            ),
            format!("preprocessor.examples.cache-dir={}", json_string(&cache)),
            // Someone else's half-finished chapter must not stop the benchmark.
            "preprocessor.examples.on-failure=\"continue\"".to_owned(),
            format!(
                "build.build-dir={}",
                json_string(&dir.join(if plain { "book-plain" } else { "book" }))
            ),
        ],
        env: Vec::new(),
    };
    let (warm, plain) = (spec(false), spec(true));
    let first = bench.build(&warm)?;
    let report = read_report(&cache)?;
    let ran = report.references.iter().filter(|r| !r.from_cache).count();
    println!(
        "bench: [real book] first build {:.1} s: {} reference(s), {ran} not from the cache ({copied} cache file(s) copied)",
        first.secs,
        report.references.len()
    );
    results.remember("real book, first build", &[first]);
    let m = warm_vs_plain(bench, &warm, &plain, &cache, args.runs, "real book", &dir)?;
    results.warm_rows(
        "1r",
        &format!("real book ({} refs)", report.references.len()),
        &m,
    );
    results.remember("real book, warm", &m.warm);
    Ok(())
}
