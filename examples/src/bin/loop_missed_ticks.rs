use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior, interval, sleep};

// ANCHOR: ticker
/// Ticks every 200 ms; the body after tick 1 takes 500 ms, the others 10 ms.
async fn ticker(name: &str, behavior: MissedTickBehavior) {
    let start = Instant::now();
    let mut ticks = interval(Duration::from_millis(200));
    ticks.set_missed_tick_behavior(behavior);
    for n in 1..=6 {
        let due = ticks.tick().await; // the instant this tick was scheduled for
        println!(
            "[{name}] tick {n} at {:>4} ms, scheduled for {:>4} ms",
            to_100ms(start.elapsed()),
            to_100ms(due - start)
        );
        let body = if n == 1 { 500 } else { 10 };
        sleep(Duration::from_millis(body)).await; // the work
    }
}
// ANCHOR_END: ticker

/// Rounded to the nearest 100 ms: the lateness of a timer (a millisecond or
/// two) would only add noise.
fn to_100ms(d: Duration) -> u128 {
    (d.as_millis() + 50) / 100 * 100
}

#[tokio::main]
async fn main() {
    tokio::join!(
        biased; // polled in this order, so the figure's lanes are too
        ticker("burst", MissedTickBehavior::Burst),
        ticker("delay", MissedTickBehavior::Delay),
        ticker("skip", MissedTickBehavior::Skip),
    );
}
