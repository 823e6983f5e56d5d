use std::time::Duration;
use tokio::time::sleep;

async fn prog1() {
    println!("[prog1] inside prog1");
    sleep(Duration::from_secs(1)).await;
    println!("[prog1] inside prog1 again");
}

async fn prog2() {
    println!("[prog2] inside prog2");
    sleep(Duration::from_secs(1)).await;
    println!("[prog2] inside prog2 again");
}

#[tokio::main]
async fn main() {
    tokio::join!(prog1(), prog2());
    println!("[main] both done");
}
