//! The stylesheet that every page using the preprocessor needs, with the
//! version line that lets a build notice a copy older than the binary.

use std::path::Path;

/// The stylesheet, as this binary's pages expect it.
pub const CSS: &str = include_str!("../../assets/mdbook-examples.css");

/// The file name `install` gives it, and the name builds look for in
/// `additional-css`.
pub const FILE_NAME: &str = "mdbook-examples.css";

/// The version the binary writes into the stylesheet's first line.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The version on a stylesheet's first line (`/* mdbook-examples 0.1.0
/// stylesheet …`), if it has one.
pub fn version_of(css: &str) -> Option<&str> {
    let first = css.lines().next()?;
    let rest = first.trim_start().strip_prefix("/* mdbook-examples ")?;
    let (version, tail) = rest.split_once(' ')?;
    tail.starts_with("stylesheet").then_some(version)
}

/// Whether an `additional-css` entry is this stylesheet.
pub fn is_ours(entry: &Path) -> bool {
    entry.file_name().is_some_and(|n| n == FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_stylesheet_carries_the_binary_version() {
        assert_eq!(version_of(CSS), Some(VERSION));
    }

    #[test]
    fn versions_are_read_from_the_first_line_only() {
        assert_eq!(
            version_of("/* mdbook-examples 0.0.9 stylesheet. x */\n"),
            Some("0.0.9")
        );
        assert_eq!(version_of("/* Styles for mdbook-examples blocks */"), None);
        assert_eq!(version_of("\n/* mdbook-examples 1.0 stylesheet */"), None);
        assert_eq!(version_of(""), None);
    }

    #[test]
    fn entries_are_recognised_by_file_name() {
        assert!(is_ours(Path::new("theme/mdbook-examples.css")));
        assert!(!is_ours(Path::new("mdbook-examples.css/other.css")));
    }
}
