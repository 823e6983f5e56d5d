use futures::FutureExt; // for .boxed()
use std::time::Duration;
use tokio::time::sleep;

async fn test() {
    println!("[test] start");
    sleep(Duration::from_secs(1)).await;
    println!("[test] done");
}

async fn retest() {
    println!("[retest] start");
    sleep(Duration::from_millis(500)).await;
    println!("[retest] done");
}

#[tokio::main]
async fn main() {
    // Two async fns = two different types. Boxing gives both one type:
    // Pin<Box<dyn Future<Output = ()> + Send>>.
    let tasks = vec![test().boxed(), retest().boxed()];
    futures::future::join_all(tasks).await;
    println!("[main] all done");
}
