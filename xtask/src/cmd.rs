//! Running commands: each is printed before it runs, and a failure names it.

use anyhow::{Context, Result, bail, ensure};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The cargo that runs this xtask (`$CARGO`), so that nested calls use the same toolchain.
pub fn cargo<I: IntoIterator<Item = &'static str>>(args: I) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(args);
    cmd
}

/// Cargo's target folder for this workspace, wherever it is (`target/`,
/// `CARGO_TARGET_DIR`, `build.target-dir`), as `cargo metadata` reports it.
pub fn target_dir() -> Result<PathBuf> {
    let meta = cargo(["metadata", "--format-version", "1", "--no-deps"])
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run `cargo metadata`")?;
    ensure!(meta.status.success(), "`cargo metadata` failed");
    let meta: serde_json::Value =
        serde_json::from_slice(&meta.stdout).context("cannot read `cargo metadata`")?;
    let dir = meta["target_directory"]
        .as_str()
        .context("`cargo metadata` names no target directory")?;
    Ok(PathBuf::from(dir))
}

/// Where binary `name` of a release build lies in `target_dir`.
pub fn release_bin(target_dir: &Path, name: &str) -> PathBuf {
    target_dir
        .join("release")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
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
