use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let go = Arc::new(Notify::new());

    let runner = tokio::spawn({
        let go = go.clone();
        async move {
            println!("[runner] at the start line");
            go.notified().await;
            println!("[runner] running");
        }
    });

    sleep(Duration::from_millis(500)).await;
    println!("[main] notify_one()");
    go.notify_one();
    runner.await.expect("runner panicked");
}
