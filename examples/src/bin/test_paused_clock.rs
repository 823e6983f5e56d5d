use std::time::Duration;
use tokio::time::{Instant, sleep};

fn main() {
    // What #[tokio::test(start_paused = true)] builds for each test:
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the runtime");

    let real_start = std::time::Instant::now(); // std's Instant reads the real clock
    rt.block_on(async {
        let start = Instant::now(); // tokio's Instant reads the runtime's clock
        println!("[test] sleeping for an hour");
        sleep(Duration::from_secs(3600)).await;
        let moved = start.elapsed().as_millis();
        println!("[runtime clock] moved {moved} ms");
    });
    let real = real_start.elapsed().as_secs_f64() * 1000.0;
    println!("[real clock] moved {real:.1} ms");
}
