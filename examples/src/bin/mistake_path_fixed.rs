use std::time::Duration;

async fn prog1() {
    println!("[prog1] inside");
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("[prog1] inside again");
}

#[tokio::main]
async fn main() {
    prog1().await;
}
