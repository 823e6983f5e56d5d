use std::time::Duration;
use tokio::time::sleep;

async fn task(name: &str, ms: u64) {
    println!("[{name}] start, sleeping {ms} ms");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    // Both futures make progress in the same wait: the total is the longer sleep.
    tokio::join!(task("a", 300), task("b", 600));
    println!("both finished");
}
