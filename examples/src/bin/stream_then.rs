use futures::stream::{self, StreamExt};
use std::time::Duration;
use tokio::time::sleep;

async fn job(id: u32) -> u32 {
    println!("[job{id}] start");
    sleep(Duration::from_millis(300)).await;
    println!("[job{id}] done");
    id * 10
}

#[tokio::main]
async fn main() {
    // .then runs one job at a time: the next starts when the previous is done.
    let results: Vec<u32> = stream::iter(1..=6).then(job).collect().await;
    println!("[main] {results:?}");
}
