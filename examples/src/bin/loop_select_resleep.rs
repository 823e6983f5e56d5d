use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

const FLUSH: Duration = Duration::from_millis(300);

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let ms = move || start.elapsed().as_millis();
    let mut rx = producer();
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(n) => {
                    println!("[recv] {n}");
                    batch.push(n);
                }
                None => break,
            },
            // A new 300 ms sleep every time round the loop:
            _ = sleep(FLUSH) => {
                println!("[flush] {batch:?} at {} ms", ms());
                batch.clear();
            }
        }
    }
    println!("[flush] {batch:?} at {} ms (channel closed)", ms());
}

/// 10 messages, at 50 ms, 150 ms, … 950 ms; then the channel closes.
fn producer() -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        let period = Duration::from_millis(100);
        let mut every = interval_at(Instant::now() + period / 2, period);
        for n in 1..=10 {
            every.tick().await;
            tx.send(n).await.expect("receiver gone");
        }
    });
    rx
}
