//! Python examples: `python/NAME.py` files of the examples package, run
//! with `python3 -u` (unbuffered, so each line's timestamp is true). `# hide`
//! lines are left out; the footer names the interpreter's version, and
//! asyncio when the script imports it.

use super::{Example, Language, Launch, files_in, first_line_of, program_fingerprint};
use crate::util::key::Fingerprint;
use anyhow::Result;
use std::path::Path;
use std::sync::Arc;

/// The interpreter.
const PYTHON: &str = "python3";
/// Where Python examples live, inside the examples package.
const DIR: &str = "python";

#[derive(Debug)]
pub struct Python;

impl Language for Python {
    fn name(&self) -> &str {
        "python"
    }

    fn examples(self: Arc<Self>, package_dir: &Path) -> Result<Vec<Example>> {
        files_in(self, package_dir, DIR, "py")
    }

    fn place_for(&self, name: &str) -> String {
        format!("{DIR}/{name}.py")
    }

    fn command(&self, example: &Example, _built: Option<&Path>, _out: &Path) -> Launch {
        Launch {
            program: PYTHON.into(),
            args: vec!["-u".into(), example.main_file.as_os_str().to_owned()],
        }
    }

    fn starts_at(&self, example: &Example, _out: &Path) -> Option<std::path::PathBuf> {
        Some(example.main_file.clone())
    }

    fn missing_tool_advice(&self) -> String {
        format!("Python examples need `{PYTHON}` (3.11 or newer) on PATH")
    }

    fn version(&self, package_dir: &Path) -> String {
        first_line_of(PYTHON, &["--version"], package_dir).unwrap_or_default()
    }

    /// `PATH`, `PYENV_VERSION`, pyenv's global version file,
    /// `.python-version` files above the package, and the `python3` found on
    /// `PATH` (its real path, size and time); empty without one.
    fn fingerprint(&self, package_dir: &Path) -> Option<String> {
        let mut k = Fingerprint::new().text(
            "PYENV_VERSION",
            &std::env::var("PYENV_VERSION").unwrap_or_default(),
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
        Some(program_fingerprint(PYTHON, k).unwrap_or_default())
    }

    fn key(&self, version: &str) -> Vec<(&'static str, String)> {
        let (clock, how) = super::CLOCK;
        vec![("python", version.to_string()), (clock, how.to_string())]
    }

    fn comment(&self) -> &str {
        "#"
    }

    fn fence(&self) -> &str {
        "python"
    }

    fn label(&self, source: &str, version: &str) -> Option<String> {
        let asyncio = source.lines().any(|l| {
            l.trim_start().starts_with("import asyncio") || l.contains("from asyncio import")
        });
        match (version.is_empty(), asyncio) {
            (true, _) => None,
            (false, true) => Some(format!("{version}, asyncio")),
            (false, false) => Some(version.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_says_asyncio_only_for_scripts_that_use_it() {
        let v = "Python 3.12.3";
        assert_eq!(
            Python.label("import asyncio  # hide\n", v).as_deref(),
            Some("Python 3.12.3, asyncio")
        );
        assert_eq!(
            Python.label("print(1)\n", v).as_deref(),
            Some("Python 3.12.3")
        );
        assert_eq!(Python.label("import asyncio\n", ""), None);
    }
}
