use std::time::Duration;

async fn nap(name: &str) {
    println!("[{name}] going to sleep");
    std::thread::sleep(Duration::from_millis(500)); // blocks the thread
    println!("[{name}] woke up");
}

#[tokio::main(flavor = "current_thread")] // one thread, like asyncio
async fn main() {
    let a = tokio::spawn(nap("a"));
    let b = tokio::spawn(nap("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
