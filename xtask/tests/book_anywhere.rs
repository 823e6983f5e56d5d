//! `cargo xtask` works on the clone it is started in, and the book's
//! preprocessor is found wherever cargo's target folder is: a fixture
//! repository in a temporary folder, built by the real xtask binary through
//! the real mdBook protocol, with a stand-in preprocessor.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");
/// What the xtask sets so that mdBook runs the preprocessor it built.
const COMMAND_ENV: &str = "MDBOOK_PREPROCESSOR__EXAMPLES__COMMAND";

/// A stand-in preprocessor: returns the book unchanged and leaves a mark.
const FAKE: &str = r#"#!/usr/bin/env python3
import json, pathlib, sys
if len(sys.argv) > 1 and sys.argv[1] == "supports":
    sys.exit(0)
ctx, book = json.load(sys.stdin)
pathlib.Path(ctx["root"], "preprocessor-ran").write_text("yes")
json.dump(book, sys.stdout)
"#;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A repository whose book.toml names the preprocessor like the real one,
/// at a path that does not exist; and the stand-in, in a folder with a space.
fn fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let root = dir.join("clone");
    write(
        &root.join("book.toml"),
        "[book]\ntitle = \"Fixture\"\n\n[preprocessor.examples]\n\
         command = \"target/release/mdbook-examples\"\n",
    );
    write(&root.join("xtask/Cargo.toml"), "");
    write(&root.join("src/SUMMARY.md"), "# Summary\n\n- [A](a.md)\n");
    write(&root.join("src/a.md"), "# A\n\nText.\n");
    let fake = dir.join("my target/release/mdbook-examples");
    write(&fake, FAKE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    (root, fake)
}

fn build_here(cwd: &Path, command: Option<&Path>) -> Output {
    let mut cmd = Command::new(XTASK);
    cmd.arg("build-here")
        .current_dir(cwd)
        .env_remove(COMMAND_ENV);
    if let Some(exe) = command {
        let quoted = shlex::try_quote(exe.to_str().expect("utf-8")).expect("quote");
        cmd.env(COMMAND_ENV, serde_json::Value::from(quoted).to_string());
    }
    cmd.output().expect("run xtask")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[test]
fn builds_the_clone_it_runs_in_with_the_preprocessor_it_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (root, fake) = fixture(dir.path());

    // Started in a subfolder of the clone, not in this repository.
    let out = build_here(&root.join("src"), Some(&fake));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(root.join("preprocessor-ran").is_file());
    assert!(root.join("book/a.html").is_file());

    // Without the override, book.toml's path is used, and it does not exist.
    let out = build_here(&root, None);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Unable to run the preprocessor"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn outside_a_clone_it_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = build_here(dir.path(), None);
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(e.contains("is not inside a clone"), "{e}");
    assert!(e.contains("run `cargo xtask` inside the repository"), "{e}");
}

#[test]
fn template_text_left_stops_the_book_before_anything_is_built() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (root, _) = fixture(dir.path());
    write(
        &root.join("examples/Cargo.toml"),
        "[package]\nname = \"ex\"\n",
    );
    write(
        &root.join("src/a.md"),
        "# A\n\n> **In one line:** ✎ say it.\n",
    );
    let out = Command::new(XTASK)
        .arg("book")
        .current_dir(&root)
        .output()
        .expect("run xtask");
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(e.contains("the book was not built"), "{e}");
    assert!(
        e.contains("src/a.md:3: template text left (marked `✎`): replace it with the chapter's own words: \"✎ say it.\""),
        "{e}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("cargo build"), "{stdout}");
    assert!(!root.join("book").exists());
}
