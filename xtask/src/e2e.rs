//! `cargo xtask e2e`: the built book in a real headless browser (the `e2e`
//! crate), with screenshots of every theme kept under `target/`.

use crate::book::BOOK_DIR;
use crate::cmd;
use anyhow::Result;

/// Where the e2e run leaves its screenshots (a CI artefact).
const SCREENSHOTS: &str = "target/e2e-screenshots";

/// Run the browser checks against `book/` (build it first).
pub fn run() -> Result<()> {
    // Debug build: `cargo test --workspace` has compiled its dependencies already.
    cmd::run(cmd::cargo(["run", "--quiet", "-p", "e2e", "--"]).args([
        "--book",
        BOOK_DIR,
        "--screenshots",
        SCREENSHOTS,
    ]))
}
