//! Processes: a run that never ends is timed out, one that ignores SIGTERM
//! is killed, children, grandchildren and daemons go with it, stdin is
//! empty.

use super::misbehaving::{misbehaving, page_of};
use super::{figure, texts};

#[test]
fn a_run_that_never_ends_is_timed_out() {
    let m = misbehaving();
    let r = m.built.reference("never_ends");
    assert_eq!(r["exit"], "TimedOut");
    let total = r["total_seconds"].as_f64().expect("total");
    assert!((0.35..5.0).contains(&total), "total {total}");
    let page = page_of("never_ends");
    let fig = figure(&page, "never_ends");
    assert!(fig.contains("timed out, killed"));
    assert_eq!(
        texts(fig).first().map(String::as_str),
        Some("tick 0"),
        "{fig}"
    );
}

#[test]
fn an_example_that_ignores_sigterm_is_killed_with_sigkill() {
    let m = misbehaving();
    let page = page_of("ignores_term");
    let fig = figure(&page, "ignores_term");
    assert_eq!(
        texts(fig).first().map(String::as_str),
        Some("ignoring SIGTERM: true"),
        "the example must really ignore SIGTERM"
    );
    let r = m.built.reference("ignores_term");
    assert_eq!(r["exit"], "TimedOut");
    let total = r["total_seconds"].as_f64().expect("total");
    // 300 ms timeout, then SIGTERM (ignored), then SIGKILL after a grace period.
    assert!((0.3..5.0).contains(&total), "total {total}");
    let pid = &m.left["ignores_term"];
    assert_eq!(pid.len(), 1, "{fig}");
    assert!(
        !m.survived.contains(&pid[0]),
        "pid {} outlived its timeout",
        pid[0].0
    );
}

#[test]
fn children_and_grandchildren_are_killed_with_the_example() {
    let m = misbehaving();
    for label in ["child", "grandchild"] {
        let pids = &m.left[label];
        assert_eq!(pids.len(), 1, "the example printed no {label} pid");
        for p in pids {
            assert!(
                !m.survived.contains(p),
                "{label} {} outlived the example",
                p.0
            );
        }
    }
    // The child held stdout open after the example exited: no wait for it.
    let r = m.built.reference("forks");
    assert_eq!(r["exit"], "Code(0)");
    let total = r["total_seconds"].as_f64().expect("total");
    assert!(total < 5.0, "total {total}");
}

#[test]
fn a_daemon_holding_the_pipe_does_not_hang_the_build() {
    let m = misbehaving();
    let r = m.built.reference("daemon");
    assert_eq!(r["exit"], "Code(0)");
    assert!(r["total_seconds"].as_f64().expect("total") < 5.0);
    // Nor the build: the daemon's pipe is given up half a second after the
    // example's exit, not at its 30 s timeout (the whole book takes about
    // 3 s on an idle machine).
    assert!(
        m.elapsed < std::time::Duration::from_secs(25),
        "the misbehaving book took {:?}",
        m.elapsed
    );
    assert_eq!(
        m.left["daemon"].len(),
        1,
        "the example printed no daemon pid"
    );
}

#[test]
fn a_daemon_that_leaves_the_process_group_is_killed_too() {
    let m = misbehaving();
    let daemon = &m.left["daemon"];
    assert_eq!(daemon.len(), 1);
    assert!(
        !m.survived.contains(&daemon[0]),
        "daemon {} outlived the example (killed by the test)",
        daemon[0].0
    );
}

#[test]
fn an_example_reading_stdin_gets_eof_at_once() {
    let m = misbehaving();
    let page = page_of("reads_stdin");
    assert_eq!(
        texts(figure(&page, "reads_stdin")),
        ["stdin gave 0 bytes", "read_line gave 0 bytes"]
    );
    let r = m.built.reference("reads_stdin");
    assert_eq!(r["exit"], "Code(0)");
    assert!(r["total_seconds"].as_f64().expect("total") < 5.0);
}
