use std::time::{Duration, Instant};
use tokio::time::sleep;

/// Milliseconds since `start`, as a number a chart can read.
fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    // The point of this example is the measurement, so it prints durations.
    let start = Instant::now();
    sleep(Duration::from_micros(10)).await;
    println!("one sleep(10µs) took {:.3} ms", ms(start));

    let start = Instant::now();
    for _ in 0..100 {
        sleep(Duration::from_micros(10)).await;
    }
    println!("100 × tokio::time::sleep(10µs) took {:.3} ms", ms(start));

    let start = Instant::now();
    for _ in 0..100 {
        std::thread::sleep(Duration::from_micros(10));
    }
    println!("100 × std::thread::sleep(10µs) took {:.3} ms", ms(start));
}
