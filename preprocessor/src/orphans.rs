//! Processes an example left behind after leaving its process group (a
//! daemon that called `setsid()`): the preprocessor makes itself a *child
//! subreaper*, so such orphans are re-parented to it instead of to init, and
//! after the runs it kills every child it still has.

use nix::sys::signal::{Signal, kill, killpg};
use nix::sys::wait::waitpid;
use nix::unistd::Pid;

/// From now on, orphaned descendants become our children. Call before
/// starting any example.
pub fn adopt_orphans() {
    // Best effort: without it (non-Linux), process groups still cover the common case.
    let _ = nix::sys::prctl::set_child_subreaper(true);
}

/// Kill and reap every child of this process. Call only when no example and
/// no cargo is running: at that point, any child is an orphan an example left.
pub fn kill_orphans() {
    for _ in 0..10 {
        let children = children_of(std::process::id());
        if children.is_empty() {
            return;
        }
        for pid in children {
            let pid = Pid::from_raw(pid);
            let _ = killpg(pid, Signal::SIGKILL);
            let _ = kill(pid, Signal::SIGKILL);
            let _ = waitpid(pid, None);
        }
    }
}

/// The pids whose parent is `parent`, from `/proc/*/stat`.
fn children_of(parent: u32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| parent_pid(&s))
                == Some(parent)
        })
        .collect()
}

/// Field 4 of `/proc/PID/stat` (after the `(comm)` field, which may contain spaces).
fn parent_pid(stat: &str) -> Option<u32> {
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parent_even_with_odd_names() {
        assert_eq!(parent_pid("123 (a b) c) S 456 123 123 0"), Some(456));
        assert_eq!(parent_pid("garbage"), None);
    }

    #[test]
    fn finds_our_own_child() {
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .expect("sleep");
        let pids = children_of(std::process::id());
        assert!(
            pids.contains(&i32::try_from(child.id()).expect("pid")),
            "{pids:?}"
        );
        child.kill().expect("kill");
        child.wait().expect("wait");
    }
}
