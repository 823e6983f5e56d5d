//! What compiling one binary read, from the dependency files cargo and rustc
//! write: `target/release/NAME.d` (cargo: every local file, its own and
//! those of the local crates it depends on) and `deps/NAME-HASH.d` (rustc:
//! the files of this crate alone, modules and `include_str!`/`include_bytes!`
//! files included). The second is the one hard-linked to the executable.
//!
//! The files of the local crates it depends on count only when its own
//! files name one of those crates: every binary of a package gets the
//! package's library, but a binary that never names it does not use it.

use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The files compiling the binary at `executable` read (its own files among
/// them), or `None` when cargo's files do not tell.
pub fn compile_inputs(executable: &Path) -> Option<Vec<PathBuf>> {
    let mut cargo_d = executable.as_os_str().to_owned();
    cargo_d.push(".d");
    let all = prerequisites(&std::fs::read_to_string(PathBuf::from(cargo_d)).ok()?);
    let own_d = rustc_dep_info(executable)?;
    let own = absolute(prerequisites(&std::fs::read_to_string(own_d).ok()?), &all)?;
    let others: Vec<PathBuf> = all.into_iter().filter(|p| !own.contains(p)).collect();
    let crates: BTreeSet<String> = others.iter().filter_map(|p| crate_of(p)).collect();
    let names_one = own.iter().any(|p| {
        p.extension().is_some_and(|e| e == "rs")
            && std::fs::read_to_string(p).is_ok_and(|text| crates.iter().any(|c| names(&text, c)))
    });
    let mut inputs = own;
    if names_one {
        inputs.extend(others);
    }
    inputs.sort();
    inputs.dedup();
    Some(inputs)
}

/// The prerequisites of the first rule of a make-style dependency file
/// (`target: a b\ c`), unescaped.
fn prerequisites(text: &str) -> Vec<PathBuf> {
    let Some(line) = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
    else {
        return Vec::new();
    };
    // The target ends at the first `: ` (a path may hold a colon, not this pair).
    let Some((_, rest)) = line.split_once(": ") else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    let mut current = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ' ' => {
                if !current.is_empty() {
                    paths.push(PathBuf::from(std::mem::take(&mut current)));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        paths.push(PathBuf::from(current));
    }
    paths
}

/// rustc's dependency file of the crate linked as `executable`: in
/// `deps/`, next to the file with the same inode (cargo hard-links it).
fn rustc_dep_info(executable: &Path) -> Option<PathBuf> {
    let meta = std::fs::metadata(executable).ok()?;
    let deps = executable.parent()?.join("deps");
    let stem = executable.file_name()?.to_str()?.replace('-', "_");
    let prefix = format!("{stem}-");
    std::fs::read_dir(&deps).ok()?.flatten().find_map(|entry| {
        let name = entry.file_name();
        let name = name.to_str()?;
        let hash = name.strip_prefix(&prefix)?;
        let linked = !hash.contains('.')
            && entry
                .metadata()
                .is_ok_and(|m| m.ino() == meta.ino() && m.dev() == meta.dev());
        linked.then(|| deps.join(format!("{name}.d")))
    })
}

/// `paths` as absolute paths: rustc writes them relative to where it ran
/// (the workspace), as `src/bin/../../data/x.txt` for an included file;
/// that folder is where a path cargo lists (absolute) ends with one of them.
fn absolute(paths: Vec<PathBuf>, all: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let base = paths.iter().filter(|p| p.is_relative()).find_map(|rel| {
        let listed = all.iter().find(|a| a.ends_with(rel))?;
        listed.ancestors().nth(rel.components().count())
    });
    paths
        .into_iter()
        .map(|p| match (p.is_absolute(), base) {
            (true, _) => Some(p),
            (false, Some(base)) => Some(normalise(&base.join(p))),
            (false, None) => None,
        })
        .collect()
}

/// `path` without `.` and `..` components (lexically, as rustc meant them).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The name of the library crate of the package `file` belongs to.
fn crate_of(file: &Path) -> Option<String> {
    file.ancestors().skip(1).find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        let manifest: toml::Table = toml::from_str(&text).ok()?;
        let package = manifest.get("package")?.get("name")?.as_str()?;
        let lib = manifest.get("lib").and_then(|l| l.get("name")?.as_str());
        Some(lib.unwrap_or(package).replace('-', "_"))
    })
}

/// Whether `text` names `ident` as a whole word.
fn names(text: &str, ident: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(ident).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + ident.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_rules_are_unescaped() {
        let text = "/t/deps/a-1: src/bin/a.rs data/my\\ file.txt\n\nsrc/bin/a.rs:\n";
        assert_eq!(
            prerequisites(text),
            [
                PathBuf::from("src/bin/a.rs"),
                PathBuf::from("data/my file.txt")
            ]
        );
        assert!(prerequisites("# env-dep:X\n").is_empty());
    }

    #[test]
    fn a_crate_is_named_as_a_whole_word() {
        assert!(names("use helpers::x;", "helpers"));
        assert!(names("helpers::busy_for()", "helpers"));
        assert!(!names("my_helpers::x", "helpers"));
        assert!(!names("helpers2", "helpers"));
    }

    #[test]
    fn a_binary_gets_its_own_files_and_its_library_only_if_it_names_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let release = root.join("target/release");
        std::fs::create_dir_all(release.join("deps")).expect("mkdir");
        std::fs::create_dir_all(root.join("pkg/src/bin")).expect("mkdir");
        std::fs::write(root.join("pkg/Cargo.toml"), "[package]\nname = 'my-pkg'\n").expect("write");
        let (lib, data) = (root.join("pkg/src/lib.rs"), root.join("pkg/data.txt"));
        std::fs::write(&lib, "pub fn f() {}").expect("write");
        std::fs::write(&data, "words").expect("write");
        let inputs_of = |name: &str, source: &str| {
            let main = root.join(format!("pkg/src/bin/{name}.rs"));
            std::fs::write(&main, source).expect("write");
            let exe = release.join(name);
            std::fs::write(&exe, "binary").expect("write");
            std::fs::hard_link(&exe, release.join(format!("deps/{name}-0123abcd"))).expect("link");
            std::fs::write(
                release.join(format!("deps/{name}-0123abcd.d")),
                format!(
                    "{}/deps/{name}-0123abcd: pkg/src/bin/{name}.rs pkg/src/bin/../../data.txt\n",
                    release.display()
                ),
            )
            .expect("write");
            std::fs::write(
                release.join(format!("{name}.d")),
                format!(
                    "{}: {} {} {}\n",
                    exe.display(),
                    lib.display(),
                    main.display(),
                    data.display()
                ),
            )
            .expect("write");
            (main.clone(), compile_inputs(&exe).expect("inputs"))
        };
        let (main, alone) = inputs_of("alone", "fn main() { include_str!(\"../../data.txt\"); }");
        assert_eq!(alone, [data.clone(), main]);
        let (main, uses) = inputs_of("uses", "fn main() { my_pkg::f(); }");
        assert_eq!(uses, [data, main, lib]);
    }
}
