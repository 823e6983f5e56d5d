use std::time::Duration;

use async_book_examples::busy_for;

async fn crunch(name: &str) {
    println!("[{name}] start");
    busy_for(Duration::from_millis(300)); // CPU work: no .await inside
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    // Four futures, one task: join! polls them in turn on this one thread.
    tokio::join!(crunch("a"), crunch("b"), crunch("c"), crunch("d"));
    println!("all four done");
}
