//! Compiling examples: one `cargo build --release` for every example that
//! needs it, with `--keep-going` so that an example that must not compile does
//! not stop the others, and JSON messages so that each diagnostic is mapped to
//! the example it belongs to. Each diagnostic comes with rustc's colours
//! (ANSI escapes) for the page and is kept as plain text for everything else.

use crate::util::files::on_path;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How serious a compiler message is, as cargo's JSON writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Level {
    Error,
    Warning,
    /// `note`, `help`, `failure-note`, …: kept as written.
    Other(String),
}

impl From<String> for Level {
    fn from(level: String) -> Level {
        match level.as_str() {
            "error" => Level::Error,
            "warning" => Level::Warning,
            _ => Level::Other(level),
        }
    }
}

impl From<&str> for Level {
    fn from(level: &str) -> Level {
        Level::from(level.to_string())
    }
}

impl From<Level> for String {
    fn from(level: Level) -> String {
        match level {
            Level::Error => "error".into(),
            Level::Warning => "warning".into(),
            Level::Other(other) => other,
        }
    }
}

/// A compiler message about one example.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Diagnostic {
    pub level: Level,
    /// `E0728`, `unused_must_use`, …
    pub code: Option<String>,
    /// The diagnostic as rustc prints it, as plain text (for claims,
    /// messages in the terminal and the report).
    pub rendered: String,
    /// The same with rustc's colours (ANSI escapes), for the page; `None`
    /// when the compiler gave none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansi: Option<String>,
}

/// What compiling one example produced.
#[derive(Debug, Default, Clone)]
pub struct Built {
    pub executable: Option<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A library crate of the package's own (or of a local path dependency),
/// as cargo built it: for [`crate::running::depinfo`].
#[derive(Debug, Clone, PartialEq)]
pub struct LocalLib {
    /// Its name in Rust code (`async_book_examples`).
    pub crate_name: String,
    /// rustc's dependency file of it (`deps/NAME-HASH.d`).
    pub dep_info: PathBuf,
}

/// The result of one cargo invocation.
#[derive(Debug, Default)]
pub struct BuildOutput {
    pub examples: BTreeMap<String, Built>,
    /// The local library crates the examples could use.
    pub local_libs: Vec<LocalLib>,
    /// Errors that belong to no single example (the shared library, the
    /// manifest, cargo itself); empty when those are fine.
    pub shared_errors: Vec<String>,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    package_id: String,
    target: Option<Target>,
    executable: Option<PathBuf>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
    message: Option<CompilerMessage>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct CompilerMessage {
    level: Level,
    message: String,
    code: Option<Code>,
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

/// Where cargo should put the build output of the package at
/// `package_dir`: `work_dir/cargo` for a package of its own, so that it
/// never lands in the examples folder (which `mdbook serve` may watch, and
/// would rebuild for); `None` (cargo decides) for a workspace member, whose
/// output goes to the workspace's `target/`, or when `CARGO_TARGET_DIR` says.
pub fn own_target_dir(package_dir: &Path, work_dir: &Path) -> Option<PathBuf> {
    let member = crate::package::workspace::enclosing(package_dir).is_some();
    (!member && std::env::var_os("CARGO_TARGET_DIR").is_none()).then(|| work_dir.join("cargo"))
}

/// What the build tells as it goes: an example's binary was linked (with
/// its diagnostics, and the local libraries built so far).
pub type OnLinked<'a> = &'a (dyn Fn(&str, &Built, &[LocalLib]) + Sync);

/// Build `names` from the package at `package_dir` in release mode, into
/// `target_dir` (cargo's choice when `None`), telling `on_linked` of each
/// binary as cargo links it.
pub fn build(
    package_dir: &Path,
    names: &[&str],
    features: &BTreeSet<String>,
    target_dir: Option<&Path>,
    on_linked: OnLinked,
) -> Result<BuildOutput> {
    let mut cmd = cargo_command();
    cmd.current_dir(package_dir)
        .args([
            "build",
            "--release",
            "--keep-going",
            "--message-format=json-diagnostic-rendered-ansi",
            "--color=never",
        ])
        .arg("--manifest-path")
        .arg(package_dir.join("Cargo.toml"));
    if let Some(dir) = target_dir {
        cmd.arg("--target-dir").arg(dir);
    }
    for name in names {
        cmd.args(["--bin", name]);
    }
    if !features.is_empty() {
        cmd.arg("--features")
            .arg(features.iter().cloned().collect::<Vec<_>>().join(","));
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .context("cannot start `cargo`: is Rust installed and on PATH?")?;
    let stderr = child
        .stderr
        .take()
        .context("cargo's stderr was not captured")?;
    let echo = std::thread::spawn(move || echo_stderr(stderr));
    let stdout = child
        .stdout
        .take()
        .context("cargo's stdout was not captured")?;
    let mut out = BuildOutput::default();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo's output")?;
        if let Ok(msg) = serde_json::from_str::<Message>(&line)
            && let Some(name) = absorb(&mut out, msg)
        {
            on_linked(&name, &out.examples[&name], &out.local_libs);
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    let stderr = echo.join().unwrap_or_default();
    for line in unexplained(&stderr.held, &out) {
        eprintln!("    {line}");
    }
    let stderr_errors = stderr.errors;
    for name in names {
        out.examples.entry((*name).to_string()).or_default();
    }
    let compiled_some = out
        .examples
        .values()
        .any(|b| b.executable.is_some() || !b.diagnostics.is_empty());
    if !status.success() && !compiled_some && out.shared_errors.is_empty() {
        out.shared_errors.push(format!(
            "`cargo build` failed before compiling any example ({status}):\n{}",
            stderr_errors.join("\n")
        ));
    }
    Ok(out)
}

/// How much lower than the runs the build's processes are scheduled
/// (`nice -n`): examples run beside the build, and a run's timer must not
/// wait for a compiler to give up its core. Measured by `cargo xtask bench`
/// (row 6: gaps of lines 100 ms apart): up to 114 ms at the same priority.
const BUILD_NICENESS: &str = "10";

/// `cargo`, under `nice` where the system has it, so that every compiler
/// it starts yields to the example runs. Without `nice`, or without a
/// cargo to find (then starting it fails with its own clear error), cargo
/// itself.
fn cargo_command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    match (on_path("nice".as_ref()), on_path(&cargo)) {
        (Some(nice), Some(_)) => {
            let mut cmd = Command::new(nice);
            cmd.args(["-n", BUILD_NICENESS]).arg(cargo);
            cmd
        }
        _ => Command::new(cargo),
    }
}

/// Take one of cargo's messages into `out`; the name of the example whose
/// binary it says was linked.
fn absorb(out: &mut BuildOutput, msg: Message) -> Option<String> {
    let target = msg.target?;
    let is_bin = target.kind.iter().any(|k| k == "bin");
    let is_lib = target.kind.iter().any(|k| k.ends_with("lib"));
    match msg.reason.as_str() {
        "compiler-artifact" if is_bin => {
            let linked = msg.executable.is_some().then(|| target.name.clone());
            out.examples.entry(target.name).or_default().executable = msg.executable;
            return linked;
        }
        "compiler-artifact" if is_lib && msg.package_id.starts_with("path+") => {
            // `deps/libNAME-HASH.rlib` → `deps/NAME-HASH.d`.
            let dep_info = msg.filenames.first().and_then(|f| {
                let stem = f.file_stem()?.to_str()?;
                Some(f.with_file_name(format!("{}.d", stem.strip_prefix("lib").unwrap_or(stem))))
            });
            if let Some(dep_info) = dep_info {
                out.local_libs.push(LocalLib {
                    crate_name: target.name.replace('-', "_"),
                    dep_info,
                });
            }
        }
        "compiler-message" => {
            let m = msg.message?;
            if is_noise(&m.message) {
                return None;
            }
            let ansi = m.rendered.map(|r| r.trim_end().to_string());
            let rendered = match &ansi {
                Some(a) => String::from_utf8_lossy(&strip_ansi_escapes::strip(a))
                    .trim_end()
                    .to_string(),
                None => m.message,
            };
            if is_bin {
                out.examples
                    .entry(target.name)
                    .or_default()
                    .diagnostics
                    .push(Diagnostic {
                        level: m.level,
                        code: m.code.map(|c| c.code),
                        rendered,
                        ansi,
                    });
            } else if m.level == Level::Error {
                out.shared_errors.push(format!(
                    "in `{}` (shared by all examples):\n{rendered}",
                    target.name
                ));
            }
        }
        _ => {}
    }
    None
}

/// Summary lines that add nothing to the diagnostics themselves.
fn is_noise(message: &str) -> bool {
    message.starts_with("aborting due to")
        || message.starts_with("For more information about")
        || message.contains("warning emitted")
        || message.contains("warnings emitted")
}

/// What cargo wrote on stderr besides its progress.
#[derive(Debug, Default)]
struct Stderr {
    /// Its `error` lines and everything after the first, for the report of
    /// a build that failed before compiling any example.
    errors: Vec<String>,
    /// Its closing lines about examples that did not compile, not shown
    /// yet: see [`unexplained`].
    held: Vec<String>,
}

/// Show cargo's progress on our stderr (indented, so it reads as part of this
/// preprocessor's report) and keep its `error` lines for the final report.
/// Its closing lines about examples that failed to compile are held back.
fn echo_stderr(stderr: impl std::io::Read) -> Stderr {
    let mut out = Stderr::default();
    for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
        if line.trim_start().starts_with("error") || !out.errors.is_empty() {
            out.errors.push(line.clone());
        }
        if is_failure_summary(&line) {
            out.held.push(line);
        } else {
            eprintln!("    {line}");
        }
    }
    out
}

/// cargo's closing lines about targets that did not compile: `error: could
/// not compile `P` (bin "NAME") …`, `warning: build failed, waiting for
/// other jobs to finish...`, `error: 2 targets failed:` and its list.
fn is_failure_summary(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("error: could not compile `")
        || t.starts_with("warning: build failed, waiting for other jobs")
        || (t.starts_with("error: ") && t.ends_with("targets failed:"))
        || (line.starts_with("    `-p ") && t.ends_with('`'))
}

/// The held lines worth showing: a `could not compile` line about a target
/// that has no error among the diagnostics kept for its example (those are
/// in its record, and its claims say whether the failure was intended), and
/// the general lines whenever one such line is shown.
fn unexplained<'h>(held: &'h [String], out: &BuildOutput) -> Vec<&'h str> {
    let explained = |line: &str| {
        compiled_bin(line).is_some_and(|name| {
            out.examples
                .get(name)
                .is_some_and(|b| b.diagnostics.iter().any(|d| d.level == Level::Error))
        })
    };
    let about_bins: Vec<&String> = (held.iter())
        .filter(|l| l.trim_start().starts_with("error: could not compile"))
        .collect();
    if about_bins.iter().all(|l| explained(l)) {
        return Vec::new();
    }
    held.iter()
        .map(String::as_str)
        .filter(|l| !explained(l))
        .collect()
}

/// The binary a `could not compile `P` (bin "NAME") …` line names.
fn compiled_bin(line: &str) -> Option<&str> {
    let rest = line.split_once("(bin \"")?.1;
    rest.split_once('"').map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(lines: &[&str]) -> BuildOutput {
        let mut out = BuildOutput::default();
        for l in lines {
            absorb(&mut out, serde_json::from_str(l).expect("json"));
        }
        out
    }

    #[test]
    fn a_package_of_its_own_builds_under_the_book_target_a_member_in_its_workspace() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (root, work) = (dir.path(), Path::new("/book/target/mdbook-examples"));
        std::fs::create_dir_all(root.join("examples")).expect("mkdir");
        std::fs::write(root.join("examples/Cargo.toml"), "[package]\nname = 'x'\n").expect("write");
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            assert_eq!(
                own_target_dir(&root.join("examples"), work),
                Some(work.join("cargo"))
            );
        }
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = ['examples']\n",
        )
        .expect("write");
        assert_eq!(own_target_dir(&root.join("examples"), work), None);
    }

    #[test]
    fn maps_messages_to_examples() {
        let out = feed(&[
            r#"{"reason":"compiler-artifact","target":{"name":"ok","kind":["bin"]},"executable":"/t/ok"}"#,
            r#"{"reason":"compiler-message","target":{"name":"bad","kind":["bin"]},"message":{"level":"error","message":"`await` is only allowed inside `async` functions and blocks","code":{"code":"E0728"},"rendered":"\u001b[1m\u001b[91merror[E0728]\u001b[0m: ...\n"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"bad","kind":["bin"]},"message":{"level":"error","message":"aborting due to 1 previous error","code":null,"rendered":"error: aborting"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"lib","kind":["lib"]},"message":{"level":"error","message":"x","code":null,"rendered":"error: x"}}"#,
            r#"{"reason":"build-finished","success":false}"#,
        ]);
        assert_eq!(
            out.examples["ok"].executable.as_deref(),
            Some(Path::new("/t/ok"))
        );
        let bad = &out.examples["bad"];
        assert_eq!(bad.diagnostics.len(), 1);
        assert_eq!(bad.diagnostics[0].code.as_deref(), Some("E0728"));
        assert_eq!(bad.diagnostics[0].rendered, "error[E0728]: ...");
        assert_eq!(
            bad.diagnostics[0].ansi.as_deref(),
            Some("\u{1b}[1m\u{1b}[91merror[E0728]\u{1b}[0m: ...")
        );
        assert_eq!(out.shared_errors.len(), 1);
    }

    #[test]
    fn cargo_lines_about_failures_the_records_explain_are_not_shown() {
        let out = feed(&[
            r#"{"reason":"compiler-message","target":{"name":"mistake_type","kind":["bin"]},"message":{"level":"error","message":"mismatched types","code":{"code":"E0308"},"rendered":"error[E0308]: mismatched types"}}"#,
        ]);
        let stderr = echo_stderr(
            "   Compiling book-examples v0.1.0 (/b/examples)\nerror: could not compile `book-examples` (bin \"mistake_type\") due to 1 previous error\nwarning: build failed, waiting for other jobs to finish...\n"
                .as_bytes(),
        );
        assert_eq!(stderr.held.len(), 2, "{stderr:?}");
        assert!(unexplained(&stderr.held, &out).is_empty());

        let held: Vec<String> = [
            "error: could not compile `p` (bin \"mistake_type\") due to 1 previous error",
            "warning: build failed, waiting for other jobs to finish...",
            "error: could not compile `p` (bin \"linker_trouble\") due to 1 previous error",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            unexplained(&held, &out),
            vec![held[1].as_str(), held[2].as_str()],
            "a failure no diagnostic explains is shown, with cargo's general lines"
        );
    }
}
