//! The `[preprocessor.examples]` table of book.toml.

use crate::finding::timespec::parse_duration;
use crate::package::languages::{self, Language, declared};
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
    #[serde(default = "default_timeout")]
    timeout: String,
    #[serde(default = "default_on_failure")]
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
fn default_on_failure() -> OnFailure {
    OnFailure::Bail
}
fn default_cache_dir() -> PathBuf {
    "target/mdbook-examples".into()
}

/// Environment variable that overrides `on-failure` (e.g. for `mdbook serve`).
pub const ON_FAILURE_ENV: &str = "MDBOOK_EXAMPLES_ON_FAILURE";

impl Config {
    /// Read and validate the table (absent table = all defaults).
    pub fn load(ctx: &PreprocessorContext) -> Result<Config> {
        let mut config: Config = ctx
            .config
            .get("preprocessor.examples")
            .context("invalid [preprocessor.examples] table in book.toml")?
            .map_or_else(|| toml::from_str("").context("default config"), Ok)?;
        config
            .default_timeout()
            .context("[preprocessor.examples] timeout")?;
        config.check_order(ctx.config.build.use_default_preprocessors)?;
        for (name, e) in &config.examples {
            if let Some(t) = &e.timeout {
                parse_duration(t)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("[preprocessor.examples.examples.{name}] timeout"))?;
            }
        }
        config.declared = (config.language.iter())
            .map(|(name, spec)| declared::Declared::new(name, spec))
            .collect::<Result<_>>()?;
        if let Ok(v) = std::env::var(ON_FAILURE_ENV) {
            config.on_failure = match v.as_str() {
                "bail" => OnFailure::Bail,
                "continue" => OnFailure::Continue,
                other => anyhow::bail!("{ON_FAILURE_ENV}={other}: use `bail` or `continue`"),
            };
        }
        Ok(config)
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

    /// The default timeout of a run.
    pub fn default_timeout(&self) -> Result<Duration> {
        parse_duration(&self.timeout).map_err(anyhow::Error::msg)
    }

    /// The configured timeout of one example, if any.
    pub fn example_timeout(&self, name: &str) -> Option<Duration> {
        self.examples
            .get(name)?
            .timeout
            .as_deref()
            .and_then(|t| parse_duration(t).ok())
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
        toml::from_str::<Config>(toml_text).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults() {
        let c = parse("").expect("empty is fine");
        assert_eq!(c.package, PathBuf::from("examples"));
        assert_eq!(c.default_timeout().expect("valid"), Duration::from_secs(30));
        assert_eq!(c.on_failure, OnFailure::Bail);
    }

    #[test]
    fn mdbook_keys_and_ours() {
        let c = parse("command='x'\nafter=['links']\non-failure='continue'\n[examples.slow]\ntimeout='2m'\nexclusive=true\n")
            .expect("valid");
        assert_eq!(c.on_failure, OnFailure::Continue);
        assert_eq!(c.example_timeout("slow"), Some(Duration::from_secs(120)));
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
