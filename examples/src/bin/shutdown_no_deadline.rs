use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::time::Duration;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Prints when a job is dropped before it finished.
struct Job {
    worker: &'static str,
    finished: bool,
}

impl Drop for Job {
    fn drop(&mut self) {
        if !self.finished {
            println!("[{}] job dropped half-way (runtime shutdown)", self.worker);
        }
    }
}

// ANCHOR: worker
/// Does jobs of `job_time` until told to stop; never leaves a job half-done.
async fn worker(name: &'static str, job_time: Duration, stop: CancellationToken) {
    let mut done = 0;
    while !stop.is_cancelled() {
        let mut job = Job {
            worker: name,
            finished: false,
        };
        sleep(job_time).await; // the job
        job.finished = true;
        done += 1;
    }
    println!("[{name}] stopped, jobs done: {done}");
}
// ANCHOR_END: worker

// ANCHOR: main
#[tokio::main]
async fn main() {
    let stop = CancellationToken::new();
    let tracker = TaskTracker::new();
    tracker.spawn(worker("quick", Duration::from_millis(300), stop.clone()));
    tracker.spawn(worker("medium", Duration::from_millis(700), stop.clone()));
    tracker.spawn(worker("slow", Duration::from_secs(3), stop.clone()));
    tracker.close();

    press_ctrl_c_after(Duration::from_millis(1_000));
    tokio::signal::ctrl_c().await.expect("no signal handler");
    println!("[main] Ctrl-C: asking 3 workers to stop, waiting for all of them");
    stop.cancel();

    tracker.wait().await;
    println!("[main] all workers stopped");
}
// ANCHOR_END: main

/// What a user's Ctrl-C does: send SIGINT to this process.
fn press_ctrl_c_after(delay: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        kill(Pid::this(), Signal::SIGINT).expect("kill failed");
    });
}
