//! Another book (about nothing async) adopts the preprocessor by following
//! the README's "Use it in your own book" word for word: `mdbook init`'s
//! skeleton (made by mdbook-driver's own `init`), `mdbook-examples install`
//! (the built binary), the README's chapter text, its two declared languages
//! (shell and Node, with their example files), then a build, then the book's
//! tests (`mdbook test`, through mdbook-driver's test API: rustdoc on every
//! chapter). The one step replaced is finding
//! `mdbook-examples` on PATH: the build is told the binary's path instead,
//! because changing PATH here would change it for every test running at once.
//! `mdbook serve` is stood in for by a script named `mdbook` that is run with
//! `serve` and starts the preprocessor as its child: the process tree the
//! preprocessor looks at is the same.

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

/// The section's fenced blocks (info string, body), in order; a block
/// closes at a fence as long as the one that opened it.
fn all_blocks() -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String, String)> = None;
    for line in section().lines() {
        let ticks: String = line.chars().take_while(|&c| c == '`').collect();
        match &mut open {
            Some((fence, info, body)) => {
                if line.trim_end() == fence.as_str() {
                    blocks.push((std::mem::take(info), std::mem::take(body)));
                    open = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
            None if ticks.len() >= 3 => {
                open = Some((
                    ticks.clone(),
                    line[ticks.len()..].to_string(),
                    String::new(),
                ));
            }
            None => {}
        }
    }
    blocks
}

/// The bodies of the section's blocks with info string `lang`.
fn blocks(lang: &str) -> Vec<String> {
    all_blocks()
        .into_iter()
        .filter(|(info, _)| info == lang)
        .map(|(_, body)| body)
        .collect()
}

/// Follow "Examples in other languages": its tables go into book.toml, each
/// file (named on its first line) into the examples package, its chapter
/// text into the chapter.
fn declare_languages(root: &Path, chapter: &Path) {
    let mut toml_text = std::fs::read_to_string(root.join("book.toml")).expect("book.toml");
    for table in blocks("toml").iter().filter(|t| t.contains(".language.")) {
        toml_text.push('\n');
        toml_text.push_str(table);
    }
    std::fs::write(root.join("book.toml"), toml_text).expect("write book.toml");
    for (info, body) in all_blocks() {
        let first = body.lines().next().unwrap_or_default();
        let path = first
            .strip_prefix("# examples/")
            .or_else(|| first.strip_prefix("// examples/"));
        if let (Some(path), "sh" | "javascript") = (path, info.as_str()) {
            let file = root.join("examples").join(path);
            std::fs::create_dir_all(file.parent().expect("folder")).expect("mkdir");
            std::fs::write(file, &body).expect("write example");
        }
    }
    let mut text = std::fs::read_to_string(chapter).expect("chapter");
    text.push_str(&blocks("markdown")[1]);
    std::fs::write(chapter, text).expect("write chapter");
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

/// The book at `root`, its preprocessor run as `command` (with `{log}`
/// standing for the file its stderr goes to), and that file.
fn load(root: &Path, command: &str) -> (MDBook, std::path::PathBuf) {
    let log = root.join("preprocessor.log");
    let _ = std::fs::remove_file(&log);
    let mut config = Config::from_disk(root.join("book.toml")).expect("book.toml");
    config
        .set(
            "preprocessor.examples.command",
            command.replace("{log}", &log.display().to_string()),
        )
        .expect("set command");
    (MDBook::load_with_config(root, config).expect("loads"), log)
}

/// The preprocessor as `mdbook build` runs it (its parent is the builder).
fn as_built() -> String {
    format!("sh -c 'exec \"$0\" \"$@\" 2>>{{log}}' {BINARY}")
}

/// A stand-in for `mdbook serve`: a script named `mdbook`, run with `serve`,
/// whose child is the preprocessor (outside CI, with no override set).
fn as_served(root: &Path) -> String {
    let dir = root.join("stand-in");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let script = dir.join("mdbook");
    std::fs::write(
        &script,
        "#!/bin/sh\n# stands in for `mdbook serve`\nshift\nunset CI MDBOOK_EXAMPLES_ON_FAILURE\n\"$@\" 2>>\"$LOG\"\nstatus=$?\nexit $status\n",
    )
    .expect("write");
    format!("env LOG={{log}} sh {} serve {BINARY}", script.display())
}

fn build(root: &Path) -> String {
    let (book, log) = load(root, &as_built());
    let result = book.build();
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(result.is_ok(), "build failed: {result:?}\n{log}");
    log
}

/// `mdbook test`: rustdoc on every chapter as the preprocessor leaves it.
fn test_book(root: &Path) {
    let (mut book, log) = load(root, &as_built());
    let result = book.test(Vec::new());
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(result.is_ok(), "mdbook test failed: {result:?}\n{log}");
}

#[test]
fn another_book_follows_the_readme() {
    let commands = blocks("sh").concat();
    for step in [
        "cargo install mdbook --version 0.5.",
        "cargo install --locked",
        "mdbook init my-book",
        "mdbook-examples install",
    ] {
        assert!(commands.contains(step), "README lost the step `{step}`");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("my-book");
    MDBook::init(&root)
        .create_gitignore(true)
        .build()
        .expect("mdbook init");

    let printed = install(&root);
    assert!(printed.contains("starter examples package"), "{printed}");
    let ignored = std::fs::read_to_string(root.join(".gitignore")).expect(".gitignore");
    assert!(
        ignored.lines().any(|l| l == "/target/mdbook-examples/") && ignored.contains("book"),
        "the results folder is not ignored:\n{ignored}"
    );
    let chapter = root.join("src/chapter_1.md");
    let mut text = std::fs::read_to_string(&chapter).expect("chapter");
    text.push_str(&blocks("markdown")[0]);
    std::fs::write(&chapter, text).expect("write chapter");
    declare_languages(&root, &chapter);

    let log = build(&root);
    assert!(
        !log.contains("mdbook-examples: warning"),
        "a fresh install warns:\n{log}"
    );
    assert!(
        log.contains("1 intended compile failure(s) failed as expected (mistake_type)")
            && !log.contains("could not compile")
            && !log.contains("build failed"),
        "cargo's lines about the intended failure reached the terminal:\n{log}"
    );
    let page = std::fs::read_to_string(root.join("book/chapter_1.html")).expect("page");
    for shown in [
        "step 1",
        "step 3",
        "done",
        "E0308",
        "href=\"mdbook-examples-",
        "liftoff",
        "bash 5.",
        "second, after 200 ms",
        "language-javascript",
    ] {
        assert!(page.contains(shown), "the page lacks `{shown}`");
    }
    assert!(!page.contains("GNU bash"), "the whole version line");
    assert!(
        !root.join("examples/target").exists(),
        "cargo's build output landed in the watched examples/ folder"
    );
    test_book(&root);
    assert_eq!(
        install(&root).lines().next(),
        Some(". is already set up: nothing changed")
    );
}

/// A new mdBook book (`mdbook init`) with `mdbook-examples install` run in it.
fn installed_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    MDBook::init(dir.path())
        .create_gitignore(false)
        .build()
        .expect("mdbook init");
    install(dir.path());
    dir
}

#[test]
fn a_failed_claim_is_a_red_box_under_serve_and_fails_a_build_for_publishing() {
    let dir = installed_book();
    let root = dir.path();
    let chapter = root.join("src/chapter_1.md");
    let mut text = std::fs::read_to_string(&chapter).expect("chapter");
    text.push_str("\n{{#example hello}}\n\n```expected\nstep one\n...\n```\n");
    std::fs::write(&chapter, text).expect("write chapter");

    let (book, log) = load(root, &as_served(root));
    let served = book.build();
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        served.is_ok(),
        "serve's build stopped: {served:?}\n{log_text}"
    );
    let page = std::fs::read_to_string(root.join("book/chapter_1.html")).expect("page");
    assert!(
        page.contains("class=\"mdbx-error\"") && page.contains("step one"),
        "no red box in the page under serve:\n{log_text}"
    );
    assert!(
        log_text.contains("warning"),
        "the terminal says why too:\n{log_text}"
    );

    let (book, log) = load(root, &as_built());
    let published = book.build();
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        published.is_err() && log_text.contains("step one"),
        "a build for publishing passed a failed claim: {published:?}\n{log_text}"
    );
}

#[test]
fn an_outdated_stylesheet_is_warned_about_with_the_fix() {
    let dir = installed_book();
    let root = dir.path();
    let css = root.join("mdbook-examples.css");
    let old = std::fs::read_to_string(&css).expect("stylesheet").replacen(
        env!("CARGO_PKG_VERSION"),
        "0.0.1",
        1,
    );
    std::fs::write(&css, old).expect("write");
    // A book that does not use the preprocessor yet hears nothing of it.
    let quiet = build(root);
    assert!(!quiet.contains("warning"), "{quiet}");
    let chapter = root.join("src/chapter_1.md");
    let mut text = std::fs::read_to_string(&chapter).expect("chapter");
    text.push_str("\n{{#example hello}}\n");
    std::fs::write(&chapter, text).expect("write chapter");
    let log = build(root);
    assert!(
        log.contains("mdbook-examples 0.0.1") && log.contains("run `mdbook-examples install`"),
        "{log}"
    );
}
