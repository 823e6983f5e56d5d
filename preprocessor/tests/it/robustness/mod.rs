//! Robustness (issue 8): bad input gives a clear error with its location and
//! never a panic; misbehaving examples (compile errors, panics, floods,
//! binary output, hangs, ignored signals, forks, daemons, stdin readers) are
//! contained and shown; hostile output is inert text; builds that run at the
//! same time, are killed, or find a corrupted cache recover; a build limited
//! to one core (`taskset`) leaves out the timing claims that need two, and
//! says so.
//!
//! One file per concern: `bad_input` (directives, config, packages),
//! `misbehaving` (the shared fixture book of misbehaving examples, built
//! once with one cargo build), `output` (what their output becomes: capped,
//! visible, inert text), `processes` (timeouts, kills, children, daemons,
//! stdin), `cache` (concurrent builds, damaged entries, edits during a
//! build), `killed` (builds killed mid-way), `one_core` (`taskset`). This
//! file holds the helpers they share. Tests assert bounds, never exact
//! timings.

mod bad_input;
mod cache;
mod killed;
mod misbehaving;
mod one_core;
mod output;
mod processes;

use crate::harness::{Built, Fixture};
use regex::Regex;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

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
