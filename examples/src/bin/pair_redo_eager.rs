use std::time::Duration;
use tokio::time::sleep;

async fn work(name: &str) {
    println!("[{name}] start");
    sleep(Duration::from_millis(300)).await;
    println!("[{name}] done");
}

// One thread, like asyncio
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A task: the runtime starts it, awaited or not
    let a = tokio::spawn(work("a"));
    let b = tokio::spawn(work("b"));
    println!("[main] spawned, not awaited yet");
    // Now main yields: a and b run
    sleep(Duration::from_millis(500)).await;
    println!("[main] 500 ms later, awaiting them");
    a.await.expect("a panicked");
    b.await.expect("b panicked");
    println!("[main] done");
}
