//! The `mdbook-examples` command: speaks mdBook's preprocessor protocol.

use anyhow::Context;
use clap::{Parser, Subcommand};
use mdbook_examples::ExamplesPreprocessor;
use mdbook_preprocessor::Preprocessor;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// An mdBook preprocessor that compiles and runs a book's example programs and
/// embeds their real, timed output. mdBook runs it; see its README.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tell mdBook whether a renderer is supported (exit code 0: yes).
    Supports { renderer: String },
    /// Set up a book: add `[preprocessor.examples]` and the stylesheet to its
    /// book.toml, write or update the stylesheet, and write a starter
    /// examples package if there is none. Running it again changes nothing.
    Install {
        /// The book's folder (the one with book.toml).
        #[arg(default_value = ".")]
        book: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let pre = ExamplesPreprocessor;
    let done = match cli.command {
        Some(Command::Supports { renderer }) => {
            return match pre.supports_renderer(&renderer) {
                Ok(true) => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            };
        }
        Some(Command::Install { book }) => install(&book),
        None => preprocess(),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-examples: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn install(book: &Path) -> anyhow::Result<()> {
    let changes = mdbook_examples::setup::install(book)?;
    if changes.is_empty() {
        println!("{} is already set up: nothing changed", book.display());
    }
    for change in &changes {
        println!("{change}");
    }
    println!(
        "Next: put {{{{#example hello}}}} in a chapter, then run `mdbook serve` (or `mdbook build`)."
    );
    Ok(())
}

fn preprocess() -> anyhow::Result<()> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context("cannot read the book from mdBook")?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    mdbook_examples::protocol::preprocess(&input, &mut out)
}
