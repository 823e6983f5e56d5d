//! Scenario 3 (and 8b): edit one example and rebuild.

use super::Args;
use super::genbook::{GenBook, write_if_changed};
use super::harness::{Bench, secs};
use super::report::not_from_cache;
use super::results::Results;
use anyhow::{Result, ensure};
use std::time::{SystemTime, UNIX_EPOCH};

/// What the edit scenario measured, for the comparison between book sizes.
pub(super) struct EditCost {
    /// Per run: edit rebuild minus the plain build of the same run.
    pub(super) overhead: Vec<f64>,
}

/// Scenario 3 (and 8b): edit one example and rebuild, vs building and
/// running that example alone after the same kind of edit + a plain build.
pub(super) fn edit_one(
    bench: &Bench,
    args: &Args,
    book: &GenBook,
    full: bool,
    results: &mut Results,
) -> Result<EditCost> {
    let label = book.label();
    let i = book.n / 2;
    let name = &book.names[i];
    let path = book.source_path(i);
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let (mut edits, mut floors, mut overhead) = (Vec::new(), Vec::new(), Vec::new());
    let outcome = (|| -> Result<()> {
        for r in 0..args.runs {
            // A text never built before, so no cache entry can match.
            write_if_changed(&path, &book.source(i, &format!("done (edit {nonce}-{r})")))?;
            let s = bench.build(&book.spec(false))?;
            ensure!(
                not_from_cache(&book.cache)? == 1,
                "the edit of {name} did not rebuild exactly one reference"
            );
            write_if_changed(&path, &book.source(i, &format!("done (floor {nonce}-{r})")))?;
            let b = bench.timed(&mut book.cargo(
                &["build", "--release", "--bin", name.as_str()],
                &book.target,
            ))?;
            let x = book.run_example(&book.target, name)?;
            let p = bench.build(&book.spec(true))?;
            println!(
                "bench: [{label}] edit {}/{}: rebuild {:.3} s; floor {:.3} s (cargo build --bin {b:.3} s + run {x:.3} s + plain {:.3} s)",
                r + 1,
                args.runs,
                s.secs,
                b + x + p.secs,
                p.secs
            );
            edits.push(s);
            floors.push(b + x + p.secs);
            overhead.push(s.secs - p.secs);
        }
        Ok(())
    })();
    // Whatever happened, the example goes back to what the cache holds.
    write_if_changed(&path, &book.source(i, "done"))?;
    outcome?;
    results.ratio_row(
        if full { "3" } else { "8b" },
        format!("edit one + rebuild vs build+run it + plain, {label}"),
        &secs(&edits),
        &floors,
        1.20,
    );
    results.note(format!(
        "edited `{name}` (its last println); floor: `cargo build --release --bin {name}` in the same \
         target dir after the same kind of edit + one run of it + a plain mdBook build"
    ));
    results.remember(&format!("{label}, edit one"), &edits);
    Ok(EditCost { overhead })
}
