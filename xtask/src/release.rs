//! The prebuilt-binary route, checked without the network: the archive
//! `.ci/release-archive` makes (the script the release workflow calls) is
//! the one `cargo binstall` looks for, as preprocessor/Cargo.toml's
//! `[package.metadata.binstall]` template resolves for each target the
//! workflow builds, with the binary where `bin-dir` says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the repository")
        .to_path_buf()
}

/// binstall's template language: `{ key }` (spaces optional) → its value.
fn resolve(template: &str, vars: &BTreeMap<&str, &str>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').expect("a closed placeholder") + open;
        let key = rest[open + 1..close].trim();
        let value = vars
            .get(key)
            .unwrap_or_else(|| panic!("unknown placeholder `{key}` in {template}"));
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The preprocessor's manifest.
fn manifest() -> toml::Table {
    let text = std::fs::read_to_string(repo().join("preprocessor/Cargo.toml")).expect("manifest");
    toml::from_str(&text).expect("valid manifest")
}

/// The targets the release workflow builds.
fn workflow_targets() -> Vec<String> {
    let text =
        std::fs::read_to_string(repo().join(".github/workflows/release.yml")).expect("workflow");
    assert!(
        text.contains(".ci/release-archive ${{ matrix.target }}"),
        "the workflow packages with .ci/release-archive"
    );
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- target: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_archive_the_workflow_makes_is_the_one_binstall_resolves() {
    let manifest = manifest();
    let package = &manifest["package"];
    let (name, version) = (
        package["name"].as_str().expect("name"),
        package["version"].as_str().expect("version"),
    );
    let binstall = &package["metadata"]["binstall"];
    assert_eq!(binstall["pkg-fmt"].as_str(), Some("tgz"));
    let targets = workflow_targets();
    assert!(
        targets.contains(&"x86_64-unknown-linux-gnu".to_string()),
        "{targets:?}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = dir.path().join("built");
    std::fs::write(&binary, "#!/bin/sh\necho stand-in\n").expect("write");
    for target in &targets {
        let out = dir.path().join("dist");
        let made = Command::new("bash")
            .arg(repo().join(".ci/release-archive"))
            .arg(target)
            .arg(&binary)
            .arg(&out)
            .output()
            .expect("runs .ci/release-archive");
        assert!(made.status.success(), "{made:?}");
        let archive = PathBuf::from(String::from_utf8(made.stdout).expect("utf-8").trim());

        let vars = BTreeMap::from([
            ("repo", "https://github.com/OWNER/REPO"),
            ("name", name),
            ("version", version),
            ("target", target.as_str()),
            ("archive-suffix", ".tar.gz"),
            ("archive-format", "tgz"),
            ("bin", "mdbook-examples"),
            ("binary-ext", ""),
        ]);
        let url = resolve(binstall["pkg-url"].as_str().expect("pkg-url"), &vars);
        assert_eq!(
            url.rsplit('/').next(),
            archive.file_name().and_then(|n| n.to_str()),
            "{url}"
        );
        assert!(
            url.contains(&format!("/releases/download/v{version}/")),
            "{url}"
        );

        let bin_dir = resolve(binstall["bin-dir"].as_str().expect("bin-dir"), &vars);
        let listing = Command::new("tar")
            .arg("-tzf")
            .arg(&archive)
            .output()
            .expect("tar");
        let listing = String::from_utf8(listing.stdout).expect("utf-8");
        assert!(
            listing.lines().any(|l| l == bin_dir),
            "{bin_dir} in\n{listing}"
        );
        let unpacked = dir.path().join(format!("unpacked-{target}"));
        std::fs::create_dir_all(&unpacked).expect("mkdir");
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(&unpacked)
            .status()
            .expect("tar");
        assert!(status.success());
        let bin = unpacked.join(&bin_dir);
        assert_eq!(
            std::fs::read(&bin).expect("the binary"),
            std::fs::read(&binary).expect("the built file")
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&bin).expect("stat").permissions().mode();
        assert!(mode & 0o111 != 0, "not executable: {mode:o}");
    }
}

#[test]
fn templates_resolve_with_or_without_spaces() {
    let vars = BTreeMap::from([("name", "x"), ("version", "1.0")]);
    assert_eq!(resolve("{ name }-v{version}", &vars), "x-v1.0");
}
