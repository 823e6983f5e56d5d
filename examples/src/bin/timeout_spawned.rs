use std::time::Duration;

use tokio::time::{sleep, timeout};

#[tokio::main]
async fn main() {
    let handle = tokio::spawn(async {
        println!("[task] start");
        sleep(Duration::from_millis(1200)).await;
        println!("[task] finished anyway");
    });

    // The timeout drops the JoinHandle, not the task.
    let result = timeout(Duration::from_millis(400), handle).await;
    println!("[main] {result:?}");

    sleep(Duration::from_secs(1)).await; // stay alive a little longer
    println!("[main] done");
}
