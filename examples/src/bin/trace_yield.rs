use std::time::Duration;

use async_book_examples::{busy_for, trace};
use tokio::task::yield_now;

async fn count(name: &str) {
    for i in 0..3 {
        println!("[{name}] {i}");
        busy_for(Duration::from_millis(20)); // 20 ms of work between two yields
        yield_now().await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = trace::spawn("a", count("a"));
    let b = trace::spawn("b", count("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
