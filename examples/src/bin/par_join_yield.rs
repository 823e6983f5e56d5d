use std::time::Duration;

use async_book_examples::busy_for;

async fn crunch(name: &str) {
    println!("[{name}] first half");
    busy_for(Duration::from_millis(150));
    tokio::task::yield_now().await; // let the other futures have a turn
    println!("[{name}] second half");
    busy_for(Duration::from_millis(150));
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    tokio::join!(crunch("a"), crunch("b"), crunch("c"), crunch("d"));
    println!("all four done");
}
