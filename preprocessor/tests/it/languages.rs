//! Languages declared in book.toml with no Rust code: a fixture book with
//! shell (bash) and Node examples, whose output claims are checked like any
//! other's, and a mistyped table that fails with the key and what to write.

use crate::harness::Fixture;

const LANGUAGES: &str = r#"
[preprocessor.examples.language.shell]
extension = "sh"
run = "bash {file}"
version = "bash --version"
fence = "bash"
label = "bash {version}"

[preprocessor.examples.language.node]
extension = "js"
run = "node {file}"
version = "node --version"
comment = "//"
fence = "javascript"
label = "Node {version}"
"#;

fn fixture() -> Fixture {
    let mut f = Fixture::new();
    let examples = f.root().join("examples");
    for dir in ["shell", "node", "data"] {
        std::fs::create_dir_all(examples.join(dir)).expect("mkdir");
    }
    std::fs::write(
        examples.join("data/greeting.txt"),
        "hello from a data file\n",
    )
    .expect("data");
    std::fs::write(
        examples.join("shell/greet.sh"),
        "set -eu # hide\n# ANCHOR: body\ncat data/greeting.txt\nsleep 0.2\necho \"[shell] done\"\n# ANCHOR_END: body\n",
    )
    .expect("shell example");
    std::fs::write(
        examples.join("node/tick.js"),
        "'use strict'; // hide\nlet n = 0;\nconst t = setInterval(() => {\n  n += 1;\n  console.log(`[tick] ${n}`);\n  if (n === 3) clearInterval(t);\n}, 100);\n",
    )
    .expect("node example");
    f.config(LANGUAGES).chapter(
        "ch.md",
        "# Two languages\n\n{{#example greet anchor=body}}\n\n```expected\nhello from a data file\n[shell] done @ >0.15s\n```\n\n{{#example tick total=\"<5s\"}}\n\n```expected\n[tick] 1\n[tick] 2\n[tick] 3 @ >0.25s\n```\n",
    );
    f
}

#[test]
fn declared_languages_run_with_their_claims_fences_and_labels() {
    let f = fixture();
    let built = f.build();
    assert!(built.ok, "{}\n{:?}", built.log, built.error);
    let page = built.page("ch.md");
    assert!(
        page.contains("language-bash") && page.contains("language-javascript"),
        "{page}"
    );
    assert!(
        page.contains("cat data/greeting.txt"),
        "the anchored region: {page}"
    );
    assert!(
        !page.contains("set -eu") && !page.contains("use strict"),
        "`hide` lines are left out: {page}"
    );
    assert!(!page.contains("ANCHOR"), "{page}");
    assert!(
        regex::Regex::new(r"bash \d+\.\d+\.\d+ ·")
            .expect("re")
            .is_match(&page)
            && !page.contains("GNU bash"),
        "the shell's label is its version number: {page}"
    );
    assert!(
        regex::Regex::new(r"Node \d+\.\d+\.\d+")
            .expect("re")
            .is_match(&page),
        "{page}"
    );
    assert_eq!(built.report()["problems"].as_array().map(Vec::len), Some(0));

    // Their results are cached, and a file of the package they could read
    // is in their keys (so both run again when it changes).
    assert!(f.build().log.contains("0 built and run, 2 from cache"));
    std::fs::write(f.root().join("examples/data/greeting.txt"), "changed\n").expect("data");
    let changed = f.build();
    assert!(!changed.ok, "the claim no longer holds");
    assert!(
        changed.log.contains("2 built and run, 0 from cache"),
        "{}",
        changed.log
    );
    assert!(
        changed.problems().contains("src/ch.md:3 greet [output]"),
        "{}",
        changed.problems()
    );
}

#[test]
fn a_mistyped_language_table_names_the_key_and_what_to_write() {
    let mut f = fixture();
    f.config(&LANGUAGES.replace("run = \"node {file}\"", "run = \"node {fiel}\""));
    let built = f.build();
    assert!(!built.ok);
    let error = format!("{}{:?}", built.log, built.error);
    assert!(
        error.contains("[preprocessor.examples.language.node] run: unknown placeholder `{fiel}`; use {file}, {name}, {out}"),
        "{error}"
    );
}

#[test]
fn a_language_table_without_run_names_its_line_and_the_line_to_add() {
    let mut f = fixture();
    f.config(&LANGUAGES.replace("run = \"node {file}\"\n", ""));
    let built = f.build();
    assert!(!built.ok);
    let error = format!("{}{:?}", built.log, built.error);
    let at = regex::Regex::new(r"book\.toml:(\d+)").expect("re");
    let line: usize = at
        .captures(&error)
        .and_then(|c| c[1].parse().ok())
        .unwrap_or_else(|| panic!("no book.toml line in: {error}"));
    let toml_text = std::fs::read_to_string(f.root().join("book.toml")).expect("book.toml");
    assert_eq!(
        toml_text.lines().nth(line - 1).map(str::trim),
        Some("[preprocessor.examples.language.node]"),
        "{error}"
    );
    assert!(
        error.contains("has no `run`: add the line `run = \"node {file}\"`"),
        "{error}"
    );
    assert!(!error.contains("missing field"), "{error}");
}
