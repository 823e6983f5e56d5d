use futures::future::join;
use std::time::Duration;
use tokio::time::sleep;

async fn work(name: &str) {
    println!("[{name}] start");
    sleep(Duration::from_millis(300)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    // One future holding two futures: lazy
    let joined = join(work("a"), work("b"));
    println!("[main] join() called, not awaited yet");
    // Nothing else runs meanwhile
    sleep(Duration::from_millis(500)).await;
    println!("[main] 500 ms later, awaiting it");
    joined.await; // only now do a and b start
    println!("[main] done");
}
