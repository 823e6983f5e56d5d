//! `e2e`: open the built book in headless Chromium and check what a reader
//! sees — every example's output, timeline and footer, predict-then-reveal,
//! search, the five themes, a phone-width screen, the print page, and no
//! console errors. One line per check, then `e2e: N passed, M failed`.
//!
//! ```text
//! cargo run --release -p e2e -- --book book --screenshots target/e2e-screenshots
//! ```
//!
//! With `--passed FILE`, a run in which every check passed records what it
//! saw there, and the next run checks only the chapter pages changed since
//! (`unchanged.rs`); `--all` checks every page.

mod browser;
mod checks;
mod driver;
mod facts;
mod report;
mod server;
mod unchanged;
mod webdriver;

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// End-to-end test of the built book in a real headless browser.
#[derive(Debug, Parser)]
struct Cli {
    /// The built book (mdBook's output folder).
    #[arg(long, default_value = "book")]
    book: PathBuf,
    /// Where the theme and phone screenshots (PNG) go.
    #[arg(long, default_value = "target/e2e-screenshots")]
    screenshots: PathBuf,
    /// The chromedriver program.
    #[arg(long, default_value = "chromedriver")]
    chromedriver: PathBuf,
    /// The browser binary (default: the one chromedriver finds).
    #[arg(long)]
    chrome: Option<PathBuf>,
    /// axe-core's script (`npm ci --prefix e2e` installs it there).
    #[arg(long, default_value = "e2e/node_modules/axe-core/axe.min.js")]
    axe: PathBuf,
    /// Run only the measurements (text size, contrast, panes, axe) after
    /// finding the chapters, and not the console check.
    #[arg(long)]
    measure_only: bool,
    /// The record of the last run in which every check passed: the chapter
    /// pages unchanged since are not checked again, and a passing run
    /// writes it.
    #[arg(long)]
    passed: Option<PathBuf>,
    /// Check every page, whatever the `--passed` record says (a passing run
    /// still writes it).
    #[arg(long)]
    all: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = Instant::now();
    // On Ctrl-C or SIGTERM the run is dropped mid-way, and with it the
    // chromedriver guard, which ends the browser.
    let outcome = tokio::select! {
        r = run(&cli) => r,
        _ = interrupted() => Err(anyhow::anyhow!("interrupted")),
    };
    match outcome {
        Ok(true) => {
            eprintln!("e2e: took {:.1}s", start.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Ok(false) => {
            eprintln!("e2e: took {:.1}s", start.elapsed().as_secs_f64());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("e2e: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: &Cli) -> Result<bool> {
    let book = &cli.book;
    if !book.join("index.html").is_file() {
        anyhow::bail!(
            "{} has no index.html: build the book first (cargo xtask book)",
            book.display()
        );
    }
    std::fs::create_dir_all(&cli.screenshots)
        .with_context(|| format!("creating {}", cli.screenshots.display()))?;
    let server = server::Server::start(book).await?;
    // Declared before the driver so that they are removed after the
    // browsers are gone (locals drop in reverse order, also when the run is
    // cancelled).
    let profile = |n: u8| {
        tempfile::Builder::new()
            .prefix(&format!("e2e-chrome-profile-{n}-"))
            .tempdir()
            .context("creating a browser profile folder")
    };
    let (profile_a, profile_b, profile_c) = (profile(1)?, profile(2)?, profile(3)?);
    let driver = driver::ChromeDriver::start(&cli.chromedriver).await?;
    // Three sessions of one chromedriver, each its own browser: the checks
    // after `outputs` run in all three at once (see `checks::run_all`).
    let url = driver.url();
    let chrome = cli.chrome.as_deref();
    let (browser, other, third) = tokio::try_join!(
        browser::Browser::start(&url, chrome, profile_a.path()),
        browser::Browser::start(&url, chrome, profile_b.path()),
        browser::Browser::start(&url, chrome, profile_c.path()),
    )?;
    let exe = std::env::current_exe().context("finding the e2e program's own file")?;
    let base = unchanged::Base::read(book, &exe, &cli.axe, &browser.version())?;
    let ignore = match (cli.measure_only, cli.all) {
        (true, _) => Some("--measure-only measures every page and writes no record"),
        (false, true) => Some("--all"),
        (false, false) => None,
    };
    let memo = unchanged::Memo::open(base, cli.passed.as_deref(), ignore, !cli.measure_only);
    if let Some(why) = &memo.why_all {
        println!("e2e: checking every chapter page: {why}");
    }
    let ctx = checks::Ctx {
        browser: &browser,
        server: &server,
        book,
        screenshots: &cli.screenshots,
        axe: &cli.axe,
        measure_only: cli.measure_only,
    };
    let mut report = report::Report::default();
    let record = checks::run_all(&ctx, &other, &third, &mut report, &memo).await;
    for b in [browser, other, third] {
        if let Err(e) = b.close().await {
            eprintln!("e2e: warning: {e:#}");
        }
    }
    drop(driver);
    let passed = report.finish();
    // Only a run in which everything passed is recorded; a failed one
    // leaves the last passing run's record as it was.
    if let Some(record) = record.filter(|_| passed) {
        match memo.save(&record) {
            Ok(()) => println!("e2e: recorded in {}", memo.file()),
            // The checks passed: a record not written costs the next run
            // time, not correctness.
            Err(e) => eprintln!("e2e: warning: no record written: {e:#}"),
        }
    }
    Ok(passed)
}

async fn interrupted() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

#[cfg(test)]
mod layers {
    /// No module of the browser test imports one that imports it back
    /// (the layering crate also checks the preprocessor and the xtask).
    #[test]
    fn no_import_circles() {
        layering::assert_no_circle(env!("CARGO_MANIFEST_DIR"));
    }
}
