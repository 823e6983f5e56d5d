use std::time::Duration;

use tokio::time::{sleep, timeout};

async fn work(name: &str, how_long: Duration) -> &str {
    println!("[{name}] start");
    sleep(how_long).await;
    println!("[{name}] finished");
    name
}

#[tokio::main]
async fn main() {
    // Give a 5 s job at most 1 s.
    let result = timeout(Duration::from_secs(1), work("job", Duration::from_secs(5))).await;
    println!("{result:?}");
    if let Err(elapsed) = result {
        println!("gave up: {elapsed}");
    }
}
