use std::time::Duration;
use tokio::time::sleep;

async fn first() {
    println!("[first] start");
    sleep(Duration::from_millis(500)).await;
    println!("[first] done");
}

async fn second() {
    println!("[second] start");
    sleep(Duration::from_millis(500)).await;
    println!("[second] done");
}

#[tokio::main] // builds a runtime and runs the async main on it
async fn main() {
    futures::future::join(first(), second()).await;
    println!("[main] both done");
}
