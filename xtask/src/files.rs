//! Files under a folder, for the tasks that read the book's sources or the
//! built book.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

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
