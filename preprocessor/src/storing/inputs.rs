//! What an example's result depends on, hashed into its cache key: the
//! example's own files, what its language puts in (the toolchain's
//! version; for Rust also `RUSTFLAGS` and the profile), features, the run
//! options, the manifest, what of the lockfile and of the workspace
//! manifest its build depends on ([`BuildParts`]), and the other files of
//! the package it can read. For a Rust example that compiled before, those are the
//! files its compilation read ([`Compiled`], from rustc's dependency
//! files) and the ones it declares it reads when it runs (`reads=`); for
//! any other example, or one whose source names a file of the package it
//! does not declare, every file of the package (library, scripts, data).

use crate::package::cargo_inputs::BuildParts;
use crate::package::catalog::Catalog;
use crate::package::languages::{Build, Example, Language};
use crate::running::schedule::Job;
use crate::storing::cache::{Key, KeyBuilder};
use crate::util::files::{from_seen, seen_from};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file of [`Compiled`] in the cache folder.
const COMPILED: &str = "compiled-inputs";

/// What the last compilation of each Rust example read (its own files
/// included), from rustc's dependency files.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Compiled(BTreeMap<String, Vec<PathBuf>>);

impl Compiled {
    /// What the cache folder remembers (nothing when it cannot be read:
    /// then every file of the package is in each key, as before). The file
    /// names paths as seen from the package (see [`seen_from`]).
    pub fn load(cache_dir: &Path, package_dir: &Path) -> Compiled {
        let seen: Compiled = std::fs::read(cache_dir.join(COMPILED))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        seen.mapped(|p| from_seen(p, package_dir))
    }

    /// What `name`'s last compilation read.
    pub fn get(&self, name: &str) -> Option<&[PathBuf]> {
        self.0.get(name).map(Vec::as_slice)
    }

    pub fn set(&mut self, name: &str, files: Vec<PathBuf>) {
        self.0.insert(name.to_string(), files);
    }

    pub fn save(&self, cache_dir: &Path, package_dir: &Path) -> Result<()> {
        let seen = self.mapped(|p| seen_from(p, package_dir));
        let bytes = serde_json::to_vec(&seen)?;
        crate::util::atomic::write_atomically(cache_dir, COMPILED, |out| out.write_all(&bytes))
    }

    fn mapped(&self, f: impl Fn(&Path) -> PathBuf) -> Compiled {
        let map = self.0.iter();
        Compiled(
            map.map(|(name, files)| (name.clone(), files.iter().map(|p| f(p)).collect()))
                .collect(),
        )
    }
}

/// The toolchain version of each language some job needs, each looked up
/// once per build.
#[derive(Debug, Default)]
pub struct Toolchains {
    versions: BTreeMap<String, String>,
}

impl Toolchains {
    /// Look up what the examples of `jobs` need.
    pub fn detect<'a>(
        catalog: &Catalog,
        jobs: impl Iterator<Item = &'a Job>,
        cache_dir: &Path,
    ) -> Toolchains {
        let mut versions = BTreeMap::new();
        for job in jobs {
            let language = &catalog.examples[&job.name].language;
            if !versions.contains_key(language.name()) {
                let version = version_memo(language.as_ref(), &catalog.package_dir, cache_dir);
                versions.insert(language.name().to_string(), version);
            }
        }
        Toolchains { versions }
    }

    /// The version of `language`'s toolchain (empty when it has none).
    pub fn version(&self, language: &str) -> &str {
        self.versions.get(language).map_or("", String::as_str)
    }
}

/// The toolchain's version, remembered under its fingerprint: calling rustc
/// through rustup costs more than the whole rest of a warm build.
fn version_memo(language: &dyn Language, package_dir: &Path, cache_dir: &Path) -> String {
    let fingerprint = language.fingerprint(package_dir).filter(|f| !f.is_empty());
    remembered(cache_dir, language.name(), fingerprint, || {
        language.version(package_dir)
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

/// A fingerprint of every language's toolchain, for the replay key: `None`
/// when one cannot be fingerprinted without running it.
pub fn toolchain_fingerprints(
    languages: &[Arc<dyn Language>],
    package_dir: &Path,
) -> Option<String> {
    let mut all = String::new();
    for language in languages {
        all.push_str(&format!(
            "{}={}\n",
            language.name(),
            language.fingerprint(package_dir)?
        ));
    }
    Some(all)
}

/// The cache key of every job's example.
pub fn cache_keys<'a>(
    catalog: &Catalog,
    toolchains: &Toolchains,
    compiled: &Compiled,
    jobs: impl Iterator<Item = &'a Job>,
) -> Result<BTreeMap<String, Key>> {
    let mut base: BTreeMap<&str, (Key, Key)> = BTreeMap::new();
    // Read once, by the first example, for every language.
    let mut parts: Option<BuildParts> = None;
    let mut keys = BTreeMap::new();
    for job in jobs {
        let example = &catalog.examples[&job.name];
        let language = example.language.name();
        if !base.contains_key(language) {
            let keys = language_keys(
                catalog,
                parts.get_or_insert_with(|| build_parts(catalog)),
                example.language.as_ref(),
                toolchains.version(language),
            )?;
            base.insert(language, keys);
        }
        let (narrow, wide) = &base[language];
        let files = read_files(catalog, compiled, job)?;
        let mut k = KeyBuilder::new()
            .key(if files.is_some() { narrow } else { wide })
            .text("timeout", &format!("{:?}", job.timeout))
            .text("features", &example.required_features.join(","));
        for f in files.as_ref().unwrap_or(&example.own_files) {
            k = match f.is_file() {
                true => k.file(f, &catalog.package_dir)?,
                false => k.missing(f, &catalog.package_dir),
            };
        }
        keys.insert(job.name.clone(), k.finish());
    }
    Ok(keys)
}

/// What all examples of `language` depend on: the toolchain, manifest,
/// and what of the lockfile and workspace manifest counts (`parts`)
/// (narrow), or the toolchain and every file the examples share (wide).
fn language_keys(
    catalog: &Catalog,
    parts: &BuildParts,
    language: &dyn Language,
    version: &str,
) -> Result<(Key, Key)> {
    let mut narrow = KeyBuilder::new().text("inputs", "read");
    let mut wide = KeyBuilder::new();
    for (label, value) in language.key(version) {
        narrow = narrow.text(label, &value);
        wide = wide.text(label, &value);
    }
    let root = &catalog.package_dir;
    for f in &catalog.shared_files {
        let add = |k: KeyBuilder| match parts.of(f) {
            Some(part) => Ok(k.file_part(f, root, part)),
            None => k.file(f, root),
        };
        if shapes_every_build(catalog, f) {
            narrow = add(narrow)?;
        }
        wide = add(wide)?;
    }
    Ok((narrow.finish(), wide.finish()))
}

/// The parts of the lockfile and of the workspace manifest (the shared
/// files outside the package named `Cargo.lock` and `Cargo.toml`) that the
/// package's build depends on.
fn build_parts(catalog: &Catalog) -> BuildParts {
    let shared = |name: &str| {
        catalog.shared_files.iter().find(|f| {
            f.file_name().is_some_and(|n| n == name)
                && (name == "Cargo.lock" || !f.starts_with(&catalog.package_dir))
        })
    };
    BuildParts::read(
        &catalog.package_dir,
        shared("Cargo.lock").map(PathBuf::as_path),
        shared("Cargo.toml").map(PathBuf::as_path),
    )
}

/// A file that decides how every example compiles: the manifest, the
/// lockfile, or a build setting outside the package (the only shared files
/// there: [`build_settings`](crate::package::catalog::build_settings)). A
/// file outside the package that one example reads is none of these.
fn shapes_every_build(catalog: &Catalog, f: &Path) -> bool {
    f == catalog.package_dir.join("Cargo.toml")
        || f.file_name().is_some_and(|n| n == "Cargo.lock")
        || (!f.starts_with(&catalog.package_dir) && catalog.shared_files.iter().any(|s| s == f))
}

/// Every file the example of `job` reads, its own included, when they are
/// known: a Rust example that compiled before (what its compilation read,
/// and what it declares with `reads=`) whose source names no other file of
/// the package. `None`: any file of the package may count.
fn read_files(catalog: &Catalog, compiled: &Compiled, job: &Job) -> Result<Option<Vec<PathBuf>>> {
    let example = &catalog.examples[&job.name];
    let Some(inputs) = compiled.0.get(&job.name) else {
        return Ok(None);
    };
    if example.language.build() != Build::Cargo {
        return Ok(None);
    }
    let mut files = declared_reads(catalog, job)?;
    files.extend(inputs.iter().cloned());
    files.extend(example.own_files.iter().cloned());
    files.retain(|f| !shapes_every_build(catalog, f));
    files.sort();
    files.dedup();
    if !named_but_not_read(catalog, example, &files).is_empty() {
        return Ok(None);
    }
    Ok(Some(files))
}

/// The files `reads=` names (every file of a folder it names).
fn declared_reads(catalog: &Catalog, job: &Job) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for written in &job.reads {
        let path = catalog.package_dir.join(written);
        if path.is_dir() {
            files.extend(crate::util::files::files_under(&path, &|_| true)?);
        } else if path.is_file() {
            files.push(path);
        } else {
            bail!(
                "`reads={written}` of example `{}`: there is no such file or folder in the examples package {}; write a path relative to it",
                job.name,
                catalog.package_dir.display()
            );
        }
    }
    Ok(files)
}

/// Files of the package that a string in the example's own Rust files names
/// (relative to the package folder, where examples run) and that are not in
/// `read`: files it may read when it runs without declaring them.
fn named_but_not_read(catalog: &Catalog, example: &Example, read: &[PathBuf]) -> Vec<PathBuf> {
    let mut named = Vec::new();
    for file in example
        .own_files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
    {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for literal in string_literals(&text) {
            let path = catalog.package_dir.join(literal);
            let inside = path.starts_with(&catalog.package_dir);
            if inside
                && path.is_file()
                && !read.contains(&path)
                && !shapes_every_build(catalog, &path)
                && !named.contains(&path)
            {
                named.push(path);
            }
        }
    }
    named
}

/// The files of the package the example of `job` names in its source but
/// neither compiles from nor declares with `reads=` (for a warning).
pub fn undeclared_reads(catalog: &Catalog, compiled: &Compiled, job: &Job) -> Vec<PathBuf> {
    let example = &catalog.examples[&job.name];
    let (Some(inputs), Build::Cargo) = (compiled.0.get(&job.name), example.language.build()) else {
        return Vec::new();
    };
    let mut read = declared_reads(catalog, job).unwrap_or_default();
    read.extend(inputs.iter().cloned());
    read.extend(example.own_files.iter().cloned());
    named_but_not_read(catalog, example, &read)
}

/// The plain string literals of Rust source `text` (no escapes, one line):
/// the ones that can be a path.
fn string_literals(text: &str) -> impl Iterator<Item = &str> {
    text.lines().flat_map(|line| {
        let code = line.split("//").next().unwrap_or_default();
        code.split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.is_empty() && !s.contains('\\') && !s.contains('{'))
    })
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
        k = k.file(f, &catalog.package_dir)?;
    }
    Ok(k.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_compiled_is_kept_moves_with_the_clone() {
        let cache = tempfile::tempdir().expect("tempdir");
        let mut compiled = Compiled::default();
        let registry = PathBuf::from("/registry/tokio/src/lib.rs");
        let own = |clone: &str| PathBuf::from(format!("/{clone}/examples/src/bin/ex.rs"));
        compiled.set("ex", vec![own("one"), registry.clone()]);
        compiled
            .save(cache.path(), Path::new("/one/examples"))
            .expect("save");
        let moved = Compiled::load(cache.path(), Path::new("/two/examples"));
        assert_eq!(moved.0["ex"], vec![own("two"), registry]);
    }

    #[test]
    fn build_settings_shape_every_build_and_other_files_outside_do_not() {
        let every = [
            "/ws/book/examples/Cargo.toml",
            "/ws/Cargo.lock",
            "/ws/Cargo.toml",
            "/ws/.cargo/config.toml",
        ];
        let catalog = Catalog {
            package_dir: PathBuf::from("/ws/book/examples"),
            languages: Vec::new(),
            examples: BTreeMap::new(),
            shared_files: every.iter().map(PathBuf::from).collect(),
        };
        for f in every {
            assert!(shapes_every_build(&catalog, Path::new(f)), "{f}");
        }
        for own in [
            "/ws/data/words.txt",
            "/registry/tokio/src/lib.rs",
            "/ws/book/examples/src/lib.rs",
        ] {
            assert!(!shapes_every_build(&catalog, Path::new(own)), "{own}");
        }
    }

    #[test]
    fn plain_string_literals_outside_comments() {
        let source = "let a = read(\"data/a.txt\"); // \"data/comment.txt\"\nprintln!(\"{x}\", \"b\\n\");\nlet c = \"c.txt\";\n";
        assert_eq!(
            string_literals(source).collect::<Vec<_>>(),
            ["data/a.txt", "c.txt"]
        );
    }

    #[test]
    fn a_rust_example_is_keyed_by_what_it_reads_unless_it_names_more() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/bin")).expect("mkdir");
        std::fs::create_dir_all(root.join("data")).expect("mkdir");
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = 'x'\n").expect("write");
        std::fs::write(root.join("data/a.txt"), "a").expect("write");
        std::fs::write(root.join("data/b.txt"), "b").expect("write");
        let main = root.join("src/bin/ex.rs");
        std::fs::write(&main, "fn main() { read(\"data/a.txt\"); }").expect("write");
        let catalog = Catalog::load(root, &crate::package::languages::all(&[])).expect("catalog");
        let root = catalog.package_dir.clone();
        let job = |reads: &[&str]| Job {
            name: "ex".into(),
            timeout: std::time::Duration::from_secs(1),
            exclusive: false,
            reads: reads.iter().map(|r| (*r).to_string()).collect(),
        };
        let mut compiled = Compiled::default();
        assert_eq!(
            read_files(&catalog, &compiled, &job(&[])).expect("ok"),
            None
        );
        compiled.set("ex", vec![root.join("src/bin/ex.rs")]);
        assert_eq!(
            read_files(&catalog, &compiled, &job(&[])).expect("ok"),
            None,
            "names data/a.txt without declaring it"
        );
        assert_eq!(
            undeclared_reads(&catalog, &compiled, &job(&[])),
            [root.join("data/a.txt")]
        );
        assert_eq!(
            read_files(&catalog, &compiled, &job(&["data"])).expect("ok"),
            Some(vec![
                root.join("data/a.txt"),
                root.join("data/b.txt"),
                root.join("src/bin/ex.rs")
            ])
        );
        let err = read_files(&catalog, &compiled, &job(&["nope"])).expect_err("missing");
        assert!(
            err.to_string().contains("`reads=nope` of example `ex`"),
            "{err}"
        );
    }
}
