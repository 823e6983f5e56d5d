//! The starter examples package `install` writes for a book that has none:
//! a manifest with the feature that gates intended failures, one example
//! and one intended failure.

use anyhow::{Context, Result};
use std::path::Path;

/// The package's files, relative to its folder. The manifest is stored as
/// `Cargo.toml.in` so that cargo does not take it for a nested package.
const FILES: [(&str, &str); 3] = [
    (
        "Cargo.toml",
        include_str!("../../assets/starter/Cargo.toml.in"),
    ),
    (
        "src/bin/hello.rs",
        include_str!("../../assets/starter/src/bin/hello.rs"),
    ),
    (
        "src/mistakes/mistake_type.rs",
        include_str!("../../assets/starter/src/mistakes/mistake_type.rs"),
    ),
];

/// Write the starter package into `dir` unless it already has a manifest.
/// Whether it was written.
pub fn write_if_missing(dir: &Path) -> Result<bool> {
    if dir.join("Cargo.toml").exists() {
        return Ok(false);
    }
    for (relative, text) in FILES {
        let path = dir.join(relative);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_package_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\n").expect("write");
        assert!(!write_if_missing(dir.path()).expect("ok"));
        assert!(!dir.path().join("src").exists());
    }

    #[test]
    fn the_manifest_gates_the_intended_failure() {
        let manifest: toml::Table = toml::from_str(FILES[0].1).expect("valid manifest");
        let bin = &manifest["bin"][0];
        assert_eq!(bin["name"].as_str(), Some("mistake_type"));
        assert_eq!(bin["required-features"][0].as_str(), Some("mistakes"));
        assert!(manifest["features"].get("mistakes").is_some());
    }
}
