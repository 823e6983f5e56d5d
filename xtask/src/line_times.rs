//! `cargo xtask line-times`: the code the page appends to a Rust program
//! before it sends it to the Rust Playground (`LINE_TIMES` in
//! `mdbook-examples.js`, which stamps each printed line with its time), tried
//! here on the programs the built book offers to run. Each is compiled with
//! the code appended, in a crate of its own under `target/line-times/` (the
//! workspace forbids `unsafe_code`; the appended code needs it, as a program
//! on the playground may), and run with its lines timed as the build times
//! them (when they arrive on the pipe). Two comparisons:
//!
//! - **the same run** (the check): every stamped time agrees with the time
//!   the build's method gives that line, within [`BOUND_MS`], each clock from
//!   the run's first line; no line is unstamped;
//! - **the build's recorded run** (reported): the time since the line before,
//!   for lines at least [`APART_MS`] after it in both runs, matched by their
//!   order in time. Another run on another load: sleeps agree within a few
//!   milliseconds, CPU-bound steps as the machine's load allows.

use crate::book::BOOK_DIR;
use crate::cmd;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The stated bound: a stamp agrees with the line's arrival (the build's
/// way of timing it) within this.
pub const BOUND_MS: f64 = 20.0;
/// Against the build's recorded run, gaps shorter than this are not
/// compared (their spacing depends on the machine's load in both runs).
pub const APART_MS: f64 = 50.0;
/// A program still running after this is killed (its lines so far are kept).
const RUN_LIMIT: Duration = Duration::from_secs(30);
const SCRIPT: &str = "preprocessor/assets/mdbook-examples.js";
const CRATE: &str = "target/line-times";
/// The programs' binaries are named `line-times-NAME`: they are built into
/// the workspace's target folder, beside the examples' own `NAME`.
const BIN_PREFIX: &str = "line-times-";

/// A line of a run: when, which stream, what.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub at_ms: f64,
    pub stderr: bool,
    pub text: String,
}

/// A program the book offers to run, and the build's run of it.
#[derive(Debug)]
struct Offered {
    name: String,
    edition: String,
    code: String,
    build: Vec<Line>,
}

/// The appended code, as the page's script holds it.
pub fn line_times_code() -> Result<String> {
    line_times_in(Path::new(SCRIPT))
}

fn line_times_in(path: &Path) -> Result<String> {
    let script =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let start = script
        .find("const LINE_TIMES = String.raw`")
        .with_context(|| format!("{SCRIPT} has no `const LINE_TIMES = String.raw`"))?;
    let body = &script[start..];
    let body = &body[body.find('`').unwrap_or_default() + 1..];
    let end = body
        .find('`')
        .with_context(|| format!("{SCRIPT}: LINE_TIMES does not end"))?;
    Ok(body[..end].to_string())
}

/// The stamped lines of a run's stdout (`\u{1}+0.123s o text`, `e` for
/// stderr); other lines are returned apart. The exit's own stamp (`x`) is
/// no line.
pub fn stamped(stdout: &str) -> (Vec<Line>, Vec<String>) {
    let mut lines = Vec::new();
    let mut other = Vec::new();
    for raw in stdout.lines() {
        let parsed = raw.strip_prefix("\u{1}+").and_then(|rest| {
            let (secs, rest) = rest.split_once("s ")?;
            let at_ms = secs.parse::<f64>().ok()? * 1000.0;
            let (tag, text) = rest.split_at_checked(1)?;
            let line = Line {
                at_ms,
                stderr: tag == "e",
                text: text.strip_prefix(' ').unwrap_or(text).to_string(),
            };
            Some((tag, line))
        });
        match parsed {
            Some(("x", _)) => {}
            Some((_, line)) => lines.push(line),
            None => other.push(raw.to_string()),
        }
    }
    (lines, other)
}

/// `cargo xtask line-times [--sample N]`: every program the built book
/// offers to run (or `sample` of them, spread over the book), checked.
pub fn run(sample: Option<usize>) -> Result<()> {
    let offered = offered(Path::new(BOOK_DIR))?;
    if offered.is_empty() {
        bail!(
            "{BOOK_DIR}/ has no Rust program to run (script.mdbx-program): run `cargo xtask book` first"
        );
    }
    let chosen: Vec<&Offered> = match sample {
        // A sample: spread over the programs with lines far enough apart
        // to compare.
        Some(n) => {
            let timed: Vec<&Offered> = offered
                .iter()
                .filter(|p| {
                    p.build
                        .windows(2)
                        .any(|w| w[1].at_ms - w[0].at_ms >= APART_MS)
                })
                .collect();
            let step = timed.len() as f64 / n.max(1) as f64;
            let mut picked: Vec<&Offered> = (0..n.min(timed.len()))
                .map(|i| timed[(i as f64 * step) as usize])
                .collect();
            picked.dedup_by_key(|p| p.name.clone());
            picked
        }
        None => offered.iter().collect(),
    };
    let bins = build(&chosen)?;
    let mut problems = Vec::new();
    let (mut same_run, mut recorded) = (Vec::new(), Vec::new());
    for (program, bin) in chosen.iter().zip(&bins) {
        if !bin.is_file() {
            problems.push(format!(
                "{}: does not compile with the appended code (see cargo's messages above)",
                program.name
            ));
            continue;
        }
        // A loaded machine may delay one run: a disagreement is retried once.
        let mut outcome = check_run(bin)?;
        if outcome.is_err() {
            outcome = check_run(bin)?;
        }
        match outcome {
            Ok((mine, off)) => {
                let gaps = gap_differences(&program.build, &mine);
                println!(
                    "xtask: {}: {} lines (the build's: {}), stamps within {:.1} ms of their arrival; against the build's run {} gaps compared, largest difference {:.1} ms",
                    program.name,
                    mine.len(),
                    program.build.len(),
                    off.iter().copied().fold(0.0, f64::max),
                    gaps.len(),
                    gaps.iter().copied().fold(0.0, f64::max)
                );
                same_run.extend(off);
                recorded.extend(gaps);
            }
            Err(problem) => problems.push(format!("{}: {problem}", program.name)),
        }
    }
    let stats = |d: &mut Vec<f64>| {
        d.sort_by(f64::total_cmp);
        let at = |q: f64| {
            d.get(((d.len() as f64 - 1.0) * q) as usize)
                .copied()
                .unwrap_or(0.0)
        };
        let within = d.iter().filter(|x| **x <= BOUND_MS).count();
        format!(
            "{} compared: median {:.1} ms, 90th percentile {:.1} ms, largest {:.1} ms, {within} within ±{BOUND_MS} ms",
            d.len(),
            at(0.5),
            at(0.9),
            at(1.0)
        )
    };
    println!(
        "xtask: line-times: {} of {} offered programs run with the appended code\nxtask:   stamps against the build's method, same run: {}\nxtask:   gaps against the build's recorded run (lines ≥ {APART_MS} ms apart): {}",
        chosen.len(),
        offered.len(),
        stats(&mut same_run),
        stats(&mut recorded)
    );
    if !problems.is_empty() {
        bail!(
            "{} program(s) failed the line-times check:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(())
}

/// A run's stamped lines and how far each stamp is from the line's arrival
/// (ms), or what is wrong with them.
type Checked = Result<(Vec<Line>, Vec<f64>), String>;

/// Run `bin` and check its stamps.
fn check_run(bin: &Path) -> Result<Checked> {
    let mut command = Command::new(bin);
    // As the build runs examples: a panic prints its message, no backtrace.
    command.env("RUST_BACKTRACE", "0");
    let (arrived, _) = run_killed_after(command, RUN_LIMIT)?;
    Ok(stamp_offsets(&arrived))
}

/// The stamped lines of `arrived` (each line with its arrival time, ms), in
/// time order, and how far each stamp is from its arrival (each clock from
/// its first line); an error for an unstamped line or one beyond
/// [`BOUND_MS`].
pub fn stamp_offsets(arrived: &[(f64, String)]) -> Checked {
    let mut lines = Vec::new();
    let mut arrivals = Vec::new();
    for (at, raw) in arrived {
        let (mut stamped, other) = stamped(raw);
        if !other.is_empty() {
            return Err(format!("unstamped output: {other:?}"));
        }
        if let Some(line) = stamped.pop() {
            lines.push(line);
            arrivals.push(*at);
        }
    }
    let (Some(first_stamp), Some(first_arrival)) = (
        lines.iter().map(|l| l.at_ms).reduce(f64::min),
        arrivals.iter().copied().reduce(f64::min),
    ) else {
        return Ok((lines, Vec::new()));
    };
    let mut offsets = Vec::new();
    let mut far = Vec::new();
    for (line, at) in lines.iter().zip(&arrivals) {
        let off = ((at - first_arrival) - (line.at_ms - first_stamp)).abs();
        if off > BOUND_MS {
            far.push(format!(
                "{:?} stamped {:.0} ms, arrived {:.0} ms",
                line.text,
                line.at_ms - first_stamp,
                at - first_arrival
            ));
        }
        offsets.push(off);
    }
    if !far.is_empty() {
        return Err(format!("beyond ±{BOUND_MS} ms: {}", far.join("; ")));
    }
    lines.sort_by(|a, b| a.at_ms.total_cmp(&b.at_ms));
    Ok((lines, offsets))
}

/// Against another run (the build's): for the k-th line in time order of
/// both, when it came at least [`APART_MS`] after the line before in both,
/// the difference of those two gaps.
pub fn gap_differences(build: &[Line], mine: &[Line]) -> Vec<f64> {
    let gaps = |lines: &[Line]| -> Vec<f64> {
        let mut at: Vec<f64> = lines.iter().map(|l| l.at_ms).collect();
        at.sort_by(f64::total_cmp);
        at.windows(2).map(|w| w[1] - w[0]).collect()
    };
    gaps(build)
        .into_iter()
        .zip(gaps(mine))
        .filter(|(b, m)| *b >= APART_MS && *m >= APART_MS)
        .map(|(b, m)| (b - m).abs())
        .collect()
}

/// Run `command`, killed after `limit`: each line of its stdout with the
/// time it arrived (ms since the spawn), and whether it was killed.
pub fn run_killed_after(
    mut command: Command,
    limit: Duration,
) -> Result<(Vec<(f64, String)>, bool)> {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot run {}", cmd::display(&command)))?;
    let stdout = child.stdout.take().context("no stdout pipe")?;
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).split(b'\n') {
            let Ok(line) = line else { break };
            let at = started.elapsed().as_secs_f64() * 1e3;
            lines.push((at, String::from_utf8_lossy(&line).into_owned()));
        }
        lines
    });
    let killed = loop {
        if child.try_wait()?.is_some() {
            break false;
        }
        if started.elapsed() > limit {
            child.kill()?;
            child.wait()?;
            break true;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let lines = reader
        .join()
        .map_err(|_| anyhow::anyhow!("the output reader panicked"))?;
    Ok((lines, killed))
}

/// Compile every chosen program with the appended code, in one crate of
/// its own (the examples' registry dependencies, the workspace's lock
/// file and release profile, no network) but into the workspace's target
/// folder, where the book's build has compiled those dependencies already,
/// with the same features and profile; the binaries, in order.
fn build(chosen: &[&Offered]) -> Result<Vec<PathBuf>> {
    let code = line_times_code()?;
    let dir = Path::new(CRATE);
    let bin_dir = dir.join("src/bin");
    std::fs::create_dir_all(&bin_dir)
        .with_context(|| format!("cannot create {}", bin_dir.display()))?;
    let edition = chosen.first().map_or("2021", |p| p.edition.as_str());
    write_if_changed(&dir.join("Cargo.toml"), &manifest(edition)?)?;
    write_if_changed(
        &dir.join("Cargo.lock"),
        &std::fs::read_to_string("Cargo.lock").context("cannot read Cargo.lock")?,
    )?;
    // Unchanged files keep their time, so that cargo does not rebuild them.
    let wanted: Vec<String> = (chosen.iter())
        .map(|p| format!("{BIN_PREFIX}{}.rs", p.name))
        .collect();
    for entry in std::fs::read_dir(&bin_dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| wanted.contains(&n)) {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    for program in chosen {
        write_if_changed(
            &bin_dir.join(format!("{BIN_PREFIX}{}.rs", program.name)),
            &format!("{}{code}", program.code),
        )?;
    }
    let target = cmd::target_dir()?;
    // --keep-going: a program that does not compile is reported by name
    // (its binary is missing), the others still run.
    let mut cargo = cmd::cargo([
        "build",
        "--release",
        "--offline",
        "--quiet",
        "--keep-going",
        "--manifest-path",
    ]);
    cargo
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target);
    if let Err(e) = cmd::run(&mut cargo) {
        println!("xtask: {e:#}");
    }
    Ok(chosen
        .iter()
        .map(|p| cmd::release_bin(&target, &format!("{BIN_PREFIX}{}", p.name)))
        .collect())
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Table `[name]` of a manifest, as written, up to the next table (empty
/// when there is none).
fn table(manifest: &str, name: &str) -> String {
    let Some(start) = manifest.find(&format!("\n[{name}]")) else {
        return String::new();
    };
    let table = &manifest[start + 1..];
    let end = table[1..].find("\n[").map_or(table.len(), |i| i + 2);
    format!(
        "\n{}",
        table[..end].trim_end_matches('\n').to_owned() + "\n"
    )
}

/// The workspace's release profile for the check crate: `[profile.release]`
/// and the examples package's own settings, renamed for the check crate,
/// so that its programs are compiled as the book's are.
fn release_profile(workspace_manifest: &str) -> String {
    let examples = "profile.release.package.async-book-examples";
    table(workspace_manifest, "profile.release")
        + &table(workspace_manifest, examples).replacen(
            &format!("[{examples}]"),
            "[profile.release.package.line-times]",
            1,
        )
}

/// The check crate's manifest: the examples package's registry
/// dependencies (as `cargo metadata` reports them), in a workspace of its
/// own with the workspace's release profile and the examples' settings.
fn manifest(edition: &str) -> Result<String> {
    let meta = cmd::cargo([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ])
    .stderr(Stdio::inherit())
    .output()
    .context("cannot run `cargo metadata`")?;
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout)?;
    let package = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "async-book-examples"))
        .context("`cargo metadata` lists no async-book-examples package")?;
    let mut toml = format!(
        "# Written by `cargo xtask line-times`.\n[package]\nname = \"line-times\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\npublish = false\n\n[workspace]\n\n[dependencies]\n"
    );
    for dep in package["dependencies"].as_array().into_iter().flatten() {
        if dep["path"].is_string() || dep["kind"].is_string() {
            continue;
        }
        toml.push_str(&format!(
            "{} = {{ version = {}, features = {}, default-features = {} }}\n",
            dep["name"].as_str().unwrap_or_default(),
            dep["req"],
            dep["features"],
            dep["uses_default_features"]
        ));
    }
    let workspace = std::fs::read_to_string("Cargo.toml").context("cannot read Cargo.toml")?;
    toml.push_str(&release_profile(&workspace));
    Ok(toml)
}

/// Every figure of the built book that carries a Rust program to run.
fn offered(book: &Path) -> Result<Vec<Offered>> {
    let mut found = BTreeMap::new();
    let entries =
        std::fs::read_dir(book).with_context(|| format!("cannot read {}", book.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path)?;
            for program in figures(&html) {
                found.entry(program.name.clone()).or_insert(program);
            }
        }
    }
    Ok(found.into_values().collect())
}

fn figures(html: &str) -> Vec<Offered> {
    const OPEN: &str = "<figure class=\"mdbx\" data-example=\"";
    const SCRIPT: &str = "<script type=\"application/json\" class=\"mdbx-program\">";
    let mut out = Vec::new();
    for part in html.split(OPEN).skip(1) {
        let Some((name, rest)) = part.split_once('"') else {
            continue;
        };
        let figure = rest.split("</figure>").next().unwrap_or_default();
        let Some(json) = figure
            .split_once(SCRIPT)
            .and_then(|(_, s)| s.split_once("</script>"))
            .map(|(j, _)| j)
        else {
            continue;
        };
        let Ok(program) = serde_json::from_str::<serde_json::Value>(json) else {
            continue;
        };
        let build = build_lines(figure);
        // A program that printed nothing (or, meant to fail, did not
        // compile) has no line time to compare.
        if program["language"] != "rust" || program["stamp"] != true || build.is_empty() {
            continue;
        }
        out.push(Offered {
            name: name.to_string(),
            edition: program["edition"].as_str().unwrap_or("2021").to_string(),
            code: program["code"].as_str().unwrap_or_default().to_string(),
            build,
        });
    }
    out
}

/// The build's lines in a figure's HTML.
fn build_lines(figure: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for part in figure.split("<span class=\"mdbx-line").skip(1) {
        let stderr = part.starts_with(" mdbx-stderr");
        let Some((_, rest)) = part.split_once("<span class=\"mdbx-t\" aria-hidden=\"true\">+")
        else {
            continue;
        };
        let Some((secs, rest)) = rest.split_once("s</span>") else {
            continue;
        };
        let text = rest.split("</span>").next().unwrap_or_default();
        let Ok(secs) = secs.parse::<f64>() else {
            continue;
        };
        lines.push(Line {
            at_ms: secs * 1000.0,
            stderr,
            text: unescape(text),
        });
    }
    lines
}

/// The page's text of a line: entities decoded, the empty line's
/// zero-width space removed.
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(end) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some('\u{200b}') => {}
            Some(c) => out.push(c),
            None => out.push_str(&after[..=end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compile `program` with the appended code (plain rustc, std only) in
    /// `dir`; the binary, or the compiler's messages.
    fn compile(dir: &Path, program: &str) -> Result<PathBuf, String> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(SCRIPT);
        let code = line_times_in(&script).expect("the script holds LINE_TIMES");
        let source = dir.join("main.rs");
        std::fs::write(&source, format!("{program}{code}")).expect("write");
        let bin = dir.join("main");
        let out = Command::new("rustc")
            .args(["--edition", "2024", "--error-format", "short", "-o"])
            .arg(&bin)
            .arg(&source)
            .output()
            .expect("rustc runs");
        if out.status.success() {
            Ok(bin)
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    const PROGRAM: &str = r#"use std::time::Duration;
fn main() {
    println!("one");
    std::thread::sleep(Duration::from_millis(200));
    eprintln!("two");
    match std::env::args().nth(1).as_deref() {
        Some("panic") => panic!("boom"),
        Some("exit") => {
            println!("three");
            std::process::exit(3)
        }
        Some("forever") => loop {
            println!("tick");
            std::thread::sleep(Duration::from_millis(300));
        },
        _ => println!("three"),
    }
}
"#;

    #[test]
    fn the_check_crate_builds_with_the_workspaces_release_profile() {
        let workspace = "[workspace]\nmembers = []\n\n[profile.release]\ndebug = \"line-tables-only\"\n\n[profile.dev]\nopt-level = 1\n";
        assert_eq!(
            release_profile(workspace),
            "\n[profile.release]\ndebug = \"line-tables-only\"\n"
        );
        let last = "[a]\n\n[profile.release]\nlto = true";
        assert_eq!(release_profile(last), "\n[profile.release]\nlto = true\n");
        assert_eq!(release_profile("[workspace]\n"), "");
        let both = "[workspace]\n[profile.release]\nlto = true\n[profile.release.package.async-book-examples]\nopt-level = 0\n[profile.dev]\n";
        assert_eq!(
            release_profile(both),
            "\n[profile.release]\nlto = true\n\n[profile.release.package.line-times]\nopt-level = 0\n"
        );
        let ours =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml"))
                .expect("the workspace's Cargo.toml");
        let profile = release_profile(&ours);
        assert!(profile.starts_with("\n[profile.release]\n"), "{profile}");
        assert!(
            profile.contains("\n[profile.release.package.line-times]\n"),
            "{profile}"
        );
    }

    #[test]
    fn stamped_times_are_the_lines_times_and_no_line_is_lost() {
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = compile(dir.path(), PROGRAM).expect("compiles");
        let texts = |lines: &[Line]| lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        let run = |arg: &str| {
            let mut c = Command::new(&bin);
            c.arg(arg).env("RUST_BACKTRACE", "0");
            let (arrived, killed) = run_killed_after(c, Duration::from_millis(1500)).expect("runs");
            let (lines, _) = stamp_offsets(&arrived).expect("stamped, and in time");
            (lines, killed)
        };
        let (mut plain, _) = run("");
        // stdout and stderr come through two pipes: lines of both printed
        // within a moment may be stamped in either order (as the build,
        // which reads two pipes too, may receive them).
        plain.sort_by(|a, b| a.at_ms.total_cmp(&b.at_ms).then(a.text.cmp(&b.text)));
        let mut sorted = texts(&plain);
        sorted.sort();
        assert_eq!(sorted, ["one", "three", "two"]);
        let at = |t: &str| {
            plain
                .iter()
                .find(|l| l.text == t)
                .map(|l| (l.at_ms, l.stderr))
        };
        let (out, _) = run_killed_after(Command::new(&bin), Duration::from_secs(5)).expect("runs");
        assert!(
            out.last().is_some_and(|(_, l)| l.contains("s x exit")),
            "{out:?}"
        );
        let (Some((one, false)), Some((two, true))) = (at("one"), at("two")) else {
            panic!("stdout's and stderr's lines are not told apart: {plain:?}");
        };
        let gap = two - one;
        assert!(
            (150.0..1500.0).contains(&gap),
            "a 200 ms sleep stamped as {gap} ms"
        );

        let (panicked, _) = run("panic");
        assert!(
            panicked.iter().any(|l| l.stderr && l.text.contains("boom")),
            "{panicked:?}"
        );
        let (exited, _) = run("exit");
        assert!(texts(&exited).contains(&"three".to_string()), "{exited:?}");
        let (forever, killed) = run("forever");
        assert!(killed, "the endless program was not killed");
        assert!(
            texts(&forever).iter().filter(|t| *t == "tick").count() >= 2,
            "{forever:?}"
        );
    }

    #[test]
    fn a_compile_error_keeps_the_readers_line_numbers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = compile(dir.path(), "fn main() {\n    let x: u32 = \"no\";\n}\n")
            .expect_err("does not compile");
        assert!(err.contains("main.rs:2:"), "{err}");
        assert!(!err.contains("warning"), "the appended code warns: {err}");
    }

    #[test]
    fn stamps_are_checked_against_arrival_and_gaps_against_the_build() {
        let arrived = |at: f64, raw: &str| (at, raw.to_string());
        let good = [
            arrived(3.0, "\u{1}+0.001s o a"),
            arrived(205.0, "\u{1}+0.201s e b"),
            arrived(205.5, "\u{1}+0.202s x exit"),
        ];
        let (lines, offsets) = stamp_offsets(&good).expect("in time");
        assert_eq!(lines.len(), 2);
        assert!(offsets.iter().all(|o| *o < 3.0), "{offsets:?}");
        let late = [
            arrived(3.0, "\u{1}+0.001s o a"),
            arrived(260.0, "\u{1}+0.201s o b"),
        ];
        assert!(
            stamp_offsets(&late).is_err_and(|e| e.contains("\"b\" stamped 200 ms, arrived 257 ms"))
        );
        let raw = [arrived(3.0, "plain")];
        assert!(stamp_offsets(&raw).is_err_and(|e| e.contains("unstamped")));

        let line = |at_ms, text: &str| Line {
            at_ms,
            stderr: false,
            text: text.into(),
        };
        let build = [line(90.0, "a"), line(300.0, "b"), line(310.0, "c")];
        let mine = [line(2.0, "x"), line(205.0, "b"), line(207.0, "c")];
        // 210 ms against 203 ms; the 10 ms gap is not compared.
        assert_eq!(gap_differences(&build, &mine), vec![7.0]);
    }

    #[test]
    fn figure_lines_are_read_as_the_page_shows_them() {
        let html = "<figure class=\"mdbx\" data-example=\"x\"><pre class=\"mdbx-output\"><span class=\"mdbx-line\"><span class=\"mdbx-t\" aria-hidden=\"true\">+0.201s</span>[a] &lt;ok&gt; &#x27;q&#x27;</span>\n<span class=\"mdbx-line mdbx-stderr\"><span class=\"mdbx-t\" aria-hidden=\"true\">+1.000s</span>&#8203;</span></pre>\
<script type=\"application/json\" class=\"mdbx-program\">{\"language\":\"rust\",\"stamp\":true,\"edition\":\"2024\",\"code\":\"fn main() {}\\n\"}</script></figure>";
        let found = figures(html);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].build[0].text, "[a] <ok> 'q'");
        assert!((found[0].build[0].at_ms - 201.0).abs() < 1e-6);
        assert!(found[0].build[1].stderr && found[0].build[1].text.is_empty());
    }
}
