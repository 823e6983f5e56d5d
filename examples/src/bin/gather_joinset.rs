use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let mut set = JoinSet::new();
    // Spawned slowest first...
    for (name, ms) in [("slow", 300), ("fast", 100), ("medium", 200)] {
        set.spawn(async move {
            sleep(Duration::from_millis(ms)).await;
            name
        });
    }
    println!("[main] {} tasks running", set.len());

    // ...but join_next hands them back in the order they finish.
    while let Some(result) = set.join_next().await {
        let name = result.expect("task panicked");
        println!("[main] join_next -> {name}");
    }
}
