//! Scenarios 2 and 4: the whole book cold, vs its floor and vs the naive way.

use super::Args;
use super::genbook::{GenBook, remove_dir};
use super::harness::{Bench, secs};
use super::machine::jobs;
use super::report::not_from_cache;
use super::results::{Results, Row, Stats};
use anyhow::{Context, Result, ensure};

/// Scenario 2: cold book vs one `cargo build --release` + each binary once.
pub(super) fn cold_vs_floor(
    bench: &Bench,
    args: &Args,
    book: &GenBook,
    results: &mut Results,
) -> Result<()> {
    let label = book.label();
    let runs = if args.quick { 1 } else { args.cold_runs };
    let floor_target = book.root.join("floor-target");
    let (mut cold, mut floor) = (Vec::new(), Vec::new());
    let (mut floor_build, mut floor_run) = (Vec::new(), Vec::new());
    for i in 0..runs {
        remove_dir(&book.cache)?;
        remove_dir(&book.target)?;
        let s = bench.build(&book.spec(false))?;
        let ran = not_from_cache(&book.cache)?;
        ensure!(
            ran == book.n,
            "a cold build served {} reference(s) from the cache",
            book.n - ran
        );
        remove_dir(&floor_target)?;
        let b = bench.timed(&mut book.cargo(&["build", "--release"], &floor_target))?;
        let mut r = 0.0;
        for name in &book.names {
            r += book.run_example(&floor_target, name)?;
        }
        println!(
            "bench: [{label}] cold {}/{runs}: book {:.2} s; floor {:.2} s (cargo build {b:.2} s + {} runs {r:.2} s)",
            i + 1,
            s.secs,
            b + r,
            book.n
        );
        cold.push(s);
        floor.push(b + r);
        floor_build.push(b);
        floor_run.push(r);
    }
    results.ratio_row(
        "2",
        format!("cold build vs cargo build + run each, {label}"),
        &secs(&cold),
        &floor,
        1.15,
    );
    results.note(format!(
        "cold = cache and the package's target dir deleted; floor = `cargo build --release` \
         (cold target dir) {:.2} s + every binary once, one after another, {:.2} s (medians); \
         the preprocessor runs {} examples at a time",
        Stats::of(&floor_build).median,
        Stats::of(&floor_run).median,
        jobs()
    ));
    results.remember(&format!("{label}, cold"), &cold);
    Ok(())
}

/// Scenario 4: the whole book cold vs `cargo run --release --bin NAME` once
/// per reference, one after another, from a cold target dir.
pub(super) fn naive(
    bench: &Bench,
    book: &GenBook,
    plain: f64,
    results: &mut Results,
) -> Result<()> {
    let label = book.label();
    let cold = results
        .rows
        .iter()
        .find(|r| r.id == "2")
        .map(|r| r.value.clone())
        .context("the cold build was not measured")?;
    let target = book.root.join("naive-target");
    remove_dir(&target)?;
    let mut total = 0.0;
    for name in &book.names {
        total += bench.timed(&mut book.cargo(
            &["run", "--release", "--quiet", "--bin", name.as_str()],
            &target,
        ))?;
    }
    println!(
        "bench: [{label}] naive: {} × cargo run {total:.2} s + plain mdBook {plain:.3} s",
        book.n
    );
    let naive = total + plain;
    let speedup = naive / cold.median;
    results.rows.push(Row {
        id: "4".to_owned(),
        measure: format!("whole book cold vs cargo run per reference, {label}"),
        unit: "s",
        shown_ratio: format!("{speedup:.2}× faster"),
        target: "≥ 3×".to_owned(),
        pass: Some(speedup >= 3.0),
        ratio: Some(speedup),
        value: cold,
        floor: Some(Stats::of(&[naive])),
        note: format!(
            "both cold: naive = `cargo run --release --bin NAME` for each of the {} references in order, \
             from an empty target dir ({total:.2} s), + the median plain mdBook build ({plain:.3} s); one run",
            book.n
        ),
    });
    Ok(())
}
