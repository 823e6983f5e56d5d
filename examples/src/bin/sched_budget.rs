use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use tokio::sync::mpsc;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // A channel that already holds 1000 messages: recv() is always ready.
    let (tx, mut rx) = mpsc::unbounded_channel();
    for i in 0..1000 {
        tx.send(i).expect("receiver alive");
    }
    drop(tx);

    let received = Arc::new(AtomicUsize::new(0));
    let count = received.clone();
    let consumer = tokio::spawn(async move {
        while rx.recv().await.is_some() {
            count.fetch_add(1, Relaxed); // the loop never awaits anything slow...
        }
        println!("[consumer] done: {} messages", count.load(Relaxed));
    });
    let other = tokio::spawn(async move {
        // ...yet this task gets a turn long before the consumer is done.
        let n = received.load(Relaxed);
        println!("[other] my turn; consumer has received {n}");
    });
    consumer.await.expect("consumer panicked");
    other.await.expect("other panicked");
}
