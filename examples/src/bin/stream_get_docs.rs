use futures::stream::{self, Stream, StreamExt};
use std::pin::pin;
use std::time::Duration;
use tokio::time::sleep;

async fn fetch_doc(id: u32) -> String {
    println!("[get_docs] fetching doc {id}");
    sleep(Duration::from_millis(300)).await;
    format!("doc {id}")
}

/// Python: `async def get_docs(): for id in range(1, 4): yield await fetch_doc(id)`
fn get_docs() -> impl Stream<Item = String> {
    stream::iter(1..=3).then(fetch_doc)
}

#[tokio::main]
async fn main() {
    let mut docs = pin!(get_docs()); // nothing is fetched yet: streams are lazy
    println!("[main] got a stream, nothing fetched yet");
    while let Some(doc) = docs.next().await {
        println!("[main] got {doc}");
    }
    println!("[main] next() returned None: the stream is over");
}
