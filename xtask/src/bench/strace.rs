//! The examples' runs seen from outside the preprocessor: the build runs
//! under `strace`, which records when each process called `execve` and
//! `exit_group` (only those two calls stop the traced processes, through a
//! seccomp filter, so the runs are barely slowed).

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// Whether `strace` can be run here.
pub(super) fn available() -> bool {
    Command::new("strace")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The command prefix that traces a build into `out`.
pub(super) fn wrapper(out: &Path) -> Vec<OsString> {
    let mut w: Vec<OsString> = [
        "strace",
        "-f",
        "-qq",
        "-ttt",
        "-T",
        "--seccomp-bpf",
        "-e",
        "trace=execve,exit_group",
        "-e",
        "signal=none",
        "-o",
    ]
    .map(OsString::from)
    .into();
    w.push(out.as_os_str().to_owned());
    w
}

/// Seconds from the return of `execve` (the program is loaded; the
/// preprocessor's clock starts there too) to `exit_group` of every traced
/// process whose program's file name is one of `names`, by name (the last
/// run of each).
pub(super) fn exec_to_exit(trace: &Path, names: &[String]) -> Result<BTreeMap<String, f64>> {
    let text =
        fs::read_to_string(trace).with_context(|| format!("cannot read {}", trace.display()))?;
    durations(&text, names).with_context(|| format!("in {}", trace.display()))
}

fn durations(text: &str, names: &[String]) -> Result<BTreeMap<String, f64>> {
    let (execs, exits) = parse(text);
    let mut out = BTreeMap::new();
    for (pid, (name, start)) in execs {
        if !names.contains(&name) {
            continue;
        }
        let Some(end) = exits.get(&pid) else {
            bail!("process {pid} ({name}) has no exit_group");
        };
        out.insert(name, end - start);
    }
    Ok(out)
}

/// `pid → (program file name, time execve returned)` and `pid → exit time`,
/// from `strace -f -ttt -T` lines such as
/// `8285  1795969970.913700 execve("/x/release/ex000", […]) = 0 <0.000412>`
/// (entry time, and time spent in the call), or split in two when another
/// process's line came in between:
/// `8286  1795969970.926108 execve("/x/release/ex001", […] <unfinished ...>`
/// then `8286  1795969970.927001 <... execve resumed>) = 0 <0.000893>`.
type Parsed = (BTreeMap<u32, (String, f64)>, BTreeMap<u32, f64>);

fn parse(text: &str) -> Parsed {
    let (mut execs, mut exits) = (BTreeMap::new(), BTreeMap::new());
    let mut pending: BTreeMap<u32, String> = BTreeMap::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(pid), Some(time), Some(call)) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let (Ok(pid), Ok(time)) = (pid.parse::<u32>(), time.parse::<f64>()) else {
            continue;
        };
        if let Some(path) = call.strip_prefix("execve(\"") {
            let path = path.split('"').next().unwrap_or_default();
            let name = path.rsplit('/').next().unwrap_or(path).to_owned();
            if line.ends_with("<unfinished ...>") {
                pending.insert(pid, name);
            } else if let Some(spent) = spent(line) {
                execs.insert(pid, (name, time + spent));
            }
        } else if call == "<..." && line.contains("execve resumed>") {
            if let Some(name) = pending.remove(&pid) {
                execs.insert(pid, (name, time));
            }
        } else if call.starts_with("exit_group(") {
            exits.insert(pid, time);
        }
    }
    (execs, exits)
}

/// The `<0.000412>` at the end of a `-T` line, in seconds.
fn spent(line: &str) -> Option<f64> {
    let (_, last) = line.trim_end().rsplit_once('<')?;
    last.strip_suffix('>')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_exec_and_exit_by_process() {
        let trace = "\
8285  100.500000 execve(\"/b/release/ex000\", [\"/b/release/ex000\"], 0x1 /* 38 vars */) = 0 <0.001000>
8286  100.600000 execve(\"/b/release/ex001\", [\"/b/\"...], 0x2 /* 38 vars */ <unfinished ...>
8290  100.600500 execve(\"/usr/bin/cargo\", [\"cargo\"], 0x3 /* 38 vars */) = 0 <0.000100>
8286  100.601000 <... execve resumed>) = 0 <0.001000>
8285  100.751000 exit_group(0)           = ?
8286  101.001000 exit_group(0)           = ?
";
        let (execs, exits) = parse(trace);
        assert_eq!(execs[&8286], ("ex001".to_owned(), 100.601));
        assert_eq!(execs[&8285], ("ex000".to_owned(), 100.501));
        assert_eq!(exits.len(), 2);
        let names = ["ex000".to_owned(), "ex001".to_owned()];
        let got = durations(trace, &names).expect("parsed");
        assert!((got["ex000"] - 0.25).abs() < 1e-9 && (got["ex001"] - 0.4).abs() < 1e-9);
        let no_exit = "8285  1.0 execve(\"/b/release/ex000\", []) = 0 <0.000100>\n";
        assert!(durations(no_exit, &names).is_err(), "no exit is an error");
    }
}
