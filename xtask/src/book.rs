//! Building and serving the book with the pinned mdBook and our preprocessor.
//!
//! `build` uses mdBook as a library (`mdbook-driver`, pinned in Cargo.toml to
//! the same version as the binary), so building and testing the book needs no
//! installed `mdbook`; `serve` needs the binary's file watcher and web server,
//! so it installs the pinned binary into `.tools/` first.
//!
//! book.toml runs `target/release/mdbook-examples`, which is only right when
//! cargo's target folder is `target/`. Both tasks therefore name the binary
//! they just built through mdBook's config override [`COMMAND_ENV`], so they
//! work with `CARGO_TARGET_DIR` (or `build.target-dir`) set too.

use crate::{cmd, tools};
use anyhow::{Context, Result};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Where mdBook writes the book (its default; book.toml does not change it).
pub const BOOK_DIR: &str = "book";

/// Lets the preprocessor override book.toml's `on-failure`.
const ON_FAILURE_ENV: &str = "MDBOOK_EXAMPLES_ON_FAILURE";

/// mdBook reads `MDBOOK_A__B__C` as the config key `a.b.c` (its value as
/// JSON, else as text): this one replaces book.toml's `command`.
pub const COMMAND_ENV: &str = "MDBOOK_PREPROCESSOR__EXAMPLES__COMMAND";

/// Which build of the preprocessor runs the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `cargo build --release`: `book`, `bless`, `serve`.
    Release,
    /// The debug build, which `cargo test` makes anyway (the integration
    /// tests run it): `cargo xtask test` builds the book with it rather than
    /// compile the crate and its dependencies a second time, in release
    /// (minutes of a cold CI run). The preprocessor mostly
    /// waits for cargo and the examples; from the cache both builds write
    /// the same book.
    Debug,
}

impl Profile {
    /// The folder of cargo's target folder its binaries are in.
    fn folder(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "debug",
        }
    }
}

/// `mdbook build`; `env` is set for the preprocessor (e.g. to override its
/// `on-failure` setting, or to bless). The build runs in a child process of
/// this xtask (see [`build_here`]) so that the environment is set on a
/// `Command`, never on this process.
pub fn build(env: &[(&str, &str)], profile: Profile) -> Result<()> {
    let started = Instant::now();
    crate::pyodide::install()?;
    let command = build_preprocessor(profile)?;
    let mut child = Command::new(crate::xtask_exe()?);
    child.arg(crate::BUILD_HERE).env(COMMAND_ENV, command);
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

/// `mdbook test`: rustdoc on every chapter as the preprocessor leaves it,
/// so that no block it emits (nor one a chapter writes) breaks a book's
/// tests. In a child process, as [`build`].
pub fn doctest(profile: Profile) -> Result<()> {
    let command = build_preprocessor(profile)?;
    cmd::run(
        Command::new(crate::xtask_exe()?)
            .arg(crate::TEST_HERE)
            .env(COMMAND_ENV, command)
            .env(ON_FAILURE_ENV, "bail"),
    )?;
    println!("xtask: rustdoc passed every chapter");
    Ok(())
}

/// The book's tests in this process (`MDBook::test`: rustdoc per chapter).
pub fn test_here() -> Result<()> {
    let mut book = mdbook_driver::MDBook::load(".")
        .context("cannot load the book (book.toml, src/SUMMARY.md)")?;
    book.test(Vec::new()).context(
        "rustdoc failed on a chapter (see above): mark a Rust block the book only shows `ignore`",
    )
}

/// `mdbook serve`; failed claims become red boxes in the page instead of
/// breaking the live reload.
pub fn serve(port: u16, open: bool) -> Result<()> {
    crate::pyodide::install()?;
    let command = build_preprocessor(Profile::Release)?;
    let mut mdbook = Command::new(tools::mdbook()?);
    mdbook
        .args(["serve", "--port", &port.to_string()])
        .env(COMMAND_ENV, command)
        .env(ON_FAILURE_ENV, "continue");
    if open {
        mdbook.arg("--open");
    }
    cmd::run(&mut mdbook)
}

/// Build the preprocessor; the value of [`COMMAND_ENV`] that runs it.
fn build_preprocessor(profile: Profile) -> Result<String> {
    let mut cargo = cmd::cargo(["build", "-p", "mdbook-examples"]);
    if profile == Profile::Release {
        cargo.arg("--release");
    }
    cmd::run(&mut cargo)?;
    command_value(&cmd::bin(
        &cmd::target_dir()?,
        profile.folder(),
        "mdbook-examples",
    ))
}

/// `exe` as the value of [`COMMAND_ENV`]: mdBook splits the command into
/// words like a shell, so the path is quoted; and it reads the variable as
/// JSON first, so the command is a JSON string.
fn command_value(exe: &Path) -> Result<String> {
    let path = exe
        .to_str()
        .with_context(|| format!("the preprocessor's path {} is not UTF-8", exe.display()))?;
    let quoted = shlex::try_quote(path)
        .with_context(|| format!("cannot quote the preprocessor's path {path}"))?;
    Ok(serde_json::Value::from(quoted).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_survives_json_and_shell_splitting() {
        for path in [
            "/home/u/target/release/mdbook-examples",
            "/home/u/my books/t'x/release/mdbook-examples",
        ] {
            let value = command_value(Path::new(path)).unwrap();
            let text: String = serde_json::from_str(&value).unwrap();
            assert_eq!(shlex::split(&text).unwrap(), [path], "{value}");
        }
    }
}
