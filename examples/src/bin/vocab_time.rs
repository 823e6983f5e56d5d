use tokio::time::{Duration, Instant, sleep_until};

#[tokio::main]
async fn main() {
    let start = Instant::now(); // a point in time
    let deadline = start + Duration::from_millis(300); // Instant + Duration = Instant
    sleep_until(deadline).await; // wake at that point in time
    let elapsed = start.elapsed(); // Instant - Instant = Duration
    println!("[main] elapsed: {elapsed:?}");
    println!(
        "[main] woke no earlier than asked: {}",
        elapsed >= Duration::from_millis(300)
    );
}
