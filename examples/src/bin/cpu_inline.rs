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
    busy_for(Duration::from_secs(1)); // ~1 s of math, right here in the task
    println!("[work] done");

    sleep(Duration::from_millis(250)).await;
    println!("main ends");
}
