use std::time::Duration;

async fn job(name: &str) {
    println!("[{name}] start");
    tokio::time::sleep(Duration::from_millis(500)).await; // yields to the runtime
    println!("[{name}] done");
}

#[tokio::main]
async fn main() {
    tokio::join!(job("a"), job("b"));
    println!("[main] both done");
}
