use std::time::Duration;
use tokio::time::sleep;

async fn test() {
    println!("test1");
    sleep(Duration::from_secs(3)).await;
    println!("test2");
}

async fn retest() {
    println!("retest1");
    sleep(Duration::from_secs(2)).await;
    println!("retest2");
}

#[tokio::main]
async fn main() {
    // ANCHOR: main
    test().await; // runs test to the end (3 s)...
    retest().await; // ...and only then starts retest (2 s)
    // ANCHOR_END: main
}
