use std::time::Duration;

async fn nap(name: &str) {
    println!("[{name}] going to sleep");
    // Blocks the thread
    std::thread::sleep(Duration::from_millis(500));
    println!("[{name}] woke up");
}

// One thread, like asyncio
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = tokio::spawn(nap("a"));
    let b = tokio::spawn(nap("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
