use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

#[tokio::main]
async fn main() {
    let permits = Arc::new(Semaphore::new(3)); // at most 3 downloads at once
    let mut downloads = tokio::task::JoinSet::new();
    for n in 1..=9 {
        let permits = Arc::clone(&permits);
        downloads.spawn(async move {
            let _permit = permits.acquire().await.expect("semaphore closed");
            tokio::time::sleep(Duration::from_millis(200)).await;
            println!("[dl{n}] done");
        });
    }
    downloads.join_all().await;
    println!("[main] all 9 done");
}
