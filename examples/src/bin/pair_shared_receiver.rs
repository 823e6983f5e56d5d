use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, rx) = mpsc::channel::<u32>(8);
    let rx = Arc::new(Mutex::new(rx)); // one receiver, shared by the workers
    let mut workers = Vec::new();
    for w in 1..=3 {
        let rx = Arc::clone(&rx);
        workers.push(tokio::spawn(async move {
            let mut handled = 0;
            loop {
                // the guard is dropped at the end of this statement: the lock is held
                // only while waiting for the next job (in a `while let` it would be
                // held for the whole loop body)
                let next = rx.lock().await.recv().await;
                let Some(job) = next else { break };
                sleep(Duration::from_millis(100)).await; // the work
                println!("[worker {w}] did job {job}");
                handled += 1;
            }
            handled
        }));
    }
    for job in 1..=4 {
        tx.send(job).await.expect("no receiver left");
    }
    drop(tx); // no more jobs: recv() returns None once the channel is empty

    let mut total = 0;
    for worker in workers {
        total += worker.await.expect("worker panicked");
    }
    println!("[main] 4 jobs sent, {total} handled");
}
