//! What of the lockfile and of the workspace manifest the examples package
//! is built from, for the cache keys.
//!
//! Cargo compiles the package (`--manifest-path`, one package) from the
//! lockfile entries its own entry reaches (its dependencies, theirs, …) and
//! from the workspace manifest's profiles, patches and the settings members
//! inherit. The rest of both files (another member's dependencies, the list
//! of members, a comment, the order of tables) cannot change what the
//! examples compile to, so the keys leave it out: adding a dependency to
//! another crate of the workspace runs no example again. A file this cannot
//! read is keyed whole, as before.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// The parts of the package's lockfile and workspace manifest its build
/// depends on, each as a canonical text.
#[derive(Debug, Default)]
pub struct BuildParts(BTreeMap<PathBuf, String>);

impl BuildParts {
    /// Read the parts for the package at `package_dir`. `lock` and
    /// `workspace` are the files cargo reads (either may be absent).
    pub fn read(package_dir: &Path, lock: Option<&Path>, workspace: Option<&Path>) -> BuildParts {
        let mut parts = BTreeMap::new();
        let read = |p: &Path| std::fs::read_to_string(p).ok();
        let root = read(&package_dir.join("Cargo.toml")).and_then(|m| package_name(&m));
        let reached = lock.zip(root).and_then(|(lock, root)| {
            let (text, names) = lock_part(&read(lock)?, &root)?;
            parts.insert(lock.to_path_buf(), text);
            Some(names)
        });
        if let Some((workspace, reached)) = workspace.zip(reached)
            && let Some(text) = read(workspace).and_then(|m| workspace_part(&m, &reached))
        {
            parts.insert(workspace.to_path_buf(), text);
        }
        BuildParts(parts)
    }

    /// What of `file` counts, if it is one of the two files and was read.
    pub fn of(&self, file: &Path) -> Option<&str> {
        self.0.get(file).map(String::as_str)
    }
}

/// `[package] name` of a manifest.
fn package_name(manifest: &str) -> Option<String> {
    let table: Table = manifest.parse().ok()?;
    Some(table.get("package")?.get("name")?.as_str()?.to_string())
}

/// The entries of lockfile `lock` that the path package `root` reaches, as
/// one canonical text, and their names. `None` if `lock` is not a lockfile
/// this understands: no single entry for `root`, or a dependency that names
/// no entry, or more than one.
fn lock_part(lock: &str, root: &str) -> Option<(String, BTreeSet<String>)> {
    let table: Table = lock.parse().ok()?;
    let entries: Vec<&Table> = table
        .get("package")?
        .as_array()?
        .iter()
        .map(Value::as_table)
        .collect::<Option<_>>()?;
    let start = only(
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| field(e, "name") == Some(root) && e.get("source").is_none()),
    )?
    .0;
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(i) = queue.pop_front() {
        for dependency in entries[i]
            .get("dependencies")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let d = resolve(&entries, dependency.as_str()?)?;
            if seen.insert(d) {
                queue.push_back(d);
            }
        }
    }
    let reached: Vec<Value> = seen
        .iter()
        .map(|&i| Value::Table(entries[i].clone()))
        .collect();
    let names = seen
        .iter()
        .filter_map(|&i| field(entries[i], "name").map(str::to_string))
        .collect();
    let mut part = Table::new();
    part.insert("package".into(), Value::Array(reached));
    Some((toml::to_string(&part).ok()?, names))
}

/// The one entry a lockfile dependency names: `name`, `name version` or
/// `name version (source)`.
fn resolve(entries: &[&Table], dependency: &str) -> Option<usize> {
    let mut words = dependency.splitn(3, ' ');
    let name = words.next()?;
    let version = words.next();
    let source = words
        .next()
        .map(|s| s.trim_start_matches('(').trim_end_matches(')'));
    let matches = entries.iter().enumerate().filter(|(_, e)| {
        field(e, "name") == Some(name)
            && version.is_none_or(|v| field(e, "version") == Some(v))
            && source.is_none_or(|s| field(e, "source") == Some(s))
    });
    Some(only(matches)?.0)
}

fn field<'a>(entry: &'a Table, key: &str) -> Option<&'a str> {
    entry.get(key).and_then(Value::as_str)
}

/// The single item, if there is exactly one.
fn only<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

/// The workspace manifest without what cannot change how the package
/// compiles: the list of members, `[workspace.metadata]`, and the
/// workspace dependencies that no reached entry is (by name, or by the
/// `package` a renamed one stands for). Re-written, so comments and layout
/// do not count either.
fn workspace_part(manifest: &str, reached: &BTreeSet<String>) -> Option<String> {
    let mut table: Table = manifest.parse().ok()?;
    if let Some(workspace) = table.get_mut("workspace").and_then(Value::as_table_mut) {
        for key in ["members", "exclude", "default-members", "metadata"] {
            workspace.remove(key);
        }
        if let Some(dependencies) = workspace
            .get_mut("dependencies")
            .and_then(Value::as_table_mut)
        {
            dependencies.retain(|name, spec| {
                let package = spec.get("package").and_then(Value::as_str);
                reached.contains(name) || package.is_some_and(|p| reached.contains(p))
            });
            if dependencies.is_empty() {
                workspace.remove("dependencies");
            }
        }
    }
    toml::to_string(&table).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "examples"
version = "0.1.0"
dependencies = ["tokio", "tracer"]

[[package]]
name = "tracer"
version = "0.1.0"

[[package]]
name = "tokio"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "aa"
dependencies = ["mio 1.2.0"]

[[package]]
name = "mio"
version = "1.2.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "bb"

[[package]]
name = "mio"
version = "0.8.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "cc"

[[package]]
name = "xtask"
version = "0.1.0"
dependencies = ["mio 0.8.0", "ureq"]

[[package]]
name = "ureq"
version = "3.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "dd"
"#;

    fn names(lock: &str) -> Vec<String> {
        let (_, names) = lock_part(lock, "examples").expect("a lockfile");
        names.into_iter().collect()
    }

    #[test]
    fn the_lock_part_is_what_the_package_reaches() {
        assert_eq!(names(LOCK), ["examples", "mio", "tokio", "tracer"]);
        let (text, _) = lock_part(LOCK, "examples").expect("a lockfile");
        assert!(
            text.contains("\"1.2.0\"") && !text.contains("\"0.8.0\""),
            "{text}"
        );
    }

    #[test]
    fn another_members_dependencies_do_not_count_and_a_reached_version_does() {
        let part = |lock: &str| lock_part(lock, "examples").expect("a lockfile").0;
        let bumped_other = LOCK.replace("version = \"3.0.0\"", "version = \"3.1.0\"");
        assert_eq!(part(LOCK), part(&bumped_other));
        let bumped_ours = LOCK.replace("checksum = \"aa\"", "checksum = \"ab\"");
        assert_ne!(part(LOCK), part(&bumped_ours));
    }

    #[test]
    fn a_lock_it_cannot_follow_is_not_understood() {
        assert!(lock_part(LOCK, "nobody").is_none());
        assert!(lock_part("not toml [", "examples").is_none());
        // `mio` alone is ambiguous: two versions are locked.
        let ambiguous = LOCK.replace("[\"mio 1.2.0\"]", "[\"mio\"]");
        assert!(lock_part(&ambiguous, "examples").is_none());
        let dangling = LOCK.replace("[\"mio 1.2.0\"]", "[\"gone\"]");
        assert!(lock_part(&dangling, "examples").is_none());
    }

    #[test]
    fn the_workspace_part_keeps_profiles_and_reached_dependencies_only() {
        let reached = BTreeSet::from(["tokio".to_string(), "mio".to_string()]);
        let manifest = "[workspace]\nmembers = [\"examples\"]\n\n[workspace.dependencies]\ntokio = \"1\"\nureq = \"3\"\npoll = { package = \"mio\", version = \"1\" }\n\n[profile.release]\nopt-level = 0\n";
        let part = |m: &str| workspace_part(m, &reached).expect("a manifest");
        let base = part(manifest);
        assert!(
            base.contains("tokio") && base.contains("poll") && !base.contains("ureq"),
            "{base}"
        );
        for same in [
            manifest.replace(
                "members = [\"examples\"]",
                "members = [\"examples\", \"xtask\"]",
            ),
            manifest.replace("ureq = \"3\"", "ureq = \"3.5\""),
            format!("# a comment\n{manifest}"),
        ] {
            assert_eq!(part(&same), base, "{same}");
        }
        for different in [
            manifest.replace("opt-level = 0", "opt-level = 1"),
            manifest.replace(
                "tokio = \"1\"",
                "tokio = { version = \"1\", features = [\"full\"] }",
            ),
        ] {
            assert_ne!(part(&different), base, "{different}");
        }
    }

    #[test]
    fn read_finds_both_parts_or_leaves_a_file_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("examples")).expect("mkdir");
        std::fs::write(
            root.join("examples/Cargo.toml"),
            "[package]\nname = \"examples\"\n",
        )
        .expect("write");
        std::fs::write(root.join("Cargo.lock"), LOCK).expect("write");
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\n[workspace.dependencies]\nureq = \"3\"\n",
        )
        .expect("write");
        let (lock, workspace) = (root.join("Cargo.lock"), root.join("Cargo.toml"));
        let parts = BuildParts::read(&root.join("examples"), Some(&lock), Some(&workspace));
        assert!(parts.of(&lock).is_some_and(|t| t.contains("tokio")));
        assert!(parts.of(&workspace).is_some_and(|t| !t.contains("ureq")));
        assert!(parts.of(&root.join("examples/Cargo.toml")).is_none());
        std::fs::write(&lock, "garbage [").expect("write");
        let parts = BuildParts::read(&root.join("examples"), Some(&lock), Some(&workspace));
        assert!(parts.of(&lock).is_none() && parts.of(&workspace).is_none());
    }
}
