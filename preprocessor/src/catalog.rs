//! The examples package: which examples exist, where their source is, and
//! which files can change what they print (for the cache key). Rust examples
//! are the package's binaries; Python examples are `python/NAME.py` files
//! beside them.
//!
//! Read from the file system and the package's `Cargo.toml` only: cargo is
//! never called here, so that a warm build stays fast.

use anyhow::{Context, Result, bail};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The language of an example, which decides how it is built and run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A binary of the cargo package, built in release mode.
    Rust,
    /// A script run with `python3 -u`.
    Python,
}

/// One example program.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub kind: Kind,
    /// The file that holds `main` (what the chapter shows).
    pub main_file: PathBuf,
    /// Every file that belongs to this binary only (a single file, or a folder `src/bin/NAME/`).
    pub own_files: Vec<PathBuf>,
    /// Features the binary requires (from `[[bin]] required-features`).
    pub required_features: Vec<String>,
}

/// Every example of the package, and the files that all of them share.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub package_dir: PathBuf,
    pub examples: BTreeMap<String, Example>,
    /// Files every example may depend on: the whole package but the
    /// examples' own files and build output (manifest, lockfile, library,
    /// scripts, data files).
    pub shared_files: Vec<PathBuf>,
}

#[derive(serde::Deserialize)]
struct Manifest {
    #[serde(default)]
    bin: Vec<BinTarget>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct BinTarget {
    name: String,
    path: Option<PathBuf>,
    #[serde(default)]
    required_features: Vec<String>,
}

impl Catalog {
    /// Read the package at `package_dir`.
    pub fn load(package_dir: &Path) -> Result<Catalog> {
        // Absolute, so that cargo and the examples, which run in this folder,
        // see the same paths as we do.
        let package_dir = &package_dir
            .canonicalize()
            .unwrap_or_else(|_| package_dir.to_path_buf());
        let manifest_path = package_dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest_path).with_context(|| {
            format!(
                "cannot read the examples package manifest {}: set `package` in \
                 [preprocessor.examples] to the folder of the cargo package that holds the examples",
                manifest_path.display()
            )
        })?;
        let manifest: Manifest = toml::from_str(&text)
            .with_context(|| format!("{} is not a valid Cargo.toml", manifest_path.display()))?;

        let mut examples = BTreeMap::new();
        let bin_dir = package_dir.join("src/bin");
        if bin_dir.is_dir() {
            for entry in sorted_dir(&bin_dir)? {
                if let Some(example) = auto_bin(&entry)? {
                    examples.insert(example.name.clone(), example);
                }
            }
        }
        for bin in manifest.bin {
            let main_file = match &bin.path {
                Some(p) => package_dir.join(p),
                None => match examples.get(&bin.name) {
                    Some(e) => e.main_file.clone(),
                    None => bail!(
                        "{}: [[bin]] `{}` has no `path` and there is no src/bin/{}.rs",
                        manifest_path.display(),
                        bin.name,
                        bin.name
                    ),
                },
            };
            let own_files = match examples.get(&bin.name) {
                Some(e) if bin.path.is_none() => e.own_files.clone(),
                _ => vec![main_file.clone()],
            };
            examples.insert(
                bin.name.clone(),
                Example {
                    name: bin.name,
                    kind: Kind::Rust,
                    main_file,
                    own_files,
                    required_features: bin.required_features,
                },
            );
        }

        let python_dir = package_dir.join(PYTHON_DIR);
        if python_dir.is_dir() {
            for file in sorted_dir(&python_dir)? {
                let Some(name) = python_name(&file) else {
                    continue;
                };
                if let Some(rust) = examples.get(&name) {
                    bail!(
                        "two examples are named `{name}`: {} and {}; example names must be unique, rename one",
                        rust.main_file.display(),
                        file.display()
                    );
                }
                examples.insert(
                    name.clone(),
                    Example {
                        name,
                        kind: Kind::Python,
                        main_file: file.clone(),
                        own_files: vec![file],
                        required_features: Vec::new(),
                    },
                );
            }
        }

        // Every file an example could read: the whole package but the
        // examples' own files and build output (a script an example runs, a
        // data file it loads, a helper module: editing one must rerun it).
        let mut shared_files = vec![manifest_path.clone()];
        let lock = find_lockfile(package_dir);
        shared_files.extend(lock.clone());
        collect_files(package_dir, &mut shared_files, &|p| {
            !is_build_output(package_dir, p)
                && !is_bin_file(&examples, p)
                && p != manifest_path
                && Some(p) != lock.as_deref()
        })?;
        Ok(Catalog {
            package_dir: package_dir.to_path_buf(),
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

fn is_bin_file(examples: &BTreeMap<String, Example>, p: &Path) -> bool {
    examples
        .values()
        .any(|e| e.own_files.iter().any(|f| f == p))
}

fn auto_bin(entry: &Path) -> Result<Option<Example>> {
    let stem = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_string);
    if entry.is_file() && entry.extension().is_some_and(|e| e == "rs") {
        let Some(name) = stem(entry) else {
            return Ok(None);
        };
        return Ok(Some(Example {
            name,
            kind: Kind::Rust,
            main_file: entry.to_path_buf(),
            own_files: vec![entry.to_path_buf()],
            required_features: Vec::new(),
        }));
    }
    let main = entry.join("main.rs");
    if entry.is_dir() && main.is_file() {
        let Some(name) = stem(entry) else {
            return Ok(None);
        };
        let mut own_files = Vec::new();
        collect_files(entry, &mut own_files, &|_| true)?;
        return Ok(Some(Example {
            name,
            kind: Kind::Rust,
            main_file: main,
            own_files,
            required_features: Vec::new(),
        }));
    }
    Ok(None)
}

/// Where Python examples live, inside the examples package.
pub const PYTHON_DIR: &str = "python";

fn python_name(file: &Path) -> Option<String> {
    if file.extension()? != "py" || !file.is_file() {
        return None;
    }
    file.file_stem()?.to_str().map(str::to_string)
}

fn sorted_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .with_context(|| format!("cannot list {}", dir.display()))?;
    entries.sort();
    Ok(entries)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
    for entry in sorted_dir(dir)? {
        if !keep(&entry) {
            continue;
        }
        if entry.is_dir() {
            collect_files(&entry, out, keep)?;
        } else {
            out.push(entry);
        }
    }
    Ok(())
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
        let c = Catalog::load(root).expect("loads");
        assert_eq!(c.names().collect::<Vec<_>>(), ["multi", "one", "oops"]);
        assert_eq!(c.examples["multi"].own_files.len(), 2);
        assert_eq!(c.examples["oops"].required_features, ["mistakes"]);
        assert_eq!(c.examples["one"].kind, Kind::Rust);
        let shared: Vec<_> = c
            .shared_files
            .iter()
            .map(|p| p.strip_prefix(root).expect("inside"))
            .collect();
        assert_eq!(shared, [Path::new("Cargo.toml"), Path::new("src/lib.rs")]);
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
        let c = Catalog::load(root).expect("loads");
        assert_eq!(c.names().collect::<Vec<_>>(), ["gather_py"]);
        assert_eq!(c.examples["gather_py"].kind, Kind::Python);
        std::fs::write(root.join("src/bin/gather_py.rs"), "fn main() {}").expect("write");
        let err = Catalog::load(root).expect_err("duplicate");
        assert!(
            err.to_string()
                .contains("two examples are named `gather_py`"),
            "{err}"
        );
    }

    #[test]
    fn missing_package_says_what_to_do() {
        let err = Catalog::load(Path::new("/nonexistent/examples")).unwrap_err();
        assert!(format!("{err:#}").contains("set `package`"));
    }
}
