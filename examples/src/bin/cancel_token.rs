use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;

async fn worker(id: u32, token: CancellationToken) {
    println!("[w{id}] started");
    let mut units = 0;
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            _ = sleep(Duration::from_millis(400)) => units += 1,
        }
    }
    // Still inside the task: it can clean up, even with .await, before it returns.
    println!("[w{id}] stop requested after {units} units, exiting cleanly");
}

#[tokio::main]
async fn main() {
    let token = CancellationToken::new();
    let mut workers = JoinSet::new();
    for id in 1..=5 {
        workers.spawn(worker(id, token.clone()));
    }

    sleep(Duration::from_secs(1)).await;
    println!("[main] cancel()");
    token.cancel();

    workers.join_all().await;
    println!("[main] all 5 workers have exited");
}
