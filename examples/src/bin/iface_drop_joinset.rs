use std::time::Duration;
use tokio::runtime::Handle;
use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let metrics = Handle::current().metrics();
    let mut set = JoinSet::new();
    for i in 1..=3 {
        set.spawn(async move {
            println!("[job {i}] sleeping 10 s"); // three long jobs
            sleep(Duration::from_secs(10)).await;
        });
    }
    println!("[main] alive: {}", metrics.num_alive_tasks());

    sleep(Duration::from_millis(300)).await;
    drop(set); // no abort_all(), no join: just let the set go
    sleep(Duration::from_millis(50)).await; // give the runtime a moment to drop them
    println!("[main] set dropped; alive: {}", metrics.num_alive_tasks());
}
