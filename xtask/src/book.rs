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
use anyhow::{Context, Result, ensure};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
    /// The debug binary [`WORKSPACE_TESTS`] built (the integration tests
    /// run it): `cargo xtask test` builds the book with it rather than
    /// compile the crate and its dependencies once more, in release, or
    /// in debug with other features (minutes of a cold CI run). The
    /// preprocessor mostly waits for cargo and the examples; from the
    /// cache both builds write the same book.
    Tested,
}

/// The test command of `cargo xtask test`, run through [`cmd::linted`]
/// (the examples package has no tests; testing it would only compile its
/// binaries once more, in debug mode, and clippy checks them).
pub const WORKSPACE_TESTS: [&str; 4] = ["test", "--workspace", "--exclude", "async-book-examples"];

/// The build of every target [`WORKSPACE_TESTS`] compiles, and of the
/// workspace's binaries besides (the e2e program). The tests among the
/// targets bring in the dev-dependencies, so cargo resolves the
/// dependencies' features exactly as for the tests and compiles nothing
/// twice; a `cargo build --bin NAME` without them resolves fewer features
/// and compiled six dependencies and the preprocessor again (16 s of a cold
/// CI run, and 8 s for the e2e program). `.ci/run` starts with it.
pub const WORKSPACE_BUILD: [&str; 5] = [
    "build",
    "--workspace",
    "--exclude",
    "async-book-examples",
    "--all-targets",
];

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
    match profile {
        Profile::Release => {
            cmd::run(&mut cmd::cargo([
                "build",
                "--release",
                "-p",
                "mdbook-examples",
            ]))?;
            command_value(&cmd::release_bin(&cmd::target_dir()?, "mdbook-examples"))
        }
        Profile::Tested => command_value(&tested_binary("mdbook-examples")?),
    }
}

/// Binary `name` of the workspace, from [`WORKSPACE_BUILD`]: through
/// [`cmd::linted`] and with the features cargo resolves for the tests. So
/// it is the binary the tests ran, or one compiled from what they
/// compiled, and after the tests' build nothing is compiled; `cargo run -p
/// NAME` would resolve the dependencies' features for that one package and
/// compile many of them again.
pub fn tested_binary(name: &str) -> Result<PathBuf> {
    let mut cargo = cmd::linted(WORKSPACE_BUILD)?;
    cargo
        .arg("--message-format=json-render-diagnostics")
        .stderr(Stdio::inherit());
    println!("xtask: $ {}", cmd::display(&cargo));
    let out = cargo.output().context("cannot run `cargo build`")?;
    ensure!(out.status.success(), "the workspace's build failed");
    binary_among(&String::from_utf8_lossy(&out.stdout), name)
        .with_context(|| format!("the workspace's build named no `{name}` binary"))
}

/// Binary `name` (not a test) among cargo's JSON messages.
fn binary_among(messages: &str, name: &str) -> Option<PathBuf> {
    messages.lines().find_map(|line| {
        let m: serde_json::Value = serde_json::from_str(line).ok()?;
        let is_bin = m["target"]["kind"] == serde_json::json!(["bin"]);
        let ours = m["reason"] == "compiler-artifact"
            && m["target"]["name"] == name
            && is_bin
            && m["profile"]["test"] == false;
        if !ours {
            return None;
        }
        m["executable"].as_str().map(PathBuf::from)
    })
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
    fn the_tested_preprocessor_is_its_binary_not_a_test() {
        let messages = [
            r#"{"reason":"compiler-artifact","target":{"name":"mdbook-examples","kind":["bin"]},"profile":{"test":true},"executable":"/t/debug/deps/mdbook_examples-1"}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"mdbook-examples","kind":["lib"]},"profile":{"test":false},"executable":null}"#,
            "not json",
            r#"{"reason":"compiler-artifact","target":{"name":"mdbook-examples","kind":["bin"]},"profile":{"test":false},"executable":"/t/debug/mdbook-examples"}"#,
        ]
        .join("\n");
        assert_eq!(
            binary_among(&messages, "mdbook-examples"),
            Some(PathBuf::from("/t/debug/mdbook-examples"))
        );
        assert_eq!(binary_among(&messages, "e2e"), None);
        assert_eq!(
            binary_among(r#"{"reason":"build-finished"}"#, "mdbook-examples"),
            None
        );
    }

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
