//! The misbehaving examples (compile errors, panics, floods, binary output,
//! hangs, ignored signals, forks, daemons, stdin readers, hostile and
//! invisible text) share one fixture book, built once with one cargo build;
//! `output` and `processes` check what it shows.

use super::{assert_no_panic, figure, pids, survivors};
use crate::harness::{Built, Fixture};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// What the `hostile` example prints, one line each (its program is made from this list).
pub(super) const HOSTILE_LINES: &[&str] = &[
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

/// A marker that makes our `sleep` processes recognisable in /proc.
pub(super) fn marker(n: u32) -> String {
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
    let id = d.id();
    // Exit only once it has its own session (field 6 of /proc/PID/stat),
    // so that it has always escaped the group the example is killed with.
    for _ in 0..500 {{
        let stat = std::fs::read_to_string(format!("/proc/{{id}}/stat")).unwrap_or_default();
        let session = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(3));
        if session == Some(id.to_string().as_str()) {{
            break;
        }}
        std::thread::sleep(std::time::Duration::from_millis(10));
    }}
    println!("daemon {{id}}");
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
pub(super) const INVISIBLE: &[char] = &[
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
pub(super) struct Misbehaving {
    pub(super) built: Built,
    pub(super) elapsed: Duration,
    /// `(pid, marker)` of the processes the examples left, per label.
    pub(super) left: BTreeMap<&'static str, Vec<(i32, String)>>,
    /// Those still running 2 s after the build.
    pub(super) survived: Vec<(i32, String)>,
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

pub(super) fn misbehaving() -> &'static Misbehaving {
    let m = &*MISBEHAVING;
    assert!(
        m.built.ok,
        "`continue` must not fail the build: {:?}\n{}",
        m.built.error, m.built.log
    );
    m
}

pub(super) fn page_of(name: &str) -> String {
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
