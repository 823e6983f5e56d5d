use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    let mut set = JoinSet::new();
    for i in 1..=3 {
        set.spawn(async move {
            sleep(Duration::from_secs(10)).await; // a long job
            println!("[job {i}] never printed");
        });
    }

    sleep(Duration::from_millis(300)).await;
    println!("[main] abort_all()");
    set.abort_all(); // stop_task for every task in the set

    while let Some(result) = set.join_next().await {
        let err = result.expect_err("the job cannot have finished");
        println!(
            "[main] a job ended: is_cancelled() = {}",
            err.is_cancelled()
        );
    }
}
