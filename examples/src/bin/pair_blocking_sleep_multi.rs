use std::time::Duration;

async fn nap(name: &str) {
    println!("[{name}] going to sleep");
    // Blocks one worker thread
    std::thread::sleep(Duration::from_millis(500));
    println!("[{name}] woke up");
}

// ANCHOR: main
// Two worker threads
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = tokio::spawn(nap("a"));
    let b = tokio::spawn(nap("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
// ANCHOR_END: main
