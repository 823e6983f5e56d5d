use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[tokio::main(flavor = "current_thread")] // one thread: nothing runs in parallel
async fn main() {
    let hits = Arc::new(AtomicU64::new(0)); // no lock: the CPU adds atomically
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let hits = Arc::clone(&hits);
        tasks.push(tokio::spawn(async move {
            for _ in 0..1_000 {
                let seen = hits.load(Ordering::Relaxed); // read...
                tokio::task::yield_now().await; // let the other tasks in between
                hits.store(seen + 1, Ordering::Relaxed); // ...write it back + 1
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
