use std::time::Duration;

aysnc fn prog1() {
    println!("[prog1] inside");
    tokio::time::sleep(Duration::from_millis(500)).await;
}

#[tokio::main]
async fn main() {
    prog1().await;
}
