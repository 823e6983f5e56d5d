use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, rx) = mpsc::channel::<u32>(2); // room for 2 items, no more

    let consumer = tokio::spawn(async move {
        let mut items = ReceiverStream::new(rx);
        while let Some(item) = items.next().await {
            println!("[consumer] got {item}");
            sleep(Duration::from_millis(300)).await; // a slow consumer
        }
        println!("[consumer] channel closed and empty: done");
    });

    for item in 1..=6 {
        tx.send(item).await.expect("consumer gone"); // waits while the channel is full
        println!("[producer] sent {item}");
    }
    drop(tx); // last sender gone: the consumer's stream will end
    consumer.await.expect("consumer panicked");
}
