use async_book_examples::busy_for;
use std::time::Duration;
use tokio::time::sleep;

/// An async fn with no .await inside that can wait: awaiting it never returns Pending.
async fn step(n: u32) {
    busy_for(Duration::from_millis(250));
    println!("[busy] step {n} done");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let ticker = tokio::spawn(async {
        for i in 0..6 {
            println!("[ticker] tick {i}");
            sleep(Duration::from_millis(100)).await;
        }
    });
    let busy = tokio::spawn(async {
        for n in 1..=4 {
            step(n).await; // an .await, but not a yield point
        }
    });
    let _ = tokio::join!(ticker, busy);
}
