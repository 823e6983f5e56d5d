use async_book_examples::busy_for;
use std::time::Duration;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let ticker = tokio::spawn(async {
        for i in 0..6 {
            println!("[ticker] tick {i}");
            sleep(Duration::from_millis(100)).await;
        }
    });
    let busy = tokio::spawn(async {
        for step in 1..=4 {
            busy_for(Duration::from_millis(250)); // CPU work: no .await inside
            println!("[busy] step {step} done");
        }
    });
    let _ = tokio::join!(ticker, busy);
}
