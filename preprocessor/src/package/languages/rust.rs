//! Rust examples: the binaries of the examples package (`src/bin/NAME.rs`,
//! `src/bin/NAME/main.rs`, and `[[bin]]` targets of its manifest), built by
//! one `cargo build --release` and run as they are. `// hide` lines become
//! mdBook's hidden lines; the footer names the tokio runtime flavour the
//! source declares.

use super::{Build, Example, Hidden, Language, Launch};
use crate::util::key::Fingerprint;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug)]
pub struct Rust;

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

impl Language for Rust {
    fn name(&self) -> &str {
        "rust"
    }

    fn examples(self: Arc<Self>, package_dir: &Path) -> Result<Vec<Example>> {
        let this: Arc<dyn Language> = self;
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
            for entry in crate::util::files::sorted_dir(&bin_dir)? {
                if let Some(example) = auto_bin(&this, &entry)? {
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
            let example = Example {
                name: bin.name.clone(),
                language: this.clone(),
                main_file,
                own_files,
                required_features: bin.required_features,
            };
            examples.insert(bin.name, example);
        }
        Ok(examples.into_values().collect())
    }

    fn place_for(&self, name: &str) -> String {
        format!("src/bin/{name}.rs")
    }

    fn build(&self) -> Build {
        Build::Cargo
    }

    fn command(&self, _example: &Example, built: Option<&Path>, _out: &Path) -> Launch {
        Launch {
            program: built.map(|p| p.as_os_str().to_owned()).unwrap_or_default(),
            args: Vec::new(),
        }
    }

    fn missing_tool_advice(&self) -> String {
        "the executable cargo built could not be started".into()
    }

    fn version(&self, package_dir: &Path) -> String {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        std::process::Command::new(rustc)
            .arg("-vV")
            .current_dir(package_dir)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    /// What makes rustup choose and change a toolchain: `RUSTUP_TOOLCHAIN`,
    /// `PATH`, its settings file, `rust-toolchain` files above the package,
    /// and the installed toolchains and their update hashes (names, sizes,
    /// times). `None` when `RUSTC` is set or there is no rustup home.
    fn fingerprint(&self, package_dir: &Path) -> Option<String> {
        if std::env::var_os("RUSTC").is_some() {
            return None;
        }
        let home = std::env::var_os("RUSTUP_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".rustup")))?;
        let settings = std::fs::read_to_string(home.join("settings.toml")).ok()?;
        let env = |name: &str| std::env::var(name).unwrap_or_default();
        let mut k = Fingerprint::new()
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
        Some(k.finish())
    }

    fn key(&self, version: &str) -> Vec<(&'static str, String)> {
        vec![
            ("toolchain", version.to_string()),
            ("profile", "release".into()),
            ("rustflags", std::env::var("RUSTFLAGS").unwrap_or_default()),
        ]
    }

    fn comment(&self) -> &str {
        "//"
    }

    fn hidden(&self) -> Hidden {
        Hidden::Revealable
    }

    fn fence(&self) -> &str {
        "rust,noplayground"
    }

    fn label(&self, source: &str, _version: &str) -> Option<String> {
        flavor(source).map(|f| format!("tokio {f} runtime"))
    }
}

fn auto_bin(language: &Arc<dyn Language>, entry: &Path) -> Result<Option<Example>> {
    let stem = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_string);
    let example = |name, main_file: PathBuf, own_files| Example {
        name,
        language: language.clone(),
        main_file,
        own_files,
        required_features: Vec::new(),
    };
    if entry.is_file() && entry.extension().is_some_and(|e| e == "rs") {
        let Some(name) = stem(entry) else {
            return Ok(None);
        };
        return Ok(Some(example(
            name,
            entry.to_path_buf(),
            vec![entry.to_path_buf()],
        )));
    }
    let main = entry.join("main.rs");
    if entry.is_dir() && main.is_file() {
        let Some(name) = stem(entry) else {
            return Ok(None);
        };
        let own_files = crate::util::files::files_under(entry, &|_| true)?;
        return Ok(Some(example(name, main, own_files)));
    }
    Ok(None)
}

/// The tokio runtime flavour the source declares, if it declares exactly one.
fn flavor(source: &str) -> Option<&'static str> {
    let current =
        source.contains("flavor = \"current_thread\"") || source.contains("new_current_thread()");
    let multi = source.contains("new_multi_thread()")
        || source.contains("flavor = \"multi_thread\"")
        || (source.contains("#[tokio::main]") && !current);
    match (current, multi) {
        (true, false) => Some("current_thread"),
        (false, true) => Some("multi_thread"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flavours() {
        assert_eq!(
            flavor("#[tokio::main]\nasync fn main(){}"),
            Some("multi_thread")
        );
        assert_eq!(
            flavor("#[tokio::main(flavor = \"current_thread\")]"),
            Some("current_thread")
        );
        assert_eq!(
            flavor("Builder::new_current_thread() ... Builder::new_multi_thread()"),
            None
        );
        assert_eq!(flavor("fn main(){}"), None);
    }
}
