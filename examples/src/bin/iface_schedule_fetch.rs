use std::time::Duration;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    // schedule_task: spawn it; it starts without an .await
    let handle = tokio::spawn(async {
        sleep(Duration::from_millis(500)).await;
        println!("[task] done, returning 42");
        42
    });

    // inspect_task / get_task_status
    println!(
        "[main] spawned task {}; is_finished() = {}",
        handle.id(),
        handle.is_finished()
    );
    sleep(Duration::from_millis(700)).await;
    println!("[main] is_finished() = {}", handle.is_finished());

    // fetch_task: await the handle
    let value = handle.await.expect("the task panicked");
    println!("[main] fetched {value}");
}
