//! The page shows what the sources on disk print, on any machine: a source
//! whose content changed behind an old file time is compiled again; an
//! edit reruns only the examples that read the file (cargo's dependency
//! files, `reads=`); an interpreter's start-up is not counted in its
//! example's times; a hanging example costs its timeout once; the counts
//! add up; and a fixture book holds every claim with the cores kept busy.

use crate::harness::Fixture;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// Set `path`'s modification time to `time` (as a copy that keeps file
/// times, or `touch -r`, would).
fn set_mtime(path: &Path, time: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .expect("set mtime");
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

fn printing(word: &str) -> String {
    format!("fn main() {{ println!(\"{word}\"); }}\n")
}

#[test]
fn an_edit_that_keeps_the_old_file_time_shows_the_new_output() {
    let mut f = Fixture::new();
    f.example("said", &printing("before the edit"))
        .chapter("ch.md", "# C\n\n{{#example said}}\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert!(built.page("ch.md").contains("before the edit"));
    let source = f.root().join("examples/src/bin/said.rs");
    let then = mtime(&source);
    f.example("said", &printing("after the edit"));
    set_mtime(&source, then);
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert!(
        built.page("ch.md").contains("after the edit"),
        "{}",
        built.log
    );
    assert!(built.log.contains("kept an old file time"), "{}", built.log);
}

#[test]
fn a_copy_restored_from_a_backup_shows_its_own_output() {
    let mut f = Fixture::new();
    f.example("restored", &printing("the backup"))
        .chapter("ch.md", "# C\n\n{{#example restored}}\n");
    assert!(f.build().ok);
    let source = f.root().join("examples/src/bin/restored.rs");
    let backup = f.root().join("restored.rs.bak");
    std::fs::copy(&source, &backup).expect("backup");
    set_mtime(&backup, mtime(&source));
    std::thread::sleep(Duration::from_millis(20));
    f.example("restored", &printing("the edit"));
    let built = f.build();
    assert!(built.page("ch.md").contains("the edit"), "{}", built.log);
    // Restored with its time (`cp -p`), and run again for another reason
    // (a new timeout is a new cache key): cargo's times say the binary of
    // the edit is up to date.
    std::fs::copy(&backup, &source).expect("restore");
    set_mtime(&source, mtime(&backup));
    f.chapter("ch.md", "# C\n\n{{#example restored timeout=20s}}\n");
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    let page = built.page("ch.md");
    assert!(
        page.contains("the backup") && !page.contains("the edit"),
        "{}\n{page}",
        built.log
    );
}

/// A fixture whose library (a helper module) is used by one example, whose
/// data file is included by another, and a third that uses neither.
fn shared_files_fixture() -> Fixture {
    let mut f = Fixture::new();
    let examples = f.root().join("examples");
    std::fs::create_dir_all(examples.join("data")).expect("mkdir");
    std::fs::write(examples.join("data/words.txt"), "one two\n").expect("data");
    std::fs::write(examples.join("data/runtime.txt"), "read when run\n").expect("data");
    std::fs::write(
        examples.join("src/lib.rs"),
        "pub fn helper() -> &'static str { \"helped\" }\n",
    )
    .expect("lib");
    f.example(
        "uses_helper",
        "fn main() { println!(\"{}\", fixture_examples::helper()); }\n",
    )
    .example(
        "includes_data",
        "fn main() { print!(\"{}\", include_str!(\"../../data/words.txt\")); }\n",
    )
    .example(
        "reads_at_run_time",
        "fn main() { print!(\"{}\", std::fs::read_to_string(\"data/runtime.txt\").unwrap()); }\n",
    )
    .example("alone", &printing("on its own"))
    .chapter(
        "ch.md",
        "# C\n\n{{#example uses_helper}}\n\n{{#example includes_data}}\n\n{{#example reads_at_run_time reads=data/runtime.txt}}\n\n{{#example alone}}\n",
    );
    f
}

/// The examples a build ran, from its report.
fn ran(built: &crate::harness::Built) -> Vec<String> {
    built.report()["references"]
        .as_array()
        .expect("references")
        .iter()
        .filter(|r| r["from_cache"] == false)
        .map(|r| r["example"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn an_edit_reruns_only_the_examples_that_read_the_file() {
    let f = shared_files_fixture();
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert_eq!(ran(&built).len(), 4);
    let examples = f.root().join("examples");
    // A second build learns nothing new: all four from the cache.
    let again = f.build();
    assert!(
        again.log.contains("0 built and run, 4 from cache"),
        "{}",
        again.log
    );
    for (file, text, rerun) in [
        ("data/words.txt", "three four\n", "includes_data"),
        (
            "src/lib.rs",
            "pub fn helper() -> &'static str { \"helped again\" }\n",
            "uses_helper",
        ),
        ("data/runtime.txt", "read again\n", "reads_at_run_time"),
    ] {
        std::fs::write(examples.join(file), text).expect("edit");
        let built = f.build();
        assert!(built.ok, "{}", built.log);
        assert_eq!(ran(&built), [rerun], "after editing {file}: {}", built.log);
        assert!(
            built.log.contains("1 built and run, 3 from cache"),
            "{}",
            built.log
        );
        let shown = text
            .trim()
            .trim_start_matches("pub fn helper() -> &'static str { \"");
        let shown = shown.split('"').next().expect("text");
        assert!(built.page("ch.md").contains(shown), "{shown}");
    }
}

#[test]
fn a_file_named_in_the_source_but_not_declared_is_a_warning_and_keys_everything() {
    let mut f = shared_files_fixture();
    f.chapter(
        "ch.md",
        "# C\n\n{{#example reads_at_run_time}}\n\n{{#example alone}}\n",
    );
    assert!(f.build().ok);
    let built = f.build();
    assert!(
        built.log.contains(
            "example `reads_at_run_time` names data/runtime.txt in its source but does not declare it: if it reads it when it runs, add `reads=data/runtime.txt`"
        ),
        "{}",
        built.log
    );
    // Never stale: an edit of any file of the package reruns it.
    std::fs::write(f.root().join("examples/data/runtime.txt"), "edited\n").expect("edit");
    let built = f.build();
    assert_eq!(ran(&built), ["reads_at_run_time"], "{}", built.log);
    assert!(built.page("ch.md").contains("edited"));
    let missing = f
        .chapter("ch.md", "# C\n\n{{#example alone reads=data/nope.txt}}\n")
        .build();
    assert!(!missing.ok);
    assert!(
        missing
            .log
            .contains("`reads=data/nope.txt` of example `alone`: there is no such file"),
        "{}",
        missing.log
    );
}

#[test]
fn counts_add_up_when_an_example_is_added() {
    let mut f = Fixture::new();
    f.example("first", &printing("1"))
        .chapter("ch.md", "# C\n\n{{#example first}}\n");
    assert!(f.build().ok);
    f.example("second", &printing("2")).chapter(
        "ch.md",
        "# C\n\n{{#example first}}\n\n{{#example second}}\n",
    );
    let built = f.build();
    assert!(
        built
            .log
            .contains("2 reference(s) to 2 example(s): 1 built and run, 1 from cache"),
        "{}",
        built.log
    );
    assert!(built.log.contains("ran 1/1: second"), "{}", built.log);
}

#[test]
fn a_hanging_example_costs_its_timeout_once_and_says_so_meanwhile() {
    let mut f = Fixture::new();
    f.example(
        "hangs",
        "fn main() { println!(\"waiting\"); std::thread::sleep(std::time::Duration::from_secs(600)); }\n",
    )
    .config("on-failure = \"continue\"")
    .chapter("ch.md", "# C\n\n{{#example hangs timeout=6s}}\n");
    let started = Instant::now();
    let built = f.build();
    assert!(built.ok, "{}", built.log);
    assert!(
        built
            .log
            .contains("hangs still running after 5 s (timeout 6 s)"),
        "{}",
        built.log
    );
    assert!(
        !built.log.contains("running them again, alone"),
        "a timeout is not a busy machine: {}",
        built.log
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    let again = f.build();
    assert!(
        again.log.contains("0 built and run, 1 from cache"),
        "{}",
        again.log
    );
    assert!(again.page("ch.md").contains("timed out"), "{}", again.log);
}

/// Busy threads, one more than there are cores, until dropped (or two
/// minutes at most).
struct Load {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start() -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = (0..=cores)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let started = Instant::now();
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed)
                        && started.elapsed() < Duration::from_secs(120)
                    {
                        x = std::hint::black_box(x.wrapping_add(1));
                    }
                })
            })
            .collect();
        Load { stop, threads }
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

#[test]
fn a_book_holds_every_claim_with_the_cores_kept_busy() {
    let mut f = Fixture::new();
    let examples = f.root().join("examples");
    std::fs::create_dir_all(examples.join("shell")).expect("mkdir");
    std::fs::create_dir_all(examples.join("python")).expect("mkdir");
    std::fs::write(
        examples.join("shell/count.sh"),
        "for n in 3 2 1; do\n  echo \"$n\"\n  sleep 0.1\ndone\necho \"liftoff\"\n",
    )
    .expect("shell");
    std::fs::write(
        examples.join("python/nap.py"),
        "import time\ntime.sleep(0.1)\nprint(\"after 100 ms\")\n",
    )
    .expect("python");
    f.example(
        "sleeps",
        "fn main() {\n    for i in 1..=3 {\n        std::thread::sleep(std::time::Duration::from_millis(100));\n        println!(\"tick {i}\");\n    }\n}\n",
    )
    .example(
        "spins",
        "fn main() {\n    let t = std::time::Instant::now();\n    let mut x = 0u64;\n    while t.elapsed() < std::time::Duration::from_millis(300) { x = x.wrapping_add(1); }\n    println!(\"{}\", x > 0);\n}\n",
    )
    .config("[preprocessor.examples.language.shell]\nextension = \"sh\"\nrun = \"bash {file}\"\n")
    .chapter(
        "ch.md",
        "# C\n\n{{#example sleeps total=\"~0.3s\"}}\n\n```expected\ntick 1 @ ~0.1s\ntick 2 @ ~0.2s\ntick 3 @ ~0.3s\n```\n\n{{#example count}}\n\n```expected\n3 @ ~0s\n2\n1\nliftoff @ ~0.3s\n```\n\n{{#example nap}}\n\n```expected\nafter 100 ms @ ~0.1s\n```\n\n{{#example spins total=\">250ms\"}}\n",
    );
    let load = Load::start();
    let built = f.build();
    drop(load);
    assert!(built.ok, "{}\n{:?}", built.log, built.error);
    assert!(built.log.contains(" 0 failed claim(s)"), "{}", built.log);
    let page = built.page("ch.md");
    assert!(
        page.contains("of interpreter start-up left out"),
        "the footer says how an interpreted run is timed: {page}"
    );
}
