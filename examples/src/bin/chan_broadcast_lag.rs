use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::sleep;

async fn listener(name: &'static str, mut rx: broadcast::Receiver<u32>, work_ms: u64) {
    loop {
        match rx.recv().await {
            Ok(price) => {
                println!("[{name}] price {price}");
                sleep(Duration::from_millis(work_ms)).await;
            }
            Err(RecvError::Lagged(missed)) => {
                println!("[{name}] Lagged({missed}): skipped");
            }
            Err(RecvError::Closed) => {
                println!("[{name}] Closed");
                return;
            }
        }
    }
}

#[tokio::main(flavor = "current_thread")] // one thread: the same order every run
async fn main() {
    let (tx, _) = broadcast::channel(4); // keeps the 4 newest values
    let fast = tokio::spawn(listener("fast", tx.subscribe(), 0));
    let slow = tokio::spawn(listener("slow", tx.subscribe(), 300));
    for price in 1..=10 {
        tx.send(price).unwrap(); // never waits for a receiver
        sleep(Duration::from_millis(20)).await;
    }
    println!("[main] sent 10 prices; dropping the Sender");
    drop(tx);
    let _ = tokio::join!(fast, slow);
}
