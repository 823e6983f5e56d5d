//! The `[preprocessor.examples]` table of book.toml.

use crate::finding::timespec::parse_duration;
use crate::package::languages::{self, Language, declared};
use crate::util::proc::{Stat, cmdline};
use anyhow::{Context, Result};
use mdbook_preprocessor::PreprocessorContext;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What to do when a claim fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnFailure {
    /// Fail the build with a report of every failed claim.
    Bail,
    /// Render an error box in the page and go on.
    Continue,
}

/// Per-example settings.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleConfig {
    pub timeout: Option<String>,
    pub exclusive: Option<bool>,
}

/// The preprocessor's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    // Keys mdBook itself reads from every preprocessor table.
    #[serde(default, rename = "command")]
    _command: Option<String>,
    #[serde(default, rename = "optional")]
    _optional: Option<bool>,
    #[serde(default, rename = "before")]
    _before: Option<Vec<String>>,
    #[serde(default, rename = "after")]
    _after: Option<Vec<String>>,
    #[serde(default, rename = "renderers")]
    _renderers: Option<Vec<String>>,

    #[serde(default = "default_package")]
    pub package: PathBuf,
    /// `timeout` as written.
    #[serde(default = "default_timeout", rename = "timeout")]
    timeout_written: String,
    /// How long a run may take, unless its example says otherwise (read
    /// by [`Config::load`]).
    #[serde(skip)]
    pub timeout: Duration,
    /// `[examples.NAME] timeout`, read (by [`Config::load`]).
    #[serde(skip)]
    example_timeouts: BTreeMap<String, Duration>,
    /// `on-failure` as written (see [`Config::load`] for the default).
    #[serde(default, rename = "on-failure")]
    on_failure_written: Option<OnFailure>,
    /// What to do with a failed claim in this build.
    #[serde(skip, default = "default_on_failure")]
    pub on_failure: OnFailure,
    pub jobs: Option<usize>,
    #[serde(default = "default_cache_dir")]
    pub cache_dir: PathBuf,
    #[serde(default)]
    pub examples: BTreeMap<String, ExampleConfig>,
    /// `[preprocessor.examples.language.NAME]`: languages declared by
    /// command templates.
    #[serde(default)]
    language: BTreeMap<String, declared::Spec>,
    /// The same, checked (by [`Config::load`]).
    #[serde(skip)]
    declared: Vec<declared::Declared>,
    /// Run buttons for Rust examples (none without this table).
    pub playground: Option<PlaygroundConfig>,
}

/// `[preprocessor.examples.playground]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PlaygroundConfig {
    /// The playground's address (its `/evaluate.json` is called).
    #[serde(default = "default_url")]
    pub url: String,
    /// A file of the examples package (usually `src/lib.rs`) that examples
    /// using the package's library get appended as `mod LIBRARY { … }`,
    /// its `mod x;` declarations filled in from their files.
    pub library: Option<PathBuf>,
    /// Examples that run only locally, each with the reason the page gives.
    #[serde(default)]
    pub local_only: BTreeMap<String, String>,
    /// Crates the playground does not offer: an example that names one runs
    /// only locally, and its page says which.
    #[serde(default)]
    pub lacks: Vec<String>,
    /// Where the book serves Pyodide (`pyodide.mjs` and the files it
    /// loads), relative to the book's root: with it, Python examples run
    /// in the reader's browser too. The book copies the files there (this
    /// book: `cargo xtask book`, from the pinned `pyodide` npm package).
    pub pyodide: Option<String>,
}

fn default_url() -> String {
    "https://play.rust-lang.org".into()
}

fn default_package() -> PathBuf {
    "examples".into()
}
fn default_timeout() -> String {
    "30s".into()
}

/// Where book.toml declares language `name`, for an error about its table:
/// `book.toml:12` when its `[preprocessor.examples.language.NAME]` header is
/// found, else the file.
fn language_table_at(book_toml: &std::path::Path, name: &str) -> String {
    let text = std::fs::read_to_string(book_toml).unwrap_or_default();
    let header = format!("[preprocessor.examples.language.{name}]");
    let squeeze = |l: &str| l.split_whitespace().collect::<String>();
    match text.lines().position(|l| squeeze(l) == header) {
        Some(i) => format!("{}:{}", book_toml.display(), i + 1),
        None => book_toml.display().to_string(),
    }
}

fn default_on_failure() -> OnFailure {
    OnFailure::Bail
}
fn default_cache_dir() -> PathBuf {
    "target/mdbook-examples".into()
}

/// Environment variable that overrides `on-failure` (e.g. for `mdbook serve`).
pub const ON_FAILURE_ENV: &str = "MDBOOK_EXAMPLES_ON_FAILURE";

/// What the build is for, as far as failed claims go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// A build for publishing: `mdbook build`, a library build, CI.
    Publish,
    /// `mdbook serve` or `mdbook watch`: the author's edit loop.
    EditLoop,
}

impl Occasion {
    /// This build's: the edit loop when `mdbook serve`/`watch` started it
    /// (and `CI` is not set), else publishing.
    pub fn now() -> Occasion {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        if !ci && started_by_serve() {
            Occasion::EditLoop
        } else {
            Occasion::Publish
        }
    }
}

/// Whether `mdbook serve` or `mdbook watch` started this process: its
/// parent (mdBook runs a preprocessor directly), or a wrapper's parent a
/// few levels up, runs a program named `mdbook` with that subcommand.
/// mdBook tells a preprocessor nothing about it, so the process tree is
/// asked (Linux's `/proc`; elsewhere this is never the case).
fn started_by_serve() -> bool {
    let mut pid = std::process::id() as i32;
    for _ in 0..4 {
        let Some(parent) = Stat::of(pid).and_then(|s| s.parent()) else {
            return false;
        };
        let Ok(parent) = i32::try_from(parent) else {
            return false;
        };
        if parent <= 1 {
            return false;
        }
        if cmdline(parent).is_some_and(|args| serves(&args)) {
            return true;
        }
        pid = parent;
    }
    false
}

/// Whether a command line is mdBook's `serve` or `watch`: a program named
/// `mdbook` followed by that word (`mdbook serve --open`,
/// `.tools/bin/mdbook serve`, `sh ./mdbook watch`).
fn serves(args: &[String]) -> bool {
    let is_mdbook = |a: &String| {
        std::path::Path::new(a)
            .file_name()
            .is_some_and(|n| n == "mdbook" || n == "mdbook.exe")
    };
    args.iter()
        .position(is_mdbook)
        .is_some_and(|i| args[i + 1..].iter().any(|a| a == "serve" || a == "watch"))
}

impl Config {
    /// Read and validate the table (absent table = all defaults).
    pub fn load(ctx: &PreprocessorContext) -> Result<Config> {
        let mut config: Config = ctx
            .config
            .get("preprocessor.examples")
            .context("invalid [preprocessor.examples] table in book.toml")?
            .map_or_else(|| toml::from_str("").context("default config"), Ok)?;
        config.read_timeouts()?;
        config.check_order(ctx.config.build.use_default_preprocessors)?;
        let book_toml = ctx.root.join("book.toml");
        config.declared = (config.language.iter())
            .map(|(name, spec)| {
                declared::Declared::new(name, spec)
                    .with_context(|| language_table_at(&book_toml, name))
            })
            .collect::<Result<_>>()?;
        let env = std::env::var(ON_FAILURE_ENV).ok();
        config.on_failure = config.resolve_on_failure(env.as_deref(), Occasion::now())?;
        Ok(config)
    }

    /// Parse the timeouts as written, once: the default and each example's.
    fn read_timeouts(&mut self) -> Result<()> {
        self.timeout = parse_duration(&self.timeout_written)
            .map_err(anyhow::Error::msg)
            .context("[preprocessor.examples] timeout")?;
        for (name, e) in &self.examples {
            if let Some(t) = &e.timeout {
                let timeout = parse_duration(t)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("[preprocessor.examples.examples.{name}] timeout"))?;
                self.example_timeouts.insert(name.clone(), timeout);
            }
        }
        Ok(())
    }

    /// What a failed claim does: `MDBOOK_EXAMPLES_ON_FAILURE` if set, else
    /// book.toml's `on-failure`, else a red box in the page in the edit
    /// loop and a failed build for publishing.
    fn resolve_on_failure(&self, env: Option<&str>, occasion: Occasion) -> Result<OnFailure> {
        Ok(match (env, self.on_failure_written, occasion) {
            (Some("bail"), ..) => OnFailure::Bail,
            (Some("continue"), ..) => OnFailure::Continue,
            (Some(other), ..) => {
                anyhow::bail!("{ON_FAILURE_ENV}={other}: use `bail` or `continue`")
            }
            (None, Some(written), _) => written,
            (None, None, Occasion::EditLoop) => OnFailure::Continue,
            (None, None, Occasion::Publish) => OnFailure::Bail,
        })
    }

    /// The examples' sources are embedded as code blocks; mdBook's `links`
    /// preprocessor must run first, or it would expand `{{#include}}` text
    /// found inside an example.
    fn check_order(&self, default_preprocessors: bool) -> Result<()> {
        let after_links = self._after.iter().flatten().any(|p| p == "links");
        if default_preprocessors && !after_links {
            anyhow::bail!(
                "[preprocessor.examples] must run after mdBook's `links` preprocessor: add `after = [\"links\"]`"
            );
        }
        Ok(())
    }

    /// The book's languages: Rust and Python, then the declared ones.
    pub fn languages(&self) -> Vec<Arc<dyn Language>> {
        languages::all(&self.declared)
    }

    /// How long a run of example `name` may take: its own timeout in
    /// book.toml, else the default.
    pub fn timeout_of(&self, name: &str) -> Duration {
        (self.example_timeouts.get(name)).map_or(self.timeout, |t| *t)
    }

    /// Whether the config marks an example as exclusive.
    pub fn example_exclusive(&self, name: &str) -> bool {
        self.examples
            .get(name)
            .and_then(|e| e.exclusive)
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_text: &str) -> std::result::Result<Config, String> {
        let mut config = toml::from_str::<Config>(toml_text).map_err(|e| e.to_string())?;
        config.read_timeouts().map_err(|e| format!("{e:#}"))?;
        Ok(config)
    }

    #[test]
    fn defaults() {
        let c = parse("").expect("empty is fine");
        assert_eq!(c.package, PathBuf::from("examples"));
        assert_eq!(c.timeout, Duration::from_secs(30));
        assert_eq!(c.timeout_of("any"), Duration::from_secs(30));
        assert_eq!(c.on_failure_written, None);
    }

    #[test]
    fn failures_are_red_boxes_in_the_edit_loop_and_fail_a_build_for_publishing() {
        let c = parse("").expect("valid");
        let resolve = |env, occasion| c.resolve_on_failure(env, occasion).expect("valid");
        assert_eq!(resolve(None, Occasion::EditLoop), OnFailure::Continue);
        assert_eq!(resolve(None, Occasion::Publish), OnFailure::Bail);
        assert_eq!(resolve(Some("bail"), Occasion::EditLoop), OnFailure::Bail);
        assert_eq!(
            resolve(Some("continue"), Occasion::Publish),
            OnFailure::Continue
        );
        let err = c
            .resolve_on_failure(Some("stop"), Occasion::Publish)
            .expect_err("unknown value");
        assert!(
            err.to_string().contains("use `bail` or `continue`"),
            "{err}"
        );
        let written = parse("on-failure='bail'").expect("valid");
        assert_eq!(
            written
                .resolve_on_failure(None, Occasion::EditLoop)
                .expect("valid"),
            OnFailure::Bail
        );
    }

    #[test]
    fn serve_and_watch_command_lines_are_recognised() {
        let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
        for yes in [
            "mdbook serve",
            "mdbook serve --open",
            "/work/.tools/bin/mdbook serve -p 3001",
            "/bin/sh /tmp/x/mdbook watch",
        ] {
            assert!(serves(&args(yes)), "{yes}");
        }
        for no in [
            "mdbook build",
            "mdbook-examples serve",
            "target/debug/xtask serve",
            "serve mdbook",
            "mdbook test",
        ] {
            assert!(!serves(&args(no)), "{no}");
        }
    }

    #[test]
    fn a_language_table_is_found_by_its_header_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("book.toml");
        std::fs::write(
            &path,
            "[book]\n\n[ preprocessor.examples.language.shell ]\nextension = \"sh\"\n",
        )
        .expect("write");
        assert_eq!(
            language_table_at(&path, "shell"),
            format!("{}:3", path.display())
        );
        assert_eq!(language_table_at(&path, "node"), path.display().to_string());
    }

    #[test]
    fn mdbook_keys_and_ours() {
        let c = parse("command='x'\nafter=['links']\non-failure='continue'\n[examples.slow]\ntimeout='2m'\nexclusive=true\n")
            .expect("valid");
        assert_eq!(c.on_failure_written, Some(OnFailure::Continue));
        assert_eq!(c.timeout_of("slow"), Duration::from_secs(120));
        assert!(c.example_exclusive("slow"));
    }

    #[test]
    fn must_run_after_links() {
        let err = parse("")
            .expect("valid")
            .check_order(true)
            .expect_err("links first");
        assert!(err.to_string().contains("after = [\"links\"]"));
        assert!(
            parse("after=['links']")
                .expect("valid")
                .check_order(true)
                .is_ok()
        );
        assert!(parse("").expect("valid").check_order(false).is_ok());
    }

    #[test]
    fn unknown_and_mistyped_keys_are_named() {
        assert!(parse("timeuot='3s'").unwrap_err().contains("timeuot"));
        assert!(parse("jobs='many'").unwrap_err().contains("jobs"));
        assert!(
            parse("[examples.x]\nslow=true")
                .unwrap_err()
                .contains("slow")
        );
    }
}
