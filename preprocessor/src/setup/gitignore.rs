//! The line `install` adds to the book's `.gitignore`: the results folder
//! (`cache-dir`, by default `target/mdbook-examples`), where the cache, the
//! report and cargo's build output of an examples package of its own go.

use anyhow::{Context, Result};
use std::path::Path;

/// Add `/CACHE_DIR/` to `ROOT/.gitignore` (created when missing) unless a
/// line there already ignores that folder or one that holds it (`target`,
/// `/target/`, …). The line added, if one was.
pub fn ensure(root: &Path, cache_dir: &str) -> Result<Option<String>> {
    let path = root.join(".gitignore");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let folder = cache_dir.trim_start_matches("./").trim_matches('/');
    if folder.is_empty() || folder.starts_with("..") || text.lines().any(|l| covers(l, folder)) {
        return Ok(None);
    }
    let line = format!("/{folder}/");
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&line);
    new.push('\n');
    std::fs::write(&path, new).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Some(line))
}

/// Whether the `.gitignore` line `line` ignores `folder` (a path relative to
/// the book root): it names the folder or one of its parents, anchored or
/// not (`target`, `target/`, `/target/`, `/target/mdbook-examples`).
fn covers(line: &str, folder: &str) -> bool {
    let line = line.trim();
    if line.starts_with('#') || line.starts_with('!') || line.is_empty() {
        return false;
    }
    let anchored = line.starts_with('/');
    let pattern = line.trim_matches('/');
    let folder_parts: Vec<&str> = folder.split('/').collect();
    let parts: Vec<&str> = pattern.split('/').collect();
    if !anchored && parts.len() == 1 {
        // A bare name ignores a folder of that name at any depth.
        return folder_parts.contains(&parts[0]);
    }
    folder_parts.starts_with(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_results_folder_is_added_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(".gitignore"), "book").expect("write");
        let added = ensure(dir.path(), "target/mdbook-examples").expect("ok");
        assert_eq!(added.as_deref(), Some("/target/mdbook-examples/"));
        let text = std::fs::read_to_string(dir.path().join(".gitignore")).expect("read");
        assert_eq!(text, "book\n/target/mdbook-examples/\n");
        assert_eq!(
            ensure(dir.path(), "target/mdbook-examples").expect("ok"),
            None
        );
    }

    #[test]
    fn a_line_for_the_folder_or_a_parent_is_enough() {
        for line in [
            "target",
            "target/",
            "/target/",
            "/target",
            "target/mdbook-examples",
            "/target/mdbook-examples/",
        ] {
            assert!(covers(line, "target/mdbook-examples"), "{line}");
        }
        for line in [
            "# target",
            "!target",
            "/book",
            "/target/other",
            "/examples/target",
            "",
        ] {
            assert!(!covers(line, "target/mdbook-examples"), "{line}");
        }
    }
}
