use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep};

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(async move {
        for n in 1..=5 {
            sleep(Duration::from_millis(150)).await;
            tx.send(format!("message {n}"))
                .await
                .expect("receiver gone");
        }
    }); // tx dropped here: the channel closes
    let period = Duration::from_millis(100);
    let mut heartbeat = interval_at(Instant::now() + period, period);
    let (mut received, mut ticks) = (0, 0);
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => { received += 1; println!("[main] got {msg}"); }
                None => break, // every sender is gone
            },
            _ = heartbeat.tick() => {
                ticks += 1; // this branch won: the waiting recv() was dropped
                println!("[heartbeat] tick {ticks}");
            }
        }
    }
    println!("[main] received {received} of 5; dropped {ticks} waiting recv()");
}
