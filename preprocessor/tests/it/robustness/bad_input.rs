//! Bad input: directives, `[preprocessor.examples]`, the examples package
//! and its files. Each is one clear error at its location, never a panic.

use super::assert_no_panic;
use super::misbehaving::{misbehaving, page_of};
use crate::harness::Fixture;
use std::collections::BTreeSet;

/// One chapter full of bad directives: every one is reported at its line,
/// with what is wrong and what to do; nothing is compiled.
#[test]
fn bad_directives_are_reported_at_their_line_and_nothing_is_compiled() {
    let cases: &[(&str, &[&str])] = &[
        (
            "{{#example helo}}",
            &["no example named `helo`", "did you mean `hello`"],
        ),
        (
            "{{#example zzz_nothing_like_it}}",
            &[
                "no example named `zzz_nothing_like_it`",
                "add it as src/bin/zzz_nothing_like_it.rs",
            ],
        ),
        (
            "{{#example hello output=loud}}",
            &["`output=loud` is not valid", "show, reveal, hide"],
        ),
        ("{{#example hello timeout=soon}}", &["option `timeout`"]),
        ("{{#example hello total=3s}}", &["option `total`"]),
        (
            "{{#example hello exit=abc}}",
            &["`exit=abc`", "whole number"],
        ),
        ("{{#example hello panic=yes}}", &["`panic` is a flag"]),
        (
            "{{#example hello timeout}}",
            &["option `timeout` needs a value"],
        ),
        ("{{#example hello total=\"~3s}}", &["unterminated quote"]),
        ("{{#example}}", &["names no example"]),
        ("{{#example output=show}}", &["the name comes first"]),
        ("{{#example hel.lo}}", &["`hel.lo` is not an example name"]),
        (
            "{{#example hello code=E0308}}",
            &["`code=` needs `compile=warn` or `compile=fail`"],
        ),
        ("{{#example hello lanes=\"(\"}}", &["option `lanes`"]),
        (
            "{{#example hello sourse=hide}}",
            &["unknown option `sourse`", "did you mean `source`"],
        ),
        // Unterminated: the next directive is still found.
        ("{{#example hello", &["unterminated directive"]),
        (
            "{{#example helo2}}",
            &["no example named `helo2`", "did you mean `hello`"],
        ),
        (
            "{{#example hello timeout=1s\n{{#example helo3}}",
            &["unterminated directive"],
        ),
        ("Text.", &[]),
        ("{{#example hello", &["unterminated directive"]),
    ];
    let mut chapter = String::from("# Bad\n");
    let mut expected: Vec<(usize, &[&str])> = Vec::new();
    for (markdown, messages) in cases {
        let line = chapter.lines().count() + 2;
        chapter.push('\n');
        chapter.push_str(markdown);
        chapter.push('\n');
        if !messages.is_empty() {
            expected.push((line, messages));
        }
    }
    let mut f = Fixture::new();
    f.example("hello", "fn main() { println!(\"hello\"); }\n")
        .chapter("ch.md", &chapter);
    let built = f.build();
    assert!(!built.ok, "bad directives must fail the build");
    assert_no_panic(&built);
    let problems = built.problems();
    let list = built.problem_list();
    let mut lines_with_problems = BTreeSet::new();
    for p in &list {
        let line: usize = p
            .strip_prefix("src/ch.md:")
            .and_then(|rest| rest.split(' ').next()?.parse().ok())
            .unwrap_or_else(|| panic!("problem without a chapter line: {p}"));
        lines_with_problems.insert(line);
    }
    for (line, messages) in &expected {
        let found: Vec<&String> = list
            .iter()
            .filter(|p| p.starts_with(&format!("src/ch.md:{line} ")))
            .collect();
        assert_eq!(found.len(), 1, "line {line}: {found:?}\nall:\n{problems}");
        for m in *messages {
            assert!(
                found[0].contains(m),
                "line {line}: `{m}` not in {}",
                found[0]
            );
        }
    }
    // `helo3` on the line after the unterminated one is found too.
    let helo3 = chapter
        .lines()
        .position(|l| l == "{{#example helo3}}")
        .expect("helo3")
        + 1;
    assert!(
        problems.contains(&format!("src/ch.md:{helo3} - no example named `helo3`")),
        "{problems}"
    );
    let wanted: BTreeSet<usize> = expected.iter().map(|(l, _)| *l).chain([helo3]).collect();
    assert_eq!(lines_with_problems, wanted, "{problems}");
    assert!(
        !built.log.contains("compiling"),
        "nothing valid to build, yet cargo ran:\n{}",
        built.log
    );
    // The whole list is in mdBook's error output too, numbered.
    assert!(
        built.log.contains(&format!("{} problem(s)", wanted.len())),
        "{}",
        built.log
    );
}

/// Directives in code (fenced, tilde, indented, inline), HTML comments, HTML
/// blocks and attributes are left exactly as written; another
/// preprocessor's `{{#examples}}` is not ours.
#[test]
fn directives_in_code_comments_and_html_are_left_alone() {
    let chapter = "# Left alone

`{{#example a1}}` and ``{{#example a2}}``

```md
{{#example b1}}
```

~~~
{{#example b2}}
~~~

    {{#example b3}}

<!-- {{#example c1}} -->

<!--
{{#example c2 output=loud}}
-->

<div class=\"note\">{{#example d1}}</div>

Text <span title=\"{{#example d2}}\">x</span>

{{#examples e1}} {{#exampleX e2}}

{{#example real_but_missing}}
";
    let mut f = Fixture::new();
    f.config("on-failure = \"continue\"")
        .example("hello", "fn main() {}\n")
        .chapter("ch.md", chapter);
    let built = f.build();
    assert!(built.ok, "{:?}\n{}", built.error, built.log);
    assert_no_panic(&built);
    let line = chapter
        .lines()
        .position(|l| l == "{{#example real_but_missing}}")
        .expect("line")
        + 1;
    assert_eq!(
        built.problems(),
        format!(
            "src/ch.md:{line} - no example named `real_but_missing` in {}; add it as src/bin/real_but_missing.rs or python/real_but_missing.py",
            f.root().join("examples").display()
        ),
        "exactly the one real directive is found"
    );
    let page = built.page("ch.md");
    for kept in [
        "<code>{{#example a1}}</code>",
        "<code>{{#example a2}}</code>",
        "{{#example b1}}",
        "{{#example b2}}",
        "{{#example b3}}",
        "<!-- {{#example c1}} -->",
        "{{#example c2 output=loud}}",
        "<div class=\"note\">{{#example d1}}</div>",
        "title=\"{{#example d2}}\"",
        "{{#examples e1}} {{#exampleX e2}}",
    ] {
        assert!(page.contains(kept), "`{kept}` was not left alone:\n{page}");
    }
}

/// A malformed `[preprocessor.examples]` table, a missing or broken examples
/// package: one clear error that names the key or the file, no panic.
#[test]
fn malformed_config_and_broken_package_name_the_culprit() {
    let cases: &[(&str, &[&str])] = &[
        ("timeout = 3", &["timeout"]),
        ("timeout = \"3 parsecs\"", &["timeout", "3 parsecs"]),
        ("jobs = \"many\"", &["jobs"]),
        ("jobs = -1", &["jobs"]),
        ("on-failure = \"explode\"", &["explode", "bail", "continue"]),
        ("timeuot = \"3s\"", &["timeuot"]),
        ("examples = 3", &["examples"]),
        (
            "[preprocessor.examples.examples.hello]\nslwo = true",
            &["slwo"],
        ),
        (
            "[preprocessor.examples.examples.hello]\ntimeout = \"fast\"",
            &["examples.hello", "timeout", "fast"],
        ),
        ("package = \"nowhere\"", &["nowhere", "set `package`"]),
        ("package = 5", &["package"]),
    ];
    let mut f = Fixture::new();
    f.example("hello", "fn main() { println!(\"hello\"); }\n")
        .chapter("ch.md", "# C\n\n{{#example hello}}\n");
    for (toml, words) in cases {
        f.config(toml);
        let built = f.build();
        assert!(!built.ok, "`{toml}` must fail the build");
        assert_no_panic(&built);
        let said = format!("{}\n{}", built.log, built.error.as_deref().unwrap_or(""));
        for w in *words {
            assert!(said.contains(w), "`{toml}`: `{w}` not in:\n{said}");
        }
        assert!(!said.contains("compiling"), "`{toml}`: cargo ran:\n{said}");
    }

    // The examples package: missing, unparsable, rejected by cargo.
    f.config("");
    let manifest = f.root().join("examples/Cargo.toml");
    let good = std::fs::read_to_string(&manifest).expect("manifest");
    let cases: &[(Option<&str>, &[&str])] = &[
        (None, &["examples/Cargo.toml", "set `package`"]),
        (
            Some("[package\nname = "),
            &["examples/Cargo.toml", "not a valid Cargo.toml"],
        ),
        (
            Some("[package]\nname = \"x\"\nversion = \"0.0.0\"\nedition = \"2099\"\n"),
            &["2099"],
        ),
    ];
    for (text, words) in cases {
        match text {
            None => std::fs::remove_file(&manifest).expect("rm"),
            Some(t) => std::fs::write(&manifest, t).expect("write"),
        }
        let built = f.build();
        assert!(!built.ok, "{text:?} must fail the build");
        assert_no_panic(&built);
        let said = format!("{}\n{}", built.log, built.error.as_deref().unwrap_or(""));
        for w in *words {
            assert!(said.contains(w), "{text:?}: `{w}` not in:\n{said}");
        }
    }
    std::fs::write(&manifest, good).expect("write");
    let built = f.build();
    assert!(built.ok, "fixed again: {}", built.log);
}

#[test]
fn an_example_file_that_is_not_utf8_is_a_located_problem() {
    let problems = misbehaving().built.problem_list();
    let latin1: Vec<&String> = problems
        .iter()
        .filter(|p| p.starts_with("src/latin1.md:3 latin1 "))
        .collect();
    assert!(!latin1.is_empty(), "{problems:?}");
    assert!(latin1.iter().any(|p| p.contains("latin1.rs")), "{latin1:?}");
    // The other chapters are unaffected.
    assert!(page_of("silent").contains("(no output)"));
}
