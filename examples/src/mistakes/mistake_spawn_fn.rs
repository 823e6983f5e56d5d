use std::time::Duration;

async fn work() {
    println!("[work] running");
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("[work] done");
}

#[tokio::main]
async fn main() {
    let handle = tokio::spawn(work); // the function, not a call
    handle.await.expect("the task panicked");
    println!("[main] joined");
}
