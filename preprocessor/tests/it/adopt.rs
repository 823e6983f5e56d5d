//! Another book adopts the preprocessor by following the README's "Use it in
//! your own book" word for word: `mdbook init`'s skeleton (made by
//! mdbook-driver's own `init`), `mdbook-examples install` (the built binary),
//! the README's chapter text, then a build. The one step replaced is finding
//! `mdbook-examples` on PATH: the build is told the binary's path instead,
//! because changing PATH here would change it for every test running at once.

use mdbook_driver::MDBook;
use mdbook_driver::config::Config;
use std::path::Path;
use std::process::Command;

const README: &str = include_str!("../../README.md");
const BINARY: &str = env!("CARGO_BIN_EXE_mdbook-examples");

/// The README section a newcomer follows.
fn section() -> &'static str {
    let start = README
        .find("## Use it in your own book")
        .expect("README has the section");
    let rest = &README[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

/// The bodies of the section's fenced blocks with info string `lang`.
fn blocks(lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    section()
        .split(&fence)
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default().to_string())
        .collect()
}

fn install(root: &Path) -> String {
    let out = Command::new(BINARY)
        .arg("install")
        .current_dir(root)
        .output()
        .expect("runs mdbook-examples install");
    assert!(out.status.success(), "install failed: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

fn build(root: &Path) -> String {
    let log = root.join("preprocessor.log");
    let mut config = Config::from_disk(root.join("book.toml")).expect("book.toml");
    config
        .set(
            "preprocessor.examples.command",
            format!("sh -c 'exec \"$0\" \"$@\" 2>>{}' {BINARY}", log.display()),
        )
        .expect("set command");
    let book = MDBook::load_with_config(root, config).expect("loads");
    let result = book.build();
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(result.is_ok(), "build failed: {result:?}\n{log}");
    log
}

#[test]
fn another_book_follows_the_readme() {
    let commands = blocks("sh").concat();
    for step in [
        "cargo install --locked",
        "mdbook init my-book",
        "mdbook-examples install",
    ] {
        assert!(commands.contains(step), "README lost the step `{step}`");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("my-book");
    MDBook::init(&root)
        .create_gitignore(false)
        .build()
        .expect("mdbook init");

    let printed = install(&root);
    assert!(printed.contains("starter examples package"), "{printed}");
    let chapter = root.join("src/chapter_1.md");
    let mut text = std::fs::read_to_string(&chapter).expect("chapter");
    text.push_str(&blocks("markdown")[0]);
    std::fs::write(&chapter, text).expect("write chapter");

    let log = build(&root);
    assert!(
        !log.contains("mdbook-examples: warning"),
        "a fresh install warns:\n{log}"
    );
    let page = std::fs::read_to_string(root.join("book/chapter_1.html")).expect("page");
    for shown in [
        "step 1",
        "step 3",
        "done",
        "E0308",
        "href=\"mdbook-examples-",
    ] {
        assert!(page.contains(shown), "the page lacks `{shown}`");
    }
    assert_eq!(
        install(&root).lines().next(),
        Some(". is already set up: nothing changed")
    );
}

#[test]
fn an_outdated_stylesheet_is_warned_about_with_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    MDBook::init(root)
        .create_gitignore(false)
        .build()
        .expect("mdbook init");
    install(root);
    let css = root.join("mdbook-examples.css");
    let old = std::fs::read_to_string(&css).expect("stylesheet").replacen(
        env!("CARGO_PKG_VERSION"),
        "0.0.1",
        1,
    );
    std::fs::write(&css, old).expect("write");
    let log = build(root);
    assert!(
        log.contains("mdbook-examples 0.0.1") && log.contains("run `mdbook-examples install`"),
        "{log}"
    );
}
