use std::time::Duration;

use tokio::time::{sleep, timeout};

async fn download(name: &str, ms: u64) -> &str {
    sleep(Duration::from_millis(ms)).await;
    name
}

#[tokio::main]
async fn main() {
    let limit = Duration::from_secs(1);
    let (a, b, c) = tokio::join!(
        timeout(limit, download("a", 300)),
        timeout(limit, download("b", 600)),
        timeout(limit, download("c", 2000)),
    );
    println!("a: {a:?}");
    println!("b: {b:?}");
    println!("c: {c:?}");
}
