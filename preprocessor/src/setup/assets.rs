//! The files every page using the preprocessor needs (the stylesheet, and
//! the script behind "Run it yourself"), each with the version line that
//! lets a build notice a copy older than the binary.

use std::path::Path;

/// One file `install` writes next to book.toml and lists in `[output.html]`.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// What it is, as its first line names it (`stylesheet`, `script`).
    pub what: &'static str,
    pub file_name: &'static str,
    /// Its `[output.html]` list.
    pub key: &'static str,
    /// Its text, as this binary's pages expect it.
    pub text: &'static str,
}

pub const STYLESHEET: Asset = Asset {
    what: "stylesheet",
    file_name: "mdbook-examples.css",
    key: "additional-css",
    text: include_str!("../../assets/mdbook-examples.css"),
};

pub const SCRIPT: Asset = Asset {
    what: "script",
    file_name: "mdbook-examples.js",
    key: "additional-js",
    text: include_str!("../../assets/mdbook-examples.js"),
};

pub const ASSETS: [Asset; 2] = [STYLESHEET, SCRIPT];

/// The version the binary writes into each asset's first line.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

impl Asset {
    /// The version on a copy's first line (`/* mdbook-examples 0.1.0
    /// stylesheet …`), if it has one.
    pub fn version_of<'t>(&self, text: &'t str) -> Option<&'t str> {
        let first = text.lines().next()?;
        let rest = first.trim_start().strip_prefix("/* mdbook-examples ")?;
        let (version, tail) = rest.split_once(' ')?;
        tail.starts_with(self.what).then_some(version)
    }

    /// Whether an `[output.html]` entry is this asset.
    pub fn is(&self, entry: &Path) -> bool {
        entry.file_name().is_some_and(|n| n == self.file_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_assets_carry_the_binary_version() {
        for asset in ASSETS {
            assert_eq!(
                asset.version_of(asset.text),
                Some(VERSION),
                "{}",
                asset.file_name
            );
        }
    }

    #[test]
    fn versions_are_read_from_the_first_line_only() {
        assert_eq!(
            STYLESHEET.version_of("/* mdbook-examples 0.0.9 stylesheet. x */\n"),
            Some("0.0.9")
        );
        assert_eq!(
            SCRIPT.version_of("/* mdbook-examples 0.0.9 stylesheet. x */\n"),
            None
        );
        assert_eq!(
            STYLESHEET.version_of("/* Styles for mdbook-examples blocks */"),
            None
        );
        assert_eq!(
            STYLESHEET.version_of("\n/* mdbook-examples 1.0 stylesheet */"),
            None
        );
        assert_eq!(STYLESHEET.version_of(""), None);
    }

    #[test]
    fn entries_are_recognised_by_file_name() {
        assert!(STYLESHEET.is(Path::new("theme/mdbook-examples.css")));
        assert!(!STYLESHEET.is(Path::new("mdbook-examples.css/other.css")));
        assert!(SCRIPT.is(Path::new("mdbook-examples.js")));
    }
}
