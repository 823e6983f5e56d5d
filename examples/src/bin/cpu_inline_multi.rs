use std::time::Duration;

use async_book_examples::busy_for;
use tokio::time::sleep;

#[tokio::main] // multi_thread: one worker per core
async fn main() {
    tokio::spawn(async {
        for n in 1.. {
            sleep(Duration::from_millis(100)).await;
            println!("[tick] {n}");
        }
    });

    sleep(Duration::from_millis(250)).await;
    // The CPU loop inline again, but in a task of its own.
    tokio::spawn(async {
        println!("[work] start");
        busy_for(Duration::from_secs(1));
        println!("[work] done");
    })
    .await
    .expect("work panicked");

    sleep(Duration::from_millis(250)).await;
    println!("main ends");
}
