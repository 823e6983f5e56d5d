use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

async fn fetch_page() {
    tokio::time::sleep(Duration::from_millis(200)).await; // a slow request
}

#[tokio::main]
async fn main() {
    let count = Arc::new(Mutex::new(0)); // tokio::sync::Mutex
    let mut tasks = Vec::new();
    for name in ["a", "b", "c", "d", "e"] {
        let count = Arc::clone(&count);
        tasks.push(tokio::spawn(async move {
            println!("[{name}] start");
            let mut n = count.lock().await; // lock first...
            fetch_page().await; // ...and keep the guard while waiting
            *n += 1;
            println!("[{name}] count = {n}");
        }));
    }
    for task in tasks {
        task.await.expect("task panicked");
    }
    println!("[main] count = {}", count.lock().await);
}
