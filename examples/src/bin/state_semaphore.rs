use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const LIMIT: usize = 5;

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let permits = Arc::new(Semaphore::new(LIMIT));
    let pool = Arc::new(Mutex::new((1..=LIMIT).collect::<Vec<_>>())); // connections 1..=5
    let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut jobs = tokio::task::JoinSet::new();
    for job in 1..=100 {
        let (permits, pool) = (Arc::clone(&permits), Arc::clone(&pool));
        let (running, peak) = (Arc::clone(&running), Arc::clone(&peak));
        jobs.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore closed");
            let now = running.fetch_add(1, Ordering::SeqCst) + 1; // jobs inside right now
            peak.fetch_max(now, Ordering::SeqCst);
            let conn = pool
                .lock()
                .expect("poisoned")
                .pop()
                .expect("a permit means a free connection");
            println!("[conn{conn}] job {job}");
            tokio::time::sleep(Duration::from_millis(100)).await; // the query
            pool.lock().expect("poisoned").push(conn);
            running.fetch_sub(1, Ordering::SeqCst);
        }); // _permit dropped here: the next waiting job gets it
    }
    jobs.join_all().await;
    let (ms, peak) = (start.elapsed().as_millis(), peak.load(Ordering::SeqCst));
    println!("[main] 100 jobs in {ms} ms, at most {peak} at once");
}
