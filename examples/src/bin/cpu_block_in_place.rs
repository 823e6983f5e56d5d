use std::time::Duration;

use async_book_examples::busy_for;
use tokio::time::sleep;

#[tokio::main] // multi_thread: block_in_place needs it
async fn main() {
    tokio::spawn(async {
        for n in 1.. {
            sleep(Duration::from_millis(100)).await;
            println!("[tick] {n}");
        }
    });

    sleep(Duration::from_millis(250)).await;
    tokio::spawn(async {
        println!("[work] start");
        // "This worker is about to block": tokio hands its other tasks to a new worker.
        tokio::task::block_in_place(|| busy_for(Duration::from_secs(1)));
        println!("[work] done");
    })
    .await
    .expect("work panicked");

    sleep(Duration::from_millis(250)).await;
    println!("main ends");
}
