use futures::future::join_all;
use std::time::Duration;
use tokio::time::sleep;

async fn fetch(name: &str, ms: u64) -> String {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done");
    format!("{name}: {ms}ms")
}

#[tokio::main]
async fn main() {
    let jobs = [("a", 900), ("b", 300), ("c", 600)];
    // One async fn, so every future has the same type: no boxing needed.
    let futures: Vec<_> = jobs.iter().map(|&(name, ms)| fetch(name, ms)).collect();
    println!("[main] built {} futures, nothing ran yet", futures.len());
    // Results in list order
    let results = join_all(futures).await;
    println!("[main] {results:?}");
}
