use async_book_examples::busy_for;
use std::time::Duration;
use tokio::time::sleep;

/// Prints when it is dropped: a stand-in for any cleanup (closing a file, a socket…).
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("[worker] Guard dropped: the future is being dropped");
    }
}

#[tokio::main]
async fn main() {
    let worker = tokio::spawn(async {
        let _guard = Guard;
        println!("[worker] computing for 500 ms, no .await in sight");
        busy_for(Duration::from_millis(500));
        println!("[worker] computation done, now at an .await");
        sleep(Duration::from_secs(10)).await;
        println!("[worker] never printed");
    });

    sleep(Duration::from_millis(100)).await;
    worker.abort();
    println!("[main] abort() returned at once");
    let result = worker.await;
    println!(
        "[main] the task is gone, is_cancelled() = {}",
        result.unwrap_err().is_cancelled()
    );
}
