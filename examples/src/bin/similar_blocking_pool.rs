use std::time::Duration;

const N: usize = 2_000;

#[tokio::main]
async fn main() {
    // 2000 blocking sleeps handed to tokio's blocking thread pool
    let jobs: Vec<_> = (0..N)
        .map(|_| tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(500))))
        .collect();
    println!("[main] {N} blocking jobs handed to spawn_blocking");
    for job in jobs {
        job.await.expect("a job panicked");
    }
    println!("[main] all {N} done");
}
