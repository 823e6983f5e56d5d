use std::time::Duration;

use tokio::time::timeout;

#[tokio::main]
async fn main() {
    let job = tokio::task::spawn_blocking(|| {
        for step in 1..=3 {
            std::thread::sleep(Duration::from_millis(400)); // blocking work
            println!("[blocking] step {step} of 3");
        }
    });

    let result = timeout(Duration::from_millis(600), job).await;
    println!("[main] timeout says: {result:?}");
    println!("[main] returning from main");
    // The runtime now shuts down: it waits for the blocking thread to end.
}
