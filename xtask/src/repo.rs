//! Where the repository is: found at run time from the current folder, so
//! that one `xtask` binary shared by two clones (one `CARGO_TARGET_DIR`)
//! always works on the clone it was started in.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The files that mark the repository root (relative to it).
const MARKERS: [&str; 2] = ["book.toml", "xtask/Cargo.toml"];

/// The nearest folder from `start` upward that holds the book and the xtask.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    match start
        .ancestors()
        .find(|dir| MARKERS.iter().all(|m| dir.join(m).is_file()))
    {
        Some(root) => Ok(root.to_path_buf()),
        None => bail!(
            "{} is not inside a clone of the book's repository: no folder from there upward has {}; \
             run `cargo xtask` inside the repository",
            start.display(),
            MARKERS.join(" and ")
        ),
    }
}

/// Make the repository root the current folder: every task works with paths
/// relative to it (where book.toml is).
pub fn enter_root() -> Result<()> {
    let here = std::env::current_dir().context("cannot read the current folder")?;
    let root = find_root(&here)?;
    std::env::set_current_dir(&root)
        .with_context(|| format!("cannot enter the repository root {}", root.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }

    #[test]
    fn finds_the_nearest_clone_upward() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        for clone in [&one, &two] {
            touch(&clone.join("book.toml"));
            touch(&clone.join("xtask/Cargo.toml"));
        }
        // A fixture book inside a clone has a book.toml but no xtask.
        let fixture = two.join("preprocessor/tests/fixtures/basic");
        touch(&fixture.join("book.toml"));

        assert_eq!(find_root(&one).unwrap(), one);
        assert_eq!(find_root(&two.join("xtask/src")).unwrap(), two);
        assert_eq!(find_root(&fixture).unwrap(), two);
    }

    #[test]
    fn outside_a_clone_says_where_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("book.toml"));
        let e = find_root(dir.path()).unwrap_err().to_string();
        assert!(e.contains(&dir.path().display().to_string()), "{e}");
        assert!(e.contains("book.toml and xtask/Cargo.toml"), "{e}");
        assert!(e.contains("run `cargo xtask` inside the repository"), "{e}");
    }
}
