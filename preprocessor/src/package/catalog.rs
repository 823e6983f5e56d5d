//! The examples package: which examples exist (each [`Language`] finds
//! its own), where their source is, and which files can change what they
//! print (for the cache key).
//!
//! Read from the file system only: no tool is called here, so that a warm
//! build stays fast.

pub use crate::package::languages::Example;
use crate::package::languages::Language;
use crate::util::files::files_under;
use anyhow::{Result, bail};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every example of the package, and the files that all of them share.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub package_dir: PathBuf,
    /// The book's languages, in the order they were asked for examples.
    pub languages: Vec<Arc<dyn Language>>,
    pub examples: BTreeMap<String, Example>,
    /// Files every example may depend on: the whole package but the
    /// examples' own files and build output (manifest, lockfile, library,
    /// scripts, data files).
    pub shared_files: Vec<PathBuf>,
}

impl Catalog {
    /// Read the package at `package_dir`, whose examples are in `languages`.
    pub fn load(package_dir: &Path, languages: &[Arc<dyn Language>]) -> Result<Catalog> {
        // Absolute, so that cargo and the examples, which run in this folder,
        // see the same paths as we do.
        let package_dir = &package_dir
            .canonicalize()
            .unwrap_or_else(|_| package_dir.to_path_buf());
        let mut examples: BTreeMap<String, Example> = BTreeMap::new();
        for language in languages {
            for example in language.clone().examples(package_dir)? {
                if let Some(other) = examples.get(&example.name) {
                    bail!(
                        "two examples are named `{}`: {} and {}; example names must be unique, rename one",
                        example.name,
                        other.main_file.display(),
                        example.main_file.display()
                    );
                }
                examples.insert(example.name.clone(), example);
            }
        }
        // Every file an example could read: the whole package but the
        // examples' own files and build output (a script an example runs, a
        // data file it loads, a helper module: editing one must rerun it).
        let manifest_path = package_dir.join("Cargo.toml");
        let mut shared_files = vec![manifest_path.clone()];
        let lock = find_lockfile(package_dir);
        shared_files.extend(lock.clone());
        shared_files.extend(build_settings(package_dir));
        shared_files.extend(files_under(package_dir, &|p| {
            !is_build_output(package_dir, p)
                && !is_own_file(&examples, p)
                && p != manifest_path
                && Some(p) != lock.as_deref()
        })?);
        Ok(Catalog {
            package_dir: package_dir.to_path_buf(),
            languages: languages.to_vec(),
            examples,
            shared_files,
        })
    }

    /// The catalog after a build: the same, but with the lockfile cargo may
    /// have just written among the shared files (the catalog is read once
    /// per preprocessor run; nothing else of it changes by building).
    pub fn after_build(&self) -> Cow<'_, Catalog> {
        let has_lock = self
            .shared_files
            .iter()
            .any(|f| f.file_name().is_some_and(|n| n == "Cargo.lock"));
        match find_lockfile(&self.package_dir).filter(|_| !has_lock) {
            None => Cow::Borrowed(self),
            Some(lock) => {
                let mut shared_files = self.shared_files.clone();
                shared_files.insert(1, lock);
                Cow::Owned(Catalog {
                    package_dir: self.package_dir.clone(),
                    languages: self.languages.clone(),
                    examples: self.examples.clone(),
                    shared_files,
                })
            }
        }
    }

    /// The names of all examples, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.examples.keys().map(String::as_str)
    }
}

/// Build output and tool state, never an input: the package's `target/`,
/// Python's `__pycache__`, and hidden files and folders (`.git`, editor swap
/// files).
fn is_build_output(package_dir: &Path, p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    p == package_dir.join("target") || name == "__pycache__" || name.starts_with('.')
}

fn is_own_file(examples: &BTreeMap<String, Example>, p: &Path) -> bool {
    examples
        .values()
        .any(|e| e.own_files.iter().any(|f| f == p))
}

/// What cargo reads besides the package when it compiles the examples, so
/// that a change to it runs them again: the manifest of the workspace
/// above the package (its `[profile]` and `[patch]` tables), and each
/// `.cargo/config.toml` (or `.cargo/config`) from the package's folder up
/// (build flags). They lie outside the package, and the cache keys name
/// them by a path relative to it.
pub fn build_settings(package_dir: &Path) -> Vec<PathBuf> {
    let workspace = crate::package::workspace::enclosing(package_dir).map(|(manifest, _)| manifest);
    workspace
        .into_iter()
        .chain(cargo_configs(package_dir))
        .collect()
}

/// The files whose stamps the warm path compares for the build settings:
/// every `Cargo.toml` above the package (none is parsed, so the workspace's
/// is among them) and the `.cargo` configs of [`build_settings`].
pub fn build_setting_stamps(package_dir: &Path) -> Vec<PathBuf> {
    let manifests = package_dir
        .ancestors()
        .skip(1)
        .map(|d| d.join("Cargo.toml"));
    manifests
        .filter(|m| m.is_file())
        .chain(cargo_configs(package_dir))
        .collect()
}

/// Each `.cargo/config.toml` and `.cargo/config` from `package_dir` up.
fn cargo_configs(package_dir: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    package_dir
        .ancestors()
        .flat_map(|d| ["config.toml", "config"].map(|name| d.join(".cargo").join(name)))
        .filter(|config| config.is_file())
}

/// The `Cargo.lock` of the package or of the workspace above it.
fn find_lockfile(package_dir: &Path) -> Option<PathBuf> {
    package_dir
        .ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Vec<Arc<dyn Language>> {
        crate::package::languages::all(&[])
    }

    #[test]
    fn reads_bins_and_manifest_targets() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/bin/multi")).expect("mkdir");
        std::fs::create_dir_all(root.join("src/mistakes")).expect("mkdir");
        std::fs::write(
            root.join("Cargo.toml"),
            "[package]\nname='x'\n[[bin]]\nname='oops'\npath='src/mistakes/oops.rs'\nrequired-features=['mistakes']\n",
        )
        .expect("write");
        for f in [
            "src/lib.rs",
            "src/bin/one.rs",
            "src/bin/multi/main.rs",
            "src/bin/multi/util.rs",
            "src/mistakes/oops.rs",
        ] {
            std::fs::write(root.join(f), "fn main() {}").expect("write");
        }
        let c = Catalog::load(root, &languages()).expect("loads");
        assert_eq!(c.names().collect::<Vec<_>>(), ["multi", "one", "oops"]);
        assert_eq!(c.examples["multi"].own_files.len(), 2);
        assert_eq!(c.examples["oops"].required_features, ["mistakes"]);
        assert_eq!(c.examples["one"].language.name(), "rust");
        let shared: Vec<_> = c
            .shared_files
            .iter()
            .map(|p| p.strip_prefix(root).expect("inside"))
            .collect();
        assert_eq!(shared, [Path::new("Cargo.toml"), Path::new("src/lib.rs")]);
    }

    #[test]
    fn the_workspace_manifest_and_cargo_configs_are_build_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let package = root.join("book/examples");
        std::fs::create_dir_all(package.join("src/bin")).expect("mkdir");
        std::fs::create_dir_all(root.join(".cargo")).expect("mkdir");
        std::fs::create_dir_all(package.join(".cargo")).expect("mkdir");
        std::fs::write(package.join("Cargo.toml"), "[package]\nname='x'\n").expect("write");
        std::fs::write(
            root.join("book/Cargo.toml"),
            "[package]\nname='not-a-workspace'\n",
        )
        .expect("write");
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers=['book/examples']\n[profile.release]\nopt-level=1\n",
        )
        .expect("write");
        std::fs::write(root.join(".cargo/config.toml"), "[build]\n").expect("write");
        std::fs::write(package.join(".cargo/config"), "[build]\n").expect("write");
        assert_eq!(
            build_settings(&package),
            [
                root.join("Cargo.toml"),
                package.join(".cargo/config"),
                root.join(".cargo/config.toml")
            ]
        );
        assert_eq!(
            build_setting_stamps(&package),
            [
                root.join("book/Cargo.toml"),
                root.join("Cargo.toml"),
                package.join(".cargo/config"),
                root.join(".cargo/config.toml")
            ]
        );
        let c = Catalog::load(&package, &languages()).expect("loads");
        assert!(
            c.shared_files
                .contains(&root.join("Cargo.toml").canonicalize().expect("real"))
        );
    }

    #[test]
    fn python_examples_and_duplicate_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/bin")).expect("mkdir");
        std::fs::create_dir_all(root.join("python")).expect("mkdir");
        std::fs::write(root.join("Cargo.toml"), "[package]\nname='x'\n").expect("write");
        std::fs::write(root.join("python/gather_py.py"), "print(1)\n").expect("write");
        std::fs::write(root.join("python/notes.txt"), "").expect("write");
        let c = Catalog::load(root, &languages()).expect("loads");
        assert_eq!(c.names().collect::<Vec<_>>(), ["gather_py"]);
        assert_eq!(c.examples["gather_py"].language.name(), "python");
        std::fs::write(root.join("src/bin/gather_py.rs"), "fn main() {}").expect("write");
        let err = Catalog::load(root, &languages()).expect_err("duplicate");
        assert!(
            err.to_string()
                .contains("two examples are named `gather_py`"),
            "{err}"
        );
    }

    #[test]
    fn missing_package_says_what_to_do() {
        let err = Catalog::load(Path::new("/nonexistent/examples"), &languages()).unwrap_err();
        assert!(format!("{err:#}").contains("set `package`"));
    }
}
