use std::time::Duration;
use tokio::time::sleep;

async fn work(name: &str, ms: u64) {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    let fut = work("future", 500); // a future: lazy, nothing runs yet
    let handle = tokio::spawn(work("task", 500)); // a task: starts right away

    sleep(Duration::from_secs(1)).await;
    println!("[main] 1 s later: awaiting both");
    fut.await; // only now does the future start
    handle.await.expect("task panicked");
}
