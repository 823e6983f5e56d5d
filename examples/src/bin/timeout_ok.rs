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
    // The same 1 s limit, around a job that needs only 300 ms.
    let result = timeout(
        Duration::from_secs(1),
        work("job", Duration::from_millis(300)),
    )
    .await;
    println!("{result:?}");
}
