//! The book's sources and examples, read into memory, so that the lint and
//! the glossary work on text alone (and tests give them text): where they
//! are, the reading, and the table of contents' links.

use crate::files::files_under;
use anyhow::{Context, Result};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::BTreeMap;
use std::path::Path;

/// The book's sources and its table of contents.
pub const SRC: &str = "src";
pub const SUMMARY: &str = "src/SUMMARY.md";
/// The examples package, its binaries and its Python examples.
pub const EXAMPLES: &str = "examples";
pub const BIN_DIR: &str = "examples/src/bin";
pub const PYTHON_DIR: &str = "examples/python";
pub const MISTAKES_DIR: &str = "examples/src/mistakes";
pub const MANIFEST: &str = "examples/Cargo.toml";

/// Everything the lint reads, in memory (paths relative to the repository root).
#[derive(Debug, Default)]
pub struct Book {
    /// `src/SUMMARY.md`.
    pub summary: String,
    /// Every `.md` file under `src/` but `SUMMARY.md`: path relative to `src/` → text.
    pub pages: BTreeMap<String, String>,
    /// Files under `examples/src/bin`, `examples/python` and
    /// `examples/src/mistakes` (e.g. `examples/src/bin/x.rs`).
    pub example_files: Vec<String>,
    /// `examples/Cargo.toml`.
    pub manifest: String,
}

fn read(path: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))
}

/// The book in the current folder (the repository root).
pub fn read_book() -> Result<Book> {
    let mut book = Book {
        summary: read(SUMMARY)?,
        manifest: read(MANIFEST)?,
        ..Book::default()
    };
    book.pages = read_pages()?;
    for dir in [BIN_DIR, PYTHON_DIR, MISTAKES_DIR] {
        let mut files = Vec::new();
        if Path::new(dir).is_dir() {
            files_under(Path::new(dir), &mut files)?;
        }
        book.example_files.extend(files.iter().map(|p| slashed(p)));
    }
    book.example_files.sort();
    Ok(book)
}

/// Every `.md` page under `src/` but `SUMMARY.md`, by its path within `src/`.
fn read_pages() -> Result<BTreeMap<String, String>> {
    let mut md = Vec::new();
    files_under(Path::new(SRC), &mut md)?;
    let mut pages = BTreeMap::new();
    for path in md {
        let Ok(rel) = path.strip_prefix(SRC) else {
            continue;
        };
        let rel = slashed(rel);
        if rel == "SUMMARY.md" || !rel.ends_with(".md") {
            continue;
        }
        pages.insert(rel, read(&slashed(&path))?);
    }
    Ok(pages)
}

/// A path with `/` separators, whatever the platform.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The `.md` pages `SUMMARY.md` links to (without `#anchor`), with their lines.
pub fn summary_links(summary: &str) -> Vec<(String, usize)> {
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(summary, Options::empty()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let dest = dest_url.split('#').next().unwrap_or_default();
            let dest = dest.strip_prefix("./").unwrap_or(dest);
            if dest.ends_with(".md") && !dest.contains("://") {
                links.push((dest.to_owned(), line_of(summary, range.start)));
            }
        }
    }
    links
}

/// 1-based line of byte `pos`.
pub fn line_of(text: &str, pos: usize) -> usize {
    text[..pos.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_links_skip_anchors_and_urls() {
        let s = "# Summary\n\n[Intro](introduction.md)\n\n- [A](a.md#part)\n  - [B](./sub/b.md)\n- [Web](https://x.org/c.md)\n";
        assert_eq!(
            summary_links(s),
            [
                ("introduction.md".to_owned(), 3),
                ("a.md".to_owned(), 5),
                ("sub/b.md".to_owned(), 6)
            ]
        );
    }
}
