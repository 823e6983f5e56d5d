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
        let due = tokio::select! {
            biased; // a stop wins over a tick that is also ready
            _ = stop.cancelled() => break,
            due = ticks.tick() => due,
        };
        println!(
            "[job] run {run}, scheduled for {} ms",
            (due - start).as_millis()
        );
        let work = if run == 2 { 500 } else { 10 };
        sleep(Duration::from_millis(work)).await;
    }
    println!("[main] stopped");
}
