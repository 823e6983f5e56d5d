use std::time::Duration;

async fn job(name: &str) {
    println!("[{name}] start");
    std::thread::sleep(Duration::from_millis(500)); // blocks the whole thread
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    tokio::join!(job("a"), job("b"));
    println!("[main] both done");
}
