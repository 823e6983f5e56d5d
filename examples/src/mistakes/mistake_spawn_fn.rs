use std::time::Duration;

async fn work() {
    println!("[work] running");
    tokio::time::sleep(Duration::from_millis(500)).await;
}

#[tokio::main]
async fn main() {
    let handle = tokio::spawn(work);
    handle.await.unwrap();
}
