use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior, interval, sleep};
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() {
    let stop = CancellationToken::new();
    let stopper = stop.clone();
    tokio::spawn(async move {
        sleep(Duration::from_millis(1_100)).await;
        stopper.cancel();
    });

    let start = Instant::now();
    let mut ticks = interval(Duration::from_millis(200));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    for run in 1.. {
        tokio::select! {
            biased; // a stop wins over a tick that is also ready
            _ = stop.cancelled() => break,
            _ = ticks.tick() => {}
        }
        let at = (start.elapsed().as_millis() + 50) / 100 * 100;
        println!("[job] run {run} at ≈{at} ms");
        let work = if run == 2 { 500 } else { 10 };
        sleep(Duration::from_millis(work)).await;
    }
    println!("[main] stopped");
}
