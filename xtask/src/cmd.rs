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

/// `cargo ARGS` that also lints the workspace's own crates as
/// `cargo clippy -- -D warnings` does, in the same compilation: clippy's
/// driver compiles every workspace member (`build.rustc-workspace-wrapper`)
/// and reads its extra arguments from `CLIPPY_ARGS`, joined by
/// `__CLIPPY_HACKERY__`, which is how `cargo clippy` itself hands them over
/// (rust-clippy `src/main.rs` and `src/driver.rs`). So the tests' debug build
/// is also the lint, and the crates are not compiled a second time in
/// check mode. The wrapper goes on the command line, not in the
/// environment, so that the tests' own cargo runs (fixture books) do not
/// inherit it; every command that reuses what the tests built must be made
/// here, or cargo compiles the crates again without the wrapper.
pub fn linted<I: IntoIterator<Item = &'static str>>(args: I) -> Result<Command> {
    let driver = clippy_driver()?;
    let mut cmd = cargo([]);
    cmd.arg("--config")
        .arg(format!(
            "build.rustc-workspace-wrapper={}",
            toml_string(&driver.to_string_lossy())
        ))
        .args(args)
        .env("CLIPPY_ARGS", CLIPPY_ARGS);
    Ok(cmd)
}

/// `-D warnings`, as `cargo clippy` passes what follows its `--` (.ci/run
/// sets the same; a test checks it).
pub const CLIPPY_ARGS: &str = "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__";

/// The `clippy-driver` beside the cargo that runs this xtask (the same
/// toolchain), else the one on `PATH` (rustup's proxy).
pub fn clippy_driver() -> Result<PathBuf> {
    let name = format!("clippy-driver{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|cargo| Some(cargo.parent()?.join(&name)))
        .filter(|p| p.is_file());
    beside.or_else(|| on_path(&name)).context(
        "clippy is not installed (no clippy-driver beside cargo or on PATH): run `rustup component add clippy`",
    )
}

/// Program `name` in a folder of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// `command` under `nice -n 10` where the system has `nice`: work started
/// beside a step that must not wait for it (the tests) then only takes the
/// cores that step leaves idle. Without `nice`, `command` as it is.
pub fn niced(command: Command) -> Command {
    let Some(nice) = on_path("nice") else {
        return command;
    };
    let mut niced = Command::new(nice);
    niced.args(["-n", "10"]).arg(command.get_program());
    niced.args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => niced.env(key, value),
            None => niced.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        niced.current_dir(dir);
    }
    niced
}

/// `text` as a TOML basic string, for a `--config KEY=VALUE` argument.
fn toml_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
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
    fn the_linted_build_names_clippys_driver_and_deny_warnings() {
        let c =
            linted(["test", "-p", "x"]).expect("clippy is installed (`cargo xtask test` needs it)");
        let args: Vec<String> = c
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[0], "--config");
        assert!(
            args[1].starts_with("build.rustc-workspace-wrapper=\""),
            "{args:?}"
        );
        assert!(args[1].contains("clippy-driver"), "{args:?}");
        assert_eq!(&args[2..], ["test", "-p", "x"]);
        let env: Vec<_> = c.get_envs().collect();
        assert_eq!(
            env,
            [(
                std::ffi::OsStr::new("CLIPPY_ARGS"),
                Some(std::ffi::OsStr::new(
                    "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
                ))
            )]
        );
    }

    #[test]
    fn toml_strings_escape_quotes_and_backslashes() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
        assert_eq!(
            toml_string("/usr/bin/clippy-driver"),
            "\"/usr/bin/clippy-driver\""
        );
    }

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
