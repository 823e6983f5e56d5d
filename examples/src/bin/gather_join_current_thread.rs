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

// ANCHOR: main
#[tokio::main(flavor = "current_thread")] // one thread, like asyncio
async fn main() {
    tokio::join!(test(), retest());
}
// ANCHOR_END: main
