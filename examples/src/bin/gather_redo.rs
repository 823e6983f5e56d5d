use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

async fn test() -> &'static str {
    println!("test1");
    sleep(Duration::from_secs(3)).await;
    println!("test2");
    "test"
}

async fn retest() -> &'static str {
    println!("retest1");
    sleep(Duration::from_secs(2)).await;
    println!("retest2");
    "retest"
}

#[tokio::main]
async fn main() {
    let mut set = JoinSet::new();
    set.spawn(test());
    set.spawn(retest());
    while let Some(result) = set.join_next().await {
        println!("[main] finished: {}", result.expect("task panicked"));
    }
}
