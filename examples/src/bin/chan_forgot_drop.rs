use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{sleep, timeout};

// Each producer sends three jobs, 100 ms apart, then returns: its Sender is dropped.
async fn producer(name: &'static str, tx: mpsc::Sender<String>, start_ms: u64) {
    sleep(Duration::from_millis(start_ms)).await;
    for n in 1..=3 {
        tx.send(format!("{name}-{n}"))
            .await
            .expect("the worker is alive");
        sleep(Duration::from_millis(100)).await;
    }
    println!("[{name}] done; its Sender is dropped");
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(8);
    let worker = tokio::spawn(async move {
        // recv() gives Some(job) while any Sender is alive, None after the last one is gone.
        while let Some(job) = rx.recv().await {
            println!("[worker] job {job}");
        }
        println!("[worker] recv() returned None: every Sender is gone");
    });
    tokio::spawn(producer("a", tx.clone(), 0));
    tokio::spawn(producer("b", tx.clone(), 250)); // a clone: main still holds `tx`
    match timeout(Duration::from_secs(1), worker).await {
        Ok(_) => println!("[main] the worker ended"),
        Err(_) => {
            println!("[main] 1 s: the worker still waits; main's `tx` keeps the channel open")
        }
    }
}
