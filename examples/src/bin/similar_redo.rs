use std::time::Duration;
use tokio::time::{sleep, timeout};

async fn transfer(from: &mut i64, to: &mut i64, amount: i64) {
    sleep(Duration::from_millis(200)).await; // the only .await comes first
    *from -= amount; // no .await between the two updates:
    *to += amount; //   a cancel cannot land between them
    println!("[transfer] moved {amount}");
}

#[tokio::main]
async fn main() {
    for limit in [100, 300] {
        let (mut a, mut b) = (100, 0);
        let result = timeout(Duration::from_millis(limit), transfer(&mut a, &mut b, 30)).await;
        println!(
            "[main] limit {limit} ms: timed out {}, A = {a}, B = {b}, A + B = {}",
            result.is_err(),
            a + b
        );
    }
}
