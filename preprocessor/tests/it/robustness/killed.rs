//! Builds killed mid-way: the next build recovers, kills what the killed
//! one left and runs only what it did not finish.

use super::{
    assert_no_panic, assert_shows, check_cache_folder, figure, slow_book, spawn_child_build,
    survivors, texts,
};
use crate::harness::Fixture;
use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;
use std::time::{Duration, Instant};

/// When to kill the child build.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// This long after it started.
    After(Duration),
    /// As soon as the preprocessor printed this (polled every few ms).
    Printed(&'static str),
}

#[test]
fn a_build_killed_at_any_moment_does_not_break_the_next_one() {
    let mut f = Fixture::new();
    let points = [
        KillAt::After(Duration::from_millis(100)),
        KillAt::After(Duration::from_millis(500)),
        KillAt::After(Duration::from_secs(1)),
        KillAt::Printed("ran 2/"),
        KillAt::Printed("ran 4/4"),
    ];
    let log = f.root().join("preprocessor.log");
    let mut phases = Vec::new();
    for (round, point) in points.into_iter().enumerate() {
        let version = format!("r{round}");
        slow_book(&mut f, &version);
        f.write_book(&[]);
        let log_start = std::fs::metadata(&log).map_or(0, |m| m.len() as usize);
        let started = Instant::now();
        let mut child = spawn_child_build(f.root());
        loop {
            let printed = std::fs::read(&log).unwrap_or_default();
            let printed = String::from_utf8_lossy(printed.get(log_start..).unwrap_or_default());
            let due = match point {
                KillAt::After(d) => started.elapsed() >= d,
                KillAt::Printed(text) => printed.contains(text),
            };
            let finished = child.try_wait().expect("try_wait").is_some();
            if due || finished || started.elapsed() > Duration::from_secs(60) {
                let last = printed.lines().rfind(|l| l.starts_with("mdbook-examples"));
                phases.push(format!(
                    "{point:?} at {:?}: {}",
                    started.elapsed(),
                    if finished {
                        "already finished"
                    } else {
                        last.unwrap_or("(nothing printed yet)")
                    }
                ));
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        let _ = killpg(group, Signal::SIGKILL);
        child.wait().expect("reap the child");

        // Whatever the killed build left: no entry that is not valid.
        let (_, temp) = check_cache_folder(f.root());
        if let Some(p) = phases.last_mut() {
            p.push_str(&format!(" (temp files left: {})", temp.len()));
        }
        // The next build is right (its `expected` blocks say `r{round}`).
        let next = f.run_build("book");
        assert_shows(&next, &version);
        assert_no_panic(&next);
        check_cache_folder(f.root());
    }
    eprintln!("kill points:\n  {}", phases.join("\n  "));
}

#[test]
fn examples_left_running_by_a_killed_build_are_killed_by_the_next_one() {
    let mut f = Fixture::new();
    f.example(
        "lingers",
        "fn main() {\n    std::fs::write(\"lingers.pid\", std::process::id().to_string()).unwrap();\n    std::thread::sleep(std::time::Duration::from_secs(60));\n}\n",
    )
    .chapter("ch.md", "# C\n\n{{#example lingers timeout=60s}}\n");
    f.write_book(&[]);
    let pid_file = f.root().join("examples/lingers.pid");
    let started = Instant::now();
    let mut child = spawn_child_build(f.root());
    // The file exists a moment before its pid is written into it.
    let written = || std::fs::read_to_string(&pid_file).ok()?.parse::<i32>().ok();
    let mut pid = written();
    while pid.is_none() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
        pid = written();
    }
    // The build records a group just after starting it: on a busy machine
    // the example can write its pid first. Kill the build once the record
    // is there (a build killed in between cannot know of the example).
    let recorded = |pid: i32| {
        let record = f
            .root()
            .join(format!("target/mdbook-examples/running/{pid}"));
        std::fs::read_to_string(record).is_ok_and(|time| !time.trim().is_empty())
    };
    while pid.is_some_and(|p| !recorded(p)) && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
    let _ = killpg(group, Signal::SIGKILL);
    child.wait().expect("reap the child");
    let pid = pid.expect("the example started and wrote its pid within 60 s");
    assert!(
        recorded(pid),
        "the build recorded the example's group within 60 s"
    );
    // The next build does not even run it.
    f.chapter("ch.md", "# C\n\nNo examples any more.\n");
    let next = f.build();
    let left = survivors(&[(pid, "lingers".into())], Duration::from_secs(2));
    // Only a survivor: the pid of a process that is gone may already be
    // another one's (another test's preprocessor, say).
    for (pid, _) in &left {
        let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
    }
    assert!(next.ok, "{}", next.log);
    assert!(
        left.is_empty(),
        "example {pid} of the killed build still runs (killed by the test)"
    );
}

/// Eight examples of 300 ms each, run two at a time: a kill can fall
/// between any two of them. `version` changes their output and keys.
fn eight_runs(f: &mut Fixture, version: &str) {
    let mut chapter = String::from("# Eight\n");
    for i in 0..8 {
        f.example(
            &format!("run{i}"),
            &format!(
                "fn main() {{\n    std::thread::sleep(std::time::Duration::from_millis(300));\n    println!(\"run{i} {version}\");\n}}\n"
            ),
        );
        chapter.push_str(&format!(
            "\n{{{{#example run{i}}}}}\n\n```expected\nrun{i} {version}\n```\n"
        ));
    }
    f.chapter("ch.md", &chapter);
}

#[test]
fn a_killed_build_keeps_the_runs_it_finished_and_the_next_runs_only_the_rest() {
    let mut f = Fixture::new();
    f.config("jobs = 2");
    let log = f.root().join("preprocessor.log");
    let mut figures = Vec::new();
    for (round, kill_after) in [1usize, 4, 7].into_iter().enumerate() {
        let version = format!("k{round}");
        eight_runs(&mut f, &version);
        f.write_book(&[]);
        let log_start = std::fs::metadata(&log).map_or(0, |m| m.len() as usize);
        let started = Instant::now();
        let mut child = spawn_child_build(f.root());
        let finished_runs = loop {
            let printed = std::fs::read(&log).unwrap_or_default();
            let printed = String::from_utf8_lossy(printed.get(log_start..).unwrap_or_default());
            let ran = printed.matches("mdbook-examples: ran ").count();
            let over = child.try_wait().expect("try_wait").is_some();
            if ran >= kill_after || over || started.elapsed() > Duration::from_secs(120) {
                assert!(!over, "the build ended before the kill: {printed}");
                break ran;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        let _ = killpg(group, Signal::SIGKILL);
        child.wait().expect("reap the child");

        let next = f.run_build("book");
        assert!(next.ok, "{:?}\n{}", next.error, next.log);
        let page = next.page("ch.md");
        for i in 0..8 {
            assert_eq!(
                texts(figure(&page, &format!("run{i}"))),
                [format!("run{i} {version}")]
            );
        }
        let rerun = next.cached().iter().filter(|c| !**c).count();
        figures.push(format!(
            "killed after {finished_runs} of 8 runs had finished: the next build ran {rerun}"
        ));
        assert!(
            rerun <= 8 - finished_runs,
            "{}\n{}",
            figures.join("\n"),
            next.log
        );
        assert_no_panic(&next);
        check_cache_folder(f.root());
    }
    eprintln!("kill and resume:\n  {}", figures.join("\n  "));
}
