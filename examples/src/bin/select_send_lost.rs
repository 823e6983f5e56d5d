use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(1); // room for one message
    let consumer = tokio::spawn(async move {
        let mut got = Vec::new();
        while let Some(job) = rx.recv().await {
            got.push(job);
            sleep(Duration::from_millis(100)).await; // a slow consumer
        }
        println!("[consumer] got {} of 6 jobs: {got:?}", got.len());
    });
    let period = Duration::from_millis(250);
    let mut heartbeat = interval_at(Instant::now() + period, period);
    for n in 1..=6 {
        let job = format!("job {n}");
        tokio::select! {
            res = tx.send(job) => { // `job` is moved into send()
                res.expect("consumer gone");
                println!("[producer] sent job {n}");
            }
            _ = heartbeat.tick() => println!("[producer] heartbeat"),
        }
    }
    drop(tx); // close the channel: the consumer's loop ends
    consumer.await.expect("consumer panicked");
}
