//! What an example's result depends on, hashed into its cache key: the
//! example's own files, the files all examples share (manifest, lockfile,
//! library, scripts, data), what its language puts in (the toolchain's
//! version; for Rust also `RUSTFLAGS` and the profile), features and the
//! run options.

use crate::package::catalog::Catalog;
use crate::package::languages::Language;
use crate::running::schedule::Job;
use crate::storing::cache::{Key, KeyBuilder};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

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
    jobs: impl Iterator<Item = &'a Job>,
) -> Result<BTreeMap<String, Key>> {
    let mut shared: BTreeMap<&str, Key> = BTreeMap::new();
    let mut keys = BTreeMap::new();
    for job in jobs {
        let example = &catalog.examples[&job.name];
        let language = example.language.name();
        if !shared.contains_key(language) {
            let key = shared_key(
                catalog,
                example.language.as_ref(),
                toolchains.version(language),
            )?;
            shared.insert(language, key);
        }
        let mut k = KeyBuilder::new()
            .key(&shared[language])
            .text("timeout", &format!("{:?}", job.timeout))
            .text("features", &example.required_features.join(","));
        for f in &example.own_files {
            k = k.file(f)?;
        }
        keys.insert(job.name.clone(), k.finish());
    }
    Ok(keys)
}

/// What all examples of `language` depend on.
fn shared_key(catalog: &Catalog, language: &dyn Language, version: &str) -> Result<Key> {
    let mut k = KeyBuilder::new();
    for (label, value) in language.key(version) {
        k = k.text(label, &value);
    }
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
