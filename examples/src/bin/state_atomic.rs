use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[tokio::main]
async fn main() {
    let hits = Arc::new(AtomicU64::new(0)); // no lock: the CPU adds atomically
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let hits = Arc::clone(&hits);
        tasks.push(tokio::spawn(async move {
            for _ in 0..1_000 {
                hits.fetch_add(1, Ordering::Relaxed); // read, add, write: one step
                tokio::task::yield_now().await; // let the other tasks in between
            }
        }));
    }
    for task in tasks {
        task.await.expect("task panicked");
    }
    println!(
        "[main] hits = {} (100 tasks x 1000)",
        hits.load(Ordering::Relaxed)
    );
}
