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
    let joined = join(work("a"), work("b")); // one future holding two futures: lazy
    println!("[main] join() called, not awaited yet");
    sleep(Duration::from_millis(500)).await; // nothing else runs meanwhile
    println!("[main] 500 ms later, awaiting it");
    joined.await; // only now do a and b start
    println!("[main] done");
}
