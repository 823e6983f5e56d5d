use std::time::{Duration, Instant};
use tokio::time::sleep;

#[tokio::main]
async fn main() {
    // The point of this example is the measurement, so it prints durations.
    let start = Instant::now();
    sleep(Duration::from_micros(10)).await;
    println!("one sleep(10µs) took {:?}", start.elapsed());

    let start = Instant::now();
    for _ in 0..100 {
        sleep(Duration::from_micros(10)).await;
    }
    println!("100 × sleep(10µs) took {:?}", start.elapsed());

    let start = Instant::now();
    for _ in 0..100 {
        std::thread::sleep(Duration::from_micros(10));
    }
    println!("100 × std::thread::sleep(10µs) took {:?}", start.elapsed());
}
