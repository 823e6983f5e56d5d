use std::time::Duration;

async fn main() {
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("[main] done");
}
