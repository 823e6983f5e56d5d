//! The pinned tools, installed into the repository's own `.tools/` folder so that
//! every machine (and CI) uses the same version, whatever else is on `PATH`.

use crate::cmd;
use anyhow::{Result, bail};
use std::path::PathBuf;
use std::process::Command;

/// The one place the mdBook version is pinned (the preprocessor's
/// `mdbook-preprocessor` dependency must match it).
pub const MDBOOK_VERSION: &str = "0.5.4";

/// `cargo install --root` folder.
const TOOLS_ROOT: &str = ".tools";
/// Separate target folder, so that installing does not disturb the workspace build.
const TOOLS_TARGET_DIR: &str = "target/tools-build";

/// Path of the pinned mdBook, installing it first if needed.
pub fn mdbook() -> Result<PathBuf> {
    let bin = PathBuf::from(TOOLS_ROOT)
        .join("bin")
        .join(format!("mdbook{}", std::env::consts::EXE_SUFFIX));
    match version_of(&bin) {
        Some(v) if v == MDBOOK_VERSION => {
            println!(
                "xtask: mdbook {MDBOOK_VERSION} is installed ({})",
                bin.display()
            );
            return Ok(bin);
        }
        Some(v) => println!(
            "xtask: {} is {v}, want {MDBOOK_VERSION}: reinstalling",
            bin.display()
        ),
        None => println!("xtask: installing mdbook {MDBOOK_VERSION} into {TOOLS_ROOT}/"),
    }
    cmd::run(
        cmd::cargo(["install", "mdbook", "--locked", "--force"]).args([
            "--version",
            MDBOOK_VERSION,
            "--root",
            TOOLS_ROOT,
            "--target-dir",
            TOOLS_TARGET_DIR,
        ]),
    )?;
    match version_of(&bin) {
        Some(v) if v == MDBOOK_VERSION => Ok(bin),
        other => bail!(
            "after installing, {} reports version {other:?}, want {MDBOOK_VERSION}",
            bin.display()
        ),
    }
}

/// The version `BIN --version` reports (`mdbook v0.5.4` → `0.5.4`), if it runs.
fn version_of(bin: &PathBuf) -> Option<String> {
    let out = Command::new(bin).arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    parse_version(&String::from_utf8_lossy(&out.stdout))
}

fn parse_version(text: &str) -> Option<String> {
    let v = text.split_whitespace().nth(1)?;
    Some(v.strip_prefix('v').unwrap_or(v).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mdbook_version_line() {
        assert_eq!(parse_version("mdbook v0.5.4\n").as_deref(), Some("0.5.4"));
        assert_eq!(parse_version("mdbook 0.4.40").as_deref(), Some("0.4.40"));
        assert_eq!(parse_version(""), None);
    }
}
