use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::time::timeout;

#[tokio::main]
async fn main() {
    let stop = Arc::new(AtomicBool::new(false));
    let stop_seen = Arc::clone(&stop);
    let job = tokio::task::spawn_blocking(move || {
        for step in 1..=3 {
            if stop_seen.load(Ordering::Relaxed) {
                println!("[blocking] asked to stop before step {step}");
                return;
            }
            std::thread::sleep(Duration::from_millis(400)); // blocking work
            println!("[blocking] step {step} of 3");
        }
    });

    let result = timeout(Duration::from_millis(600), job).await;
    println!("[main] timeout says: {result:?}");
    stop.store(true, Ordering::Relaxed); // the thread checks this between steps
    println!("[main] returning from main");
}
