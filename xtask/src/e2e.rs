//! `cargo xtask e2e`: the built book in a real headless browser (the `e2e`
//! crate), with screenshots of every theme kept under `target/`. A run in
//! which every check passed leaves a record in [`PASSED`]; the next run
//! checks only the chapter pages changed since (`--all`: every page).

use crate::book::BOOK_DIR;
use crate::cmd;
use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// Where the e2e run leaves its screenshots (a CI artefact).
const SCREENSHOTS: &str = "target/e2e-screenshots";

/// The record of the last run in which every check passed (kept with
/// `target/` between CI runs, like the example results).
const PASSED: &str = "target/e2e/passed.json";

/// axe-core, as `npm ci --prefix e2e` installs it from e2e/package-lock.json.
const AXE: &str = "e2e/node_modules/axe-core/axe.min.js";

/// Run the browser checks against `book/` (build it first); `measure_only`
/// runs only the measurements (text size, contrast, panes, axe); `all`
/// checks every page, also those unchanged since the last passing run.
pub fn run(measure_only: bool, all: bool) -> Result<()> {
    install_axe()?;
    // The debug binary the tests' build made (see `book::tested_binary`);
    // where clippy is missing (there is no such build), a plain `cargo run`.
    let mut e2e = match cmd::clippy_driver() {
        Ok(_) => Command::new(crate::book::tested_binary("e2e")?),
        Err(e) => {
            println!("xtask: {e:#}; running e2e with `cargo run` instead");
            cmd::cargo(["run", "--quiet", "-p", "e2e", "--"])
        }
    };
    e2e.args([
        "--book",
        BOOK_DIR,
        "--screenshots",
        SCREENSHOTS,
        "--axe",
        AXE,
        "--passed",
        PASSED,
    ]);
    if measure_only {
        e2e.arg("--measure-only");
    }
    if all {
        e2e.arg("--all");
    }
    cmd::run(&mut e2e)
}

/// `npm ci --prefix e2e` when axe-core is not there yet and npm is. Without
/// npm nothing is installed, and the `axe` check fails saying how to.
fn install_axe() -> Result<()> {
    if Path::new(AXE).is_file() {
        return Ok(());
    }
    let npm_found = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !npm_found {
        println!("xtask: npm not found: the e2e `axe` check will fail (apt-get install npm)");
        return Ok(());
    }
    cmd::run(Command::new("npm").args([
        "ci",
        "--prefix",
        "e2e",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
    ]))
}
