use futures::stream::{self, StreamExt};
use std::time::Duration;
use tokio::time::sleep;

/// Job 1 is slow (1 s); job n (2 to 6) takes n × 100 ms.
async fn job(id: u64) -> u64 {
    let ms = if id == 1 { 1000 } else { id * 100 };
    sleep(Duration::from_millis(ms)).await;
    id
}

#[tokio::main]
async fn main() {
    let mut unordered = stream::iter(1..=6).map(job).buffer_unordered(3);
    while let Some(id) = unordered.next().await {
        println!("[unordered] got job{id}");
    }

    let mut ordered = stream::iter(1..=6).map(job).buffered(3);
    while let Some(id) = ordered.next().await {
        println!("[buffered] got job{id}");
    }
}
