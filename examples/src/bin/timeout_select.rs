use std::time::Duration;

use tokio::time::sleep;

async fn work(name: &str, how_long: Duration) -> &str {
    println!("[{name}] start");
    sleep(how_long).await;
    println!("[{name}] finished");
    name
}

#[tokio::main]
async fn main() {
    // Race the job against a timer: the first branch to finish wins,
    // the other one is dropped.
    tokio::select! {
        name = work("job", Duration::from_secs(3)) => println!("{name} won"),
        _ = sleep(Duration::from_secs(1)) => println!("timer won: job dropped after 1 s"),
    }
}
