use std::time::Duration;
use tokio::runtime::Handle;
use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let metrics = Handle::current().metrics();
    let mut set = JoinSet::new();
    for i in 1..=3u64 {
        set.spawn(async move {
            sleep(Duration::from_millis(100 * i + 200)).await;
            i
        });
    }
    println!(
        "[main] alive: {}, JoinSet::len: {}",
        metrics.num_alive_tasks(),
        set.len()
    );

    sleep(Duration::from_millis(700)).await; // all three have finished by now
    println!(
        "[main] alive: {}, JoinSet::len: {}",
        metrics.num_alive_tasks(),
        set.len()
    );

    let results = set.join_all().await; // collects and empties the set
    println!("[main] joined {results:?}");
}
