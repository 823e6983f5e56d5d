//! Reading the book's sources and examples into memory, so that the checks
//! work on text alone (and tests give them text).

use super::{BIN_DIR, MANIFEST, MISTAKES_DIR, PYTHON_DIR, SRC, SUMMARY};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// A path with `/` separators, whatever the platform.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
