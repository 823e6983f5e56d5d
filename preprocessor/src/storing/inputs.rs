//! What an example's result depends on, hashed into its cache key: the
//! example's own files; for Rust examples the files all of them share
//! (manifest, lockfile, library), the toolchain (`rustc -vV`), `RUSTFLAGS`,
//! profile and features; for Python examples the interpreter's version; and
//! the run options.

use crate::package::catalog::{Catalog, Kind};
use crate::running::execute;
use crate::running::schedule::Job;
use crate::storing::cache::{Key, KeyBuilder};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

/// The language toolchains, each looked up once per build (and only when an
/// example needs it).
#[derive(Debug, Default)]
pub struct Toolchains {
    /// `rustc -vV`.
    pub rustc: String,
    /// `Python 3.11.7`, when a Python example is referenced and `python3` exists.
    pub python: Option<String>,
}

impl Toolchains {
    /// Look up what the examples of `jobs` need.
    pub fn detect<'a>(
        catalog: &Catalog,
        jobs: impl Iterator<Item = &'a Job>,
        cache_dir: &Path,
    ) -> Toolchains {
        let kinds: Vec<Kind> = jobs.map(|j| catalog.examples[&j.name].kind).collect();
        Toolchains {
            rustc: if kinds.contains(&Kind::Rust) {
                rustc_version_memo(&catalog.package_dir, cache_dir)
            } else {
                String::new()
            },
            python: if kinds.contains(&Kind::Python) {
                let probe = || execute::python_version().unwrap_or_default();
                Some(remembered(
                    cache_dir,
                    "python",
                    python_fingerprint(&catalog.package_dir),
                    probe,
                ))
                .filter(|v| !v.is_empty())
            } else {
                None
            },
        }
    }
}

/// `rustc -vV`, remembered under a fingerprint of everything that decides
/// which toolchain rustup would pick and whether it changed: calling rustc
/// through rustup costs more than the whole rest of a warm build.
fn rustc_version_memo(package_dir: &Path, cache_dir: &Path) -> String {
    remembered(cache_dir, "rustc", rustup_fingerprint(package_dir), || {
        rustc_version(package_dir)
    })
}

/// The output of `probe`, remembered in the cache folder under `fingerprint`
/// (asked every time when there is none). An empty answer is not remembered.
fn remembered(
    cache_dir: &Path,
    tool: &str,
    fingerprint: Option<String>,
    probe: impl FnOnce() -> String,
) -> String {
    let Some(fingerprint) = fingerprint else {
        return probe();
    };
    let memo = format!("toolchain-{tool}-{fingerprint}.txt");
    if let Ok(text) = std::fs::read_to_string(cache_dir.join(&memo))
        && !text.is_empty()
    {
        return text;
    }
    let text = probe();
    if !text.is_empty() {
        // Not remembered: asked again next time, nothing worse.
        let _ = crate::util::atomic::write_atomically(cache_dir, &memo, |out| {
            out.write_all(text.as_bytes())
        });
    }
    text
}

/// A hash of what makes rustup choose and change a toolchain: `RUSTUP_TOOLCHAIN`,
/// `PATH`, its settings file, `rust-toolchain` files above the package, and
/// the installed toolchains and their update hashes (names, sizes, times).
/// `None` (no memo) when `RUSTC` is set or there is no rustup home.
pub(crate) fn rustup_fingerprint(package_dir: &Path) -> Option<String> {
    if std::env::var_os("RUSTC").is_some() {
        return None;
    }
    let home = std::env::var_os("RUSTUP_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".rustup")))?;
    let settings = std::fs::read_to_string(home.join("settings.toml")).ok()?;
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let mut k = KeyBuilder::new()
        .text("RUSTUP_TOOLCHAIN", &env("RUSTUP_TOOLCHAIN"))
        .text("PATH", &env("PATH"))
        .text("settings", &settings);
    for dir in package_dir.ancestors() {
        for name in ["rust-toolchain", "rust-toolchain.toml"] {
            if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                k = k.text(name, &text);
            }
        }
    }
    for sub in ["toolchains", "update-hashes"] {
        let mut entries: Vec<_> = std::fs::read_dir(home.join(sub)).ok()?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let meta = e.metadata().ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            k = k.text(
                &e.file_name().to_string_lossy(),
                &format!("{} {}", meta.len(), modified.as_nanos()),
            );
        }
    }
    Some(k.finish().as_str().chars().take(32).collect())
}

/// A hash of what decides which `python3` runs and which version it is:
/// `PATH`, `PYENV_VERSION`, pyenv's global version file, `.python-version`
/// files above the package, and the `python3` found on `PATH` (its real path,
/// size and time).
pub(crate) fn python_fingerprint(package_dir: &Path) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join(execute::PYTHON))
        .find(|candidate| candidate.is_file())?;
    let real = std::fs::canonicalize(&found).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut k = KeyBuilder::new()
        .text("PATH", &path.to_string_lossy())
        .text(
            "PYENV_VERSION",
            &std::env::var("PYENV_VERSION").unwrap_or_default(),
        )
        .text(
            "python3",
            &format!("{} {} {}", real.display(), meta.len(), modified.as_nanos()),
        );
    let pyenv_root = std::env::var_os("PYENV_ROOT")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")));
    if let Some(Ok(text)) = pyenv_root.map(|r| std::fs::read_to_string(r.join("version"))) {
        k = k.text("pyenv version", &text);
    }
    for dir in package_dir.ancestors() {
        if let Ok(text) = std::fs::read_to_string(dir.join(".python-version")) {
            k = k.text(".python-version", &text);
        }
    }
    Some(k.finish().as_str().chars().take(32).collect())
}

/// `rustc -vV`, so that a toolchain change invalidates the cache.
fn rustc_version(package_dir: &Path) -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    std::process::Command::new(rustc)
        .arg("-vV")
        .current_dir(package_dir)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// The cache key of every job's example.
pub fn cache_keys<'a>(
    catalog: &Catalog,
    toolchains: &Toolchains,
    jobs: impl Iterator<Item = &'a Job>,
) -> Result<BTreeMap<String, Key>> {
    let rust = shared_key(catalog, &toolchains.rustc)?;
    let python = KeyBuilder::new()
        .text("python", toolchains.python.as_deref().unwrap_or("none"))
        .finish();
    let mut keys = BTreeMap::new();
    for job in jobs {
        let example = &catalog.examples[&job.name];
        let shared = match example.kind {
            Kind::Rust => &rust,
            Kind::Python => &python,
        };
        let mut k = KeyBuilder::new()
            .key(shared)
            .text("timeout", &format!("{:?}", job.timeout))
            .text("features", &example.required_features.join(","));
        for f in &example.own_files {
            k = k.file(f)?;
        }
        keys.insert(job.name.clone(), k.finish());
    }
    Ok(keys)
}

fn shared_key(catalog: &Catalog, toolchain: &str) -> Result<Key> {
    let mut k = KeyBuilder::new()
        .text("toolchain", toolchain)
        .text("profile", "release")
        .text("rustflags", &std::env::var("RUSTFLAGS").unwrap_or_default());
    for f in &catalog.shared_files {
        k = k.file(f)?;
    }
    Ok(k.finish())
}

/// A hash of the sources an example is built from (its own files and the
/// shared files, but not the lockfile, which cargo itself may write). Taken
/// before and after a build: if it changed, someone edited a file meanwhile,
/// and the result must not be cached under the new content's key.
pub fn sources_fingerprint(catalog: &Catalog, job: &Job) -> Result<Key> {
    let example = &catalog.examples[&job.name];
    let mut k = KeyBuilder::new();
    let shared = catalog
        .shared_files
        .iter()
        .filter(|f| f.file_name().is_none_or(|n| n != "Cargo.lock"));
    for f in example.own_files.iter().chain(shared) {
        k = k.file(f)?;
    }
    Ok(k.finish())
}
