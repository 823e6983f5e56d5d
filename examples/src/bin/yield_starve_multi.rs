use async_book_examples::busy_for;
use std::time::Duration;
use tokio::time::sleep;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let ticker = tokio::spawn(async {
        for i in 0..6 {
            println!("[ticker] tick {i}");
            sleep(Duration::from_millis(100)).await;
        }
    });
    let busy = tokio::spawn(async {
        for step in 1..=4 {
            busy_for(Duration::from_millis(250)); // blocks one worker thread
            println!("[busy] step {step} done");
        }
    });
    let _ = tokio::join!(ticker, busy);
}
