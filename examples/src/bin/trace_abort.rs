use std::time::Duration;

use async_book_examples::{busy_for, trace};
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    // main's own future is traced too, so that its lane shows when it runs.
    trace::task("main", async {
        let worker = trace::spawn("worker", async {
            println!("[worker] computing for 500 ms, no .await in sight");
            busy_for(Duration::from_millis(500));
            println!("[worker] computation done, now at an .await");
            sleep(Duration::from_secs(10)).await;
            println!("[worker] never printed");
        });

        sleep(Duration::from_millis(100)).await;
        worker.abort();
        println!("[main] abort() returned at once");
        let result = worker.await;
        println!(
            "[main] is_cancelled() = {}",
            result.unwrap_err().is_cancelled()
        );
    })
    .await;
}
