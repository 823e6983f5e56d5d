//! What compiling one binary read, from the dependency files rustc writes
//! (`deps/NAME-HASH.d`: the files of one crate, modules and
//! `include_str!`/`include_bytes!` files included): the binary's own (the
//! one next to the file hard-linked to the executable), and those of the
//! local library crates it may use (the package's library, local path
//! dependencies), as cargo reported them. (Cargo's own `target/release/NAME.d`
//! would list both, but cargo does not write it when another target of the
//! build fails to compile, as an intended compile failure does.)
//!
//! The files of the local libraries count only when the binary's own files
//! name one of those crates: every binary of a package gets the package's
//! library, but a binary that never names it does not use it.

use crate::running::build::LocalLib;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The files compiling the binary at `executable` read (its own files among
/// them), given the local libraries of the build and the folders rustc may
/// have run in (`bases`: the workspace's, the package's); `None` when the
/// dependency files do not tell.
pub fn compile_inputs(
    executable: &Path,
    libs: &[LocalLib],
    bases: &[PathBuf],
) -> Option<Vec<PathBuf>> {
    let own = files_of(&rustc_dep_info(executable)?, bases)?;
    let names_one = own.iter().any(|p| {
        p.extension().is_some_and(|e| e == "rs")
            && std::fs::read_to_string(p)
                .is_ok_and(|text| libs.iter().any(|l| names(&text, &l.crate_name)))
    });
    let mut inputs = own;
    if names_one {
        for lib in libs {
            inputs.extend(files_of(&lib.dep_info, bases)?);
        }
    }
    inputs.sort();
    inputs.dedup();
    Some(inputs)
}

/// The files rustc's dependency file `dep_info` lists, as absolute paths.
fn files_of(dep_info: &Path, bases: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let text = std::fs::read_to_string(dep_info).ok()?;
    prerequisites(&text)
        .into_iter()
        .map(|p| absolute(&p, bases))
        .collect()
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

/// `path` as an absolute path: rustc writes it relative to where it ran
/// (one of `bases`), as `examples/src/bin/../../data/x.txt` for an included
/// file; the first base under which it exists.
fn absolute(path: &Path, bases: &[PathBuf]) -> Option<PathBuf> {
    if path.is_absolute() {
        return Some(path.to_path_buf());
    }
    bases
        .iter()
        .map(|base| normalise(&base.join(path)))
        .find(|p| p.exists())
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
        let root = dir.path().to_path_buf();
        let deps = root.join("target/release/deps");
        std::fs::create_dir_all(&deps).expect("mkdir");
        std::fs::create_dir_all(root.join("pkg/src/bin")).expect("mkdir");
        let (lib, data) = (root.join("pkg/src/lib.rs"), root.join("pkg/data.txt"));
        std::fs::write(&lib, "pub fn f() {}").expect("write");
        std::fs::write(&data, "words").expect("write");
        std::fs::write(deps.join("my_pkg-99.d"), "x: pkg/src/lib.rs\n").expect("write");
        let libs = [LocalLib {
            crate_name: "my_pkg".into(),
            dep_info: deps.join("my_pkg-99.d"),
        }];
        let inputs_of = |name: &str, source: &str| {
            let main = root.join(format!("pkg/src/bin/{name}.rs"));
            std::fs::write(&main, source).expect("write");
            let exe = root.join("target/release").join(name);
            std::fs::write(&exe, "binary").expect("write");
            std::fs::hard_link(&exe, deps.join(format!("{name}-0123abcd"))).expect("link");
            std::fs::write(
                deps.join(format!("{name}-0123abcd.d")),
                format!("x: pkg/src/bin/{name}.rs pkg/src/bin/../../data.txt\n"),
            )
            .expect("write");
            let bases = [root.join("elsewhere"), root.clone()];
            (main, compile_inputs(&exe, &libs, &bases).expect("inputs"))
        };
        let (main, alone) = inputs_of("alone", "fn main() { include_str!(\"../../data.txt\"); }");
        assert_eq!(alone, [data.clone(), main]);
        let (main, uses) = inputs_of("uses", "fn main() { my_pkg::f(); }");
        assert_eq!(uses, [data, main, lib]);
    }
}
