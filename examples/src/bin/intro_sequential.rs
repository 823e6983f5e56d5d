use std::time::Duration;
use tokio::time::sleep;

async fn task(name: &str, ms: u64) {
    println!("[{name}] start, sleeping {ms} ms");
    sleep(Duration::from_millis(ms)).await;
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    // No join! this time: one .await after the other.
    task("a", 300).await;
    task("b", 600).await;
    println!("both finished");
}
