//! A record of the example processes that are running right now, one file
//! per process group under `<cache-dir>/running/`, so that a build that was
//! itself killed (SIGKILL, a crash) cannot leave examples behind: the next
//! build kills every group still recorded whose leader is the same process
//! (same pid *and* same start time, so a reused pid is never hit).

use crate::util::proc::Stat;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::path::{Path, PathBuf};

/// The folder of records.
#[derive(Debug, Clone)]
pub struct Registry {
    dir: PathBuf,
}

/// One running process group; its record is removed when this is dropped.
#[derive(Debug)]
pub struct Registration {
    path: Option<PathBuf>,
}

impl Registry {
    pub fn new(cache_dir: &Path) -> Registry {
        Registry {
            dir: cache_dir.join("running"),
        }
    }

    /// Kill what an earlier, killed build left running, and forget it.
    pub fn sweep(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let pid = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.parse::<i32>().ok());
            let recorded = std::fs::read_to_string(&path).ok();
            if let (Some(pid), Some(recorded)) = (pid, recorded)
                && start_time(pid).is_some_and(|now| now == recorded.trim())
            {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
            let _ = std::fs::remove_file(&path);
        }
    }

    /// Record the process group led by `pid` (best effort: without a record,
    /// only a killed build would leave it behind).
    pub fn register(&self, pid: i32) -> Registration {
        let path = self.dir.join(pid.to_string());
        let written = start_time(pid)
            .filter(|_| std::fs::create_dir_all(&self.dir).is_ok())
            .is_some_and(|time| std::fs::write(&path, time).is_ok());
        Registration {
            path: written.then_some(path),
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// When the process started (clock ticks since boot): with the pid, it
/// names one process, never a later one that reuses the pid.
fn start_time(pid: i32) -> Option<String> {
    Stat::of(pid)?.start_time().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_group_is_killed_by_the_next_sweep_and_a_stale_record_is_harmless() {
        let dir = tempfile::tempdir().expect("tempdir");
        let registry = Registry::new(dir.path());
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .process_group(0)
            .spawn()
            .expect("sleep");
        let pid = i32::try_from(child.id()).expect("pid");
        let registration = registry.register(pid);
        assert!(dir.path().join("running").join(pid.to_string()).exists());
        std::mem::forget(registration); // as if this build had been killed
        std::fs::write(dir.path().join("running/999999999"), "1").expect("stale record");
        registry.sweep();
        let status = child.wait().expect("wait");
        assert!(!status.success(), "the sleeper was killed");
        assert_eq!(
            std::fs::read_dir(dir.path().join("running"))
                .expect("dir")
                .count(),
            0
        );
    }

    use std::os::unix::process::CommandExt;
}
