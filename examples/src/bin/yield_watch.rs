use std::time::Duration;
use tokio::sync::watch;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let (tx, rx) = watch::channel(false); // one value, many readers: an "event" flag

    let mut tasks = Vec::new();
    for name in ["a", "b", "c"] {
        let mut rx = rx.clone();
        tasks.push(tokio::spawn(async move {
            println!("[{name}] waiting for the gate");
            rx.wait_for(|&open| open).await.expect("sender dropped");
            println!("[{name}] the gate is open, starting");
        }));
    }

    sleep(Duration::from_millis(500)).await;
    println!("[main] opening the gate");
    tx.send(true).expect("no receivers");
    futures::future::join_all(tasks).await;

    // The value stays set: a late reader does not wait at all.
    let mut late = rx.clone();
    late.wait_for(|&open| open).await.expect("sender dropped");
    println!("[late] the gate was already open");
}
