//! One preprocessor call as the `mdbook-examples` command answers it: the
//! JSON mdBook sent in, the book's JSON out. A call whose inputs are all
//! unchanged since the last clean build replays that build's output
//! ([`crate::storing::replay`]); any other runs the [`pipeline`].

use crate::checking::bless;
use crate::config::Config;
use crate::pipeline;
use crate::running::registry::Registry;
use crate::storing::replay;
use anyhow::{Context, Result};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::Book;
use std::io::Write;
use std::time::{Instant, SystemTime};

/// Answer the call `input` (mdBook's `[context, book]`) on `out`.
pub fn preprocess(input: &[u8], out: &mut impl Write) -> Result<()> {
    let (ctx, book) = mdbook_preprocessor::parse_input(input)?;
    let output = answer(input, &ctx, book)?;
    out.write_all(&output)
        .and_then(|()| out.flush())
        .context("cannot write the book to mdBook")
}

/// The same call for a book given as values, as mdBook's library hands it
/// to [`crate::ExamplesPreprocessor`]: the same path, replay included.
pub fn preprocess_book(ctx: &PreprocessorContext, book: Book) -> Result<Book> {
    let input = serde_json::to_vec(&(ctx, &book)).context("cannot encode the book")?;
    let output = answer(&input, ctx, book)?;
    serde_json::from_slice(&output).context("cannot decode the preprocessed book")
}

/// The book's JSON for the call whose raw input is `input`: replayed, or
/// made by the pipeline (and then remembered for replay when it was clean).
fn answer(input: &[u8], ctx: &PreprocessorContext, book: Book) -> Result<Vec<u8>> {
    let started_at = Instant::now();
    let config = Config::load(ctx)?;
    if let Some(warning) = crate::setup::version_warning(ctx) {
        eprintln!("mdbook-examples: warning: {warning}");
    }
    let cache_dir = ctx.root.join(&config.cache_dir);
    let package_dir = ctx.root.join(&config.package);
    let key = if bless::enabled() {
        None
    } else {
        replay::key(input, &package_dir, &config.languages())
    };
    if let Some(key) = &key
        && let Some(hit) = replay::lookup(&cache_dir, key)
    {
        // What a killed build left running is still stopped.
        Registry::new(&cache_dir).sweep();
        pipeline::report::write(&cache_dir, &hit.report)?;
        eprintln!(
            "mdbook-examples: {}: nothing changed since the last build, its output replayed, {:.1} s",
            hit.counts,
            started_at.elapsed().as_secs_f64()
        );
        return Ok(hit.output);
    }
    let before = key
        .as_ref()
        .and_then(|_| replay::package_stamps(&package_dir));
    let started = SystemTime::now();
    let mut finished = pipeline::run(ctx, &config, book)?;
    let output = serde_json::to_vec(&finished.book).context("cannot encode the book")?;
    if let (Some(key), Some(before), Some(entries)) = (&key, &before, &finished.entries)
        && finished.report.problems.is_empty()
    {
        // A replay takes every result from the cache.
        for r in &mut finished.report.references {
            r.from_cache = true;
        }
        let report = serde_json::to_value(&finished.report).context("cannot encode the report")?;
        let run = replay::Run {
            key,
            before,
            started,
            package_dir: &package_dir,
            entries,
            counts: &finished.counts,
            report,
            output: &output,
        };
        // Only a shortcut: failing to remember costs the next build time, not results.
        if let Err(e) = replay::store(&cache_dir, run) {
            eprintln!("mdbook-examples: warning: {e:#} (the next build will not be faster for it)");
        }
    }
    Ok(output)
}
