use futures::stream::{self, StreamExt};
use std::time::Duration;
use tokio::time::sleep;

async fn fetch(page: u32) -> String {
    println!("[fetch] page {page}");
    sleep(Duration::from_millis(200)).await;
    format!("page {page}")
}

#[tokio::main]
async fn main() {
    // At most 2 fetches at a time, results in the input order.
    let mut pages = stream::iter(1..=4).map(fetch).buffered(2);
    while let Some(page) = pages.next().await {
        println!("[main] got {page}");
    }
    println!("[main] None: done");
}
