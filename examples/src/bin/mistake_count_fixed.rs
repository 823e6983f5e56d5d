use std::time::Duration;

async fn count() {
    println!("[count] one");
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("[count] two");
}

#[tokio::main]
async fn main() {
    for _ in 0..3 {
        count().await; // one after the other: 3 × 500 ms
    }
    println!("[main] counted three times");
}
