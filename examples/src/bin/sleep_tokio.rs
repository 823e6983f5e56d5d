use std::time::Duration;

async fn nap(name: &str) {
    println!("[{name}] going to sleep");
    // Registers a deadline with the runtime's timer, then gives the thread back.
    tokio::time::sleep(Duration::from_secs(1)).await;
    println!("[{name}] woke up");
}

#[tokio::main(flavor = "current_thread")] // one thread for everything
async fn main() {
    let a = tokio::spawn(nap("a"));
    let b = tokio::spawn(nap("b"));
    a.await.expect("a panicked");
    b.await.expect("b panicked");
}
