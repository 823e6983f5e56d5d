use std::time::Duration;
use tokio::time::sleep;

async fn say(name: &str, after_ms: u64) {
    sleep(Duration::from_millis(after_ms)).await;
    println!("[{name}] speaks after {after_ms} ms");
}

#[tokio::main]
async fn main() {
    // Spawned in this order: slow, now, mid.
    let slow = tokio::spawn(say("slow", 400));
    let now = tokio::spawn(say("now", 0));
    let mid = tokio::spawn(say("mid", 200));
    // Awaited in the same order as they were spawned.
    for handle in [slow, now, mid] {
        handle.await.expect("task panicked");
    }
}
