use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::time::{Duration, Instant};
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

#[tokio::main]
async fn main() {
    let stop = CancellationToken::new();
    let tracker = TaskTracker::new();
    for name in ["w1", "w2", "w3"] {
        let stop = stop.clone();
        tracker.spawn(async move {
            let mut beats = 0;
            while !stop.is_cancelled() {
                sleep(Duration::from_millis(200)).await;
                beats += 1;
            }
            println!("[{name}] stopped after {beats} beats");
        });
    }
    tracker.close();

    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(500));
        kill(Pid::this(), Signal::SIGINT).expect("kill failed");
    });
    tokio::signal::ctrl_c().await.expect("no signal handler");
    let asked = Instant::now();
    stop.cancel();
    let drained = timeout(Duration::from_secs(1), tracker.wait())
        .await
        .is_ok();
    println!(
        "[main] Ctrl-C; drained: {drained}, shutdown took {} ms",
        asked.elapsed().as_millis()
    );
}
