use std::time::Duration;
use tokio::time::{Instant, interval, interval_at};

#[tokio::main]
async fn main() {
    let period = Duration::from_millis(200);
    let start = Instant::now();
    let ms = move || start.elapsed().as_millis();

    let first_now = async {
        let mut ticks = interval(period); // first tick: now
        for n in 1..=4 {
            ticks.tick().await;
            println!("[interval] tick {n} at {} ms", ms());
        }
    };
    let first_later = async {
        // first tick: one period from now
        let mut ticks = interval_at(Instant::now() + period, period);
        for n in 1..=3 {
            ticks.tick().await;
            println!("[interval_at] tick {n} at {} ms", ms());
        }
    };
    tokio::join!(first_now, first_later);
}
