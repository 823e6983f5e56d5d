use std::time::Duration;
use tokio::time::{sleep, timeout};

async fn transfer(from: &mut i64, to: &mut i64, amount: i64) {
    *from -= amount;
    println!("[transfer] took {amount} from A");
    sleep(Duration::from_millis(200)).await; // say, a call to the other bank
    *to += amount;
    println!("[transfer] gave {amount} to B");
}

#[tokio::main]
async fn main() {
    let (mut a, mut b) = (100, 0);
    let result = timeout(Duration::from_millis(100), transfer(&mut a, &mut b, 30)).await;
    println!("[main] timed out: {}", result.is_err());
    println!("[main] A = {a}, B = {b}, A + B = {}", a + b);
}
