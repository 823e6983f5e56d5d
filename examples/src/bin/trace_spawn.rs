use std::time::Duration;

use async_book_examples::{busy_for, trace};

async fn crunch(name: &str) {
    println!("[{name}] start");
    busy_for(Duration::from_millis(200)); // CPU work: no .await inside
    println!("[{name}] done");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // Four tasks: each can go to any of the two worker threads.
    let handles: Vec<_> = ["a", "b", "c", "d"]
        .map(|name| trace::spawn(name, crunch(name)))
        .into();
    for handle in handles {
        handle.await.expect("task panicked");
    }
}
