//! Building and serving the book with the pinned mdBook and our preprocessor.
//!
//! `build` uses mdBook as a library (`mdbook-driver`, pinned in Cargo.toml to
//! the same version as the binary), so building and testing the book needs no
//! installed `mdbook`; `serve` needs the binary's file watcher and web server,
//! so it installs the pinned binary into `.tools/` first.

use crate::{cmd, tools};
use anyhow::{Context, Result};
use std::process::Command;
use std::time::Instant;

/// Where mdBook writes the book (its default; book.toml does not change it).
pub const BOOK_DIR: &str = "book";

/// Lets the preprocessor override book.toml's `on-failure`.
const ON_FAILURE_ENV: &str = "MDBOOK_EXAMPLES_ON_FAILURE";

/// `mdbook build`; `env` is set for the preprocessor (e.g. to override its
/// `on-failure` setting, or to bless). The build runs in a child process of
/// this xtask (see [`build_here`]) so that the environment is set on a
/// `Command`, never on this process.
pub fn build(env: &[(&str, &str)]) -> Result<()> {
    let started = Instant::now();
    build_preprocessor()?;
    let mut child =
        Command::new(std::env::current_exe().context("cannot find the xtask executable")?);
    child.arg(crate::BUILD_HERE);
    for (key, value) in env {
        child.env(key, value);
    }
    cmd::run(&mut child)?;
    println!(
        "xtask: book built into {BOOK_DIR}/ in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Build the book in this process with mdBook as a library (`mdbook-driver`,
/// pinned to the same version as the binary).
pub fn build_here() -> Result<()> {
    let book = mdbook_driver::MDBook::load(".")
        .context("cannot load the book (book.toml, src/SUMMARY.md)")?;
    book.build().context("mdBook could not build the book")
}

/// `mdbook serve`; failed claims become red boxes in the page instead of
/// breaking the live reload.
pub fn serve(port: u16, open: bool) -> Result<()> {
    build_preprocessor()?;
    let mut mdbook = Command::new(tools::mdbook()?);
    mdbook
        .args(["serve", "--port", &port.to_string()])
        .env(ON_FAILURE_ENV, "continue");
    if open {
        mdbook.arg("--open");
    }
    cmd::run(&mut mdbook)
}

/// Build the preprocessor (book.toml runs `target/release/mdbook-examples`).
fn build_preprocessor() -> Result<()> {
    cmd::run(&mut cmd::cargo([
        "build",
        "--release",
        "-p",
        "mdbook-examples",
    ]))
}
