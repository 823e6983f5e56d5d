//! The cache: builds at the same time, damaged or tampered entries, an
//! edit during a build.

use super::{assert_shows, check_cache_folder, figure, slow_book, texts};
use crate::harness::Fixture;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[test]
fn two_builds_at_once_both_succeed_and_the_cache_stays_valid() {
    let mut f = Fixture::new();
    slow_book(&mut f, "v1");
    f.write_book(&[]);
    // mdBook's HTML renderer empties its output folder first, so the two
    // builds write to two folders (as `mdbook serve` and `mdbook build` do);
    // everything of ours (the cache, the report, cargo's target) is shared.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| f.run_build("book-a"));
        let b = s.spawn(|| f.run_build("book-b"));
        (a.join().expect("a"), b.join().expect("b"))
    });
    assert_shows(&a, "v1");
    assert_shows(&b, "v1");
    let (entries, _) = check_cache_folder(f.root());
    assert_eq!(entries, 4);
    let c = f.run_build("book");
    assert_shows(&c, "v1");
    assert_eq!(c.cached(), [true; 4]);

    // Again with one warm and one cold example, both builds at once.
    f.example(
        "slow3",
        "fn main() { println!(\"slow3 v1 start\"); println!(\"slow3 v1 done\"); }\n",
    );
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| f.run_build("book-a"));
        let b = s.spawn(|| f.run_build("book-b"));
        (a.join().expect("a"), b.join().expect("b"))
    });
    assert_shows(&a, "v1");
    assert_shows(&b, "v1");
    assert_eq!(check_cache_folder(f.root()).0, 5);
}

#[test]
fn truncated_garbage_or_tampered_cache_entries_are_rebuilt_and_target_can_go() {
    let mut f = Fixture::new();
    slow_book(&mut f, "v1");
    assert_shows(&f.build(), "v1");
    let dir = f.root().join("target/mdbook-examples");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.ends_with("report.json")
                && !p.ends_with("history.json")
        })
        .collect();
    entries.sort();
    assert_eq!(entries.len(), 4);
    // Which entry is which example: by the output it holds.
    let example_of = |p: &Path| -> usize {
        let text = std::fs::read_to_string(p).expect("entry");
        (0..4)
            .find(|i| text.contains(&format!("slow{i} v1")))
            .expect("an example's entry")
    };
    let damaged: BTreeSet<usize> = entries[..3].iter().map(|p| example_of(p)).collect();
    let bytes = std::fs::read(&entries[0]).expect("read");
    std::fs::write(&entries[0], &bytes[..bytes.len() / 2]).expect("truncate");
    std::fs::write(&entries[1], b"\xff\0garbage{{").expect("garbage");
    let text = std::fs::read_to_string(&entries[2]).expect("read");
    let tampered = Regex::new(r"slow(\d) v1 done")
        .expect("re")
        .replace(&text, "slow$1 v1 DONE");
    assert_ne!(tampered, text);
    std::fs::write(&entries[2], tampered.as_bytes()).expect("tamper");
    let second = f.build();
    assert_shows(&second, "v1");
    let cached = second.cached();
    let rebuilt: BTreeSet<usize> = (0..4).filter(|i| !cached[*i]).collect();
    assert_eq!(rebuilt, damaged, "{cached:?}");
    assert_eq!(check_cache_folder(f.root()).0, 4);

    // No target/ at all: the book's holds cargo's output too (never the
    // examples folder, which `mdbook serve` may watch).
    assert!(!f.root().join("examples/target").exists());
    assert!(
        f.root()
            .join("target/mdbook-examples/cargo/release")
            .is_dir()
    );
    std::fs::remove_dir_all(f.root().join("target")).expect("rm target");
    let third = f.build();
    assert_shows(&third, "v1");
    assert_eq!(third.cached(), [false; 4]);
    assert_eq!(f.build().cached(), [true; 4]);
}

#[test]
fn an_edit_during_the_build_is_not_cached_with_the_old_output() {
    // The example edits its own source while it runs, as a writer saving the
    // file under `mdbook serve` would.
    const SELF_EDIT: &str = r#"fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin/self_edit.rs");
    let me = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, me.replace("\"v1\"", "\"v2\"")).unwrap();
    println!("{}", "v1");
}
"#;
    let mut f = Fixture::new();
    f.example("self_edit", SELF_EDIT)
        .chapter("ch.md", "# C\n\n{{#example self_edit}}\n");
    let first = f.build();
    assert!(first.ok, "{}", first.log);
    assert_eq!(texts(figure(&first.page("ch.md"), "self_edit")), ["v1"]);
    let source =
        std::fs::read_to_string(f.root().join("examples/src/bin/self_edit.rs")).expect("source");
    assert!(source.contains("\"v2\""), "the example edited itself");
    let second = f.build();
    assert!(second.ok, "{}", second.log);
    assert_eq!(
        texts(figure(&second.page("ch.md"), "self_edit")),
        ["v2"],
        "the output of the old source was served for the new one"
    );
}
