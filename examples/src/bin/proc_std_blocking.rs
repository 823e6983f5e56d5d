use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

const HOLD: Duration = Duration::from_millis(300);

// ANCHOR: phases
#[tokio::main(flavor = "current_thread")] // one thread for every task
async fn main() {
    let longest = heartbeat();
    sleep(Duration::from_millis(150)).await;

    // 1. thread::sleep: the thread sleeps, and the runtime with it.
    thread::sleep(HOLD);
    println!("[main] thread::sleep returned");
    sleep(Duration::from_millis(150)).await;

    // 2. A std channel's recv(): waits for a thread that sends after 300 ms.
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        thread::sleep(HOLD);
        tx.send("job").expect("receiver gone");
    });
    let job = rx.recv().expect("sender gone");
    println!("[main] std recv() returned {job:?}");
    sleep(Duration::from_millis(150)).await;

    // 3. A std Mutex held by another thread for 300 ms.
    let shared = Arc::new(Mutex::new(0));
    let holder = Arc::clone(&shared);
    let (locked, is_locked) = oneshot::channel();
    thread::spawn(move || {
        let _guard = holder.lock().expect("poisoned");
        locked.send(()).expect("main is waiting");
        thread::sleep(HOLD);
    });
    is_locked.await.expect("the thread took the lock"); // the thread holds it now
    *shared.lock().expect("poisoned") += 1;
    println!("[main] std Mutex::lock returned");
    sleep(Duration::from_millis(150)).await;

    let ms = longest.load(Ordering::Relaxed);
    println!("[main] longest gap between heartbeats: {ms} ms");
}
// ANCHOR_END: phases

/// A task that wants to run every 50 ms; it reports every gap over 200 ms.
fn heartbeat() -> Arc<AtomicU64> {
    let longest = Arc::new(AtomicU64::new(0));
    let record = Arc::clone(&longest);
    tokio::spawn(async move {
        println!("[heartbeat] started: a beat every 50 ms");
        let mut last = Instant::now();
        loop {
            sleep(Duration::from_millis(50)).await;
            let gap = last.elapsed().as_millis() as u64;
            last = Instant::now();
            if gap > 200 {
                println!("[heartbeat] {gap} ms since the last beat");
            }
            record.fetch_max(gap, Ordering::Relaxed);
        }
    });
    longest
}
