//! The cargo workspace an examples package may sit in.

use std::path::{Path, PathBuf};

/// The manifest of the workspace that `package_dir` is a member of: the
/// nearest `Cargo.toml` above it with a `[workspace]` table, unless the
/// package's own manifest has one (then it is a workspace of its own).
/// Unreadable manifests are skipped, as cargo would fail on them anyway.
pub fn enclosing(package_dir: &Path) -> Option<(PathBuf, toml::Table)> {
    let workspace = |dir: &Path| {
        let path = dir.join("Cargo.toml");
        let table = std::fs::read_to_string(&path)
            .ok()?
            .parse::<toml::Table>()
            .ok()?;
        table.contains_key("workspace").then_some((path, table))
    };
    if workspace(package_dir).is_some() {
        return None;
    }
    package_dir.ancestors().skip(1).find_map(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_finds_its_workspace_and_a_workspace_of_its_own_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("ex")).expect("mkdir");
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = ['ex']\n").expect("write");
        std::fs::write(root.join("ex/Cargo.toml"), "[package]\nname = 'ex'\n").expect("write");
        let (path, _) = enclosing(&root.join("ex")).expect("a member");
        assert_eq!(path, root.join("Cargo.toml"));
        std::fs::write(
            root.join("ex/Cargo.toml"),
            "[package]\nname = 'ex'\n[workspace]\n",
        )
        .expect("write");
        assert!(enclosing(&root.join("ex")).is_none());
    }
}
