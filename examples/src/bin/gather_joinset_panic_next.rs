use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

async fn job(name: &'static str, ms: u64) -> &'static str {
    println!("[{name}] start");
    sleep(Duration::from_millis(ms)).await;
    if name == "broken" {
        panic!("{name} panicked");
    }
    println!("[{name}] done");
    name
}

#[tokio::main]
async fn main() {
    let mut set = JoinSet::new();
    set.spawn(job("fast", 100));
    set.spawn(job("broken", 200));
    set.spawn(job("slow", 300));

    // join_next hands every result back, a JoinError included
    let mut names = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(name) => names.push(name),
            Err(e) => println!("[main] one task failed: {e}"),
        }
    }
    println!("[main] all done: {names:?}");
}
