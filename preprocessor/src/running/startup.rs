//! When an interpreted program starts running its own code: the moment its
//! interpreter opens the example's file, which it does once its own
//! start-up is over (Python after `site`, Node after its bootstrap, bash at
//! once). Seen through inotify, which needs no privilege and no help from
//! the program; where inotify is not available there is no mark, and the
//! run is timed from its start as before.

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use std::os::fd::AsFd;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// How often the watching thread looks whether the run is over.
const TICK_MS: u16 = 50;

/// A watch on one file (or the files of one folder) until the first time
/// it is opened; stopped when dropped.
#[derive(Debug)]
pub struct Watch {
    stop: Arc<AtomicBool>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Watch `path` and call `opened` with the moment it is first opened (at
/// most once). `None` when it cannot be watched.
pub fn watch(path: &Path, opened: impl FnOnce(Instant) + Send + 'static) -> Option<Watch> {
    let inotify = Inotify::init(InitFlags::IN_CLOEXEC | InitFlags::IN_NONBLOCK).ok()?;
    inotify.add_watch(path, AddWatchFlags::IN_OPEN).ok()?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::spawn(move || {
        while !stopped.load(Ordering::Relaxed) {
            let mut fds = [PollFd::new(inotify.as_fd(), PollFlags::POLLIN)];
            let ready = poll(&mut fds, PollTimeout::from(TICK_MS)).unwrap_or(0) > 0;
            // The time is taken before reading: the event is there already.
            let at = Instant::now();
            if ready && inotify.read_events().is_ok_and(|events| !events.is_empty()) {
                opened(at);
                return;
            }
        }
    });
    Some(Watch { stop })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn the_first_open_is_reported_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("script.sh");
        std::fs::write(&file, "echo hi\n").expect("write");
        let (tx, rx) = mpsc::channel();
        let before = Instant::now();
        let watch = watch(&file, move |at| tx.send(at).expect("send")).expect("inotify");
        std::fs::read(&file).expect("read");
        let at = rx.recv_timeout(Duration::from_secs(30)).expect("an open");
        assert!(at >= before);
        std::fs::read(&file).expect("read");
        drop(watch);
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn a_missing_file_is_not_watched() {
        assert!(watch(Path::new("/nonexistent/x.py"), |_| {}).is_none());
    }
}
