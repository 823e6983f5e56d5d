use std::time::Duration;
use tokio::task::JoinSet;

#[tokio::main(flavor = "current_thread")] // still one thread
async fn main() {
    let mut set = JoinSet::new();
    for _ in 0..10_000 {
        set.spawn(tokio::time::sleep(Duration::from_secs(1)));
    }
    println!("[main] spawned {} sleepers", set.len());
    let woken = set.join_all().await.len();
    println!("[main] all {woken} woke up");
}
