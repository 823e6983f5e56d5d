//! The examples package: every example by name (Rust binaries, Python
//! scripts, intended failures), and the problems with its files.

use super::{Problem, problem};
use crate::authoring::sources::{BIN_DIR, EXAMPLES, MANIFEST, MISTAKES_DIR, PYTHON_DIR};
use std::collections::{BTreeMap, BTreeSet};

/// The examples of the package, by name, and the problems with its files.
#[derive(Debug, Default)]
pub(super) struct Catalog {
    /// name → the file it lives in.
    pub(super) examples: BTreeMap<String, String>,
    pub(super) problems: Vec<Problem>,
}

impl Catalog {
    /// Add example `name` from `file`, unless another file has that name.
    fn add(&mut self, name: String, file: String) {
        match self.examples.get(&name) {
            Some(other) if *other != file => self.problems.push(problem(
                &file,
                None,
                format!(
                    "example name `{name}` is also used by {other}: names must be unique \
                     across Rust and Python examples; rename one"
                ),
            )),
            Some(_) => {}
            None => {
                self.examples.insert(name, file);
            }
        }
    }
}

/// The examples in `files` (paths from the repository root) and the
/// `[[bin]]` tables of `manifest`.
pub(super) fn examples(files: &[String], manifest: &str) -> Catalog {
    let mut catalog = Catalog::default();
    for file in files {
        if let Some(name) = example_name(file) {
            catalog.add(name, file.clone());
        }
    }
    let bins = cargo_bins(manifest);
    for (name, path, line) in &bins {
        match path {
            Some(path) => catalog.add(name.clone(), format!("{EXAMPLES}/{path}")),
            None => catalog.problems.push(problem(
                MANIFEST,
                Some(*line),
                format!("`[[bin]]` `{name}` has no `path = \"…\"`"),
            )),
        }
    }
    mistakes_without_bin(files, &bins, &mut catalog.problems);
    catalog
}

/// The example a file is, by its place: `bin/NAME.rs`, `bin/NAME/main.rs`
/// or `python/NAME.py`.
fn example_name(file: &str) -> Option<String> {
    let stem = |f: &str, ext: &str| f.strip_suffix(ext).map(str::to_owned);
    if let Some(rest) = file.strip_prefix(&format!("{BIN_DIR}/")) {
        match rest.split_once('/') {
            None => stem(rest, ".rs"),
            Some((dir, "main.rs")) => Some(dir.to_owned()),
            Some(_) => None, // a module of a binary in its own folder
        }
    } else if let Some(rest) = file.strip_prefix(&format!("{PYTHON_DIR}/")) {
        (!rest.contains('/')).then(|| stem(rest, ".py")).flatten()
    } else {
        None
    }
}

/// An intended failure is only built as a `[[bin]]` of the manifest.
fn mistakes_without_bin(files: &[String], bins: &[Bin], problems: &mut Vec<Problem>) {
    let bin_paths: BTreeSet<String> = bins
        .iter()
        .filter_map(|(_, p, _)| p.as_ref().map(|p| format!("{EXAMPLES}/{p}")))
        .collect();
    for file in files {
        if file.starts_with(&format!("{MISTAKES_DIR}/"))
            && file.ends_with(".rs")
            && !bin_paths.contains(file)
        {
            problems.push(problem(
                file,
                None,
                format!(
                    "not a `[[bin]]` in {MANIFEST}, so no chapter can show it: add a `[[bin]]` \
                     with `required-features = [\"mistakes\"]` (CONTRIBUTING.md, \"Intended failures\")"
                ),
            ));
        }
    }
}

/// A `[[bin]]` table: name, path, line of `[[bin]]`.
pub type Bin = (String, Option<String>, usize);

/// The `[[bin]]` tables of a Cargo manifest.
/// (A small reader for the simple `key = "value"` lines cargo manifests use.)
pub fn cargo_bins(manifest: &str) -> Vec<Bin> {
    let mut bins: Vec<Bin> = Vec::new();
    let mut in_bin = false;
    for (i, line) in manifest.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
            if in_bin {
                bins.push((String::new(), None, i + 1));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_owned();
        if let (true, Some(bin)) = (in_bin, bins.last_mut()) {
            match key.trim() {
                "name" => bin.0 = value,
                "path" => bin.1 = Some(value),
                _ => {}
            }
        }
    }
    bins.retain(|b| !b.0.is_empty());
    bins
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::authoring::lint) const MANIFEST_TEXT: &str = "[package]\nname = \"ex\"\n\n[[bin]]\nname = \"m_fail\"\npath = \"src/mistakes/m_fail.rs\" # why\nrequired-features = [\"mistakes\"]\n\n[dependencies]\nname = \"not a bin\"\n";

    #[test]
    fn reads_bins_from_the_manifest() {
        assert_eq!(
            cargo_bins(MANIFEST_TEXT),
            [(
                "m_fail".to_owned(),
                Some("src/mistakes/m_fail.rs".to_owned()),
                4
            )]
        );
    }
}
