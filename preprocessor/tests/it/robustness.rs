//! Robustness (issue 8): bad input gives a clear error with its location and
//! never a panic; misbehaving examples (compile errors, panics, floods,
//! binary output, hangs, ignored signals, forks, daemons, stdin readers) are
//! contained and shown; hostile output is inert text; builds that run at the
//! same time, are killed, or find a corrupted cache recover; a build limited
//! to one core (`taskset`) leaves out the timing claims that need two, and
//! says so.
//!
//! The misbehaving examples share one fixture book, built once (one cargo
//! build): see [`misbehaving`]. Tests assert bounds, never exact timings.

use crate::harness::{Built, Fixture, timing_note};
use mdbook_examples::testing::{MAX_BYTES, MAX_LINES};
use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

/// The output figure of example `name` in a page (from its `<figure>` to its
/// `</figure>`).
fn figure<'a>(page: &'a str, name: &str) -> &'a str {
    let open = format!("<figure class=\"mdbx\" data-example=\"{name}\"");
    let start = page
        .find(&open)
        .unwrap_or_else(|| panic!("no figure for `{name}` in:\n{page}"));
    let end = page[start..].find("</figure>").expect("</figure>") + start;
    &page[start..end + "</figure>".len()]
}

/// The output lines of a figure, unescaped: `(from stderr, text)`.
fn output_lines(figure: &str) -> Vec<(bool, String)> {
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<span class="mdbx-line( mdbx-stderr)?"><span class="mdbx-t"[^>]*>[^<]*</span>([^<]*)</span>"#)
            .expect("regex")
    });
    LINE.captures_iter(figure)
        .map(|c| {
            let text = html_escape::decode_html_entities(&c[2]).replace('\u{200b}', "");
            (c.get(1).is_some(), text)
        })
        .collect()
}

/// Only the text of the output lines.
fn texts(figure: &str) -> Vec<String> {
    output_lines(figure).into_iter().map(|(_, t)| t).collect()
}

/// The numbers printed after `label ` in the lines of a figure.
fn pids(figure: &str, label: &str) -> Vec<i32> {
    texts(figure)
        .iter()
        .filter_map(|t| t.strip_prefix(&format!("{label} "))?.trim().parse().ok())
        .collect()
}

/// Whether process `pid` is running (not a zombie) and its command line
/// contains `marker` (so that a reused pid is not mistaken for ours).
fn running(pid: i32, marker: &str) -> bool {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
    String::from_utf8_lossy(&cmdline).contains(marker) && !matches!(state, Some(Some('Z')) | None)
}

/// The processes of `pids` still running after waiting up to `bound` for them
/// to go (a SIGKILLed process takes a moment to disappear).
fn survivors(pids: &[(i32, String)], bound: Duration) -> Vec<(i32, String)> {
    let start = Instant::now();
    loop {
        let alive: Vec<(i32, String)> = pids
            .iter()
            .filter(|(pid, marker)| running(*pid, marker))
            .cloned()
            .collect();
        if alive.is_empty() || start.elapsed() > bound {
            return alive;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every file of the cache folder: entries must be valid, nothing else but the
/// report and temp files may be there.
fn check_cache_folder(root: &Path) -> (usize, Vec<String>) {
    let dir = root.join("target/mdbook-examples");
    let mut valid = 0;
    let mut temp = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "report.json" || name == "history.json" {
            let text = std::fs::read_to_string(&path).expect("report or history");
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{name} is not JSON ({e}):\n{text}"));
        } else if name.ends_with(".json") {
            assert!(
                mdbook_examples::testing::read_entry(&path).is_some(),
                "invalid cache entry {name}"
            );
            valid += 1;
        } else if name.starts_with('.') {
            temp.push(name);
        } else if name.starts_with("toolchain-") && name.ends_with(".txt") {
            // The memo of `rustc -vV`.
        } else if name == "cargo" && path.is_dir() {
            // Cargo's build output for an examples package of its own.
        } else if name == "compiled-inputs" || name == "built-from" {
            // What each binary's compilation read, and what it was built from.
            let text = std::fs::read_to_string(&path).expect(&name);
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{name} is not JSON ({e})"));
        } else if name == "last-run" {
            // The warm path's memo: a JSON header line, then the output.
            let bytes = std::fs::read(&path).expect("last-run");
            let header = bytes.split(|&b| b == b'\n').next().expect("a header");
            serde_json::from_slice::<serde_json::Value>(header)
                .unwrap_or_else(|e| panic!("last-run has no JSON header ({e})"));
        } else if name == "running" {
            // Records of running examples: only a build killed mid-run leaves one.
            // At most one per run at a time.
            let left = std::fs::read_dir(&path).expect("running").count();
            let jobs = mdbook_examples::default_jobs(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            );
            assert!(left <= jobs, "{left} records of running examples left");
        } else {
            panic!("unexpected file in the cache folder: {name}");
        }
    }
    (valid, temp)
}

fn assert_no_panic(built: &Built) {
    assert!(
        !built.log.contains("panicked"),
        "the preprocessor panicked:\n{}",
        built.log
    );
}

// ------------------------------------------------------------- bad input

/// One chapter full of bad directives: every one is reported at its line,
/// with what is wrong and what to do; nothing is compiled.
/// What the `hostile` example prints, one line each (its program is made from this list).
const HOSTILE_LINES: &[&str] = &[
    "</code></pre></figure></details></main>",
    "<!-- unclosed comment",
    "-->",
    "{{#example hostile}} {{#include /etc/passwd}} {{#rustdoc_include x.rs}} {{#playground x.rs}} {{#title pwned}}",
    "\\{{#include /etc/hostname}}",
    "# Heading?",
    "---",
    "| a | b |",
    "```rust",
    "* item",
    "> quote",
    "[x]: http://evil.example",
    "<https://autolink.example>",
    "**bold** _em_ ~~strike~~ `code`",
    "<style>body{display:none}</style>",
    "\"quotes\" & 'apos' &amp; &lt; &#123;",
    "]]><![CDATA[",
    "<svg onload=alert(1)>",
    "[lane<img src=x onerror=alert(1)>] in a lane",
    "",
    "   ",
];

/// The `hostile` example: prints [`HOSTILE_LINES`] and one stderr line; its
/// source, shown on the page, is hostile too.
fn hostile_program() -> String {
    format!(
        "fn main() {{\n    // Source shown on the page: </code></pre><script>alert(2)</script> {{{{#include /etc/passwd}}}}\n    for line in {HOSTILE_LINES:?} {{\n        println!(\"{{line}}\");\n    }}\n    eprintln!(\"<script>alert(\\\"stderr\\\")</script>\");\n}}\n"
    )
}

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

// ----------------------------------------------- misbehaving examples

/// A marker that makes our `sleep` processes recognisable in /proc.
fn marker(n: u32) -> String {
    format!("9{n}.{}", std::process::id())
}

/// `(name, directive options, source)`: each example gets a chapter
/// `NAME.md` with its directive on line 3.
fn misbehaving_examples() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("broken", "", "fn main() { let x: u32 = \"no\"; }\n".into()),
        ("panics", "panic", "fn main() { panic!(\"boom\"); }\n".into()),
        ("exit3", "exit=3", "fn main() { println!(\"bye\"); std::process::exit(3); }\n".into()),
        ("aborts", "", "fn main() { println!(\"aborting\"); std::process::abort(); }\n".into()),
        (
            "stderr_only",
            "",
            "fn main() { eprintln!(\"err one\"); eprintln!(\"err two\"); }\n".into(),
        ),
        ("silent", "", "fn main() {}\n".into()),
        (
            "flood",
            "",
            "use std::io::Write;\nfn main() {\n    let mut out = std::io::BufWriter::new(std::io::stdout().lock());\n    for i in 0..40_000 { writeln!(out, \"{:0>99}\", i).unwrap(); }\n}\n".into(),
        ),
        (
            "many_short",
            "timeline=hide",
            "fn main() { for _ in 0..20_000 { println!(\"x\"); } }\n".into(),
        ),
        (
            "long_line",
            "",
            "use std::io::Write;\nfn main() {\n    let mut out = std::io::stdout();\n    out.write_all(&vec![b'a'; 1 << 20]).unwrap();\n    out.write_all(b\"\\nafter\\n\").unwrap();\n}\n".into(),
        ),
        (
            "binary",
            "",
            r#"use std::io::Write;
fn main() {
    let mut o = std::io::stdout();
    o.write_all(b"bad \xff\xfe utf8\n").unwrap();
    o.write_all(b"\0\0\n").unwrap();
    o.write_all(b"nul\0in\0line\n").unwrap();
    o.write_all(b"cut \xe2\x82\n").unwrap();
    o.write_all("ok \u{20ac} euro\n".as_bytes()).unwrap();
    o.write_all(b"bell\x07 bs\x08 del\x7f vt\x0b ff\x0c so\x0e esc\x1b!\n").unwrap();
    o.flush().unwrap();
    std::io::stderr().write_all(b"err \xc0\xaf\0\n").unwrap();
}
"#
            .into(),
        ),
        (
            "terminal",
            "",
            r#"fn main() {
    println!("\x1b[31mred\x1b[0m \x1b[1;4mbold-underlined\x1b[0m");
    print!("progress 10%\rprogress 50%\rprogress 100%\n");
    print!("\x1b[2K\rcleared line\n");
    println!("\x1b]0;window title\x07after-osc");
    println!("\x1b]8;;http://example.com\x1b\\hyperlink\x1b]8;;\x1b\\ text");
    print!("windows line\r\n");
    println!("tab\tseparated");
    print!("\x1b[1A\x1b[2Kcursor-up\n");
    print!("trailing cr only\r");
}
"#
            .into(),
        ),
        (
            "never_ends",
            "timeout=400ms",
            "fn main() { let mut i = 0; loop { println!(\"tick {i}\"); i += 1; std::thread::sleep(std::time::Duration::from_millis(50)); } }\n".into(),
        ),
        (
            "ignores_term",
            "timeout=300ms",
            r#"extern "C" {
    fn signal(signum: i32, handler: usize) -> usize;
}
fn main() {
    // SIGTERM = 15, SIG_IGN = 1, SIG_ERR = usize::MAX.
    let previous = unsafe { signal(15, 1) };
    println!("ignoring SIGTERM: {}", previous != usize::MAX);
    println!("pid {}", std::process::id());
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
"#
            .into(),
        ),
        (
            "forks",
            "",
            format!(
                r#"use std::process::Command;
fn main() {{
    // Inherits our stdout: holds the pipe after we exit.
    let child = Command::new("sleep").arg("{m1}").spawn().unwrap();
    println!("child {{}}", child.id());
    // A grandchild whose parent (sh) exits at once.
    let out = Command::new("sh").arg("-c").arg("sleep {m2} >/dev/null 2>&1 & echo $!").output().unwrap();
    println!("grandchild {{}}", String::from_utf8_lossy(&out.stdout).trim());
}}
"#,
                m1 = marker(1),
                m2 = marker(2)
            ),
        ),
        (
            "daemon",
            "",
            format!(
                r#"use std::process::Command;
fn main() {{
    // Leaves our process group (and session), and holds our stdout.
    let d = Command::new("setsid").arg("sleep").arg("{m3}").spawn().unwrap();
    println!("daemon {{}}", d.id());
}}
"#,
                m3 = marker(3)
            ),
        ),
        (
            "reads_stdin",
            "timeout=20s",
            "use std::io::Read;\nfn main() {\n    let mut all = Vec::new();\n    let n = std::io::stdin().read_to_end(&mut all).unwrap();\n    println!(\"stdin gave {n} bytes\");\n    let mut line = String::new();\n    let m = std::io::stdin().read_line(&mut line).unwrap();\n    println!(\"read_line gave {m} bytes\");\n}\n".into(),
        ),
        ("latin1", "", String::new()), // written as bytes below
        (
            "hostile",
            "timeline=show",
hostile_program(),
        ),
        (
            "hostile_compile",
            "compile=fail",
            "compile_error!(\"</pre><script>alert(3)</script> {{#include /etc/passwd}} <!-- \u{200B}zero\u{2060}width\");\nfn main() {}\n".into(),
        ),
        ("invisible", "", invisible_program()),
    ]
}

/// The `invisible` example: prints bidirectional controls, zero-width and
/// other format characters (written as escapes: rustc rejects raw
/// bidirectional controls in literals); its shown source holds a raw
/// zero-width space in a comment.
fn invisible_program() -> String {
    [
        "fn main() {",
        "    // zero\u{200B}width",
        r#"    println!("if admin \u{202E}nimda fi\u{202C} end");"#,
        r#"    println!("\u{2066}isolate\u{2069} \u{200E}\u{200F}\u{61C}marks");"#,
        r#"    println!("zero\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}width");"#,
        r#"    println!("soft\u{AD}hyphen tag\u{E0041} line\u{2028}para\u{2029}");"#,
        r#"    eprintln!("err \u{202D}\u{2067}");"#,
        "}\n",
    ]
    .join("\n")
}

/// Characters that would change how a line reads without being seen.
const INVISIBLE: &[char] = &[
    '\u{AD}',
    '\u{61C}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{2028}',
    '\u{2029}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{FEFF}',
    '\u{E0041}',
];

/// The shared build of the misbehaving examples, and what was checked in
/// /proc right after it (the processes are then killed, so that no test
/// leaves one behind).
struct Misbehaving {
    built: Built,
    elapsed: Duration,
    /// `(pid, marker)` of the processes the examples left, per label.
    left: BTreeMap<&'static str, Vec<(i32, String)>>,
    /// Those still running 2 s after the build.
    survived: Vec<(i32, String)>,
    _fixture: Fixture,
}

static MISBEHAVING: LazyLock<Misbehaving> = LazyLock::new(|| {
    let mut f = Fixture::kept("mdbx-it-robustness");
    f.config("on-failure = \"continue\"");
    for (name, options, source) in misbehaving_examples() {
        f.example(name, &source);
        let sep = if options.is_empty() { "" } else { " " };
        let mut chapter = format!("# {name}\n\n{{{{#example {name}{sep}{options}}}}}\n");
        if name == "exit3" {
            chapter.push_str("\n{{#example exit3}}\n");
        }
        if name == "hostile" {
            chapter.push_str("\nAFTER-HOSTILE-SENTINEL\n");
        }
        f.chapter(&format!("{name}.md"), &chapter);
    }
    std::fs::write(
        f.root().join("examples/src/bin/latin1.rs"),
        b"// caf\xe9 au lait\nfn main() { println!(\"x\"); }\n",
    )
    .expect("write latin1");
    let start = Instant::now();
    let built = f.build();
    let elapsed = start.elapsed();
    let mut left = BTreeMap::new();
    if built.ok {
        let page = |name: &str| built.page(&format!("{name}.md"));
        let figure_pids = |name: &str, label: &str| pids(figure(&page(name), name), label);
        let with = |pids: Vec<i32>, marker: String| -> Vec<(i32, String)> {
            pids.into_iter().map(|p| (p, marker.clone())).collect()
        };
        left.insert("child", with(figure_pids("forks", "child"), marker(1)));
        left.insert(
            "grandchild",
            with(figure_pids("forks", "grandchild"), marker(2)),
        );
        left.insert("daemon", with(figure_pids("daemon", "daemon"), marker(3)));
        left.insert(
            "ignores_term",
            with(figure_pids("ignores_term", "pid"), "ignores_term".into()),
        );
    }
    let all: Vec<(i32, String)> = left.values().flatten().cloned().collect();
    let survived = survivors(&all, Duration::from_secs(2));
    for (pid, _) in &survived {
        let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
    }
    Misbehaving {
        built,
        elapsed,
        left,
        survived,
        _fixture: f,
    }
});

fn misbehaving() -> &'static Misbehaving {
    let m = &*MISBEHAVING;
    assert!(
        m.built.ok,
        "`continue` must not fail the build: {:?}\n{}",
        m.built.error, m.built.log
    );
    m
}

fn page_of(name: &str) -> String {
    misbehaving().built.page(&format!("{name}.md"))
}

#[test]
fn only_the_misbehaving_examples_are_problems_and_nothing_panics() {
    let m = misbehaving();
    eprintln!("the misbehaving book built in {:?}", m.elapsed);
    assert_no_panic(&m.built);
    let problems = m.built.problems();
    let mut by_location: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in m.built.problem_list() {
        let (location, rest) = p.split_once(' ').expect("location");
        by_location
            .entry(location.to_string())
            .or_default()
            .push(rest.to_string());
    }
    let locations: Vec<&str> = by_location.keys().map(String::as_str).collect();
    assert_eq!(
        locations,
        [
            "src/aborts.md:3",
            "src/broken.md:3",
            "src/exit3.md:5",
            "src/ignores_term.md:3",
            "src/latin1.md:3",
            "src/never_ends.md:3",
        ],
        "{problems}"
    );
    let all = |loc: &str| by_location[loc].join("\n");
    assert!(all("src/broken.md:3").contains("broken [compile] the example does not compile"));
    assert!(all("src/broken.md:3").contains("E0308"), "{problems}");
    assert!(
        all("src/exit3.md:5").contains("expected exit code 0, got 3"),
        "{problems}"
    );
    assert!(all("src/aborts.md:3").contains("signal 6"), "{problems}");
    for l in ["src/never_ends.md:3", "src/ignores_term.md:3"] {
        assert!(all(l).contains("timed out"), "{problems}");
    }
    assert!(all("src/latin1.md:3").contains("UTF-8"), "{problems}");
    // Everything else was run and shown. The example with a 20 s timeout
    // did not wait for it (stdin is empty), and a run that timed out was not
    // run again: the build is bounded by its examples, not their timeouts.
    let stdin_run = m.built.reference("reads_stdin")["total_seconds"]
        .as_f64()
        .expect("reads_stdin ran");
    assert!(stdin_run < 10.0, "{stdin_run} s");
    for name in ["never_ends", "ignores_term"] {
        assert!(
            !m.built.log.lines().any(|l| {
                l.contains(&format!("{name} is CPU-bound"))
                    || (l.contains("missed a claim about their run") && l.contains(name))
            }),
            "{name} timed out and was run again:\n{}",
            m.built.log
        );
    }
}

#[test]
fn a_compile_error_shows_the_real_diagnostic() {
    let page = page_of("broken");
    assert!(page.contains("mdbx-error"), "error box");
    let fig = figure(&page, "broken");
    assert!(fig.contains("mdbx-diagnostics"), "{fig}");
    assert!(
        fig.contains("E0308") && fig.contains("mismatched types"),
        "{fig}"
    );
    assert!(fig.contains("src/bin/broken.rs:1"), "{fig}");
}

#[test]
fn panics_and_exit_codes_are_shown() {
    let fig = page_of("panics");
    let fig = figure(&fig, "panics");
    let lines = output_lines(fig);
    assert!(
        lines
            .iter()
            .any(|(stderr, t)| *stderr && t.contains("panicked")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|(_, t)| t.contains("boom")), "{lines:?}");
    assert!(fig.contains("exit code 101"), "{fig}");

    let page = page_of("exit3");
    assert!(figure(&page, "exit3").contains("exit code 3"));
    assert_eq!(
        page.matches("mdbx-error\"").count(),
        1,
        "only the unclaimed reference fails"
    );

    let page = page_of("aborts");
    let fig = figure(&page, "aborts");
    assert!(fig.contains("killed by signal 6"), "{fig}");
    assert_eq!(texts(fig), ["aborting"]);
}

#[test]
fn stderr_only_and_no_output_are_shown_as_such() {
    let page = page_of("stderr_only");
    let lines = output_lines(figure(&page, "stderr_only"));
    assert_eq!(
        lines,
        [(true, "err one".to_string()), (true, "err two".to_string())]
    );
    let page = page_of("silent");
    let fig = figure(&page, "silent");
    assert!(
        output_lines(fig).is_empty() && fig.contains("(no output)"),
        "{fig}"
    );
    assert!(fig.contains("exit code 0"));
}

#[test]
fn megabytes_of_output_are_capped_and_the_cut_is_counted() {
    // 40 000 lines of 100 bytes: the byte cap comes first.
    let page = page_of("flood");
    let fig = figure(&page, "flood");
    let lines = texts(fig);
    let kept = lines.len();
    assert!(
        kept * 100 <= MAX_BYTES && (kept + 1) * 100 > MAX_BYTES,
        "{kept} lines kept"
    );
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(*l, format!("{i:0>99}"), "line {i} is not the {i}th printed");
    }
    let cut = 4_000_000 - kept * 100;
    assert!(
        fig.contains(&format!("{cut} bytes of output not shown")),
        "the page must say how much was cut ({cut} bytes)"
    );
    // The kept output once, plus two drawings of the timeline (a page
    // column's and a phone's) of counted blocks, however fast the lines
    // came: thousands of lines within a few milliseconds are not drawn as
    // thousands of numbered steps.
    assert!(page.len() < 3 * MAX_BYTES, "page of {} bytes", page.len());
    assert!(!fig.contains("mdbx-tl-sequence"), "a sequence of thousands");

    // 20 000 short lines: the line cap comes first.
    let page = page_of("many_short");
    let fig = figure(&page, "many_short");
    assert_eq!(texts(fig).len(), MAX_LINES);
    let cut = (20_000 - MAX_LINES) * 2;
    assert!(
        fig.contains(&format!("{cut} bytes of output not shown")),
        "cut {cut}"
    );

    // One line of a mebibyte: never embedded whole.
    let page = page_of("long_line");
    let fig = figure(&page, "long_line");
    assert!(fig.len() < 2 * MAX_BYTES, "figure of {} bytes", fig.len());
    let cut: usize = Regex::new(r"(\d+) bytes of output not shown")
        .expect("re")
        .captures(fig)
        .unwrap_or_else(|| panic!("no cut reported: {}", &fig[fig.len().saturating_sub(500)..]))[1]
        .parse()
        .expect("number");
    assert!(cut >= (1 << 20) - MAX_BYTES, "cut {cut}");

    // The cache holds no more than the page.
    let cache = misbehaving().built.root.join("target/mdbook-examples");
    for entry in std::fs::read_dir(cache).expect("cache").flatten() {
        let len = entry.metadata().expect("meta").len();
        assert!(
            len < 4 * MAX_BYTES as u64,
            "{:?}: {len} bytes",
            entry.file_name()
        );
    }
}

#[test]
fn invalid_utf8_nul_and_control_bytes_become_visible_safe_text() {
    let m = misbehaving();
    let html = std::fs::read(m.built.book_dir.join("binary.html")).expect("page");
    let html = String::from_utf8(html).expect("the page is valid UTF-8");
    let fig = figure(&html, "binary");
    for c in fig.chars() {
        assert!(
            c == '\n' || c == '\t' || !c.is_control(),
            "control character U+{:04X} in the page",
            c as u32
        );
    }
    let lines = output_lines(fig);
    let stdout: Vec<&str> = lines
        .iter()
        .filter(|l| !l.0)
        .map(|l| l.1.as_str())
        .collect();
    let stderr: Vec<&str> = lines.iter().filter(|l| l.0).map(|l| l.1.as_str()).collect();
    assert_eq!(
        stdout[..5],
        [
            "bad \u{fffd}\u{fffd} utf8",
            "\u{2400}\u{2400}",
            "nul\u{2400}in\u{2400}line",
            "cut \u{fffd}",
            "ok \u{20ac} euro",
        ]
    );
    // BEL, BS, VT, FF and SO are terminal actions (dropped); DEL is shown.
    assert_eq!(stdout[5], "bell bs del\u{2421} vt ff so esc");
    assert_eq!(stdout.len(), 6);
    assert_eq!(stderr, ["err \u{fffd}\u{fffd}\u{2400}"]);
}

#[test]
fn bidi_zero_width_and_format_characters_are_shown_as_markers() {
    let html = page_of("invisible");
    assert!(
        !html.contains(INVISIBLE),
        "a raw invisible character in the page: {html}"
    );
    let lines = output_lines(figure(&html, "invisible"));
    let stdout: Vec<&str> = lines
        .iter()
        .filter(|l| !l.0)
        .map(|l| l.1.as_str())
        .collect();
    assert_eq!(
        stdout,
        [
            "if admin ⟨U+202E⟩nimda fi⟨U+202C⟩ end",
            "⟨U+2066⟩isolate⟨U+2069⟩ ⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩marks",
            "zero⟨U+200B⟩⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩width",
            "soft⟨U+00AD⟩hyphen tag⟨U+E0041⟩ line⟨U+2028⟩para⟨U+2029⟩",
        ]
    );
    let stderr: Vec<&str> = lines.iter().filter(|l| l.0).map(|l| l.1.as_str()).collect();
    assert_eq!(stderr, ["err ⟨U+202D⟩⟨U+2067⟩"]);
    // The source block shows the comment's zero-width space as a marker.
    assert!(html.contains("// zero⟨U+200B⟩width"), "{html}");
    // So does a compiler message.
    let page = page_of("hostile_compile");
    let fig = figure(&page, "hostile_compile");
    assert!(fig.contains("⟨U+200B⟩zero⟨U+2060⟩width"), "{fig}");
    assert!(!page.contains(INVISIBLE), "{page}");
}

#[test]
fn ansi_escapes_and_carriage_returns_show_what_a_terminal_would() {
    let page = page_of("terminal");
    let fig = figure(&page, "terminal");
    assert!(!fig.contains('\u{1b}') && !fig.contains('\r') && !fig.contains('\u{7}'));
    assert_eq!(
        texts(fig),
        [
            "red bold-underlined",
            "progress 100%",
            "cleared line",
            "after-osc",
            "hyperlink text",
            "windows line",
            "tab\tseparated",
            "cursor-up",
            "trailing cr only",
        ]
    );
}

#[test]
fn a_run_that_never_ends_is_timed_out() {
    let m = misbehaving();
    let r = m.built.reference("never_ends");
    assert_eq!(r["exit"], "TimedOut");
    let total = r["total_seconds"].as_f64().expect("total");
    assert!((0.35..5.0).contains(&total), "total {total}");
    let page = page_of("never_ends");
    let fig = figure(&page, "never_ends");
    assert!(fig.contains("timed out, killed"));
    assert_eq!(
        texts(fig).first().map(String::as_str),
        Some("tick 0"),
        "{fig}"
    );
}

#[test]
fn an_example_that_ignores_sigterm_is_killed_with_sigkill() {
    let m = misbehaving();
    let page = page_of("ignores_term");
    let fig = figure(&page, "ignores_term");
    assert_eq!(
        texts(fig).first().map(String::as_str),
        Some("ignoring SIGTERM: true"),
        "the example must really ignore SIGTERM"
    );
    let r = m.built.reference("ignores_term");
    assert_eq!(r["exit"], "TimedOut");
    let total = r["total_seconds"].as_f64().expect("total");
    // 300 ms timeout, then SIGTERM (ignored), then SIGKILL after a grace period.
    assert!((0.3..5.0).contains(&total), "total {total}");
    let pid = &m.left["ignores_term"];
    assert_eq!(pid.len(), 1, "{fig}");
    assert!(
        !m.survived.contains(&pid[0]),
        "pid {} outlived its timeout",
        pid[0].0
    );
}

#[test]
fn children_and_grandchildren_are_killed_with_the_example() {
    let m = misbehaving();
    for label in ["child", "grandchild"] {
        let pids = &m.left[label];
        assert_eq!(pids.len(), 1, "the example printed no {label} pid");
        for p in pids {
            assert!(
                !m.survived.contains(p),
                "{label} {} outlived the example",
                p.0
            );
        }
    }
    // The child held stdout open after the example exited: no wait for it.
    let r = m.built.reference("forks");
    assert_eq!(r["exit"], "Code(0)");
    let total = r["total_seconds"].as_f64().expect("total");
    assert!(total < 5.0, "total {total}");
}

#[test]
fn a_daemon_holding_the_pipe_does_not_hang_the_build() {
    let m = misbehaving();
    let r = m.built.reference("daemon");
    assert_eq!(r["exit"], "Code(0)");
    assert!(r["total_seconds"].as_f64().expect("total") < 5.0);
    assert_eq!(
        m.left["daemon"].len(),
        1,
        "the example printed no daemon pid"
    );
}

#[test]
fn a_daemon_that_leaves_the_process_group_is_killed_too() {
    let m = misbehaving();
    let daemon = &m.left["daemon"];
    assert_eq!(daemon.len(), 1);
    assert!(
        !m.survived.contains(&daemon[0]),
        "daemon {} outlived the example (killed by the test)",
        daemon[0].0
    );
}

#[test]
fn an_example_reading_stdin_gets_eof_at_once() {
    let m = misbehaving();
    let page = page_of("reads_stdin");
    assert_eq!(
        texts(figure(&page, "reads_stdin")),
        ["stdin gave 0 bytes", "read_line gave 0 bytes"]
    );
    let r = m.built.reference("reads_stdin");
    assert_eq!(r["exit"], "Code(0)");
    assert!(r["total_seconds"].as_f64().expect("total") < 5.0);
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

#[test]
fn hostile_output_source_and_diagnostics_are_inert_text() {
    let m = misbehaving();
    let html = std::fs::read_to_string(m.built.book_dir.join("hostile.html")).expect("page");
    let main = m.built.page("hostile.md");
    // Printed lines come back exactly, as text.
    let lines = output_lines(figure(&main, "hostile"));
    let printed: Vec<(bool, &str)> = HOSTILE_LINES
        .iter()
        .copied()
        .map(|l| (false, l))
        .chain([(true, "<script>alert(\"stderr\")</script>")])
        .collect();
    // Two pipes: where the stderr line lands among the others may vary.
    let mut got: Vec<(bool, &str)> = lines.iter().map(|(e, t)| (*e, t.as_str())).collect();
    got.sort_by_key(|(stderr, _)| *stderr);
    assert_eq!(got, printed);
    // Nothing became markup, nothing was expanded, nothing was swallowed.
    for raw in [
        "<script",
        "<style",
        "<svg onload",
        "<img",
        "<!-- unclosed",
        ">Heading?</h1>",
        "<hr",
        "<table",
        "<blockquote",
        "<strong>bold",
        "<del>",
        "href=\"https://autolink",
    ] {
        assert!(!main.contains(raw), "`{raw}` is live markup in the page");
    }
    assert!(!html.contains("root:x:0:0"), "/etc/passwd was included");
    assert!(
        !html.contains("<title>pwned"),
        "{{#title}} in output was obeyed"
    );
    assert!(
        main.contains("<p>AFTER-HOSTILE-SENTINEL</p>"),
        "text after the example was swallowed"
    );
    assert_eq!(
        main.matches("<figure").count(),
        main.matches("</figure>").count()
    );
    assert!(main.contains("mdbx-timeline"), "the hostile lane is drawn");
    // The source is a code block: escaped by mdBook, not expanded.
    assert!(
        main.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(2)"),
        "source"
    );
    // A hostile compiler message is escaped too.
    let page = page_of("hostile_compile");
    let fig = figure(&page, "hostile_compile");
    assert!(
        fig.contains("&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;"),
        "{fig}"
    );
    assert!(
        !page.contains("<script") && !page.contains("<!--"),
        "{page}"
    );
}

// ------------------------------------------- concurrency and crashes

/// Examples that take a little while, so that runs and cache writes of
/// concurrent or killed builds overlap. `version` changes their output (and
/// their cache keys).
fn slow_book(f: &mut Fixture, version: &str) {
    let mut chapter = String::from("# Slow\n");
    for (i, ms) in [0, 150, 300, 450].into_iter().enumerate() {
        f.example(
            &format!("slow{i}"),
            &format!(
                "fn main() {{\n    println!(\"slow{i} {version} start\");\n    std::thread::sleep(std::time::Duration::from_millis({ms}));\n    println!(\"slow{i} {version} done\");\n}}\n"
            ),
        );
        chapter.push_str(&format!(
            "\n{{{{#example slow{i}}}}}\n\n```expected\nslow{i} {version} start\nslow{i} {version} done\n```\n"
        ));
    }
    f.chapter("ch.md", &chapter);
}

/// The built book shows `version` for every example, and all its claims held.
fn assert_shows(built: &Built, version: &str) {
    assert!(built.ok, "{:?}\n{}", built.error, built.log);
    let page = built.page("ch.md");
    for i in 0..4 {
        assert_eq!(
            texts(figure(&page, &format!("slow{i}"))),
            [
                format!("slow{i} {version} start"),
                format!("slow{i} {version} done")
            ]
        );
    }
}

#[test]
fn two_builds_at_once_both_succeed_and_the_cache_stays_valid() {
    let mut f = Fixture::new();
    slow_book(&mut f, "v1");
    f.write_book(&[]);
    // mdBook's HTML renderer empties its output folder first, so the two
    // builds write to two folders (as `mdbook serve` and `mdbook build` do);
    // everything of ours (the cache, the report, cargo's target) is shared.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| f.run_build("book-a"));
        let b = s.spawn(|| f.run_build("book-b"));
        (a.join().expect("a"), b.join().expect("b"))
    });
    assert_shows(&a, "v1");
    assert_shows(&b, "v1");
    let (entries, _) = check_cache_folder(f.root());
    assert_eq!(entries, 4);
    let c = f.run_build("book");
    assert_shows(&c, "v1");
    assert_eq!(c.cached(), [true; 4]);

    // Again with one warm and one cold example, both builds at once.
    f.example(
        "slow3",
        "fn main() { println!(\"slow3 v1 start\"); println!(\"slow3 v1 done\"); }\n",
    );
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| f.run_build("book-a"));
        let b = s.spawn(|| f.run_build("book-b"));
        (a.join().expect("a"), b.join().expect("b"))
    });
    assert_shows(&a, "v1");
    assert_shows(&b, "v1");
    assert_eq!(check_cache_folder(f.root()).0, 5);
}

/// The environment variable that makes [`child_process_build`] build a book.
const CHILD_BUILD: &str = "MDBX_IT_CHILD_BUILD";

/// Not a test of its own: the body of the child process that
/// [`a_build_killed_at_any_moment_does_not_break_the_next_one`] kills (the
/// test binary runs itself with only this test and [`CHILD_BUILD`] set).
#[test]
fn child_process_build() {
    if let Ok(root) = std::env::var(CHILD_BUILD) {
        let ok = mdbook_driver::MDBook::load(&root)
            .and_then(|b| b.build())
            .is_ok();
        std::process::exit(if ok { 0 } else { 1 });
    }
}

/// Start `mdbook build` of the fixture in a child process, in a process group
/// of its own (mdBook, the preprocessor, cargo and rustc all in it).
fn spawn_child_build(root: &Path) -> std::process::Child {
    child_build(root, &[])
        .spawn()
        .expect("spawn the child build")
}

/// The command of a child build (see [`spawn_child_build`]), started through
/// `runner` (e.g. `taskset -c 0`) when it is not empty.
fn child_build(root: &Path, runner: &[&str]) -> Command {
    let test_binary = std::env::current_exe().expect("test binary");
    let mut command = match runner.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(test_binary);
            c
        }
        None => Command::new(test_binary),
    };
    command
        .args([
            "--exact",
            "robustness::child_process_build",
            "--test-threads=1",
        ])
        .env(CHILD_BUILD, root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    command
}

/// Two threads that each keep a core busy for 300 ms of CPU time: about
/// 300 ms on two cores, about 600 ms on one.
const TWO_BUSY_THREADS: &str = r#"use std::time::Duration;
#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}
extern "C" {
    fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
}
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID = 3).
fn cpu() -> Duration {
    let mut t = Timespec { sec: 0, nsec: 0 };
    assert_eq!(unsafe { clock_gettime(3, &mut t) }, 0);
    Duration::new(t.sec as u64, t.nsec as u32)
}
fn busy(name: &'static str) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let start = cpu();
        while cpu() - start < Duration::from_millis(300) {}
        println!("{name} done");
    })
}
fn main() {
    let (a, b) = (busy("a"), busy("b"));
    a.join().unwrap();
    b.join().unwrap();
}
"#;

#[test]
fn on_one_core_timing_claims_that_need_two_are_left_out_and_said_so() {
    if Command::new("taskset").arg("--version").output().is_err() {
        eprintln!(
            "skipped: `taskset` (util-linux) is not installed, and it is how this test limits a build to one core"
        );
        return;
    }
    let mut f = Fixture::new();
    f.example("busy", TWO_BUSY_THREADS).chapter(
        "ch.md",
        "# C\n\n{{#example busy order=any total=\"<450ms\" cores=2}}\n\n```expected\na done @ <450ms\nb done @ <450ms\n```\n",
    );
    f.write_book(&[]);
    let status = child_build(f.root(), &["taskset", "-c", "0"])
        .status()
        .expect("run the child build under taskset");
    let built = Built {
        ok: status.success(),
        root: f.root().to_path_buf(),
        book_dir: f.root().join("book"),
        log: std::fs::read_to_string(f.root().join("preprocessor.log")).unwrap_or_default(),
        error: None,
    };
    // Checked, the claims would fail (`on-failure` is `bail`): the build
    // succeeds only because they were left out.
    assert!(built.ok, "{}", built.log);
    assert_no_panic(&built);
    let reference = built.reference("busy");
    assert_eq!(
        reference["timing_unchecked"],
        serde_json::json!({"needed_cores": 2, "offered_cores": 1}),
        "{reference:#}"
    );
    assert_eq!(
        reference["failures"],
        serde_json::json!([]),
        "{reference:#}"
    );
    built.assert_timing_unchecked(0, 1);
    let page = built.page("ch.md");
    let busy = figure(&page, "busy");
    assert!(busy.contains(&timing_note(1)), "{busy}");
    assert!(!page.contains("mdbx-error"), "{page}");
    let mut lines = texts(busy);
    lines.sort();
    assert_eq!(lines, ["a done", "b done"]);

    // With the cores it needs, the cached one-core run is not served: the
    // example runs again and its timing is checked (whether the claims hold
    // on this shared machine is not the point here).
    if std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2 {
        let again = f.run_build("book");
        let reference = again.reference("busy");
        assert_eq!(reference["from_cache"], false, "{reference:#}");
        assert_eq!(reference["timing_unchecked"], serde_json::Value::Null);
    }
}

/// When to kill the child build.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// This long after it started.
    After(Duration),
    /// As soon as the preprocessor printed this (polled every few ms).
    Printed(&'static str),
}

#[test]
fn a_build_killed_at_any_moment_does_not_break_the_next_one() {
    let mut f = Fixture::new();
    let points = [
        KillAt::After(Duration::from_millis(100)),
        KillAt::After(Duration::from_millis(500)),
        KillAt::After(Duration::from_secs(1)),
        KillAt::Printed("ran 2/"),
        KillAt::Printed("ran 4/4"),
    ];
    let log = f.root().join("preprocessor.log");
    let mut phases = Vec::new();
    for (round, point) in points.into_iter().enumerate() {
        let version = format!("r{round}");
        slow_book(&mut f, &version);
        f.write_book(&[]);
        let log_start = std::fs::metadata(&log).map_or(0, |m| m.len() as usize);
        let started = Instant::now();
        let mut child = spawn_child_build(f.root());
        loop {
            let printed = std::fs::read(&log).unwrap_or_default();
            let printed = String::from_utf8_lossy(printed.get(log_start..).unwrap_or_default());
            let due = match point {
                KillAt::After(d) => started.elapsed() >= d,
                KillAt::Printed(text) => printed.contains(text),
            };
            let finished = child.try_wait().expect("try_wait").is_some();
            if due || finished || started.elapsed() > Duration::from_secs(60) {
                let last = printed.lines().rfind(|l| l.starts_with("mdbook-examples"));
                phases.push(format!(
                    "{point:?} at {:?}: {}",
                    started.elapsed(),
                    if finished {
                        "already finished"
                    } else {
                        last.unwrap_or("(nothing printed yet)")
                    }
                ));
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        let _ = killpg(group, Signal::SIGKILL);
        child.wait().expect("reap the child");

        // Whatever the killed build left: no entry that is not valid.
        let (_, temp) = check_cache_folder(f.root());
        if let Some(p) = phases.last_mut() {
            p.push_str(&format!(" (temp files left: {})", temp.len()));
        }
        // The next build is right (its `expected` blocks say `r{round}`).
        let next = f.run_build("book");
        assert_shows(&next, &version);
        assert_no_panic(&next);
        check_cache_folder(f.root());
    }
    eprintln!("kill points:\n  {}", phases.join("\n  "));
}

#[test]
fn examples_left_running_by_a_killed_build_are_killed_by_the_next_one() {
    let mut f = Fixture::new();
    f.example(
        "lingers",
        "fn main() {\n    std::fs::write(\"lingers.pid\", std::process::id().to_string()).unwrap();\n    std::thread::sleep(std::time::Duration::from_secs(60));\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example lingers timeout=60s}}\n");
    f.write_book(&[]);
    let pid_file = f.root().join("examples/lingers.pid");
    let started = Instant::now();
    let mut child = spawn_child_build(f.root());
    // The file exists a moment before its pid is written into it.
    let written = || std::fs::read_to_string(&pid_file).ok()?.parse::<i32>().ok();
    let mut pid = written();
    while pid.is_none() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
        pid = written();
    }
    // The build records a group just after starting it: on a busy machine
    // the example can write its pid first. Kill the build once the record
    // is there (a build killed in between cannot know of the example).
    let recorded = |pid: i32| {
        let record = f
            .root()
            .join(format!("target/mdbook-examples/running/{pid}"));
        std::fs::read_to_string(record).is_ok_and(|time| !time.trim().is_empty())
    };
    while pid.is_some_and(|p| !recorded(p)) && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
    let _ = killpg(group, Signal::SIGKILL);
    child.wait().expect("reap the child");
    let pid = pid.expect("the example started and wrote its pid within 60 s");
    assert!(
        recorded(pid),
        "the build recorded the example's group within 60 s"
    );
    // The next build does not even run it.
    f.chapter("ch.md", "# C\n\nNo examples any more.\n");
    let next = f.build();
    let left = survivors(&[(pid, "lingers".into())], Duration::from_secs(2));
    // Only a survivor: the pid of a process that is gone may already be
    // another one's (another test's preprocessor, say).
    for (pid, _) in &left {
        let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
    }
    assert!(next.ok, "{}", next.log);
    assert!(
        left.is_empty(),
        "example {pid} of the killed build still runs (killed by the test)"
    );
}

#[test]
fn truncated_garbage_or_tampered_cache_entries_are_rebuilt_and_target_can_go() {
    let mut f = Fixture::new();
    slow_book(&mut f, "v1");
    assert_shows(&f.build(), "v1");
    let dir = f.root().join("target/mdbook-examples");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.ends_with("report.json")
                && !p.ends_with("history.json")
        })
        .collect();
    entries.sort();
    assert_eq!(entries.len(), 4);
    // Which entry is which example: by the output it holds.
    let example_of = |p: &Path| -> usize {
        let text = std::fs::read_to_string(p).expect("entry");
        (0..4)
            .find(|i| text.contains(&format!("slow{i} v1")))
            .expect("an example's entry")
    };
    let damaged: BTreeSet<usize> = entries[..3].iter().map(|p| example_of(p)).collect();
    let bytes = std::fs::read(&entries[0]).expect("read");
    std::fs::write(&entries[0], &bytes[..bytes.len() / 2]).expect("truncate");
    std::fs::write(&entries[1], b"\xff\0garbage{{").expect("garbage");
    let text = std::fs::read_to_string(&entries[2]).expect("read");
    let tampered = Regex::new(r"slow(\d) v1 done")
        .expect("re")
        .replace(&text, "slow$1 v1 DONE");
    assert_ne!(tampered, text);
    std::fs::write(&entries[2], tampered.as_bytes()).expect("tamper");
    let second = f.build();
    assert_shows(&second, "v1");
    let cached = second.cached();
    let rebuilt: BTreeSet<usize> = (0..4).filter(|i| !cached[*i]).collect();
    assert_eq!(rebuilt, damaged, "{cached:?}");
    assert_eq!(check_cache_folder(f.root()).0, 4);

    // No target/ at all: the book's holds cargo's output too (never the
    // examples folder, which `mdbook serve` may watch).
    assert!(!f.root().join("examples/target").exists());
    assert!(
        f.root()
            .join("target/mdbook-examples/cargo/release")
            .is_dir()
    );
    std::fs::remove_dir_all(f.root().join("target")).expect("rm target");
    let third = f.build();
    assert_shows(&third, "v1");
    assert_eq!(third.cached(), [false; 4]);
    assert_eq!(f.build().cached(), [true; 4]);
}

#[test]
fn an_edit_during_the_build_is_not_cached_with_the_old_output() {
    // The example edits its own source while it runs, as a writer saving the
    // file under `mdbook serve` would.
    const SELF_EDIT: &str = r#"fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin/self_edit.rs");
    let me = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, me.replace("\"v1\"", "\"v2\"")).unwrap();
    println!("{}", "v1");
}
"#;
    let mut f = Fixture::new();
    f.example("self_edit", SELF_EDIT)
        .chapter("ch.md", "# C\n\n{{#example self_edit}}\n");
    let first = f.build();
    assert!(first.ok, "{}", first.log);
    assert_eq!(texts(figure(&first.page("ch.md"), "self_edit")), ["v1"]);
    let source =
        std::fs::read_to_string(f.root().join("examples/src/bin/self_edit.rs")).expect("source");
    assert!(source.contains("\"v2\""), "the example edited itself");
    let second = f.build();
    assert!(second.ok, "{}", second.log);
    assert_eq!(
        texts(figure(&second.page("ch.md"), "self_edit")),
        ["v2"],
        "the output of the old source was served for the new one"
    );
}

/// Eight examples of 300 ms each, run two at a time: a kill can fall
/// between any two of them. `version` changes their output and keys.
fn eight_runs(f: &mut Fixture, version: &str) {
    let mut chapter = String::from("# Eight\n");
    for i in 0..8 {
        f.example(
            &format!("run{i}"),
            &format!(
                "fn main() {{\n    std::thread::sleep(std::time::Duration::from_millis(300));\n    println!(\"run{i} {version}\");\n}}\n"
            ),
        );
        chapter.push_str(&format!(
            "\n{{{{#example run{i}}}}}\n\n```expected\nrun{i} {version}\n```\n"
        ));
    }
    f.chapter("ch.md", &chapter);
}

#[test]
fn a_killed_build_keeps_the_runs_it_finished_and_the_next_runs_only_the_rest() {
    let mut f = Fixture::new();
    f.config("jobs = 2");
    let log = f.root().join("preprocessor.log");
    let mut figures = Vec::new();
    for (round, kill_after) in [1usize, 4, 7].into_iter().enumerate() {
        let version = format!("k{round}");
        eight_runs(&mut f, &version);
        f.write_book(&[]);
        let log_start = std::fs::metadata(&log).map_or(0, |m| m.len() as usize);
        let started = Instant::now();
        let mut child = spawn_child_build(f.root());
        let finished_runs = loop {
            let printed = std::fs::read(&log).unwrap_or_default();
            let printed = String::from_utf8_lossy(printed.get(log_start..).unwrap_or_default());
            let ran = printed.matches("mdbook-examples: ran ").count();
            let over = child.try_wait().expect("try_wait").is_some();
            if ran >= kill_after || over || started.elapsed() > Duration::from_secs(120) {
                assert!(!over, "the build ended before the kill: {printed}");
                break ran;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        let _ = killpg(group, Signal::SIGKILL);
        child.wait().expect("reap the child");

        let next = f.run_build("book");
        assert!(next.ok, "{:?}\n{}", next.error, next.log);
        let page = next.page("ch.md");
        for i in 0..8 {
            assert_eq!(
                texts(figure(&page, &format!("run{i}"))),
                [format!("run{i} {version}")]
            );
        }
        let rerun = next.cached().iter().filter(|c| !**c).count();
        figures.push(format!(
            "killed after {finished_runs} of 8 runs had finished: the next build ran {rerun}"
        ));
        assert!(
            rerun <= 8 - finished_runs,
            "{}\n{}",
            figures.join("\n"),
            next.log
        );
        assert_no_panic(&next);
        check_cache_folder(f.root());
    }
    eprintln!("kill and resume:\n  {}", figures.join("\n  "));
}
