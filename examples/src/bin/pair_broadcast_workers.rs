use std::time::Duration;
use tokio::sync::broadcast;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, _) = broadcast::channel::<u32>(8);
    let mut workers = Vec::new();
    for w in 1..=3 {
        let mut rx = tx.subscribe(); // one receiver per worker
        workers.push(tokio::spawn(async move {
            let mut handled = 0;
            while let Ok(job) = rx.recv().await {
                sleep(Duration::from_millis(100)).await; // the work
                println!("[worker {w}] did job {job}");
                handled += 1;
            }
            handled
        }));
    }
    for job in 1..=4 {
        tx.send(job).expect("no receiver left");
    }
    drop(tx); // no more jobs: recv() returns Err(Closed) once the buffer is empty

    let mut total = 0;
    for worker in workers {
        total += worker.await.expect("worker panicked");
    }
    println!("[main] 4 jobs sent, {total} handled");
}
