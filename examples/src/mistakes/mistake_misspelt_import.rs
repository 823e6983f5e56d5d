use std::time::Duration;
use tokio::time::sleeep;

async fn prog1() {
    println!("[prog1] inside");
    sleeep(Duration::from_millis(500)).await;
    println!("[prog1] inside again");
}

#[tokio::main]
async fn main() {
    prog1().await;
}
