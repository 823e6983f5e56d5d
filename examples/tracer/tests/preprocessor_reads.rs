//! What the tracer writes is what the preprocessor reads: this test runs a
//! traced tokio program in a child process (itself, with the variable set,
//! as the preprocessor would) and parses the file with mdbook-examples' own
//! parser.

use mdbook_examples::trace::{Alignment, parse};
use mdbook_examples_tracer as trace;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const TEST: &str = "the_preprocessor_reads_what_the_tracer_writes";

/// The traced program: two spawned tasks that finish and one that is aborted.
fn traced_program() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let nap = || tokio::time::sleep(Duration::from_millis(20));
        let a = trace::spawn("a", async move { nap().await });
        let b = trace::spawn("b", async move { nap().await });
        let forever = trace::spawn("forever", std::future::pending::<()>());
        a.await.expect("a");
        b.await.expect("b");
        forever.abort();
        assert!(forever.await.expect_err("aborted").is_cancelled());
    });
}

fn wall_us() -> u64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH);
    u64::try_from(since.expect("after 1970").as_micros()).expect("µs fit")
}

#[test]
fn the_preprocessor_reads_what_the_tracer_writes() {
    if std::env::var_os(trace::ENV).is_some() {
        return traced_program();
    }
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let spawn_wall = wall_us();
    let started = Instant::now();
    let child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", TEST, "--test-threads=1"])
        .env(trace::ENV, file.path())
        .output()
        .expect("run the traced program");
    let total = u64::try_from(started.elapsed().as_micros()).expect("µs fit");
    assert!(
        child.status.success(),
        "the traced program failed:\n{}{}",
        String::from_utf8_lossy(&child.stdout),
        String::from_utf8_lossy(&child.stderr)
    );

    let text = std::fs::read_to_string(file.path()).expect("read the trace");
    let trace = parse(&text, spawn_wall, total).expect("a trace");
    assert_eq!(trace.skipped, 0, "{text}");
    assert_eq!(trace.alignment, Alignment::WallClock);
    let names: Vec<&str> = trace.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "forever"]);
    for t in &trace.tasks[..2] {
        assert!(t.finished() && t.dropped.is_none(), "{t:?}");
        assert!(t.polls.len() >= 2 && !t.wakes.is_empty(), "{t:?}");
    }
    let forever = &trace.tasks[2];
    assert!(
        !forever.finished() && forever.dropped.is_some(),
        "{forever:?}"
    );
    assert!(
        trace.threads.iter().any(|t| t.starts_with("worker ")),
        "{:?}",
        trace.threads
    );
    for t in &trace.tasks {
        for p in &t.polls {
            assert!(trace.origin_us <= p.start_us && p.end_us <= total, "{p:?}");
        }
    }
}
