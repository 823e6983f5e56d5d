//! Running an example yourself: a Rust example on the Rust Playground, a
//! Python example in the reader's browser (Pyodide, served by the book). What
//! each runnable example's figure carries for `mdbook-examples.js` (the whole
//! program, where it runs, the lane rule and the figure's geometry, so that
//! the reader's run is drawn like the build's), or the page's plain note on
//! why an example runs only locally. Opt-in, with
//! `[preprocessor.examples.playground]` (and its `pyodide` for Python).

use crate::config::PlaygroundConfig;
use crate::util::suggest;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What the figures need, prepared once per build.
#[derive(Debug)]
pub struct Playground {
    url: String,
    edition: String,
    library: Option<Library>,
    local_only: BTreeMap<String, String>,
    /// Crate names as code writes them (`nix`, `my_crate`).
    lacks: Vec<String>,
    /// Where the book serves Pyodide, from its root (`pyodide/`).
    pyodide: Option<String>,
}

/// What Python in a browser page cannot do, and the words an example's
/// source uses for it.
const BROWSER_LACKS: [(&str, &[&str]); 4] = [
    (
        "it opens network sockets, which Python in a browser page (Pyodide) cannot.",
        &["start_server", "open_connection", "import socket"],
    ),
    (
        "it starts threads, which Python in a browser page (Pyodide) cannot.",
        &["threading", "to_thread", "run_in_executor", "ThreadPool"],
    ),
    (
        "it starts processes or handles signals, which Python in a browser page (Pyodide) cannot.",
        &["subprocess", "import signal", "add_signal_handler"],
    ),
    (
        "it calls `time.sleep`, which in a browser page (Pyodide) does not block the event loop as it does in CPython: other tasks run while it sleeps.",
        &["time.sleep("],
    ),
];

/// The package's library as one inline module.
#[derive(Debug)]
struct Library {
    /// Its crate name, as examples write it (`async_book_examples`).
    name: String,
    module: String,
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<toml::Table>,
    lib: Option<toml::Table>,
}

impl Playground {
    /// Read what the playground needs from the examples package.
    /// `known` checks the names under `local-only`.
    pub fn load(
        config: &PlaygroundConfig,
        package_dir: &Path,
        known: &[&str],
    ) -> Result<Playground> {
        for name in config.local_only.keys() {
            if !known.contains(&name.as_str()) {
                let hint = suggest::closest(name, known.iter().copied())
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                bail!(
                    "[preprocessor.examples.playground] local-only: there is no example `{name}`{hint}"
                );
            }
        }
        let manifest_path = package_dir.join("Cargo.toml");
        let manifest = read_manifest(&manifest_path)?;
        let edition = edition(&manifest, package_dir)?;
        let library = match &config.library {
            None => None,
            Some(file) => {
                let name = library_name(&manifest).with_context(|| {
                    format!(
                        "[preprocessor.examples.playground] library: {} has no [package] name",
                        manifest_path.display()
                    )
                })?;
                let body = inline_modules(&package_dir.join(file))?;
                Some(Library {
                    module: format!("#[allow(dead_code)]\nmod {name} {{\n{body}}}\n"),
                    name,
                })
            }
        };
        Ok(Playground {
            url: config.url.clone(),
            edition,
            library,
            local_only: config.local_only.clone(),
            lacks: config.lacks.iter().map(|c| c.replace('-', "_")).collect(),
            pyodide: config.pyodide.as_ref().map(|p| {
                let p = p.trim_matches('/');
                format!("{p}/")
            }),
        })
    }

    /// What the figure of Rust example `name` (source `source`, lanes by
    /// `lanes`) carries: its program for the page's script, or the note that
    /// it runs only locally.
    pub fn figure_part(&self, name: &str, source: &str, lanes: &str) -> String {
        let reason = self.local_only.get(name).cloned();
        let reason = reason.or_else(|| {
            let lacking = self.lacks.iter().find(|c| names_path(source, c))?;
            Some(format!(
                "it uses the crate `{lacking}`, which the playground does not offer."
            ))
        });
        let reason = reason.or_else(|| {
            let lib = self.library.as_ref()?;
            let missing = used_items(source, &lib.name)
                .into_iter()
                .find(|item| !defines(&lib.module, item))?;
            Some(format!(
                "it uses `{}::{missing}`, which the playground's copy of the book's library does not have.",
                lib.name
            ))
        });
        if let Some(reason) = reason {
            return local_only("not on the Rust Playground", &reason);
        }
        program_script(serde_json::json!({
            "language": "rust",
            "url": self.url,
            "edition": self.edition,
            "code": self.program(source),
            // The script appends its line-timing code (`LINE_TIMES`) to it.
            "stamp": true,
            "lanes": lanes,
            "style": crate::render::timeline::style(),
        }))
    }

    /// What the figure of Python example `name` carries: its program, run
    /// in the page by the book's own Pyodide, or why it runs only locally.
    /// Nothing without `pyodide` in the configuration.
    pub fn python_part(&self, name: &str, source: &str, lanes: &str) -> String {
        let Some(pyodide) = &self.pyodide else {
            return String::new();
        };
        let reason = self.local_only.get(name).cloned().or_else(|| {
            BROWSER_LACKS
                .iter()
                .find(|(_, words)| words.iter().any(|w| source.contains(w)))
                .map(|(reason, _)| reason.to_string())
        });
        if let Some(reason) = reason {
            return local_only("not in your browser", &reason);
        }
        let code: String = source
            .lines()
            .filter(|l| !is_anchor(l))
            .map(|l| format!("{l}\n"))
            .collect();
        program_script(serde_json::json!({
            "language": "python",
            "pyodide": pyodide,
            "code": code,
            "lanes": lanes,
            "style": crate::render::timeline::style(),
        }))
    }

    /// The whole program: the example's file without its anchor lines, and
    /// the library when the example uses it.
    fn program(&self, source: &str) -> String {
        let mut code: String = source
            .lines()
            .filter(|l| !is_anchor(l))
            .map(|l| format!("{l}\n"))
            .collect();
        if let Some(lib) = &self.library
            && source.contains(&format!("{}::", lib.name))
        {
            code.push_str(&format!(
                "\n// The book's helper library, `{}`, which this example uses.\n{}",
                lib.name, lib.module
            ));
        }
        code
    }
}

/// The page's note that an example runs only where the book is built.
fn local_only(not_where: &str, reason: &str) -> String {
    format!(
        "<p class=\"mdbx-local-only\">Runs only where the book is built, {not_where}: {}</p>\n",
        code_spans(reason)
    )
}

/// The figure's program for the page's script. `<` is escaped, so that no
/// `</script>` or `<!--` in the program can end the element early.
fn program_script(json: serde_json::Value) -> String {
    let text = json.to_string().replace('<', "\\u003c");
    format!("<script type=\"application/json\" class=\"mdbx-program\">{text}</script>\n")
}

/// `text` escaped, with its `code` spans as `<code>`.
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            1 => format!("<code>{}</code>", crate::render::esc(part)),
            _ => crate::render::esc(part),
        })
        .collect()
}

/// Whether `source` names a path under `root` (`root::…`, not `xroot::…`).
fn names_path(source: &str, root: &str) -> bool {
    !used_items(source, root).is_empty()
}

/// The library's items `source` names: `lib::a` and `lib::{a, b::c}` give
/// `a` (and `b`).
fn used_items(source: &str, lib: &str) -> Vec<String> {
    let ident = |t: &str| -> String {
        t.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut items = Vec::new();
    for (at, _) in source.match_indices(&format!("{lib}::")) {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &source[at + lib.len() + 2..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let group = group.split('}').next().unwrap_or_default();
                items.extend(group.split(',').map(ident));
            }
            None => items.push(ident(rest)),
        }
    }
    items.retain(|i| !i.is_empty());
    items
}

/// Whether the module text defines `item` (a function, module, type, …).
fn defines(module: &str, item: &str) -> bool {
    const KINDS: [&str; 9] = [
        "fn", "mod", "struct", "enum", "const", "static", "type", "trait", "use",
    ];
    module.lines().any(|line| {
        let words: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        words
            .windows(2)
            .any(|w| KINDS.contains(&w[0]) && w[1] == item)
            || (line.contains("pub use") && words.last() == Some(&item))
    })
}

fn is_anchor(line: &str) -> bool {
    let t = line.trim_start();
    let t = t
        .strip_prefix("//")
        .or_else(|| t.strip_prefix('#'))
        .unwrap_or_default()
        .trim_start();
    t.starts_with("ANCHOR:") || t.starts_with("ANCHOR_END:")
}

fn read_manifest(path: &Path) -> Result<Manifest> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("{} is not a valid manifest", path.display()))
}

/// The package's edition; `edition.workspace = true` is looked up in the
/// workspace manifest above it. Cargo's default when none is given.
fn edition(manifest: &Manifest, package_dir: &Path) -> Result<String> {
    let value = manifest.package.as_ref().and_then(|p| p.get("edition"));
    match value {
        Some(toml::Value::String(e)) => Ok(e.clone()),
        Some(toml::Value::Table(t)) if t.get("workspace") == Some(&toml::Value::Boolean(true)) => {
            workspace_edition(package_dir)
        }
        _ => Ok("2015".into()),
    }
}

fn workspace_edition(package_dir: &Path) -> Result<String> {
    let Some((path, manifest)) = crate::package::workspace::enclosing(package_dir) else {
        bail!(
            "{}: `edition.workspace = true`, but no workspace manifest was found above it",
            package_dir.join("Cargo.toml").display()
        );
    };
    manifest
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("edition"))
        .and_then(toml::Value::as_str)
        .map(str::to_string)
        .with_context(|| format!("{} has no [workspace.package] edition", path.display()))
}

fn library_name(manifest: &Manifest) -> Option<String> {
    let lib_name = manifest.lib.as_ref().and_then(|l| l.get("name"));
    let name = lib_name.or_else(|| manifest.package.as_ref()?.get("name"))?;
    Some(name.as_str()?.replace('-', "_"))
}

/// The file as the body of an inline module, each `mod x;` replaced by
/// `mod x { … }` from `x.rs` (or `x/mod.rs`) beside it, recursively.
fn inline_modules(file: &Path) -> Result<String> {
    let text = std::fs::read_to_string(file).with_context(|| {
        format!(
            "[preprocessor.examples.playground] library: cannot read {}",
            file.display()
        )
    })?;
    let dir = match file.file_name().and_then(|n| n.to_str()) {
        Some("lib.rs" | "mod.rs" | "main.rs") => file.parent().map(Path::to_path_buf),
        _ => file.with_extension("").into(),
    }
    .unwrap_or_default();
    let mut out = String::new();
    for line in text.lines() {
        match module_declaration(line) {
            Some((head, name)) => {
                let child = [
                    dir.join(format!("{name}.rs")),
                    dir.join(name).join("mod.rs"),
                ]
                .into_iter()
                .find(|p| p.is_file())
                .with_context(|| format!("{}: no file for `mod {name};`", file.display()))?;
                out.push_str(&format!("{head} {{\n{}}}\n", inline_modules(&child)?));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// `pub mod trace;` → (`pub mod trace`, `trace`).
fn module_declaration(line: &str) -> Option<(&str, &str)> {
    let head = line.trim().strip_suffix(';')?;
    let name = head
        .strip_prefix("pub mod ")
        .or_else(|| head.strip_prefix("mod "))
        .or_else(|| head.strip_prefix("pub(crate) mod "))?;
    name.chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then_some((head, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn package(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        dir
    }

    fn config(library: Option<&str>) -> PlaygroundConfig {
        PlaygroundConfig {
            url: "https://play.rust-lang.org".into(),
            library: library.map(PathBuf::from),
            local_only: BTreeMap::from([("big".to_string(), "starts 1,000 threads".to_string())]),
            lacks: vec!["nix".into()],
            pyodide: Some("pyodide".into()),
        }
    }

    const MANIFEST: &str = "[package]\nname = \"my-examples\"\nedition = \"2024\"\n";

    #[test]
    fn a_program_carries_its_edition_and_the_library_it_uses() {
        let dir = package(&[
            ("Cargo.toml", MANIFEST),
            ("src/lib.rs", "pub mod trace;\npub fn help() {}\n"),
            ("src/trace.rs", "pub fn task() {}\n"),
        ]);
        let p = Playground::load(&config(Some("src/lib.rs")), dir.path(), &["big", "a"])
            .expect("loads");
        let uses = p.figure_part(
            "a",
            "use my_examples::help;\n// ANCHOR: x\nfn main() { help() }\n",
            "x",
        );
        assert!(uses.contains("\"edition\":\"2024\""), "{uses}");
        assert!(
            uses.contains(
                "mod my_examples {\\npub mod trace {\\npub fn task() {}\\n}\\npub fn help() {}"
            ),
            "{uses}"
        );
        assert!(!uses.contains("ANCHOR"), "{uses}");
        let plain = p.figure_part("a", "fn main() {}\n", "x");
        assert!(!plain.contains("mod my_examples"), "{plain}");
    }

    #[test]
    fn an_example_using_what_the_library_copy_lacks_runs_only_locally() {
        let dir = package(&[
            ("Cargo.toml", MANIFEST),
            ("src/helpers.rs", "pub fn busy_for() {}\n"),
        ]);
        let p =
            Playground::load(&config(Some("src/helpers.rs")), dir.path(), &["big"]).expect("loads");
        let traced = p.figure_part(
            "a",
            "use my_examples::{busy_for, trace};\nfn main() {}\n",
            "x",
        );
        assert!(
            traced.contains("uses <code>my_examples::trace</code>") && !traced.contains("<script"),
            "{traced}"
        );
        let busy = p.figure_part("a", "fn main() { my_examples::busy_for() }\n", "x");
        assert!(busy.contains("<script"), "{busy}");
    }

    #[test]
    fn an_example_using_a_crate_the_playground_lacks_runs_only_locally() {
        let dir = package(&[("Cargo.toml", MANIFEST)]);
        let p = Playground::load(&config(None), dir.path(), &["big"]).expect("loads");
        let part = p.figure_part("a", "use nix::unistd::Pid;\nfn main() {}\n", "x");
        assert!(
            part.contains("the crate <code>nix</code>") && !part.contains("<script"),
            "{part}"
        );
        assert!(
            p.figure_part("a", "use unix::x;\nfn main() {}\n", "x")
                .contains("<script")
        );
    }

    #[test]
    fn library_items_are_found_in_paths_and_groups() {
        assert_eq!(
            used_items("use l::{a, b::c};\nl::d();\nxl::e();", "l"),
            ["a", "b", "d"]
        );
        assert!(defines("pub fn busy_for(d: u8) {}", "busy_for"));
        assert!(!defines("pub fn busy_for_long() {}", "busy_for"));
    }

    #[test]
    fn python_runs_in_the_page_unless_it_needs_what_a_browser_lacks() {
        let dir = package(&[("Cargo.toml", MANIFEST)]);
        let p = Playground::load(&config(None), dir.path(), &["big"]).expect("loads");
        let part = p.python_part(
            "a",
            "# ANCHOR: all\nimport asyncio\nasyncio.run(main())\n",
            "^(a)",
        );
        assert!(
            part.contains("\"language\":\"python\"")
                && part.contains("\"pyodide\":\"pyodide/\"")
                && part.contains("\"lanes\":\"^(a)\"")
                && !part.contains("ANCHOR"),
            "{part}"
        );
        let server = p.python_part("a", "await asyncio.start_server(h, '', 0)\n", "x");
        assert!(
            server.contains("not in your browser: it opens network sockets")
                && !server.contains("<script"),
            "{server}"
        );
        let mut no_pyodide = config(None);
        no_pyodide.pyodide = None;
        let p = Playground::load(&no_pyodide, dir.path(), &["big"]).expect("loads");
        assert_eq!(p.python_part("a", "print(1)\n", "x"), "");
    }

    #[test]
    fn local_only_examples_say_why_and_carry_no_program() {
        let dir = package(&[("Cargo.toml", MANIFEST)]);
        let p = Playground::load(&config(None), dir.path(), &["big"]).expect("loads");
        let part = p.figure_part("big", "fn main() {}\n", "x");
        assert!(
            part.contains("starts 1,000 threads") && !part.contains("<script"),
            "{part}"
        );
    }

    #[test]
    fn a_program_cannot_close_its_script_element() {
        let dir = package(&[("Cargo.toml", MANIFEST)]);
        let p = Playground::load(&config(None), dir.path(), &["big"]).expect("loads");
        let part = p.figure_part("a", "fn main() { println!(\"</script><!--\"); }\n", "x");
        assert_eq!(part.matches("</script>").count(), 1, "{part}");
        assert!(!part.contains("<!--"));
    }

    #[test]
    fn unknown_local_only_names_and_missing_modules_are_errors() {
        let dir = package(&[("Cargo.toml", MANIFEST), ("src/lib.rs", "mod gone;\n")]);
        let err = Playground::load(&config(None), dir.path(), &["bog"]).expect_err("unknown");
        assert!(err.to_string().contains("no example `big`"), "{err}");
        let err = Playground::load(&config(Some("src/lib.rs")), dir.path(), &["big"])
            .expect_err("no module file");
        assert!(
            format!("{err:#}").contains("no file for `mod gone;`"),
            "{err:#}"
        );
    }

    #[test]
    fn workspace_editions_are_looked_up() {
        let dir = package(&[
            (
                "Cargo.toml",
                "[workspace]\n[workspace.package]\nedition = \"2021\"\n",
            ),
            (
                "ex/Cargo.toml",
                "[package]\nname = \"ex\"\nedition.workspace = true\n",
            ),
        ]);
        let p = Playground::load(&config(None), &dir.path().join("ex"), &["big"]).expect("loads");
        assert_eq!(p.edition, "2021");
    }
}
