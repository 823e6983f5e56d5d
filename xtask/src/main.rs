//! `cargo xtask`: the repository's tasks, so that a contributor's machine and
//! CI build, serve and check the book the same way with the same tools.
//! Book-authoring tools (chapter lint, glossary, new chapter) are in
//! `authoring/`; the repository's tasks (build, serve, test, bench, e2e,
//! fuzz) beside it use them, never the reverse (`layers`).

mod authoring;
mod bench;
mod book;
mod checks;
mod cmd;
mod e2e;
mod files;
mod fuzz;
#[cfg(test)]
mod layers;
mod line_times;
mod pyodide;
#[cfg(test)]
mod release;
mod repo;
mod test;
mod tools;

use authoring::{glossary, lint, scaffold};

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Build, serve and check the book.
#[derive(Debug, Parser)]
#[command(bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint the chapters, then build the book into book/ (builds the preprocessor first).
    Book,
    /// Serve the book with live reload; failed claims show as red boxes in the page.
    Serve {
        /// Port to listen on.
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Open the book in a web browser.
        #[arg(long, short)]
        open: bool,
    },
    /// Run every check CI runs (fmt, clippy, tests, book build, claims), stopping at the first failure.
    Test,
    /// Rebuild the book and rewrite every `expected` block whose output claim fails from the real run.
    Bless,
    /// Measure build speed, timing accuracy and memory (prints numbers; see `bench --help`).
    Bench(bench::Args),
    /// Create a chapter with all its bones, a starter example and its SUMMARY line.
    NewChapter {
        /// File name without `.md`, also the prefix of its examples (`my_topic` → `src/my-topic.md`).
        slug: String,
        /// The chapter's title.
        title: String,
    },
    /// Fuzz the preprocessor's parsers, matcher and output cleaning in release mode (`--minutes N`, default 10).
    Fuzz(fuzz::Args),
    /// Check the built book in headless Chromium (needs chromium and chromedriver; npm for axe-core): the chapter pages changed since the last passing run, every page with `--all`.
    E2e {
        /// Only the measurements: figure text size, contrast, panes, axe.
        #[arg(long)]
        measure: bool,
        /// Check every chapter page, also those unchanged since the last
        /// passing run (recorded in target/e2e/passed.json).
        #[arg(long)]
        all: bool,
    },
    /// Run the Rust programs the built book offers to run with the page's line-timing code appended, and compare their times with the build's.
    LineTimes {
        /// Only this many programs, spread over the book (CI runs a sample).
        #[arg(long)]
        sample: Option<usize>,
    },
    /// Check that every chapter has the bones and every example is used (quick, no build).
    Lint,
    /// Regenerate src/glossary.md from the chapters' Vocabulary sections.
    Glossary,
    /// Build the book in this process (used by `book`, `test` and `bless`).
    #[command(name = "build-here", hide = true)]
    BuildHere,
    /// Run the book's tests (`mdbook test`) in this process (used by `test`).
    #[command(name = "test-here", hide = true)]
    TestHere,
}

/// The hidden subcommand that builds the book in a child process.
pub const BUILD_HERE: &str = "build-here";

/// The hidden subcommand that runs the book's tests in a child process.
pub const TEST_HERE: &str = "test-here";

/// This program's file, as it was when it started. `cargo test` may build a
/// new xtask into the same path while this one runs (the test step of
/// `cargo xtask test` does): then `current_exe` names the deleted file, and
/// the path taken at start names the new one, built from the same sources.
static XTASK_EXE: std::sync::OnceLock<std::io::Result<std::path::PathBuf>> =
    std::sync::OnceLock::new();

/// The path to run this xtask again (for `build-here`).
pub fn xtask_exe() -> anyhow::Result<std::path::PathBuf> {
    match XTASK_EXE.get_or_init(std::env::current_exe) {
        Ok(path) => Ok(path.clone()),
        Err(e) => anyhow::bail!("cannot find the xtask executable: {e}"),
    }
}

fn main() -> ExitCode {
    let _ = xtask_exe();
    let cli = Cli::parse();
    if let Err(e) = repo::enter_root() {
        eprintln!("xtask: error: {e:#}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Book => lint::chapters()
            .context(
                "the chapter lint failed, so the book was not built \
                 (`cargo xtask serve` shows a chapter in progress)",
            )
            .and_then(|()| book::build(&[], book::Profile::Release)),
        Command::Bless => book::build(&[("MDBOOK_EXAMPLES_BLESS", "1")], book::Profile::Release),
        Command::BuildHere => book::build_here(),
        Command::TestHere => book::test_here(),
        Command::Bench(args) => bench::run(&args),
        Command::NewChapter { slug, title } => scaffold::new_chapter(&slug, &title),
        Command::Fuzz(args) => fuzz::run(&args),
        Command::E2e { measure, all } => e2e::run(measure, all),
        Command::LineTimes { sample } => line_times::run(sample),
        Command::Lint => lint::chapters(),
        Command::Glossary => glossary::write(),
        Command::Serve { port, open } => book::serve(port, open),
        Command::Test => return test::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
