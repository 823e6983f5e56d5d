//! Running commands: each is printed before it runs, and a failure names it.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// The cargo that runs this xtask (`$CARGO`), so that nested calls use the same toolchain.
pub fn cargo<I: IntoIterator<Item = &'static str>>(args: I) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(args);
    cmd
}

/// Print `cmd`, run it with inherited stdio, and fail unless it exits successfully.
pub fn run(cmd: &mut Command) -> Result<()> {
    let line = display(cmd);
    println!("xtask: $ {line}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot run `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// `cmd` as a shell-like line: env overrides, program (cargo by name only), arguments.
pub fn display(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), v?.to_string_lossy())))
        .collect();
    let program = Path::new(cmd.get_program());
    let is_cargo = program.file_stem().is_some_and(|s| s == "cargo");
    parts.push(if is_cargo {
        "cargo".to_owned()
    } else {
        program.display().to_string()
    });
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_env_program_and_args() {
        let mut c = Command::new("/home/u/.rustup/toolchains/stable/bin/cargo");
        c.args(["build", "-p", "x"]).env("A", "1");
        assert_eq!(display(&c), "A=1 cargo build -p x");
        let mut m = Command::new(".tools/bin/mdbook");
        m.arg("build");
        assert_eq!(display(&m), ".tools/bin/mdbook build");
    }
}
