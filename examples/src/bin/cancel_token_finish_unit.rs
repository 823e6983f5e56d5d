use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;

async fn worker(id: u32, token: CancellationToken) {
    println!("[w{id}] started");
    let mut units = 0;
    // Check the token only between units: a unit that has started is finished.
    while !token.is_cancelled() {
        sleep(Duration::from_millis(400)).await;
        units += 1;
    }
    println!("[w{id}] stop requested, finished {units} units, exiting cleanly");
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
