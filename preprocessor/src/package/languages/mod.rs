//! Languages: one module each behind [`Language`], the one interface the
//! stages ask: which examples exist ([`Language::examples`]), how they are
//! built ([`Language::build`]) and run ([`Language::command`]), which
//! toolchain version goes into their cache key ([`Language::version`],
//! [`Language::fingerprint`], [`Language::key`]), and how their source and
//! footer are shown ([`Language::comment`], [`Language::hidden`],
//! [`Language::fence`], [`Language::label`]).
//!
//! Rust (a cargo package's binaries, [`rust`]) and Python (`python/*.py`,
//! [`python`]) are built in. Others are declared in book.toml by command
//! templates ([`declared`]), with no Rust code:
//!
//! ```toml
//! [preprocessor.examples.language.shell]
//! extension = "sh"        # shell/NAME.sh in the examples package
//! run = "bash {file}"
//! version = "bash --version"
//! ```

pub mod declared;
pub mod python;
pub mod rust;

use crate::util::key::Fingerprint;
use anyhow::{Result, bail};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One example program.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub language: Arc<dyn Language>,
    /// The file that holds `main` (what the chapter shows).
    pub main_file: PathBuf,
    /// Every file that belongs to this example only (a single file, or a folder `src/bin/NAME/`).
    pub own_files: Vec<PathBuf>,
    /// Features the binary requires (from `[[bin]] required-features`).
    pub required_features: Vec<String>,
}

/// How an example is built before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Build {
    /// Not at all: it is run from its source.
    None,
    /// One `cargo build --release` for all the examples of the package.
    Cargo,
    /// This command once per example (its words, with `{file}`, `{name}`
    /// and `{out}` replaced); a non-zero exit is a build error.
    Command(Template),
}

/// What `hide` lines become in the shown source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// mdBook's hidden lines (`# ` first): the reader can reveal them.
    Revealable,
    /// Left out.
    Dropped,
}

/// A program and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: OsString,
    pub args: Vec<OsString>,
}

/// What a template's `{…}` words stand for, for one example.
#[derive(Debug, Clone, Copy)]
pub struct Vars<'a> {
    /// The example's main file.
    pub file: &'a Path,
    pub name: &'a str,
    /// Where a build puts its output for this example (and a run finds it).
    pub out: &'a Path,
}

/// A command line with `{file}`, `{name}` and `{out}` placeholders: words
/// split at spaces (no shell quoting), each placeholder replaced in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(pub Vec<String>);

/// What the cache key says of how an interpreted language's runs are timed
/// (a result timed another way is never served).
pub const CLOCK: (&str, &str) = ("clock", "from the opening of the example's file");

/// The placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &["{file}", "{name}", "{out}"];

impl Template {
    /// Split `text` into words; `None` when it has none.
    pub fn parse(text: &str) -> Option<Template> {
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        (!words.is_empty()).then_some(Template(words))
    }

    /// Placeholders in `{…}` that are not known, if any.
    pub fn unknown_placeholders(&self) -> Vec<String> {
        let mut unknown = Vec::new();
        for word in &self.0 {
            let mut rest = word.as_str();
            while let Some(start) = rest.find('{') {
                let Some(len) = rest[start..].find('}') else {
                    break;
                };
                let ph = &rest[start..=start + len];
                if !PLACEHOLDERS.contains(&ph) {
                    unknown.push(ph.to_string());
                }
                rest = &rest[start + len + 1..];
            }
        }
        unknown
    }

    pub fn uses(&self, placeholder: &str) -> bool {
        self.0.iter().any(|w| w.contains(placeholder))
    }

    /// The command for one example.
    pub fn launch(&self, vars: Vars<'_>) -> Launch {
        let mut words = self.0.iter().map(|w| {
            let mut out = OsString::new();
            let mut rest = w.as_str();
            while let Some(start) = rest.find('{') {
                out.push(&rest[..start]);
                let after = &rest[start..];
                let (value, len) = if after.starts_with("{file}") {
                    (vars.file.as_os_str(), 6)
                } else if after.starts_with("{name}") {
                    (std::ffi::OsStr::new(vars.name), 6)
                } else if after.starts_with("{out}") {
                    (vars.out.as_os_str(), 5)
                } else {
                    (std::ffi::OsStr::new("{"), 1)
                };
                out.push(value);
                rest = &after[len..];
            }
            out.push(rest);
            out
        });
        Launch {
            program: words.next().unwrap_or_default(),
            args: words.collect(),
        }
    }
}

/// A language of examples. Adding one is a module implementing this (or,
/// with no Rust code, a `[preprocessor.examples.language.NAME]` table).
pub trait Language: fmt::Debug + Send + Sync {
    /// Its name in book.toml and in messages (`rust`, `python`, `shell`).
    fn name(&self) -> &str;

    /// Its examples in the package at `package_dir`, sorted by name.
    fn examples(self: Arc<Self>, package_dir: &Path) -> Result<Vec<Example>>;

    /// Where an example named `name` would go, for "add it as …" advice.
    fn place_for(&self, name: &str) -> String;

    /// How its examples are built.
    fn build(&self) -> Build {
        Build::None
    }

    /// The command that runs `example`; `built` is the executable its build
    /// produced (cargo), `out` its build output folder (a declared build).
    fn command(&self, example: &Example, built: Option<&Path>, out: &Path) -> Launch;

    /// The file whose opening marks the start of the example's own code
    /// (an interpreter opens its script once its own start-up is over): the
    /// run is timed from then. `None`: timed from the start of the process
    /// (a compiled program, whose start-up is the program's).
    fn starts_at(&self, _example: &Example, _out: &Path) -> Option<PathBuf> {
        None
    }

    /// What to tell an author whose example could not be started.
    fn missing_tool_advice(&self) -> String;

    /// The toolchain's version, asking the tool (`rustc -vV`, `python3
    /// --version`); empty when there is none.
    fn version(&self, package_dir: &Path) -> String;

    /// What decides which toolchain runs and whether it changed, without
    /// running it: empty when there is no toolchain to ask, `None` when it
    /// cannot be told (then [`Language::version`] is asked every time, and
    /// no build is replayed).
    fn fingerprint(&self, package_dir: &Path) -> Option<String>;

    /// Labelled values of the cache key shared by all its examples, from
    /// the toolchain `version` (the package's files are added to them).
    fn key(&self, version: &str) -> Vec<(&'static str, String)>;

    /// The line comment that marks `hide` lines and `ANCHOR:` lines.
    fn comment(&self) -> &str;

    /// What `hide` lines become.
    fn hidden(&self) -> Hidden {
        Hidden::Dropped
    }

    /// The info string of the source's code fence (`rust,noplayground`).
    fn fence(&self) -> &str;

    /// The classes of one line of its code in HTML, as mdBook gives a fence
    /// (`rust,noplayground` → `language-rust noplayground`).
    fn code_class(&self) -> String {
        let mut words = self.fence().split(',');
        let first = format!("language-{}", words.next().unwrap_or_default());
        std::iter::once(first)
            .chain(words.map(str::to_string))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The footer's word on what ran the example (`Python 3.12.3`), from
    /// its `source` and the toolchain `version`.
    fn label(&self, source: &str, version: &str) -> Option<String>;
}

/// The languages of a book: Rust and Python, then the declared ones.
pub fn all(declared: &[declared::Declared]) -> Vec<Arc<dyn Language>> {
    let mut languages: Vec<Arc<dyn Language>> =
        vec![Arc::new(rust::Rust), Arc::new(python::Python)];
    languages.extend(
        declared
            .iter()
            .cloned()
            .map(|d| Arc::new(d) as Arc<dyn Language>),
    );
    languages
}

/// The examples `language` keeps as `folder/NAME.EXTENSION` files in the
/// package (none when there is no such folder).
pub fn files_in(
    language: Arc<dyn Language>,
    package_dir: &Path,
    folder: &str,
    extension: &str,
) -> Result<Vec<Example>> {
    let dir = package_dir.join(folder);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut examples = Vec::new();
    for file in crate::util::files::sorted_dir(&dir)? {
        if !file.is_file() || file.extension().is_none_or(|e| e != extension) {
            continue;
        }
        let Some(name) = file.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if name.is_empty() {
            bail!(
                "{}: an example needs a name before `.{extension}`",
                file.display()
            );
        }
        examples.push(Example {
            name: name.to_string(),
            language: language.clone(),
            main_file: file.clone(),
            own_files: vec![file],
            required_features: Vec::new(),
        });
    }
    Ok(examples)
}

/// The first line `program args…` prints (stdout, else stderr), when it
/// runs and succeeds: a tool's version.
pub fn first_line_of(program: &str, args: &[&str], dir: &Path) -> Option<String> {
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(if out.stdout.trim_ascii().is_empty() {
        &out.stderr
    } else {
        &out.stdout
    })
    .into_owned();
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())?
        .trim()
        .to_string();
    out.status.success().then_some(line)
}

/// A fingerprint of `program` as `PATH` finds it (its real path, size and
/// time) and of `PATH` itself, plus `extra` labelled values.
pub fn program_fingerprint(program: &str, extra: Fingerprint) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    let found = crate::util::files::on_path(program.as_ref())?;
    let real = std::fs::canonicalize(&found).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(
        extra
            .text("PATH", &path.to_string_lossy())
            .text(
                program,
                &format!("{} {} {}", real.display(), meta.len(), modified.as_nanos()),
            )
            .finish(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_their_placeholders_in_place() {
        let t = Template::parse("node --no-warnings {file} --out={out}/{name}.js").expect("words");
        assert!(t.unknown_placeholders().is_empty());
        let launch = t.launch(Vars {
            file: Path::new("/p/node/a.js"),
            name: "a",
            out: Path::new("/t/a"),
        });
        assert_eq!(launch.program, "node");
        assert_eq!(
            launch.args,
            ["--no-warnings", "/p/node/a.js", "--out=/t/a/a.js"]
        );
        let odd = Template::parse("x {fiel} {name} {").expect("words");
        assert_eq!(odd.unknown_placeholders(), ["{fiel}"]);
        assert!(Template::parse("  ").is_none());
    }
}
