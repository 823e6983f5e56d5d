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
    // .map makes futures without running them; buffer_unordered(3) runs up to 3 at once.
    let results: Vec<u32> = stream::iter(1..=6)
        .map(job)
        .buffer_unordered(3)
        .collect()
        .await;
    println!("[main] {results:?}");
}
