use std::time::Duration;
use tokio::sync::watch;
use tokio::time::{Instant, sleep, sleep_until};

#[tokio::main]
async fn main() {
    let (tx, mut rx) = watch::channel(0);
    tokio::spawn(async move {
        for level in 1..=5 {
            sleep(Duration::from_millis(200)).await;
            println!("[producer] level {level}");
            tx.send(level).expect("no receiver left");
        }
    });

    // await_until a point in time
    sleep_until(Instant::now() + Duration::from_millis(300)).await;
    println!("[main] sleep_until: 300 ms deadline reached");

    // await_until a condition
    let level = rx
        .wait_for(|level| *level >= 4)
        .await
        .expect("sender dropped");
    println!("[main] wait_for: level is {}", *level);
}
