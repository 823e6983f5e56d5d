use std::time::Duration;

#[tokio::main]
async fn main() {
    println!("[main] start");
    tokio::time::sleeep(Duration::from_millis(500)).await;
    println!("[main] done");
}
