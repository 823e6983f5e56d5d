//! Processes an example left behind after leaving its process group (a
//! daemon that called `setsid()`): the preprocessor makes itself a *child
//! subreaper*, so such orphans are re-parented to it instead of to init, and
//! after the runs it kills the children it still has that descend from an
//! example. Those are known by a token in their environment, set on every
//! example it starts ([`TOKEN_ENV`]): used as a library, the preprocessor
//! shares its process with a host (mdBook, a test harness) whose own children
//! are never touched.

use crate::util::proc::{self, Stat};
use nix::sys::signal::{Signal, kill, killpg};
use nix::sys::wait::waitpid;
use nix::unistd::Pid;

/// The environment variable that marks every example process (and what it
/// starts) as this process's.
pub const TOKEN_ENV: &str = "MDBOOK_EXAMPLES_RUN";

/// This process's token: its pid and the time it first asked, so that a
/// reused pid does not make another process's examples ours.
pub fn token() -> &'static str {
    static TOKEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TOKEN.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("{}-{nanos}", std::process::id())
    })
}

/// From now on, orphaned descendants become our children. Call before
/// starting any example.
pub fn adopt_orphans() {
    // Best effort: without it (non-Linux), process groups still cover the common case.
    let _ = nix::sys::prctl::set_child_subreaper(true);
}

/// Kill and reap every child of this process that an example left (it
/// carries [`token`]), and stop adopting orphans (in a host process, other
/// orphans are not ours to reap). Call when no example is running.
pub fn kill_orphans() {
    kill_marked();
    let _ = nix::sys::prctl::set_child_subreaper(false);
}

fn kill_marked() {
    let mark = format!("{TOKEN_ENV}={}", token());
    for _ in 0..10 {
        let children: Vec<i32> = children_of(std::process::id())
            .into_iter()
            .filter(|pid| proc::environ_has(*pid, &mark))
            .collect();
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

/// The pids whose parent is `parent`.
fn children_of(parent: u32) -> Vec<i32> {
    proc::pids()
        .into_iter()
        .filter(|&pid| Stat::of(pid).and_then(|s| s.parent()) == Some(parent))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_children_that_carry_the_token_are_orphans_of_examples() {
        let mark = format!("{TOKEN_ENV}={}", token());
        let mut ours = std::process::Command::new("sleep")
            .arg("5")
            .env(TOKEN_ENV, token())
            .spawn()
            .expect("sleep");
        let mut host = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .expect("sleep");
        let pid = |c: &std::process::Child| i32::try_from(c.id()).expect("pid");
        // Until it has called exec, a child shows its parent's environment.
        let started = std::time::Instant::now();
        while !proc::environ_has(pid(&ours), &mark) && started.elapsed().as_secs() < 5 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(proc::environ_has(pid(&ours), &mark));
        assert!(!proc::environ_has(pid(&host), &mark));
        for child in [&mut ours, &mut host] {
            child.kill().expect("kill");
            child.wait().expect("wait");
        }
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
