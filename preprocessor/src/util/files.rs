//! Listing folders: sorted, so that what is built from them is stable.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The entries of `dir`, sorted (not recursive).
pub fn sorted_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    walk(dir, 1, &|_| true, true)
}

/// Every file under `dir`, in a stable order, leaving out (and not
/// entering) the paths `keep` refuses.
pub fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    walk(dir, usize::MAX, keep, false)
}

/// The paths under `dir` down to `depth`, sorted by name within each folder,
/// with folders when `folders` is set; symbolic links are followed.
fn walk(
    dir: &Path,
    depth: usize,
    keep: &dyn Fn(&Path) -> bool,
    folders: bool,
) -> Result<Vec<PathBuf>> {
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(true)
        .sort_by_file_name();
    let mut out = Vec::new();
    for entry in walker.into_iter().filter_entry(|e| keep(e.path())) {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if folders || !entry.file_type().is_dir() {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}
