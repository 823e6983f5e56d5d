use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const LIMIT: usize = 5;

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let permits = Arc::new(Semaphore::new(LIMIT));
    let pool = Arc::new(Mutex::new(Vec::from_iter((1..=LIMIT).rev()))); // connection ids; pop() takes 1 first
    let running = Arc::new(AtomicUsize::new(0)); // jobs inside right now
    let peak = Arc::new(AtomicUsize::new(0)); // the most ever inside at once
    let mut jobs = tokio::task::JoinSet::new();
    for job in 1..=100 {
        let (permits, pool) = (Arc::clone(&permits), Arc::clone(&pool));
        let (running, peak) = (Arc::clone(&running), Arc::clone(&peak));
        jobs.spawn(async move {
            let _permit = permits.acquire().await.expect("closed");
            peak.fetch_max(running.fetch_add(1, SeqCst) + 1, SeqCst);
            let conn = {
                let mut free = pool.lock().expect("poisoned"); // held for one pop()
                free.pop().expect("a permit means a free connection")
            };
            println!("[conn{conn}] job {job}");
            tokio::time::sleep(Duration::from_millis(100)).await; // the query
            pool.lock().expect("poisoned").push(conn);
            running.fetch_sub(1, SeqCst);
        }); // _permit dropped here: the next waiting job gets it
    }
    jobs.join_all().await;
    let (ms, peak) = (start.elapsed().as_millis(), peak.load(SeqCst));
    println!("[main] 100 jobs in {ms} ms, at most {peak} at once");
}
