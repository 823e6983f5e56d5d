use std::time::Duration;
use tokio::time::sleep;

async fn work(name: &str) {
    println!("[{name}] start");
    sleep(Duration::from_millis(300)).await;
    println!("[{name}] done");
}

#[tokio::main(flavor = "current_thread")] // one thread, like asyncio
async fn main() {
    let a = tokio::spawn(work("a")); // a task: the runtime starts it, awaited or not
    let b = tokio::spawn(work("b"));
    println!("[main] spawned, not awaited yet");
    sleep(Duration::from_millis(500)).await; // main yields: a and b run
    println!("[main] 500 ms later, awaiting them");
    a.await.expect("a panicked");
    b.await.expect("b panicked");
    println!("[main] done");
}
