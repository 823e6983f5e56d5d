use std::time::Duration;

const TASKS: u64 = 10_000;

#[tokio::main]
async fn main() {
    let before = async_book_examples::resident_kib();
    let mut handles = Vec::new();
    for id in 0..TASKS {
        handles.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            id
        }));
    }
    let grown = async_book_examples::resident_kib().saturating_sub(before);
    let metrics = tokio::runtime::Handle::current().metrics();
    println!(
        "[main] {} tasks alive, run by {} worker threads",
        metrics.num_alive_tasks(),
        metrics.num_workers()
    );
    println!(
        "[main] memory grew by {grown} KiB: ~{} bytes per task",
        grown * 1024 / TASKS
    );

    let mut sum = 0;
    for handle in handles {
        sum += handle.await.expect("task panicked");
    }
    println!("[main] all {TASKS} tasks finished (sum of ids = {sum})");
}
