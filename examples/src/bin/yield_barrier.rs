use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Barrier;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let barrier = Arc::new(Barrier::new(3));
    let mut tasks = Vec::new();
    for (name, ms) in [("a", 500), ("b", 1000), ("c", 1500)] {
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            sleep(Duration::from_millis(ms)).await;
            println!("[{name}] ready after {ms} ms, waiting at the barrier");
            let result = barrier.wait().await;
            println!("[{name}] passed (leader: {})", result.is_leader());
        }));
    }
    futures::future::join_all(tasks).await;
}
