//! Languages declared in book.toml, with no Rust code: a folder and a file
//! extension to find the examples, command templates to run (and maybe
//! build) them and to ask the toolchain's version, a comment marker, a fence
//! and a footer label.
//!
//! ```toml
//! [preprocessor.examples.language.node]
//! extension = "js"              # required: node/NAME.js in the examples package
//! run = "node {file}"           # required: {file}, {name}, {out}
//! folder = "node"               # default: the language's name
//! build = "tsc {file} --outDir {out}"  # optional, once per example, before it runs
//! version = "node --version"    # optional: its first line goes into the cache key
//! comment = "//"                # default "#": marks `hide` and `ANCHOR:` lines
//! fence = "javascript"          # default: the language's name
//! label = "Node {version}"      # default: the version's first line
//! ```

use super::{Build, Example, Language, Launch, Template, Vars, files_in, first_line_of};
use crate::util::key::Fingerprint;
use anyhow::{Result, bail};
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

/// A `[preprocessor.examples.language.NAME]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Required (checked by [`Declared::new`], whose error says what to add).
    pub extension: Option<String>,
    /// Required, as `extension`.
    pub run: Option<String>,
    pub folder: Option<String>,
    pub build: Option<String>,
    pub version: Option<String>,
    pub comment: Option<String>,
    pub fence: Option<String>,
    pub label: Option<String>,
}

/// A declared language, validated.
#[derive(Debug, Clone)]
pub struct Declared {
    name: String,
    extension: String,
    folder: String,
    run: Template,
    build: Option<Template>,
    version: Option<Template>,
    comment: String,
    fence: String,
    /// `label` as written; `None`: the version's first line.
    label: Option<String>,
}

impl Declared {
    /// Check the table of language `name`; errors name the book.toml key
    /// and say what to write.
    pub fn new(name: &str, spec: &Spec) -> Result<Declared> {
        let table = format!("[preprocessor.examples.language.{name}]");
        if ["rust", "python"].contains(&name) {
            bail!("{table}: `{name}` is built in; give your language another name");
        }
        let template = |key: &str, text: &str| -> Result<Template> {
            let Some(t) = Template::parse(text) else {
                bail!("{table} {key}: empty; write the command, e.g. `{key} = \"bash {{file}}\"`");
            };
            if let Some(bad) = t.unknown_placeholders().first() {
                bail!(
                    "{table} {key}: unknown placeholder `{bad}`; use {}",
                    super::PLACEHOLDERS.join(", ")
                );
            }
            Ok(t)
        };
        let Some(written_extension) = &spec.extension else {
            bail!(
                "{table} has no `extension`: add the line `extension = \"sh\"` (the file extension of its examples) to the table"
            );
        };
        let extension = written_extension.trim_start_matches('.').to_string();
        if extension.is_empty() || extension.contains('/') {
            bail!(
                "{table} extension: `{written_extension}` is not a file extension; write e.g. `extension = \"sh\"`"
            );
        }
        let Some(written_run) = &spec.run else {
            bail!(
                "{table} has no `run`: add the line `run = \"{} {{file}}\"` (the command that runs one example; `{{file}}` is its path) to the table",
                runner_for(&extension, name)
            );
        };
        let folder = spec.folder.clone().unwrap_or_else(|| name.to_string());
        if folder.is_empty()
            || Path::new(&folder).is_absolute()
            || folder.split('/').any(|p| p == "..")
        {
            bail!(
                "{table} folder: `{folder}` must be a folder inside the examples package, e.g. `folder = \"{name}\"`"
            );
        }
        let run = template("run", written_run)?;
        let build = spec
            .build
            .as_deref()
            .map(|b| template("build", b))
            .transpose()?;
        if !run.uses("{file}") && !run.uses("{out}") {
            bail!(
                "{table} run: `{written_run}` names no example; put `{{file}}` where the example's file goes (or `{{out}}` for what `build` made)"
            );
        }
        if build.is_none() && run.uses("{out}") {
            bail!(
                "{table} run: `{{out}}` is what `build` makes, and there is no `build`; use `{{file}}`, or add `build`"
            );
        }
        let comment = spec.comment.clone().unwrap_or_else(|| "#".into());
        if comment.trim().is_empty() {
            bail!(
                "{table} comment: empty; write the line comment of the language, e.g. `comment = \"//\"`"
            );
        }
        Ok(Declared {
            name: name.to_string(),
            extension,
            folder,
            run,
            build,
            version: spec
                .version
                .as_deref()
                .map(|v| template("version", v))
                .transpose()?,
            comment,
            fence: spec.fence.clone().unwrap_or_else(|| name.to_string()),
            label: spec.label.clone(),
        })
    }

    /// The program the version command starts.
    fn version_program(&self) -> Option<&str> {
        self.version.as_ref().map(|t| t.0[0].as_str())
    }
}

impl Language for Declared {
    fn name(&self) -> &str {
        &self.name
    }

    fn examples(self: Arc<Self>, package_dir: &Path) -> Result<Vec<Example>> {
        let (folder, extension) = (self.folder.clone(), self.extension.clone());
        files_in(self, package_dir, &folder, &extension)
    }

    fn place_for(&self, name: &str) -> String {
        format!("{}/{name}.{}", self.folder, self.extension)
    }

    fn build(&self) -> Build {
        self.build.clone().map_or(Build::None, Build::Command)
    }

    fn command(&self, example: &Example, _built: Option<&Path>, out: &Path) -> Launch {
        self.run.launch(Vars {
            file: &example.main_file,
            name: &example.name,
            out,
        })
    }

    /// The example's file when `run` names it, else the build's output
    /// folder (an interpreter opens what `build` made there).
    fn starts_at(&self, example: &Example, out: &Path) -> Option<std::path::PathBuf> {
        if self.run.uses("{file}") {
            Some(example.main_file.clone())
        } else {
            Some(out.to_path_buf())
        }
    }

    fn missing_tool_advice(&self) -> String {
        format!(
            "check `run` in [preprocessor.examples.language.{}]: is `{}` installed and on PATH?",
            self.name, self.run.0[0]
        )
    }

    fn version(&self, package_dir: &Path) -> String {
        let Some(t) = &self.version else {
            return String::new();
        };
        let args: Vec<&str> = t.0[1..].iter().map(String::as_str).collect();
        first_line_of(&t.0[0], &args, package_dir).unwrap_or_default()
    }

    /// The version command and the program it starts, as `PATH` finds it;
    /// empty without one.
    fn fingerprint(&self, _package_dir: &Path) -> Option<String> {
        let (Some(program), Some(version)) = (self.version_program(), &self.version) else {
            return Some(String::new());
        };
        let k = Fingerprint::new().text("version", &version.0.join(" "));
        Some(super::program_fingerprint(program, k).unwrap_or_default())
    }

    fn key(&self, version: &str) -> Vec<(&'static str, String)> {
        let words = |t: Option<&Template>| t.map(|t| t.0.join(" ")).unwrap_or_default();
        vec![
            ("language", self.name.clone()),
            ("version", version.to_string()),
            ("run", words(Some(&self.run))),
            ("build", words(self.build.as_ref())),
            (super::CLOCK.0, super::CLOCK.1.to_string()),
        ]
    }

    fn comment(&self) -> &str {
        &self.comment
    }

    fn fence(&self) -> &str {
        &self.fence
    }

    fn label(&self, _source: &str, version: &str) -> Option<String> {
        let Some(label) = &self.label else {
            return (!version.is_empty()).then(|| version.to_string());
        };
        if version.is_empty() && label.contains("{version}") {
            return None;
        }
        Some(label.replace("{version}", version_number(version).unwrap_or(version)))
    }
}

/// The version number in a version line: the first word that starts with
/// a digit (after an optional `v`), up to its first character that is not a
/// digit or a dot (`GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)`
/// → `5.2.15`, `v20.11.1` → `20.11.1`).
fn version_number(line: &str) -> Option<&str> {
    line.split([' ', ',']).find_map(|word| {
        let word = word.strip_prefix('v').unwrap_or(word);
        let end = word
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(word.len());
        let number = word[..end].trim_end_matches('.');
        number
            .starts_with(|c: char| c.is_ascii_digit())
            .then_some(number)
    })
}

/// A guess at the program that runs files with `extension`, for the line an
/// error asks to add (the language's name when the extension is unknown).
fn runner_for<'a>(extension: &str, name: &'a str) -> &'a str {
    match extension {
        "sh" | "bash" => "bash",
        "js" | "mjs" => "node",
        "rb" => "ruby",
        "pl" => "perl",
        "lua" => "lua",
        "php" => "php",
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(toml_text: &str) -> Result<Declared> {
        let spec: Spec = toml::from_str(toml_text).map_err(|e| anyhow::anyhow!("{e}"))?;
        Declared::new("shell", &spec)
    }

    #[test]
    fn a_minimal_table_gets_defaults() {
        let d = spec("extension = '.sh'\nrun = 'bash {file}'\n").expect("valid");
        assert_eq!((d.folder.as_str(), d.extension.as_str()), ("shell", "sh"));
        assert_eq!((d.comment(), d.fence()), ("#", "shell"));
        assert_eq!(d.label("", "GNU bash 5.2").as_deref(), Some("GNU bash 5.2"));
        assert_eq!(d.label("", ""), None);
    }

    #[test]
    fn a_label_names_the_version_number_not_the_whole_line() {
        let d = spec("extension = 'sh'\nrun = 'bash {file}'\nlabel = 'bash {version}'\n")
            .expect("valid");
        let bash = "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)";
        assert_eq!(d.label("", bash).as_deref(), Some("bash 5.2.15"));
        assert_eq!(d.label("", "").as_deref(), None);
        for (line, number) in [
            ("v20.11.1", Some("20.11.1")),
            ("Python 3.11.7", Some("3.11.7")),
            (
                "ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux]",
                Some("3.1.2"),
            ),
            ("no digits here", None),
        ] {
            assert_eq!(version_number(line), number, "{line}");
        }
        let odd =
            spec("extension = 'x'\nrun = 'x {file}'\nlabel = 'X {version}'\n").expect("valid");
        assert_eq!(odd.label("", "trunk").as_deref(), Some("X trunk"));
        assert_eq!(d.place_for("hello"), "shell/hello.sh");
    }

    #[test]
    fn mistakes_name_the_key_and_what_to_write() {
        let err = |t: &str| format!("{:#}", spec(t).expect_err("invalid"));
        assert!(
            err("run = 'bash {file}'")
                .contains("has no `extension`: add the line `extension = \"sh\"`")
        );
        assert!(err("extension = 'sh'").contains(
            "[preprocessor.examples.language.shell] has no `run`: add the line `run = \"bash {file}\"`"
        ));
        assert!(err("extension = 'sh'\nrun = 'bash'").contains(
            "[preprocessor.examples.language.shell] run: `bash` names no example; put `{file}`"
        ));
        assert!(
            err("extension = 'sh'\nrun = 'bash {fiel}'").contains("unknown placeholder `{fiel}`")
        );
        assert!(err("extension = 'sh'\nrun = '{out}'").contains("there is no `build`"));
        assert!(
            err("extension = 'sh'\nrun = 'bash {file}'\nfolder = '../x'")
                .contains("inside the examples package")
        );
        assert!(err("extension = 'sh'\nrun = 'bash {file}'\nlabl = 'x'").contains("labl"));
        let rust: Spec = toml::from_str("extension = 'rs'\nrun = 'x {file}'").expect("toml");
        assert!(
            format!("{:#}", Declared::new("rust", &rust).expect_err("built in"))
                .contains("built in")
        );
    }
}
