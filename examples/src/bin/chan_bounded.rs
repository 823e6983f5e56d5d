use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")] // one thread: the same order every run
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(2); // room for 2 messages
    let consumer = tokio::spawn(async move {
        while let Some(n) = rx.recv().await {
            println!("[consumer] took {n}; {} waiting in the channel", rx.len());
            sleep(Duration::from_millis(100)).await; // 100 ms of work per message
        }
    });
    for n in 1..=6 {
        tx.send(n).await.unwrap(); // waits while the channel is full
        println!("[producer] sent {n}");
    }
    println!("[producer] all sent");
    drop(tx);
    consumer.await.unwrap();
}
