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

    // join_all panics at the first task that ended in a JoinError
    let names = set.join_all().await;
    println!("[main] all done: {names:?}");
}
