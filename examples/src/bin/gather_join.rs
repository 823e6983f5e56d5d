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
    // Both futures are polled by this one task: while test() sleeps,
    // join! polls retest(), so the two sleeps overlap.
    tokio::join!(test(), retest());
    // ANCHOR_END: main
}
