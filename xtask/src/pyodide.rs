//! Pyodide (CPython compiled to WebAssembly) for the book's Python examples:
//! installed by npm from `pyodide/package-lock.json` (pinned), and its
//! files copied into `src/pyodide/`, which mdBook copies into the built
//! book. The page's script loads them from the book itself, on a reader's
//! first click on a Python example's Run button; no page loads them before.

use crate::cmd;
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// The npm project that pins Pyodide.
const PROJECT: &str = "pyodide";
/// Where npm puts the package.
const PACKAGE: &str = "pyodide/node_modules/pyodide";
/// Where the book serves it from (book.toml's `playground.pyodide`).
pub const SERVED: &str = "src/pyodide";
/// What the page loads: the loader, the interpreter (its JavaScript and
/// WebAssembly), the standard library, and the package index the loader reads.
pub const FILES: [&str; 5] = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
];

/// Install the pinned Pyodide when it is missing or another version, and
/// copy its files where the book serves them (when they differ).
pub fn install() -> Result<()> {
    let pinned = pinned_version()?;
    if installed_version().as_deref() != Some(pinned.as_str()) {
        let npm_found = Command::new("npm")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !npm_found {
            bail!(
                "Pyodide {pinned} is not installed in {PACKAGE} and npm is not found: install npm (apt-get install npm), or run `npm ci --prefix {PROJECT}`"
            );
        }
        cmd::run(Command::new("npm").args([
            "ci",
            "--prefix",
            PROJECT,
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    std::fs::create_dir_all(SERVED).with_context(|| format!("cannot create {SERVED}"))?;
    for file in FILES {
        let (from, to) = (Path::new(PACKAGE).join(file), Path::new(SERVED).join(file));
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
        if size(&from).is_none() {
            bail!(
                "{} is missing: run `npm ci --prefix {PROJECT}`",
                from.display()
            );
        }
        if size(&from) != size(&to) || !same(&from, &to) {
            std::fs::copy(&from, &to)
                .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        }
    }
    Ok(())
}

fn same(a: &Path, b: &Path) -> bool {
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The version `pyodide/package.json` pins.
fn pinned_version() -> Result<String> {
    let path = Path::new(PROJECT).join("package.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    json["dependencies"]["pyodide"]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("{} pins no `pyodide` dependency", path.display()))
}

fn installed_version() -> Option<String> {
    let text = std::fs::read_to_string(Path::new(PACKAGE).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_string)
}
