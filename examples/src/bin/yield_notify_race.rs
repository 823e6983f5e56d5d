use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::timeout;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (mut woken, mut missed) = (0, 0);
    for _ in 0..100 {
        let go = Arc::new(Notify::new());
        let runner = tokio::spawn({
            let go = go.clone();
            // has the runner called notified() yet when main calls notify_waiters()? Nobody knows.
            async move {
                let waited = timeout(Duration::from_millis(5), go.notified()).await;
                waited.is_ok()
            }
        });
        tokio::task::yield_now().await;
        go.notify_waiters(); // completes only the Notified futures created before it; stores nothing
        if runner.await.expect("runner panicked") {
            woken += 1;
        } else {
            missed += 1;
        }
    }
    println!("[main] 100 tries: {woken} runners woken, {missed} missed the notification");
}
