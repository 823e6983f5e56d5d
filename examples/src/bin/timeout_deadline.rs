use std::time::Duration;

use tokio::time::{Instant, sleep, timeout_at};

async fn step(n: u32) -> u32 {
    sleep(Duration::from_millis(400)).await;
    n
}

#[tokio::main]
async fn main() {
    // One budget for the whole job, not one per step.
    let deadline = Instant::now() + Duration::from_secs(1);
    for n in 1..=3 {
        match timeout_at(deadline, step(n)).await {
            Ok(n) => println!("step {n} done"),
            Err(_) => {
                println!("step {n} cut off: the 1 s budget is spent");
                break;
            }
        }
    }
}
