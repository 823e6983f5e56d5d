use std::time::Duration;

use async_book_examples::{busy_for, trace};
use tokio::time::{sleep, timeout};

async fn sleepy() {
    println!("[sleepy] start");
    sleep(Duration::from_secs(2)).await; // waits at an .await: can be dropped here
    println!("[sleepy] finished");
}

async fn busy() {
    println!("[busy] start");
    busy_for(Duration::from_millis(600)); // 600 ms without an .await
    println!("[busy] reached an .await");
    sleep(Duration::from_secs(2)).await;
    println!("[busy] finished");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let limit = Duration::from_millis(300);
    let result = timeout(limit, trace::task("sleepy", sleepy())).await;
    println!("[main] sleepy: {result:?}");
    let result = timeout(limit, trace::task("busy", busy())).await;
    println!("[main] busy: {result:?}");
}
