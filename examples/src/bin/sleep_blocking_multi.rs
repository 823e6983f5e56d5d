use std::time::Duration;

async fn nap(name: &'static str) {
    println!("[{name}] going to sleep");
    std::thread::sleep(Duration::from_millis(500)); // blocks one worker
    println!("[{name}] woke up");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let handles: Vec<_> = ["a", "b", "c", "d"].map(|n| tokio::spawn(nap(n))).into();
    for h in handles {
        h.await.expect("task panicked");
    }
}
