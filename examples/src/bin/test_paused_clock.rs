use std::time::Duration;
use tokio::time::{Instant, sleep};

fn main() {
    // What #[tokio::test(start_paused = true)] builds for each test:
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the runtime");

    rt.block_on(async {
        let start = Instant::now(); // tokio's Instant reads the runtime's clock
        println!("[test] sleeping for an hour");
        sleep(Duration::from_secs(3600)).await;
        let moved = start.elapsed();
        println!("[test] woke up: the runtime's clock moved {moved:?}");
    });
}
