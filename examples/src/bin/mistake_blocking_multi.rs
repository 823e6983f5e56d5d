use std::time::Duration;

async fn job(name: String) {
    println!("[{name}] start");
    std::thread::sleep(Duration::from_millis(500)); // blocks one worker thread
    println!("[{name}] done");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let handles: Vec<_> = (1..=4)
        .map(|i| tokio::spawn(job(format!("job {i}"))))
        .collect();
    for handle in handles {
        handle.await.expect("the task panicked");
    }
    println!("[main] all four done");
}
