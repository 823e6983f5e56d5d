use std::time::Duration;

use async_book_examples::busy_for;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")] // one thread runs every task
async fn main() {
    tokio::spawn(async {
        for n in 1.. {
            sleep(Duration::from_millis(100)).await;
            println!("[tick] {n}");
        }
    });

    sleep(Duration::from_millis(250)).await;
    println!("[work] start");
    // The same ~1 s of math, moved to tokio's pool of blocking threads.
    tokio::task::spawn_blocking(|| busy_for(Duration::from_secs(1)))
        .await
        .expect("the CPU work panicked");
    println!("[work] done");

    sleep(Duration::from_millis(250)).await;
    println!("main ends");
}
