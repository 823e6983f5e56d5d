use std::time::Duration;

const N: usize = 2_000;

#[tokio::main]
async fn main() {
    // 2000 blocking sleeps handed to tokio's blocking thread pool
    let jobs: Vec<_> = (0..N)
        .map(|_| tokio::task::spawn_blocking(|| std::thread::sleep(Duration::from_millis(500))))
        .collect();
    println!("[main] {N} blocking jobs handed to spawn_blocking");
    for (i, job) in jobs.into_iter().enumerate() {
        job.await.expect("a job panicked");
        if (i + 1) % 512 == 0 {
            println!("[main] {} done", i + 1); // a full round of the pool's threads
        }
    }
    println!("[main] all {N} done");
}
