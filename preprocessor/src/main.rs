//! The `mdbook-examples` command: speaks mdBook's preprocessor protocol.

use anyhow::Context;
use clap::{Parser, Subcommand};
use mdbook_examples::ExamplesPreprocessor;
use mdbook_preprocessor::Preprocessor;
use std::io::Read;
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let pre = ExamplesPreprocessor;
    if let Some(Command::Supports { renderer }) = cli.command {
        return match pre.supports_renderer(&renderer) {
            Ok(true) => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    match preprocess() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-examples: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn preprocess() -> anyhow::Result<()> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context("cannot read the book from mdBook")?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    mdbook_examples::preprocess(&input, &mut out)
}
