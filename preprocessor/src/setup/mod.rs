//! Setting a book up to use the preprocessor (`mdbook-examples install`),
//! and the warnings a build gives when that setup has fallen behind the
//! binary (an old stylesheet or script) or the mdBook running it is not 0.5.

mod assets;
mod book_toml;
mod gitignore;
mod starter;

use anyhow::{Context, Result};
use assets::{ASSETS, Asset, VERSION};
use mdbook_preprocessor::PreprocessorContext;
use std::fmt;
use std::path::{Path, PathBuf};

/// One change `install` made.
#[derive(Debug)]
pub enum Change {
    BookToml(book_toml::Edit),
    /// Wrote an asset (`Some(old version)` when it replaced one).
    Asset {
        what: &'static str,
        path: PathBuf,
        replaced: Option<String>,
    },
    /// Wrote the starter examples package.
    Starter(PathBuf),
    /// Added the results folder to the book's `.gitignore`.
    Ignored(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::BookToml(edit) => write!(f, "book.toml: {edit}"),
            Change::Asset {
                what,
                path,
                replaced: None,
            } => write!(f, "wrote the {what} {}", path.display()),
            Change::Asset {
                what,
                path,
                replaced: Some(old),
            } => write!(
                f,
                "updated the {what} {} ({old} → {VERSION})",
                path.display()
            ),
            Change::Starter(dir) => write!(
                f,
                "wrote a starter examples package in {}: example `hello`, intended failure `mistake_type`",
                dir.display()
            ),
            Change::Ignored(line) => write!(
                f,
                ".gitignore: added {line} (results and build output, not sources)"
            ),
        }
    }
}

/// Set up the book whose `book.toml` is in `root`: the preprocessor's table,
/// the stylesheet and script (written or updated), the watch folder, and a starter
/// examples package when there is none. Running it again changes nothing.
pub fn install(root: &Path) -> Result<Vec<Change>> {
    let toml_path = root.join("book.toml");
    let text = std::fs::read_to_string(&toml_path).with_context(|| {
        format!(
            "cannot read {}: run `mdbook-examples install` in a book's folder (or pass it), or create the book first with `mdbook init`",
            toml_path.display()
        )
    })?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", toml_path.display()))?;
    let edited = book_toml::edit(&mut doc)?;
    let mut changes: Vec<Change> = edited.edits.into_iter().map(Change::BookToml).collect();
    if !changes.is_empty() {
        write(&toml_path, &doc.to_string())?;
    }
    for (asset, path) in &edited.assets {
        changes.extend(write_asset(*asset, &root.join(path))?);
    }
    let package = root.join(&edited.package);
    if starter::write_if_missing(&package)? {
        changes.push(Change::Starter(package));
    }
    if let Some(line) = gitignore::ensure(root, &edited.cache_dir)? {
        changes.push(Change::Ignored(line));
    }
    Ok(changes)
}

fn write_asset(asset: Asset, path: &Path) -> Result<Option<Change>> {
    let old = std::fs::read_to_string(path).ok();
    if old.as_deref() == Some(asset.text) {
        return Ok(None);
    }
    let replaced = old.map(|text| {
        asset
            .version_of(&text)
            .unwrap_or("a version without a version line")
            .to_string()
    });
    write(path, asset.text)?;
    Ok(Some(Change::Asset {
        what: asset.what,
        path: path.to_path_buf(),
        replaced,
    }))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The warning for an mdBook other than 0.5, if it is one.
pub fn version_warning(ctx: &PreprocessorContext) -> Option<String> {
    (!ctx.mdbook_version.starts_with("0.5.")).then(|| {
        format!(
            "this preprocessor is built for mdBook 0.5, and mdBook {} is running it: pages may come out wrong; use mdBook 0.5.x",
            ctx.mdbook_version
        )
    })
}

/// For a book that uses the preprocessor and the HTML renderer: a
/// stylesheet or script that is missing or from another version (the
/// script only when the playground's buttons are on).
pub fn asset_warnings(ctx: &PreprocessorContext) -> Vec<String> {
    if ctx.renderer != "html" {
        return Vec::new();
    }
    let playground = matches!(
        ctx.config
            .get::<toml::Value>("preprocessor.examples.playground"),
        Ok(Some(_))
    );
    ASSETS
        .into_iter()
        .filter(|a| playground || a.what != "script")
        .filter_map(|a| asset_warning(ctx, a))
        .collect()
}

fn asset_warning(ctx: &PreprocessorContext, asset: Asset) -> Option<String> {
    let entries: Vec<PathBuf> = ctx
        .config
        .get(&format!("output.html.{}", asset.key))
        .ok()
        .flatten()
        .unwrap_or_default();
    let Some(entry) = entries.iter().find(|e| asset.is(e)) else {
        return Some(format!(
            "book.toml's [output.html] {} does not list {}: without it the pages {}; run `mdbook-examples install` to add it",
            asset.key,
            asset.file_name,
            match asset.what {
                "stylesheet" => "are unstyled",
                _ => "have no \"Run it yourself\" buttons",
            }
        ));
    };
    let path = ctx.root.join(entry);
    let text = std::fs::read_to_string(&path).ok()?;
    match asset.version_of(&text) {
        Some(v) if v == VERSION => None,
        found => Some(format!(
            "{} is the {} of mdbook-examples {}, and this is {VERSION}: pages may look or work wrong; run `mdbook-examples install` to update it",
            path.display(),
            asset.what,
            found.unwrap_or("(no version line)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(toml_text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("book.toml"), toml_text).expect("write");
        dir
    }

    #[test]
    fn install_sets_up_a_book_and_is_idempotent() {
        let dir = book("[book]\ntitle = \"Knots\"\n");
        let first = install(dir.path()).expect("installs");
        assert_eq!(first.len(), 8, "{first:?}");
        let ignored = std::fs::read_to_string(dir.path().join(".gitignore")).expect(".gitignore");
        assert_eq!(ignored, "/target/mdbook-examples/\n");
        for asset in ASSETS {
            let text = std::fs::read_to_string(dir.path().join(asset.file_name)).expect("asset");
            assert_eq!(text, asset.text);
        }
        assert!(dir.path().join("examples/Cargo.toml").is_file());
        let second = install(dir.path()).expect("installs again");
        assert!(second.is_empty(), "{second:?}");
    }

    #[test]
    fn an_old_stylesheet_is_replaced_and_reported() {
        let dir = book("[output.html]\nadditional-css = [\"theme/mdbook-examples.css\"]\n");
        std::fs::create_dir(dir.path().join("theme")).expect("mkdir");
        std::fs::write(
            dir.path().join("theme/mdbook-examples.css"),
            "/* mdbook-examples 0.0.1 stylesheet */\n",
        )
        .expect("write");
        let changes = install(dir.path()).expect("installs");
        let updated = changes
            .iter()
            .map(ToString::to_string)
            .find(|c| c.starts_with("updated the stylesheet"))
            .expect("an update");
        assert!(updated.contains("0.0.1 →"), "{updated}");
    }

    #[test]
    fn a_missing_book_says_what_to_do() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = format!("{:#}", install(dir.path()).expect_err("no book"));
        assert!(err.contains("mdbook init"), "{err}");
    }
}
