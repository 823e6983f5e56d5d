//! A build limited to one core (`taskset`) leaves out the timing claims
//! that need two, and says so.

use super::{assert_no_panic, child_build, figure, texts};
use crate::harness::{Built, Fixture, timing_note};
use std::process::Command;

/// Two threads that each keep a core busy for 300 ms of CPU time: about
/// 300 ms on two cores, about 600 ms on one.
const TWO_BUSY_THREADS: &str = r#"use std::time::Duration;
#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}
extern "C" {
    fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
}
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID = 3).
fn cpu() -> Duration {
    let mut t = Timespec { sec: 0, nsec: 0 };
    assert_eq!(unsafe { clock_gettime(3, &mut t) }, 0);
    Duration::new(t.sec as u64, t.nsec as u32)
}
fn busy(name: &'static str) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let start = cpu();
        while cpu() - start < Duration::from_millis(300) {}
        println!("{name} done");
    })
}
fn main() {
    let (a, b) = (busy("a"), busy("b"));
    a.join().unwrap();
    b.join().unwrap();
}
"#;

#[test]
fn on_one_core_timing_claims_that_need_two_are_left_out_and_said_so() {
    if Command::new("taskset").arg("--version").output().is_err() {
        eprintln!(
            "skipped: `taskset` (util-linux) is not installed, and it is how this test limits a build to one core"
        );
        return;
    }
    let mut f = Fixture::new();
    f.example("busy", TWO_BUSY_THREADS).chapter(
        "ch.md",
        "# C\n\n{{#example busy order=any total=\"<450ms\" cores=2}}\n\n```expected\na done @ <450ms\nb done @ <450ms\n```\n",
    );
    f.write_book(&[]);
    let status = child_build(f.root(), &["taskset", "-c", "0"])
        .status()
        .expect("run the child build under taskset");
    let built = Built {
        ok: status.success(),
        root: f.root().to_path_buf(),
        book_dir: f.root().join("book"),
        log: std::fs::read_to_string(f.root().join("preprocessor.log")).unwrap_or_default(),
        error: None,
    };
    // Checked, the claims would fail (`on-failure` is `bail`): the build
    // succeeds only because they were left out.
    assert!(built.ok, "{}", built.log);
    assert_no_panic(&built);
    let reference = built.reference("busy");
    assert_eq!(
        reference["timing_unchecked"],
        serde_json::json!({"needed_cores": 2, "offered_cores": 1}),
        "{reference:#}"
    );
    assert_eq!(
        reference["failures"],
        serde_json::json!([]),
        "{reference:#}"
    );
    built.assert_timing_unchecked(0, 1);
    let page = built.page("ch.md");
    let busy = figure(&page, "busy");
    assert!(busy.contains(&timing_note(1)), "{busy}");
    assert!(!page.contains("mdbx-error"), "{page}");
    let mut lines = texts(busy);
    lines.sort();
    assert_eq!(lines, ["a done", "b done"]);

    // With the cores it needs, the cached one-core run is not served: the
    // example runs again and its timing is checked (whether the claims hold
    // on this shared machine is not the point here).
    if std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2 {
        let again = f.run_build("book");
        let reference = again.reference("busy");
        assert_eq!(reference["from_cache"], false, "{reference:#}");
        assert_eq!(reference["timing_unchecked"], serde_json::Value::Null);
    }
}
