use std::time::Duration;

use async_book_examples::trace;

async fn nap_async(name: &str) {
    println!("[{name}] going to sleep");
    tokio::time::sleep(Duration::from_millis(500)).await; // gives the thread back
    println!("[{name}] woke up");
}

async fn nap_blocking(name: &str) {
    println!("[{name}] going to sleep");
    std::thread::sleep(Duration::from_millis(500)); // holds the thread
    println!("[{name}] woke up");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Two async naps, then two blocking naps; trace::spawn records every poll.
    let a = trace::spawn("async a", nap_async("async a"));
    let b = trace::spawn("async b", nap_async("async b"));
    a.await.expect("async a panicked");
    b.await.expect("async b panicked");

    let a = trace::spawn("block a", nap_blocking("block a"));
    let b = trace::spawn("block b", nap_blocking("block b"));
    a.await.expect("block a panicked");
    b.await.expect("block b panicked");
}
