use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let hits = Arc::new(Mutex::new(0));
    let h = Arc::clone(&hits);
    let task = tokio::spawn(async move {
        let mut n = h.lock().expect("poisoned");
        *n += 1;
        tokio::time::sleep(Duration::from_millis(100)).await; // guard still alive here
        *n += 1;
    });
    task.await.expect("the task panicked");
    println!("[main] hits = {}", hits.lock().expect("poisoned"));
}
