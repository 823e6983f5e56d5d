use std::time::Duration;

use async_book_examples::busy_for;
use tokio::time::sleep;

#[tokio::main] // multi_thread: block_in_place needs it
async fn main() {
    // One spawned task that joins two futures: a ticker and the work.
    tokio::spawn(async {
        let ticker = async {
            for n in 1..=5 {
                sleep(Duration::from_millis(100)).await;
                println!("[tick] {n}");
            }
        };
        let work = async {
            sleep(Duration::from_millis(250)).await;
            println!("[work] start");
            tokio::task::block_in_place(|| busy_for(Duration::from_secs(1)));
            println!("[work] done");
        };
        tokio::join!(ticker, work);
    })
    .await
    .expect("task panicked");
    println!("main ends");
}
