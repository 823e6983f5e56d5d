//! Building and serving the book with the pinned mdBook and our preprocessor.

use crate::{cmd, tools};
use anyhow::Result;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// Where mdBook writes the book (its default; book.toml does not change it).
pub const BOOK_DIR: &str = "book";

/// Lets the preprocessor override book.toml's `on-failure`.
const ON_FAILURE_ENV: &str = "MDBOOK_EXAMPLES_ON_FAILURE";

/// `mdbook build`; `on_failure` overrides the preprocessor's `on-failure` setting.
pub fn build(on_failure: Option<&str>) -> Result<()> {
    let started = Instant::now();
    let mut mdbook = Command::new(prepare()?);
    mdbook.arg("build");
    if let Some(mode) = on_failure {
        mdbook.env(ON_FAILURE_ENV, mode);
    }
    cmd::run(&mut mdbook)?;
    println!(
        "xtask: book built into {BOOK_DIR}/ in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `mdbook serve`; failed claims become red boxes in the page instead of
/// breaking the live reload.
pub fn serve(port: u16, open: bool) -> Result<()> {
    let mut mdbook = Command::new(prepare()?);
    mdbook
        .args(["serve", "--port", &port.to_string()])
        .env(ON_FAILURE_ENV, "continue");
    if open {
        mdbook.arg("--open");
    }
    cmd::run(&mut mdbook)
}

/// Build the preprocessor (book.toml runs `target/release/mdbook-examples`) and
/// make sure the pinned mdBook is installed; returns mdBook's path.
fn prepare() -> Result<PathBuf> {
    cmd::run(&mut cmd::cargo([
        "build",
        "--release",
        "-p",
        "mdbook-examples",
    ]))?;
    tools::mdbook()
}
