//! The edits `install` makes to `book.toml`, on its parsed document so that
//! the author's comments, order and layout are kept.

use super::assets::{ASSETS, Asset};
use anyhow::{Result, bail};
use std::path::PathBuf;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// One edit made to `book.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Added the `[preprocessor.examples]` table.
    AddedTable,
    /// Added `links` to the table's `after`.
    RunAfterLinks,
    /// Added an asset to its `[output.html]` list (`additional-css`, …).
    AddedAsset { key: &'static str, path: PathBuf },
    /// Added the examples package to `[build] extra-watch-dirs`.
    WatchExamples(String),
}

impl std::fmt::Display for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Edit::AddedTable => write!(f, "added [preprocessor.examples] (after = [\"links\"])"),
            Edit::RunAfterLinks => {
                write!(f, "[preprocessor.examples] now runs after mdBook's `links`")
            }
            Edit::AddedAsset { key, path } => {
                write!(f, "added {} to [output.html] {key}", path.display())
            }
            Edit::WatchExamples(dir) => write!(
                f,
                "added \"{dir}\" to [build] extra-watch-dirs (`mdbook serve` reruns an edited example)"
            ),
        }
    }
}

/// What `install` needs to know after editing.
#[derive(Debug)]
pub struct Edited {
    pub edits: Vec<Edit>,
    /// Where each of [`ASSETS`] goes, relative to the book root: the entry
    /// already in its list, or the one just added.
    pub assets: Vec<(Asset, PathBuf)>,
    /// The examples package, relative to the book root.
    pub package: String,
    /// The folder of results, relative to the book root (`cache-dir`).
    pub cache_dir: String,
}

/// Make `doc` a book.toml that uses the preprocessor.
pub fn edit(doc: &mut DocumentMut) -> Result<Edited> {
    let mut edits = Vec::new();
    let examples = preprocessor_table(doc, &mut edits)?;
    if ensure_in_array(examples, "after", "links")? && !edits.contains(&Edit::AddedTable) {
        edits.push(Edit::RunAfterLinks);
    }
    let package = examples
        .get("package")
        .and_then(Item::as_str)
        .unwrap_or("examples")
        .to_string();
    let cache_dir = examples
        .get("cache-dir")
        .and_then(Item::as_str)
        .unwrap_or("target/mdbook-examples")
        .to_string();
    let assets = ASSETS
        .into_iter()
        .map(|asset| Ok((asset, asset_entry(doc, asset, &mut edits)?)))
        .collect::<Result<Vec<_>>>()?;
    if ensure_in_array(table(doc, &["build"])?, "extra-watch-dirs", &package)? {
        edits.push(Edit::WatchExamples(package.clone()));
    }
    Ok(Edited {
        edits,
        assets,
        package,
        cache_dir,
    })
}

fn preprocessor_table<'d>(
    doc: &'d mut DocumentMut,
    edits: &mut Vec<Edit>,
) -> Result<&'d mut dyn TableLike> {
    let exists = doc
        .get("preprocessor")
        .and_then(|p| p.get("examples"))
        .is_some();
    if !exists {
        edits.push(Edit::AddedTable);
    }
    table(doc, &["preprocessor", "examples"])
}

/// The asset's entry in its `[output.html]` list, added when missing.
fn asset_entry(doc: &mut DocumentMut, asset: Asset, edits: &mut Vec<Edit>) -> Result<PathBuf> {
    let html = table(doc, &["output", "html"])?;
    let existing = html.get(asset.key).and_then(Item::as_array).and_then(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(PathBuf::from)
            .find(|p| asset.is(p))
    });
    if let Some(existing) = existing {
        return Ok(existing);
    }
    ensure_in_array(html, asset.key, asset.file_name)?;
    let added = PathBuf::from(asset.file_name);
    edits.push(Edit::AddedAsset {
        key: asset.key,
        path: added.clone(),
    });
    Ok(added)
}

/// The table at `path`, created where missing: a `[header]` table, or an
/// inline one inside an inline table. A table that is already there, inline
/// (`html = { … }`), dotted or a header, is extended as it is written.
fn table<'d>(doc: &'d mut DocumentMut, path: &[&str]) -> Result<&'d mut dyn TableLike> {
    let mut current: &mut dyn TableLike = doc.as_table_mut();
    let mut inline = false;
    for (depth, key) in path.iter().enumerate() {
        let entry = current.entry(key).or_insert_with(|| {
            if inline {
                Item::Value(Value::InlineTable(InlineTable::new()))
            } else {
                let mut t = Table::new();
                // Intermediate tables only hold sub-tables: no empty `[output]`.
                t.set_implicit(depth + 1 < path.len());
                Item::Table(t)
            }
        });
        inline = entry.is_inline_table();
        let type_name = entry.type_name();
        let Some(next) = entry.as_table_like_mut() else {
            bail!(
                "book.toml: `{}` is a {type_name}, not a table; fix it by hand, then run `mdbook-examples install` again",
                path[..=depth].join("."),
            );
        };
        current = next;
    }
    Ok(current)
}

/// Add `value` to the string array `key` of `table` (created when missing).
/// Whether it was added.
fn ensure_in_array(table: &mut dyn TableLike, key: &str, value: &str) -> Result<bool> {
    let item = table
        .entry(key)
        .or_insert_with(|| Item::Value(Value::Array(Array::new())));
    let type_name = item.type_name();
    let Some(array) = item.as_array_mut() else {
        bail!(
            "book.toml: `{key}` is a {type_name}, not an array; write it as [..], then run `mdbook-examples install` again"
        );
    };
    if array.iter().any(|v| v.as_str() == Some(value)) {
        return Ok(false);
    }
    array.push(value);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<Edit>) {
        let mut doc: DocumentMut = text.parse().expect("valid toml");
        let edited = edit(&mut doc).expect("editable");
        (doc.to_string(), edited.edits)
    }

    #[test]
    fn a_fresh_book_gets_the_table_the_stylesheet_and_the_watch_dir() {
        let (out, edits) = run("[book]\ntitle = \"Knots\"\n");
        assert_eq!(edits.len(), 4, "{edits:?}");
        let parsed: toml::Table = toml::from_str(&out).expect("still toml");
        assert_eq!(
            parsed["preprocessor"]["examples"]["after"],
            toml::Value::Array(vec!["links".into()])
        );
        assert_eq!(
            parsed["output"]["html"]["additional-css"],
            toml::Value::Array(vec!["mdbook-examples.css".into()])
        );
        assert_eq!(
            parsed["output"]["html"]["additional-js"],
            toml::Value::Array(vec!["mdbook-examples.js".into()])
        );
        assert_eq!(
            parsed["build"]["extra-watch-dirs"],
            toml::Value::Array(vec!["examples".into()])
        );
        assert!(!out.contains("[output]\n"), "no empty parent table:\n{out}");
    }

    #[test]
    fn a_second_run_changes_nothing() {
        let (once, _) = run("[book]\ntitle = \"Knots\"\n");
        let (twice, edits) = run(&once);
        assert!(edits.is_empty(), "{edits:?}");
        assert_eq!(once, twice);
    }

    #[test]
    fn comments_existing_entries_and_settings_are_kept() {
        let text = "# my book\n[book]\ntitle = \"Knots\" # short\n\n[preprocessor.examples]\npackage = \"programs\"\ntimeout = \"5s\"\n\n[output.html]\nadditional-css = [\"theme/custom.css\", \"theme/mdbook-examples.css\"]\n";
        let mut doc: DocumentMut = text.parse().expect("valid");
        let edited = edit(&mut doc).expect("editable");
        let out = doc.to_string();
        assert!(out.starts_with("# my book\n[book]\ntitle = \"Knots\" # short\n"));
        assert!(out.contains("timeout = \"5s\""));
        assert_eq!(
            edited.assets[0].1,
            PathBuf::from("theme/mdbook-examples.css")
        );
        assert_eq!(edited.package, "programs");
        assert_eq!(
            edited.edits,
            vec![
                Edit::RunAfterLinks,
                Edit::AddedAsset {
                    key: "additional-js",
                    path: "mdbook-examples.js".into()
                },
                Edit::WatchExamples("programs".into())
            ]
        );
    }

    #[test]
    fn inline_tables_are_extended_in_place() {
        let (out, _) = run("output = { html = { default-theme = \"navy\" } }\n");
        let parsed: toml::Table = toml::from_str(&out).expect("still toml");
        assert_eq!(
            parsed["output"]["html"]["default-theme"].as_str(),
            Some("navy")
        );
        assert!(parsed["output"]["html"]["additional-css"].is_array());
    }

    #[test]
    fn an_inline_html_table_stays_inline_under_its_output_header() {
        let text = "[book]\ntitle = \"Knots\"\n\n[output]\nhtml = { default-theme = \"navy\" }\n";
        let (out, _) = run(text);
        assert!(
            !out.contains("[output.html"),
            "became a header table:\n{out}"
        );
        let html_line = out
            .lines()
            .find(|l| l.starts_with("html = {"))
            .unwrap_or_else(|| panic!("no inline html table:\n{out}"));
        assert!(
            html_line.contains("default-theme = \"navy\"")
                && html_line.contains("additional-css = [\"mdbook-examples.css\"]")
                && html_line.contains("additional-js = [\"mdbook-examples.js\"]"),
            "{html_line}"
        );
        let (twice, edits) = run(&out);
        assert!(edits.is_empty(), "{edits:?}");
        assert_eq!(twice, out);
    }

    #[test]
    fn dotted_keys_stay_dotted() {
        let (out, _) = run("output.html.default-theme = \"navy\"\n");
        assert!(!out.contains("[output"), "{out}");
        let parsed: toml::Table = toml::from_str(&out).expect("still toml");
        assert!(
            parsed["output"]["html"]["additional-js"].is_array(),
            "{out}"
        );
    }

    #[test]
    fn values_where_tables_or_arrays_belong_are_named() {
        for (text, named) in [
            ("output = \"html\"\n", "`output` is a string"),
            (
                "[build]\nextra-watch-dirs = \"src\"\n",
                "`extra-watch-dirs` is a string",
            ),
        ] {
            let mut doc: DocumentMut = text.parse().expect("valid");
            let err = edit(&mut doc).expect_err("not editable").to_string();
            assert!(err.contains(named), "{err}");
        }
    }
}
