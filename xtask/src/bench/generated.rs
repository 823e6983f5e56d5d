//! Every scenario on one generated book.

use super::Args;
use super::cold::{cold_vs_floor, naive};
use super::edit::{EditCost, edit_one};
use super::genbook::{GenBook, PER_CHAPTER};
use super::harness::{Bench, secs};
use super::report::not_from_cache;
use super::results::{Results, Stats};
use super::timing::timing_accuracy;
use super::warm::warm_vs_plain;
use anyhow::Result;

/// All scenarios on one generated book; `full` adds the cold, naive and
/// timing-accuracy measurements (done on the small book only).
pub(super) fn generated_book(
    bench: &Bench,
    args: &Args,
    book: &GenBook,
    full: bool,
    results: &mut Results,
) -> Result<EditCost> {
    let label = book.label();
    book.write(&bench.preprocessor)?;
    println!(
        "bench: [{label}] generated in {} ({} chapters)",
        book.root.display(),
        book.n.div_ceil(PER_CHAPTER)
    );

    if full {
        cold_vs_floor(bench, args, book, results)?;
        timing_accuracy(bench, book, results)?;
    } else {
        // Whatever state a previous run left: from here on the cache is full.
        let first = bench.build(&book.spec(false))?;
        let ran = not_from_cache(&book.cache)?;
        println!(
            "bench: [{label}] first build {:.1} s ({ran} of {} reference(s) built and run)",
            first.secs, book.n
        );
        results.remember(&format!("{label}, first build ({ran} run)"), &[first]);
    }

    let m = warm_vs_plain(
        bench,
        &book.spec(false),
        &book.spec(true),
        &book.cache,
        args.runs,
        &label,
        &book.root,
    )?;
    results.warm_rows(if full { "1" } else { "8a" }, &label, &m);
    results.remember(&format!("{label}, warm"), &m.warm);
    let plain_median = Stats::of(&secs(&m.plain)).median;

    let cost = edit_one(bench, args, book, full, results)?;

    if full && !args.quick {
        naive(bench, book, plain_median, results)?;
    }
    Ok(cost)
}
