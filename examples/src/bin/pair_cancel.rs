use std::time::Duration;
use tokio::time::sleep;

/// Runs its `drop` when the task's future is dropped: Rust's only cleanup hook.
struct Cleanup;
impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("[ticker] dropped: cleanup runs in Drop, no error inside the task");
    }
}

#[tokio::main]
async fn main() {
    let ticker = tokio::spawn(async {
        let _cleanup = Cleanup;
        for i in 1.. {
            sleep(Duration::from_millis(200)).await;
            println!("[ticker] tick {i}");
        }
    });

    sleep(Duration::from_millis(1100)).await;
    println!("[main] abort()");
    ticker.abort();
    match ticker.await {
        Ok(()) => println!("[main] the ticker finished on its own"),
        Err(e) => println!("[main] JoinError, is_cancelled() = {}", e.is_cancelled()),
    }
}
