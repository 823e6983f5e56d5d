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

/// `path` as seen from `root`: below it (`src/a.rs`), below its parent
/// (`../Cargo.lock`, a workspace's lockfile), or else as it is (the
/// registry's sources). Cache keys and the files the cache folder keeps
/// name paths this way, so that another clone or worktree of the same book,
/// in another folder, finds the same names.
pub fn seen_from(path: &Path, root: &Path) -> PathBuf {
    if let Ok(inside) = path.strip_prefix(root) {
        return inside.to_path_buf();
    }
    match root.parent().map(|up| path.strip_prefix(up)) {
        Some(Ok(beside)) => Path::new("..").join(beside),
        _ => path.to_path_buf(),
    }
}

/// The inverse of [`seen_from`]: the absolute path of `seen` from `root`.
pub fn from_seen(seen: &Path, root: &Path) -> PathBuf {
    match (seen.strip_prefix(".."), root.parent()) {
        (Ok(beside), Some(up)) => up.join(beside),
        _ => root.join(seen),
    }
}

/// The first file named `program` in a folder of `PATH` (`program` itself
/// when it is an absolute path).
pub fn on_path(program: &std::ffi::OsStr) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_is_found_on_path_or_as_an_absolute_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let tool = dir.path().join("tool");
        std::fs::write(&tool, "").expect("write");
        assert_eq!(on_path(tool.as_os_str()), Some(tool.clone()));
        assert_eq!(on_path(dir.path().join("absent").as_os_str()), None);
        assert!(on_path("mdbx-no-such-program".as_ref()).is_none());
        assert!(on_path("sh".as_ref()).is_some(), "sh is on PATH");
    }

    #[test]
    fn paths_seen_from_a_root_come_back() {
        let root = Path::new("/book/examples");
        for (path, seen) in [
            ("/book/examples/src/a.rs", "src/a.rs"),
            ("/book/Cargo.lock", "../Cargo.lock"),
            ("/registry/tokio/lib.rs", "/registry/tokio/lib.rs"),
        ] {
            assert_eq!(seen_from(Path::new(path), root), Path::new(seen));
            assert_eq!(from_seen(Path::new(seen), root), Path::new(path));
        }
    }
}
