use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn fetch_page() {
    tokio::time::sleep(Duration::from_millis(200)).await; // a slow request
}

#[tokio::main]
async fn main() {
    let count = Arc::new(Mutex::new(0)); // std::sync::Mutex
    let mut tasks = Vec::new();
    for name in ["a", "b", "c", "d", "e"] {
        let count = Arc::clone(&count);
        tasks.push(tokio::spawn(async move {
            println!("[{name}] start");
            fetch_page().await; // wait first, without the lock
            let mut n = count.lock().expect("poisoned"); // then lock, update
            *n += 1;
            println!("[{name}] count = {n}");
        }));
    }
    for task in tasks {
        task.await.expect("task panicked");
    }
    println!("[main] count = {}", count.lock().expect("poisoned"));
}
